/*
 * cumap.c -- address -> compile unit from the units' own DWARF ranges,
 * for binaries without .debug_aranges (Go).  See cumap.h.
 */
#include "symbolize/cumap.h"

#include <dwarf.h>
#include <stdlib.h>

#include "core/error.h"
#include "core/util.h"

void
fk_cumap_init(struct fk_cumap *m)
{
	m->r = NULL;
	m->reach = NULL;
	m->n = m->cap = 0;
}

void
fk_cumap_release(struct fk_cumap *m)
{
	FK_FREE(m->r);
	FK_FREE(m->reach);
	m->n = m->cap = 0;
}

void
fk_cumap_add(struct fk_cumap *m, uint64_t lo, uint64_t hi, uint64_t cu)
{
	if (hi <= lo)
		return;
	FK_GROW(m->r, m->cap, m->n + 1, 64);
	m->r[m->n++] = (struct fk_cu_range){ .lo = lo, .hi = hi, .cu = cu };
}

static int
cmp_range(const void *a, const void *b)
{
	const struct fk_cu_range *x = a, *y = b;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	return (x->cu > y->cu) - (x->cu < y->cu);
}

void
fk_cumap_sort(struct fk_cumap *m)
{
	if (m->n > 1)
		qsort(m->r, m->n, sizeof *m->r, cmp_range);
	free(m->reach);
	m->reach = m->n ? fk_xcalloc(m->n, sizeof *m->reach) : NULL;
	uint64_t most = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (m->r[i].hi > most)
			most = m->r[i].hi;
		m->reach[i] = most;
	}
}

size_t
fk_cumap_load(struct fk_cumap *m, Dwarf *dw)
{
	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie;
	uint8_t unit_type;
	while (dwarf_get_units(dw, cu, &cu, NULL, &unit_type, &cudie, NULL) == 0) {
		int tag = dwarf_tag(&cudie);
		if (tag != DW_TAG_compile_unit && tag != DW_TAG_partial_unit)
			continue;
		Dwarf_Off off = dwarf_dieoffset(&cudie);
		Dwarf_Addr base, lo, hi;
		for (ptrdiff_t at = 0; (at = dwarf_ranges(&cudie, at, &base, &lo, &hi)) > 0;)
			fk_cumap_add(m, lo, hi, off);
	}
	fk_cumap_sort(m);
	return m->n;
}

const struct fk_cu_range *
fk_cumap_find(const struct fk_cumap *m, uint64_t addr)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->r[mid].lo <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* r[lo - 1] starts last at or below addr; an earlier, longer one may still hold it. */
	for (size_t i = lo; i-- > 0 && m->reach[i] > addr;)
		if (addr < m->r[i].hi)
			return &m->r[i];
	return NULL;
}
