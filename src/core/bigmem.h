/*
 * bigmem.h -- large zeroed blocks for hash tables, arenas and buffers that
 * grow with the input.
 *
 * A block of FK_BIGMEM_MIN bytes or more is its own anonymous mapping,
 * rounded up to whole 2 MiB pages, aligned to them and marked for
 * transparent huge pages (madvise(2) MADV_HUGEPAGE): the kernel then fills
 * it with one page fault every 2 MiB instead of one every 4 KiB, which is
 * what such memory costs on a virtual machine.  Where the kernel gives no
 * huge pages the block is an ordinary mapping.  Smaller blocks come from
 * calloc(3).  Blocks are freed with the size they were asked for.  A
 * mapped block grows by moving its pages (mremap(2)), not by copying them.
 */
#ifndef FK_BIGMEM_H
#define FK_BIGMEM_H

#include <stddef.h>

/* Blocks this large or larger are mapped on their own. */
#define FK_BIGMEM_MIN ((size_t)256 << 10)
/* The granule of mapped blocks: one transparent huge page on x86-64 and arm64 (4 KiB pages). */
#define FK_BIGMEM_PAGE ((size_t)2 << 20)

/*
 * n zeroed bytes, aligned as malloc(3) aligns (2 MiB when mapped).  Never NULL:
 * out of memory ends the program as fk_xmalloc() does.  Owned by the
 * caller, who frees it with fk_bigmem_free(p, n).
 */
void *fk_bigmem_alloc(size_t n);
/*
 * Resize a block of old bytes (NULL with old 0: a new block) to n bytes,
 * as realloc(3) does: the first min(old, n) bytes are kept, the bytes
 * after them are undefined.  Never NULL; free the result with
 * fk_bigmem_free(p, n).
 */
void *fk_bigmem_realloc(void *p, size_t old, size_t n);
/* Free a block of fk_bigmem_alloc(n); accepts NULL. */
void fk_bigmem_free(void *p, size_t n);
/*
 * The bytes a block of n really holds, all usable: n rounded up to whole
 * 2 MiB when it is mapped.  An arena takes the whole of it.
 */
size_t fk_bigmem_usable(size_t n);

#endif
