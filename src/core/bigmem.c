#include "core/bigmem.h"
#include "core/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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
	if (n < FK_BIGMEM_MIN) {
		void *p = NULL;
		if (posix_memalign(&p, 64, n ? n : 1) != 0)
			fk_out_of_memory(n);
		memset(p, 0, n);
		return p;
	}
	size_t size = fk_bigmem_usable(n);
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
#ifdef MADV_HUGEPAGE
	/* Advice only: without huge pages the block is an ordinary mapping. */
	(void)madvise(p, size, MADV_HUGEPAGE);
#endif
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
