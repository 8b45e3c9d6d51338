/*
 * cumap_test.c -- the address -> compile unit map: lookups on hand-made
 * ranges, and on real DWARF: a C++ program (whose .debug_aranges libdw
 * reads, so both lookups must agree) and a Go program (no .debug_aranges).
 */
#include <criterion/criterion.h>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "symbolize/cumap.h"

Test(cumap, empty_finds_nothing)
{
	struct fk_cumap m;
	fk_cumap_init(&m);
	fk_cumap_sort(&m);
	cr_expect_null(fk_cumap_find(&m, 0));
	cr_expect_null(fk_cumap_find(&m, UINT64_MAX));
	fk_cumap_release(&m);
}

Test(cumap, bounds_are_half_open)
{
	struct fk_cumap m;
	fk_cumap_init(&m);
	/* Added out of order, with a gap between 0x20 and 0x30. */
	fk_cumap_add(&m, 0x30, 0x40, 3);
	fk_cumap_add(&m, 0x10, 0x20, 1);
	fk_cumap_add(&m, 0x20, 0x20, 9);   /* empty: ignored */
	fk_cumap_add(&m, 0x50, 0x48, 9);   /* inverted: ignored */
	fk_cumap_sort(&m);
	cr_expect_eq(m.n, 2);
	cr_expect_null(fk_cumap_find(&m, 0x0f));
	cr_expect_eq(fk_cumap_find(&m, 0x10)->cu, 1);
	cr_expect_eq(fk_cumap_find(&m, 0x1f)->cu, 1);
	cr_expect_null(fk_cumap_find(&m, 0x20));
	cr_expect_null(fk_cumap_find(&m, 0x2f));
	cr_expect_eq(fk_cumap_find(&m, 0x30)->cu, 3);
	cr_expect_eq(fk_cumap_find(&m, 0x3f)->cu, 3);
	cr_expect_null(fk_cumap_find(&m, 0x40));
	cr_expect_null(fk_cumap_find(&m, UINT64_MAX));
	fk_cumap_release(&m);
	cr_expect_eq(m.n, 0);
	cr_expect_null(m.r);
}

Test(cumap, units_with_several_ranges)
{
	struct fk_cumap m;
	fk_cumap_init(&m);
	/* Two units interleaved, as DW_AT_ranges lists them. */
	for (uint64_t i = 0; i < 1000; i++)
		fk_cumap_add(&m, i * 0x100, i * 0x100 + 0x80, i % 2 ? 0x2000 : 0x1000);
	fk_cumap_sort(&m);
	for (uint64_t i = 0; i < 1000; i++) {
		const struct fk_cu_range *r = fk_cumap_find(&m, i * 0x100 + 0x7f);
		cr_assert_not_null(r);
		cr_expect_eq(r->cu, i % 2 ? 0x2000 : 0x1000);
		cr_expect_null(fk_cumap_find(&m, i * 0x100 + 0x80));
	}
	fk_cumap_release(&m);
}

Test(cumap, overlap_prefers_the_innermost)
{
	struct fk_cumap m;
	fk_cumap_init(&m);
	fk_cumap_add(&m, 0x100, 0x1000, 1);   /* outer */
	fk_cumap_add(&m, 0x200, 0x300, 2);    /* inside it */
	fk_cumap_add(&m, 0x400, 0x500, 3);    /* inside it too */
	fk_cumap_add(&m, 0x2000, 0x2100, 4);
	fk_cumap_sort(&m);
	cr_expect_eq(fk_cumap_find(&m, 0x150)->cu, 1);
	cr_expect_eq(fk_cumap_find(&m, 0x250)->cu, 2);
	/* Past the inner unit, the outer one still holds the address. */
	cr_expect_eq(fk_cumap_find(&m, 0x350)->cu, 1);
	cr_expect_eq(fk_cumap_find(&m, 0x450)->cu, 3);
	cr_expect_eq(fk_cumap_find(&m, 0xfff)->cu, 1);
	cr_expect_null(fk_cumap_find(&m, 0x1000));
	cr_expect_eq(fk_cumap_find(&m, 0x2000)->cu, 4);
	fk_cumap_release(&m);
}

/* Open path's DWARF; skips the test when path is unset or has none. */
static Dwarf *
open_dwarf(const char *var, int *fd)
{
	const char *path = getenv(var);
	if (path == NULL || *path == '\0')
		cr_skip_test("%s not set", var);
	*fd = open(path, O_RDONLY);
	cr_assert_geq(*fd, 0, "open %s", path);
	Dwarf *dw = dwarf_begin(*fd, DWARF_C_READ);
	cr_assert_not_null(dw, "%s: %s", path, dwarf_errmsg(-1));
	return dw;
}

