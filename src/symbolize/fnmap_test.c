/*
 * fnmap_test.c -- the per-unit function map and the inline chain against
 * libdw's dwarf_getscopes(), address by address, on a C program, a C++
 * program (GCC's DWARF: both must agree everywhere) and a Go program (where
 * dwarf_getscopes() misses some inlined calls that binutils' addr2line -i
 * shows: there the map must agree wherever getscopes finds a chain, and
 * match addr2line where only the map does).
 */
#include <criterion/criterion.h>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "symbolize/fnmap.h"
#include "symbolize/libdw_leak.h"

enum { MAXCHAIN = 64 };

/* The chain as the symbolizer found it before the map: by dwarf_getscopes(). */
static size_t
chain_by_scopes(Dwarf_Die *cu, Dwarf_Addr pc, Dwarf_Off *fn, Dwarf_Off *chain)
{
	Dwarf_Die *scopes = NULL;
	int n = dwarf_getscopes(cu, pc, &scopes), i = 0;
	size_t k = 0;
	*fn = 0;
	while (i < n && dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine &&
	    dwarf_tag(&scopes[i]) != DW_TAG_subprogram)
		i++;
	if (i < n && dwarf_tag(&scopes[i]) == DW_TAG_inlined_subroutine) {
		Dwarf_Die inner = scopes[i];
		free(scopes);
		scopes = NULL;
		n = dwarf_getscopes_die(&inner, &scopes);
		for (i = 0; i < n && k < MAXCHAIN; i++) {
			int tag = dwarf_tag(&scopes[i]);
			if (tag == DW_TAG_inlined_subroutine)
				chain[k++] = dwarf_dieoffset(&scopes[i]);
			else if (tag == DW_TAG_subprogram)
				break;
		}
	}
	if (i < n && dwarf_tag(&scopes[i]) == DW_TAG_subprogram)
		*fn = dwarf_dieoffset(&scopes[i]);
	free(scopes);
	return k;
}

/* The number of frames binutils' addr2line -i shows at pc, or -1 without it. */
static int
addr2line_frames(const char *path, Dwarf_Addr pc)
{
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "addr2line -i -e '%s' %#llx 2>/dev/null", path,
	    (unsigned long long)pc);
	FILE *p = popen(cmd, "r");
	if (p == NULL)
		return -1;
	int lines = 0;
	for (int c; (c = fgetc(p)) != EOF;)
		lines += c == '\n';
	return pclose(p) == 0 ? lines : -1;
}

struct tally {
	size_t addrs, agreed, inlined, only_map, only_map_checked;
};

