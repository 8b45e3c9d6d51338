#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "symbolize/symmap.h"

static struct fk_symmap *
load(const char *text, int perfmap, size_t *bad)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	cr_assert_not_null(fp);
	struct fk_symmap *m = fk_symmap_new();
	int rc = perfmap ? fk_symmap_read_perfmap(m, fp, bad)
	    : fk_symmap_read_kallsyms(m, fp, bad);
	cr_assert_eq(rc, 0);
	fclose(fp);
	return m;
}

static void
expect_name(struct fk_symmap *m, uint64_t addr, const char *want)
{
	size_t n = 0;
	const char *got = fk_symmap_lookup(m, addr, &n);
	if (want == NULL) {
		cr_expect_null(got, "%#llx resolved to %.*s", (unsigned long long)addr,
		    (int)n, got ? got : "");
		return;
	}
	cr_assert_not_null(got, "%#llx did not resolve", (unsigned long long)addr);
	cr_expect_eq(n, strlen(want));
	cr_expect(strncmp(got, want, n) == 0, "%#llx: got %.*s, want %s",
	    (unsigned long long)addr, (int)n, got, want);
}

Test(symmap, kallsyms_text_symbols)
{
	size_t bad = 0;
	struct fk_symmap *m = load(
	    "ffffffff81000000 T _stext\n"
	    "ffffffff81000100 t helper\n"
	    "ffffffff81000200 D data_not_code\n"
	    "ffffffff81000300 W weak_one\n"
	    "bogus line\n"
	    "ffffffff81000400 t mod_fn\t[ext4]\n", 0, &bad);
	cr_expect_eq(bad, 1);
	cr_expect_eq(fk_symmap_size(m), 4);
	cr_expect(!fk_symmap_restricted(m));
	expect_name(m, 0xffffffff81000000, "_stext");
	expect_name(m, 0xffffffff810000ff, "_stext");
	expect_name(m, 0xffffffff81000100, "helper");
	expect_name(m, 0xffffffff81000250, "helper");   /* data symbols are skipped */
	expect_name(m, 0xffffffff81000300, "weak_one");
	expect_name(m, 0xffffffff81000420, "mod_fn");
	expect_name(m, 0xffffffff80ffffff, NULL);
	expect_name(m, 0xffffffff91000000, NULL);       /* far past the end */
	fk_symmap_free(m);
}

Test(symmap, kallsyms_restricted)
{
	struct fk_symmap *m = load("0000000000000000 T _stext\n0000000000000000 t x\n", 0, NULL);
	cr_expect(fk_symmap_restricted(m));
	expect_name(m, 0, NULL);
	fk_symmap_free(m);
}

Test(symmap, perfmap_ranges_and_overrides)
{
	size_t bad = 0;
	struct fk_symmap *m = load(
	    "7f0000001000 100 Interpreter\n"
	    "7f0000001100 80 LFoo;::bar\n"
	    "0x7f0000003000 0x10 with 0x prefix\n"
	    "nonsense\n"
	    "7f0000001000 40 Later;::wins\n", 1, &bad);
	cr_expect_eq(bad, 1);
	expect_name(m, 0x7f0000001000, "Later;::wins");
	expect_name(m, 0x7f000000103f, "Later;::wins");
	expect_name(m, 0x7f0000001040, "Interpreter");
	expect_name(m, 0x7f0000001100, "LFoo;::bar");
	expect_name(m, 0x7f000000117f, "LFoo;::bar");
	expect_name(m, 0x7f0000001180, NULL);
	expect_name(m, 0x7f0000003008, "with 0x prefix");
	expect_name(m, 0x7f0000000fff, NULL);
	fk_symmap_free(m);
}

Test(symmap, empty_map)
{
	struct fk_symmap *m = load("", 1, NULL);
	expect_name(m, 0x1000, NULL);
	cr_expect_eq(fk_symmap_size(m), 0);
	fk_symmap_free(m);
}

/* kallsyms out of address order (module symbols can be) gets a full index. */
Test(symmap, kallsyms_unsorted)
{
	size_t bad = 0;
	struct fk_symmap *m = load(
	    "ffffffffc0001000 t mod_b\t[mod]\n"
	    "ffffffff81000000 T _stext\n"
	    "ffffffff81000100 t first_alias\n"
	    "ffffffff81000100 t second_alias\n"
	    "ffffffffc0000000 t mod_a\t[mod]\n"
	    "ffffffff81000200 T after\n"
	    "ffffffffc0001000 t mod_b_later\t[mod]\n", 0, &bad);
	cr_expect_eq(bad, 0);
	cr_expect_eq(fk_symmap_size(m), 7);
	expect_name(m, 0xffffffff81000010, "_stext");
	expect_name(m, 0xffffffff81000150, "first_alias");
	expect_name(m, 0xffffffff81000250, "after");
	expect_name(m, 0xffffffffc0000fff, "mod_a");
	expect_name(m, 0xffffffffc0001010, "mod_b");
	expect_name(m, 0xffffffffc0101000, NULL);
	expect_name(m, 0xffffffff80000000, NULL);
	fk_symmap_free(m);
}

/*
 * A long sorted kallsyms, read from a descriptor (mapped): every address
 * names its symbol, aliases give the first, across the sparse index's steps.
 */
Test(symmap, kallsyms_long_sorted_from_fd)
{
	FILE *fp = tmpfile();
	cr_assert_not_null(fp);
	fputs("\xef\xbb\xbf", fp);   /* a byte order mark is not part of the first line */
	for (unsigned i = 0; i < 1000; i++) {
		fprintf(fp, "%016llx T f%u\r\n", 0xffffffff81000000ULL + 0x100ULL * i, i);
		if (i % 7 == 0)
			fprintf(fp, "%016llx T f%u_alias\n", 0xffffffff81000000ULL + 0x100ULL * i, i);
		if (i % 5 == 0)
			fprintf(fp, "%016llx d data%u\nnot a line\n\n",
			    0xffffffff81000080ULL + 0x100ULL * i, i);
	}
	fflush(fp);
	struct fk_symmap *m = fk_symmap_new();
	size_t bad = 0;
	cr_assert_eq(fk_symmap_load_kallsyms(m, fileno(fp), &bad), 0);
	fclose(fp);
	cr_expect_eq(bad, 200);
	cr_expect_eq(fk_symmap_size(m), 1000 + 143);
	char want[32];
	for (unsigned i = 0; i < 1000; i++) {
		snprintf(want, sizeof want, "f%u", i);
		expect_name(m, 0xffffffff81000000ULL + 0x100ULL * i, want);
		expect_name(m, 0xffffffff810000ffULL + 0x100ULL * i, want);
	}
	expect_name(m, 0xffffffff80ffffff, NULL);
	expect_name(m, 0xffffffff81000000ULL + 0x100ULL * 999 + 0xfffff, "f999");
	expect_name(m, 0xffffffff81000000ULL + 0x100ULL * 999 + 0x100000, NULL);
	fk_symmap_free(m);
}
