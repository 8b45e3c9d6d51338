#include "core/bigmem.h"
#include "core/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void *map_aligned(size_t size);

static void
advise_huge(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
	/* Advice only: without huge pages the block is an ordinary mapping. */
	(void)madvise(p, size, MADV_HUGEPAGE);
#else
	(void)p;
	(void)size;
#endif
}

size_t
fk_bigmem_usable(size_t n)
{
	if (n < FK_BIGMEM_MIN)
		return n;
	if (n > SIZE_MAX - FK_BIGMEM_PAGE)
		return n;   /* fk_bigmem_alloc() fails on it */
	return (n + FK_BIGMEM_PAGE - 1) & ~(FK_BIGMEM_PAGE - 1);
}

void *
fk_bigmem_alloc(size_t n)
{
	if (n < FK_BIGMEM_MIN)
		return fk_xcalloc(1, n);
	return map_aligned(fk_bigmem_usable(n));
}

void *
fk_bigmem_realloc(void *p, size_t old, size_t n)
{
	if (!p)
		return fk_bigmem_alloc(n);
	if (old < FK_BIGMEM_MIN && n < FK_BIGMEM_MIN) {
		return fk_xrealloc(p, n ? n : 1);
	}
	if (old >= FK_BIGMEM_MIN && n >= FK_BIGMEM_MIN) {
		size_t from = fk_bigmem_usable(old), to = fk_bigmem_usable(n);
		if (to <= from) {
			if (to < from)
				munmap((char *)p + to, from - to);
			return p;
		}
		/*
		 * Move the pages to a new aligned range of the new size: huge
		 * pages move whole, nothing is copied.
		 */
		char *dst = map_aligned(to);
		void *q = mremap(p, from, to, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
		if (q == MAP_FAILED) {
			memcpy(dst, p, from);
			munmap(p, from);
			return dst;
		}
		advise_huge(q, to);
		return q;
	}
	/* Across FK_BIGMEM_MIN: copied once. */
	char *q = fk_bigmem_alloc(n);
	memcpy(q, p, old < n ? old : n);
	fk_bigmem_free(p, old);
	return q;
}

/* size (a multiple of FK_BIGMEM_PAGE) zeroed bytes, aligned to FK_BIGMEM_PAGE. */
static void *
map_aligned(size_t size)
{
	if (size > SIZE_MAX - FK_BIGMEM_PAGE)
		fk_out_of_memory(SIZE_MAX);
	/* Map one huge page more, and cut what lies outside the aligned block. */
	size_t span = size + FK_BIGMEM_PAGE;
	char *m = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		fk_out_of_memory(span);
	char *p = (char *)(((uintptr_t)m + FK_BIGMEM_PAGE - 1) & ~(uintptr_t)(FK_BIGMEM_PAGE - 1));
	if (p > m)
		munmap(m, (size_t)(p - m));
	if (m + span > p + size)
		munmap(p + size, (size_t)(m + span - (p + size)));
	advise_huge(p, size);
	return p;
}

void
fk_bigmem_free(void *p, size_t n)
{
	if (!p)
		return;
	if (n < FK_BIGMEM_MIN)
		free(p);
	else
		munmap(p, fk_bigmem_usable(n));
}
