/*
 * fnmap.c -- per-unit maps of function code ranges (see fnmap.h).
 */
#include "symbolize/fnmap.h"

#include <dwarf.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/util.h"
#include "symbolize/cumap.h"

/* One unit's functions: ranges whose cu field holds the function's DIE offset. */
struct unit_fns {
	const void *unit;        /* the unit's Dwarf_CU, as its DIE carries it; NULL: free slot */
	Dwarf *dw;
	struct fk_cumap ranges;
};

struct fk_fnmaps {
	struct unit_fns *slot;   /* open addressing by unit */
	size_t cap, n;
};

struct fk_fnmaps *
fk_fnmaps_create(void)
{
	return fk_xcalloc(1, sizeof(struct fk_fnmaps));
}

void
fk_fnmaps_free(struct fk_fnmaps *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->cap; i++)
		if (f->slot[i].unit != NULL)
			fk_cumap_release(&f->slot[i].ranges);
	free(f->slot);
	free(f);
}

static size_t
slot_of(const struct fk_fnmaps *f, const void *unit)
{
	size_t i = (size_t)fk_hash_mix((uint64_t)(uintptr_t)unit) & (f->cap - 1);
	while (f->slot[i].unit != NULL && f->slot[i].unit != unit)
		i = (i + 1) & (f->cap - 1);
	return i;
}

static void
grow(struct fk_fnmaps *f)
{
	struct unit_fns *old = f->slot;
	size_t oldcap = f->cap;
	f->cap = oldcap ? 2 * oldcap : 64;
	f->slot = fk_xcalloc(f->cap, sizeof(*f->slot));
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].unit != NULL)
			f->slot[slot_of(f, old[i].unit)] = old[i];
	free(old);
}

/*
 * Add the code ranges of the functions under die: those at its top level,
 * inside namespaces, modules and classes (C++, Fortran), and functions
 * nested in functions (GNU C), which are found as the innermost range.
 */
static void
add_functions(struct fk_cumap *m, Dwarf_Die *die, int depth)
{
	Dwarf_Die c;
	if (depth > 64 || dwarf_child(die, &c) != 0)
		return;
	do {
		switch (dwarf_tag(&c)) {
		case DW_TAG_subprogram: {
			Dwarf_Addr base, lo, hi;
			Dwarf_Off off = dwarf_dieoffset(&c);
			for (ptrdiff_t at = 0; (at = dwarf_ranges(&c, at, &base, &lo, &hi)) > 0;)
				fk_cumap_add(m, lo, hi, off);
			if (dwarf_haschildren(&c) > 0)
				add_functions(m, &c, depth + 1);
			break;
		}
		case DW_TAG_lexical_block:
			/* Only inside a function: a nested function may hide there. */
			if (depth > 0 && dwarf_haschildren(&c) > 0)
				add_functions(m, &c, depth + 1);
			break;
		case DW_TAG_namespace:
		case DW_TAG_module:
		case DW_TAG_class_type:
		case DW_TAG_structure_type:
		case DW_TAG_union_type:
		case DW_TAG_interface_type:
			if (dwarf_haschildren(&c) > 0)
				add_functions(m, &c, depth);
			break;
		default:
			break;
		}
	} while (dwarf_siblingof(&c, &c) == 0);
}

int
fk_fnmaps_function(struct fk_fnmaps *f, Dwarf_Die *cu, Dwarf_Addr pc, Dwarf_Die *fn)
{
	const void *unit = cu->cu;
	if (unit == NULL)
		return 0;
	if (2 * (f->n + 1) > f->cap)
		grow(f);
	size_t i = slot_of(f, unit);
	struct unit_fns *u = &f->slot[i];
	if (u->unit == NULL) {
		u->unit = unit;
		u->dw = dwarf_cu_getdwarf(cu->cu);
		fk_cumap_init(&u->ranges);
		add_functions(&u->ranges, cu, 0);
		fk_cumap_sort(&u->ranges);
		f->n++;
	}
	const struct fk_cu_range *r = fk_cumap_find(&u->ranges, pc);
	return r != NULL && u->dw != NULL && dwarf_offdie(u->dw, r->cu, fn) != NULL;
}

size_t
fk_inline_chain(Dwarf_Die *fn, Dwarf_Addr pc, Dwarf_Die *chain, size_t max)
{
	/* Outermost first into a ring of max, so the innermost max are kept. */
	size_t depth = 0;
	Dwarf_Die cur = *fn, c;
	for (int found = 1; found && max > 0 && dwarf_child(&cur, &c) == 0;) {
		found = 0;
		do {
			int tag = dwarf_tag(&c);
			if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_lexical_block &&
			    tag != DW_TAG_try_block && tag != DW_TAG_catch_block)
				continue;
			if (dwarf_haspc(&c, pc) <= 0)
				continue;
			if (tag == DW_TAG_inlined_subroutine)
				chain[depth++ % max] = c;
			cur = c;
			found = 1;
			break;
		} while (dwarf_siblingof(&c, &c) == 0);
	}
	/* Innermost first: reverse the ring's last min(depth, max) entries. */
	size_t n = depth < max ? depth : max;
	if (depth > max) {
		/* Rotate so that the oldest kept entry comes first. */
		size_t start = depth % max;
		Dwarf_Die *tmp = fk_xcalloc(max, sizeof(*tmp));
		for (size_t k = 0; k < max; k++)
			tmp[k] = chain[(start + k) % max];
		for (size_t k = 0; k < max; k++)
			chain[k] = tmp[k];
		free(tmp);
	}
	for (size_t a = 0, b = n; a + 1 < b; a++, b--) {
		Dwarf_Die t = chain[a];
		chain[a] = chain[b - 1];
		chain[b - 1] = t;
	}
	return n;
}
