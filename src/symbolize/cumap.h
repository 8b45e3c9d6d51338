/*
 * cumap.h -- address -> compile unit, from the compile units' own ranges.
 *
 * libdw finds the compile unit of an address through .debug_aranges.
 * Go's linker (and some assemblers) write no .debug_aranges, so for their
 * code libdw finds nothing ("address out of range").  Every compile unit
 * DIE still says which code it covers (DW_AT_low_pc/DW_AT_high_pc or
 * DW_AT_ranges): this map holds those ranges, sorted, for a binary search.
 */
#ifndef FK_CUMAP_H
#define FK_CUMAP_H

#include <elfutils/libdw.h>
#include <stddef.h>
#include <stdint.h>

/* [lo, hi) in DWARF addresses, covered by the unit whose DIE is at offset cu. */
struct fk_cu_range {
	uint64_t lo, hi;
	uint64_t cu;
};

/* Caller-owned; zeroed or fk_cumap_init()ed before use. */
struct fk_cumap {
	struct fk_cu_range *r;  /* sorted by lo once fk_cumap_sort() has run */
	uint64_t *reach;        /* reach[i]: the largest hi of r[0..i] */
	size_t n, cap;
};

void fk_cumap_init(struct fk_cumap *m);
/* Free what m holds and leave it empty. */
void fk_cumap_release(struct fk_cumap *m);

/* Add a range (an empty one, hi <= lo, is ignored).  Sort before looking up. */
void fk_cumap_add(struct fk_cumap *m, uint64_t lo, uint64_t hi, uint64_t cu);
/* Sort the ranges added so far; lookups need it. */
void fk_cumap_sort(struct fk_cumap *m);

/*
 * Add the ranges of every compile unit of dw (DW_TAG_compile_unit or
 * DW_TAG_partial_unit), then sort.  @return the number of ranges held.
 */
size_t fk_cumap_load(struct fk_cumap *m, Dwarf *dw);

/*
 * The range holding addr, or NULL.  Where ranges overlap, the one that
 * starts last (the innermost).  Owned by m, valid until it changes.
 */
const struct fk_cu_range *fk_cumap_find(const struct fk_cumap *m, uint64_t addr);

#endif