/*
 * Every function under die (in C++ also those inside namespaces and
 * classes): its entry address and its last byte map to unit.  @return the
 * number checked; *aranges counts the addresses libdw's .debug_aranges
 * lookup also finds.
 */
static size_t
check_scope(Dwarf *dw, const struct fk_cumap *m, Dwarf_Die *die, Dwarf_Off unit,
    size_t *aranges)
{
	size_t checked = 0;
	Dwarf_Die fn;
	if (dwarf_child(die, &fn) != 0)
		return 0;
	do {
		int tag = dwarf_tag(&fn);
		if (tag == DW_TAG_namespace || tag == DW_TAG_class_type ||
		    tag == DW_TAG_structure_type) {
			checked += check_scope(dw, m, &fn, unit, aranges);
			continue;
		}
		Dwarf_Addr lo, hi;
		if (tag != DW_TAG_subprogram || dwarf_lowpc(&fn, &lo) != 0 ||
		    dwarf_highpc(&fn, &hi) != 0 || hi <= lo)
			continue;
		const Dwarf_Addr at[2] = { lo, hi - 1 };
		for (int k = 0; k < 2; k++) {
			const struct fk_cu_range *r = fk_cumap_find(m, at[k]);
			cr_assert_not_null(r, "%s at %#llx: no unit", dwarf_diename(&fn),
			    (unsigned long long)at[k]);
			cr_expect_eq(r->cu, unit, "%s at %#llx: unit %#llx, not %#llx",
			    dwarf_diename(&fn), (unsigned long long)at[k],
			    (unsigned long long)r->cu, (unsigned long long)unit);
			Dwarf_Die viaar;
			if (dwarf_addrdie(dw, at[k], &viaar) != NULL) {
				cr_expect_eq(dwarf_dieoffset(&viaar), unit);
				++*aranges;
			}
		}
		checked++;
	} while (dwarf_siblingof(&fn, &fn) == 0);
	return checked;
}

/* check_scope() over every unit of dw. */
static size_t
check_functions(Dwarf *dw, const struct fk_cumap *m, size_t *aranges)
{
	size_t checked = 0;
	*aranges = 0;
	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie;
	while (dwarf_get_units(dw, cu, &cu, NULL, NULL, &cudie, NULL) == 0)
		checked += check_scope(dw, m, &cudie, dwarf_dieoffset(&cudie), aranges);
	return checked;
}

Test(cumap, cxx_program_agrees_with_aranges)
{
	int fd;
	Dwarf *dw = open_dwarf("FK_SYMPROGXX", &fd);
	struct fk_cumap m;
	fk_cumap_init(&m);
	cr_assert_gt(fk_cumap_load(&m, dw), 0);
	size_t aranges;
	size_t n = check_functions(dw, &m, &aranges);
	cr_expect_geq(n, 4, "only %zu functions", n);
	/* libdw reads this program's .debug_aranges: every address is found both ways. */
	cr_expect_eq(aranges, 2 * n);
	fk_cumap_release(&m);
	dwarf_end(dw);
	close(fd);
}

Test(cumap, go_program_without_aranges)
{
	int fd;
	Dwarf *dw = open_dwarf("FK_GOPROG", &fd);
	struct fk_cumap m;
	fk_cumap_init(&m);
	cr_assert_gt(fk_cumap_load(&m, dw), 10);
	size_t aranges;
	size_t n = check_functions(dw, &m, &aranges);
	cr_expect_gt(n, 500, "only %zu functions", n);
	/* Go writes no .debug_aranges: libdw alone finds none of them. */
	cr_expect_eq(aranges, 0);
	/* main.burn is in the unit "main". */
	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie, fn;
	int found = 0;
	while (!found && dwarf_get_units(dw, cu, &cu, NULL, NULL, &cudie, NULL) == 0)
		if (dwarf_child(&cudie, &fn) == 0)
			do {
				Dwarf_Addr lo;
				const char *name = dwarf_diename(&fn);
				if (name && strcmp(name, "main.burn") == 0 && dwarf_lowpc(&fn, &lo) == 0) {
					const struct fk_cu_range *r = fk_cumap_find(&m, lo);
					Dwarf_Die u;
					cr_assert_not_null(r);
					cr_assert_not_null(dwarf_offdie(dw, r->cu, &u));
					cr_expect_str_eq(dwarf_diename(&u), "main");
					found = 1;
				}
			} while (!found && dwarf_siblingof(&fn, &fn) == 0);
	cr_expect(found, "main.burn not found");
	fk_cumap_release(&m);
	dwarf_end(dw);
	close(fd);
}