/* The addresses of every function under die. */
static void
compare_unit(const char *path, struct fk_fnmaps *f, Dwarf_Die *cu, Dwarf_Die *die,
    int exact, struct tally *t)
{
	Dwarf_Die fn;
	if (dwarf_child(die, &fn) != 0)
		return;
	do {
		int tag = dwarf_tag(&fn);
		if (tag == DW_TAG_namespace || tag == DW_TAG_class_type ||
		    tag == DW_TAG_structure_type) {
			compare_unit(path, f, cu, &fn, exact, t);
			continue;
		}
		Dwarf_Addr lo, hi;
		if (tag != DW_TAG_subprogram || dwarf_lowpc(&fn, &lo) != 0 ||
		    dwarf_highpc(&fn, &hi) != 0 || hi <= lo)
			continue;
		/* C and C++: every address; Go (thousands of functions, and getscopes
		 * walks the whole unit each time): 16 spread over each function. */
		Dwarf_Addr step = exact ? 1 : (hi - lo + 15) / 16;
		for (Dwarf_Addr pc = lo; pc < hi; pc += step) {
			Dwarf_Off want_fn, want[MAXCHAIN];
			size_t nwant = chain_by_scopes(cu, pc, &want_fn, want);
			Dwarf_Die got_fn, got[MAXCHAIN];
			cr_assert(fk_fnmaps_function(f, cu, pc, &got_fn), "%s %#llx: no function",
			    dwarf_diename(&fn), (unsigned long long)pc);
			size_t ngot = fk_inline_chain(&got_fn, pc, got, MAXCHAIN);
			t->addrs++;
			t->inlined += ngot > 0;
			int same = want_fn == dwarf_dieoffset(&got_fn) && nwant == ngot;
			for (size_t k = 0; same && k < ngot; k++)
				same = want[k] == dwarf_dieoffset(&got[k]);
			if (same) {
				t->agreed++;
				continue;
			}
			cr_assert(!exact, "%s at %#llx: function %#llx and %zu inlined by the map, "
			    "%#llx and %zu by dwarf_getscopes", dwarf_diename(&fn),
			    (unsigned long long)pc, (unsigned long long)dwarf_dieoffset(&got_fn),
			    ngot, (unsigned long long)want_fn, nwant);
			/* Go: getscopes found no chain here; the map's must be addr2line's. */
			cr_assert_eq(nwant, 0, "%#llx: the two chains differ", (unsigned long long)pc);
			t->only_map++;
			if (t->only_map_checked < 20) {
				int frames = addr2line_frames(path, pc);
				if (frames > 0) {
					cr_expect_eq((size_t)frames, ngot + 1, "%#llx: addr2line shows %d frames, "
					    "the map %zu", (unsigned long long)pc, frames, ngot + 1);
					t->only_map_checked++;
				}
			}
		}
	} while (dwarf_siblingof(&fn, &fn) == 0);
}

static struct tally
compare_program(const char *var, int exact)
{
	const char *path = getenv(var);
	if (path == NULL || *path == '\0')
		cr_skip_test("%s not set", var);
	int fd = open(path, O_RDONLY);
	cr_assert_geq(fd, 0, "open %s", path);
	Dwarf *dw = dwarf_begin(fd, DWARF_C_READ);
	cr_assert_not_null(dw, "%s: %s", path, dwarf_errmsg(-1));
	struct fk_fnmaps *f = fk_fnmaps_create();
	struct tally t = { 0 };
	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie;
	while (dwarf_get_units(dw, cu, &cu, NULL, NULL, &cudie, NULL) == 0)
		compare_unit(path, f, &cudie, &cudie, exact, &t);
	fk_fnmaps_free(f);
	dwarf_end(dw);
	close(fd);
	return t;
}

Test(fnmap, c_program_agrees_with_getscopes)
{
	struct tally t = compare_program("FK_SYMPROG", 1);
	cr_expect_gt(t.addrs, 100);
	cr_expect_gt(t.inlined, 0, "no inlined call in %zu addresses", t.addrs);
}

Test(fnmap, cxx_program_agrees_with_getscopes)
{
	struct tally t = compare_program("FK_SYMPROGXX", 1);
	cr_expect_gt(t.addrs, 100);
	cr_expect_gt(t.inlined, 0, "no inlined call in %zu addresses", t.addrs);
}

Test(fnmap, go_program_finds_what_addr2line_shows)
{
	struct tally t = compare_program("FK_GOPROG", 0);
	fprintf(stderr, "go: %zu addresses, %zu agree, %zu inlined, %zu only by the map (%zu checked with addr2line)\n", t.addrs, t.agreed, t.inlined, t.only_map, t.only_map_checked);
	cr_expect_gt(t.addrs, 5000);
	cr_expect_gt(t.inlined, 100);
	/* Where getscopes had a chain, the map has the same one, nearly everywhere. */
	cr_expect_geq(t.agreed * 100, t.addrs * 99, "%zu of %zu agree", t.agreed, t.addrs);
	/* And the committed program has calls only the map finds (checked above). */
	if (addr2line_frames(getenv("FK_GOPROG"), 0) >= 0)
		cr_expect_gt(t.only_map_checked, 0);
}

Test(fnmap, create_and_free_unused)
{
	struct fk_fnmaps *f = fk_fnmaps_create();
	fk_fnmaps_free(f);
	fk_fnmaps_free(NULL);
}
