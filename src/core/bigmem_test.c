#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "core/bigmem.h"

static int
all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

Test(bigmem, small_blocks_are_zeroed_and_not_rounded)
{
	cr_assert_eq(fk_bigmem_usable(100), 100);
	cr_assert_eq(fk_bigmem_usable(FK_BIGMEM_MIN - 1), FK_BIGMEM_MIN - 1);
	unsigned char *p = fk_bigmem_alloc(1000);
	cr_assert_eq((uintptr_t)p % 16, 0);
	cr_assert(all_zero(p, 1000));
	memset(p, 0xff, 1000);
	fk_bigmem_free(p, 1000);
	p = fk_bigmem_alloc(0);
	cr_assert_not_null(p);
	fk_bigmem_free(p, 0);
	fk_bigmem_free(NULL, 12345);
}

Test(bigmem, big_blocks_are_whole_aligned_huge_pages)
{
	cr_assert_eq(fk_bigmem_usable(FK_BIGMEM_MIN), FK_BIGMEM_PAGE);
	cr_assert_eq(fk_bigmem_usable(FK_BIGMEM_PAGE), FK_BIGMEM_PAGE);
	cr_assert_eq(fk_bigmem_usable(FK_BIGMEM_PAGE + 1), 2 * FK_BIGMEM_PAGE);
	size_t n = FK_BIGMEM_PAGE + 4096;
	unsigned char *p = fk_bigmem_alloc(n);
	cr_assert_eq((uintptr_t)p % FK_BIGMEM_PAGE, 0);
	size_t usable = fk_bigmem_usable(n);
	cr_assert(all_zero(p, usable));
	/* All of it is writable, up to the last byte. */
	memset(p, 0xab, usable);
	cr_assert_eq(p[usable - 1], 0xab);
	fk_bigmem_free(p, n);
}

Test(bigmem, freed_blocks_can_be_had_again)
{
	for (int i = 0; i < 64; i++) {
		size_t n = FK_BIGMEM_MIN + (size_t)i * 100000;
		unsigned char *p = fk_bigmem_alloc(n);
		cr_assert(all_zero(p, n));
		memset(p, i + 1, n);
		fk_bigmem_free(p, n);
	}
}

/* Growing keeps the contents: across the threshold, and from mapping to mapping. */
Test(bigmem, realloc_keeps_what_was_there)
{
	size_t n = 1000;
	unsigned char *p = fk_bigmem_realloc(NULL, 0, n);
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7);
	size_t sizes[] = { 5000, FK_BIGMEM_MIN + 10, 3 * FK_BIGMEM_PAGE, 7 * FK_BIGMEM_PAGE + 1,
	    FK_BIGMEM_PAGE, 100000, 500 };
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t m = sizes[k];
		p = fk_bigmem_realloc(p, n, m);
		if (m >= FK_BIGMEM_MIN)
			cr_assert_eq((uintptr_t)p % FK_BIGMEM_PAGE, 0);
		size_t keep = n < m ? n : m;
		for (size_t i = 0; i < keep; i++)
			cr_assert_eq(p[i], (unsigned char)(i * 7), "size %zu -> %zu, byte %zu", n, m, i);
		for (size_t i = keep; i < m; i++)
			p[i] = (unsigned char)(i * 7);
		n = m;
	}
	fk_bigmem_free(p, n);
}
