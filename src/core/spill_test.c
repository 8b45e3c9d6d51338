#include <criterion/criterion.h>

#include "core/error.h"
#include "core/spill.h"
#include "core/stack_table.h"
#include "core/test_util.h"

#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>

/* The spill's result as folded text ("key c0[ c1]\n"), or NULL on an error. */
static char *
spill_text(struct fk_spill *s, int ncols)
{
	char *out;
	size_t n;
	struct fk_spill_rec rec;
	char buf[FK_NUM_BUFSZ];
	int k = 0;

	cr_assert_eq(fk_spill_finish(s), 0, "%s", fk_error_msg());
	TEST_CAPTURE(out, n, {
		while ((k = fk_spill_next(s, &rec)) > 0) {
			fwrite(rec.key, 1, rec.len, test_out);
			for (int c = 0; c < ncols; c++)
				fprintf(test_out, " %.*s", (int)fk_num_format(rec.counts[c],
				    fk_spill_scale(s), buf), buf);
			fputc('\n', test_out);
		}
	});
	(void)n;
	if (k < 0) {
		free(out);
		return NULL;
	}
	return out;
}

static char *
table_text(struct fk_stack_table *t)
{
	char *s;
	size_t n;
	TEST_CAPTURE(s, n, cr_assert_eq(fk_stack_table_write(t, test_out, 1), 0));
	(void)n;
	return s;
}

/* Stack i of a shuffled stream: keys repeat, so equal stacks fall into different runs. */
static size_t
nth_key(uint64_t i, uint64_t nkeys, char *buf)
{
	uint64_t k = (i * 2654435761u) % nkeys;
	return (size_t)sprintf(buf, "main;work_%llu;leaf_%llu_with_a_longer_name",
	    (unsigned long long)(k % 977), (unsigned long long)k);
}

static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	cr_assert_not_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

Test(spill, without_budget_is_the_table)
{
	struct fk_spill *s = fk_spill_new(1, 0);
	struct fk_num c = { 2, 0 };
	fk_spill_add(s, "b;c", 3, &c);
	fk_spill_add(s, "a", 1, &c);
	fk_spill_add(s, "b;c", 3, &c);
	char *t = spill_text(s, 1);
	cr_assert_str_eq(t, "a 2\nb;c 4\n");
	cr_assert_eq(fk_spill_runs(s), 0);
	free(t);
	fk_spill_free(s);
}

Test(spill, runs_merge_to_the_in_memory_result)
{
	const uint64_t nkeys = 150000, nadd = 400000;
	struct fk_spill *s = fk_spill_new(1, FK_SPILL_MIN_BUDGET);
	struct fk_stack_table *t = fk_stack_table_new(1);
	char key[128];

	for (uint64_t i = 0; i < nadd; i++) {
		size_t n = nth_key(i, nkeys, key);
		struct fk_num c = { (int64_t)(i % 7 + 1), 0 };
		cr_assert_eq(fk_spill_add(s, key, n, &c), 0, "%s", fk_error_msg());
		cr_assert_eq(fk_stack_table_add(t, key, n, &c), 0);
	}
	/* More than 16 runs: merged by levels while they pile up, then at the end. */
	cr_assert_gt(fk_spill_runs(s), 16);
	char *got = spill_text(s, 1), *want = table_text(t);
	cr_assert_not_null(got, "%s", fk_error_msg());
	cr_assert(strcmp(got, want) == 0, "merged runs differ from the table");
	free(got);
	free(want);
	fk_stack_table_free(t);
	fk_spill_free(s);
}

Test(spill, decimals_in_a_later_run_raise_every_count)
{
	const uint64_t nkeys = 40000;
	struct fk_spill *s = fk_spill_new(2, FK_SPILL_MIN_BUDGET);
	struct fk_stack_table *t = fk_stack_table_new(2);
	char key[128];

	for (uint64_t i = 0; i < 3 * nkeys; i++) {
		size_t n = nth_key(i, nkeys, key);
		/* The decimals come last, into runs written after integer ones. */
		struct fk_num c[2] = { { (int64_t)(i % 5), 0 },
			{ i >= 2 * nkeys ? (int64_t)(i % 1000) + 1 : 3, i >= 2 * nkeys ? 3 : 0 } };
		cr_assert_eq(fk_spill_add(s, key, n, c), 0, "%s", fk_error_msg());
		cr_assert_eq(fk_stack_table_add(t, key, n, c), 0);
	}
	cr_assert_gt(fk_spill_runs(s), 1);
	char *got = spill_text(s, 2), *want = table_text(t);
	cr_assert_not_null(got, "%s", fk_error_msg());
	cr_assert_eq(fk_spill_scale(s), fk_stack_table_scale(t));
	cr_assert(strcmp(got, want) == 0, "merged runs differ from the table");
	free(got);
	free(want);
	fk_stack_table_free(t);
	fk_spill_free(s);
}

/* Stack i of a shuffled stream whose frame names hold bytes below ';' ("f+1", "f 2"). */
static size_t
nth_tricky_key(uint64_t i, uint64_t nkeys, char *buf)
{
	static const char *const sep[] = { "", "+", " ", "!", ":" };
	uint64_t k = (i * 2654435761u) % nkeys;
	return (size_t)sprintf(buf, "main;f%s%llu;g%s%llu;leaf_%llu", sep[k % 5],
	    (unsigned long long)(k / 5 % 7), sep[k / 35 % 5], (unsigned long long)(k / 175 % 11),
	    (unsigned long long)k);
}

/* The spill's result again, checked to be in frame order. */
static char *
frames_text(struct fk_spill *s)
{
	char *out, *prev = NULL;
	size_t n, plen = 0;
	struct fk_spill_rec rec;
	int k;

	TEST_CAPTURE(out, n, {
		while ((k = fk_spill_next(s, &rec)) > 0) {
			if (prev)
				cr_assert_lt(fk_stack_key_cmp_frames(prev, plen, rec.key, rec.len), 0,
				    "'%.*s' came after '%.*s'", (int)rec.len, rec.key, (int)plen, prev);
			prev = realloc(prev, rec.len + 1);
			memcpy(prev, rec.key, rec.len);
			plen = rec.len;
			fprintf(test_out, "%.*s %lld\n", (int)rec.len, rec.key, (long long)rec.counts[0]);
		}
	});
	(void)n;
	free(prev);
	cr_assert_eq(k, 0, "%s", fk_error_msg());
	return out;
}

Test(spill, frame_order_runs_merge_in_frame_order)
{
	const uint64_t nkeys = 60000;
	struct fk_spill *s = fk_spill_new_ordered(1, FK_SPILL_MIN_BUDGET, FK_SPILL_FRAMES);
	struct fk_stack_table *t = fk_stack_table_new(1);
	char key[128];

	for (uint64_t i = 0; i < 3 * nkeys; i++) {
		size_t n = nth_tricky_key(i, nkeys, key);
		struct fk_num c = { (int64_t)(i % 7 + 1), 0 };
		cr_assert_eq(fk_spill_add(s, key, n, &c), 0, "%s", fk_error_msg());
		cr_assert_eq(fk_stack_table_add(t, key, n, &c), 0);
	}
	cr_assert_gt(fk_spill_runs(s), 1);
	cr_assert_eq(fk_spill_finish(s), 0, "%s", fk_error_msg());
	char *got = frames_text(s);
	/* The same stacks and sums as the table sorted frame by frame. */
	size_t n;
	char *want;
	struct fk_stack_entry *const *list = fk_stack_table_sorted_frames(t, &n);
	TEST_CAPTURE(want, n, {
		for (size_t i = 0; i < fk_stack_table_size(t); i++)
			fprintf(test_out, "%s %lld\n", list[i]->key, (long long)list[i]->counts[0]);
	});
	cr_assert(strcmp(got, want) == 0, "merged runs differ from the table");
	/* Read again from the start: the same merge. */
	cr_assert_eq(fk_spill_rewind(s), 0, "%s", fk_error_msg());
	char *again = frames_text(s);
	cr_assert(strcmp(again, want) == 0, "the second pass differs");
	free(again);
	free(got);
	free(want);
	fk_stack_table_free(t);
	fk_spill_free(s);
}

Test(spill, in_memory_frame_order_rewinds_too)
{
	struct fk_spill *s = fk_spill_new_ordered(1, FK_SPILL_MIN_BUDGET, FK_SPILL_FRAMES);
	struct fk_num c = { 1, 0 };
	const char *keys[] = { "a+1", "a;b", "a", "a;b", "a ;c" };
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		cr_assert_eq(fk_spill_add(s, keys[i], strlen(keys[i]), &c), 0);
	cr_assert_eq(fk_spill_finish(s), 0);
	cr_assert_eq(fk_spill_runs(s), 0);
	for (int pass = 0; pass < 2; pass++) {
		char *got = frames_text(s);
		cr_assert_str_eq(got, "a 1\na;b 2\na ;c 1\na+1 1\n");
		free(got);
		cr_assert_eq(fk_spill_rewind(s), 0);
	}
	fk_spill_free(s);
}

Test(spill, a_sum_over_runs_that_overflows_is_an_error)
{
	struct fk_spill *s = fk_spill_new(1, FK_SPILL_MIN_BUDGET);
	char key[128];
	struct fk_num big = { INT64_MAX / 2 + 1, 0 }, one = { 1, 0 };

	cr_assert_eq(fk_spill_add(s, "x", 1, &big), 0);
	for (uint64_t i = 0; fk_spill_runs(s) == 0; i++)
		cr_assert_eq(fk_spill_add(s, key, nth_key(i, 1000000, key), &one), 0);
	cr_assert_eq(fk_spill_add(s, "x", 1, &big), 0);
	cr_assert_eq(fk_spill_finish(s), 0);
	struct fk_spill_rec rec;
	int k;
	while ((k = fk_spill_next(s, &rec)) > 0)
		;
	cr_assert_eq(k, -1);
	cr_assert(strstr(fk_error_msg(), "overflows"), "%s", fk_error_msg());
	fk_spill_free(s);
}

Test(spill, temporary_files_have_no_name_and_close_with_the_spill)
{
	char dir[] = "/tmp/fk_spill_test.XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	setenv("TMPDIR", dir, 1);
	int fds = count_entries("/proc/self/fd");
	struct fk_spill *s = fk_spill_new(1, FK_SPILL_MIN_BUDGET);
	char key[128];
	struct fk_num one = { 1, 0 };
	for (uint64_t i = 0; fk_spill_runs(s) < 3; i++)
		cr_assert_eq(fk_spill_add(s, key, nth_key(i, 1000000, key), &one), 0);
	cr_assert_eq(count_entries(dir), 0, "a run file has a name in %s", dir);
	cr_assert_gt(count_entries("/proc/self/fd"), fds);
	fk_spill_free(s);
	cr_assert_eq(count_entries("/proc/self/fd"), fds, "descriptors left open");
	rmdir(dir);
}

Test(spill, a_full_disk_is_a_clear_error)
{
	/* A file size limit fails writes as a full disk does (EFBIG instead of ENOSPC). */
	struct rlimit rl = { 64 << 10, 64 << 10 };
	signal(SIGXFSZ, SIG_IGN);
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
	struct fk_spill *s = fk_spill_new(1, FK_SPILL_MIN_BUDGET);
	char key[128];
	struct fk_num one = { 1, 0 };
	int rc = 0;
	for (uint64_t i = 0; i < 1000000 && rc == 0; i++)
		rc = fk_spill_add(s, key, nth_key(i, 1000000, key), &one);
	cr_assert_eq(rc, -1);
	cr_assert(strstr(fk_error_msg(), "cannot write a temporary file in"), "%s",
	    fk_error_msg());
	cr_assert_eq(fk_error_last(), FK_ERR_IO);
	fk_spill_free(s);
	rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
	setrlimit(RLIMIT_FSIZE, &rl);
}

Test(spill, a_missing_tmpdir_is_a_clear_error)
{
	setenv("TMPDIR", "/nonexistent/fk_spill", 1);
	struct fk_spill *s = fk_spill_new(1, FK_SPILL_MIN_BUDGET);
	char key[128];
	struct fk_num one = { 1, 0 };
	int rc = 0;
	for (uint64_t i = 0; i < 1000000 && rc == 0; i++)
		rc = fk_spill_add(s, key, nth_key(i, 1000000, key), &one);
	cr_assert_eq(rc, -1);
	cr_assert(strstr(fk_error_msg(), "cannot create a temporary file in '/nonexistent/fk_spill'"),
	    "%s", fk_error_msg());
	fk_spill_free(s);
}

Test(spill, sizes_as_sort_takes_them)
{
	size_t b;
	cr_assert_eq(fk_spill_parse_size("64M", &b), 0);
	cr_assert_eq(b, (size_t)64 << 20);
	cr_assert_eq(fk_spill_parse_size("2g", &b), 0);
	cr_assert_eq(b, (size_t)2 << 30);
	cr_assert_eq(fk_spill_parse_size("10", &b), 0);
	cr_assert_eq(b, 10240);
	cr_assert_eq(fk_spill_parse_size("4096b", &b), 0);
	cr_assert_eq(b, 4096);
	cr_assert_eq(fk_spill_parse_size("1k", &b), 0);
	cr_assert_eq(b, 1024);
	cr_assert_eq(fk_spill_parse_size("50%", &b), 0);
	cr_assert_gt(b, 0);
	const char *bad[] = { "", "M", "-1", "1.5G", "12Q", "3MB", "0%", "101%", "99999999999999999999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		cr_assert_eq(fk_spill_parse_size(bad[i], &b), -1, "'%s' taken", bad[i]);
	fk_error_clear();
}

Test(spill, default_budget_follows_the_address_space_limit)
{
	struct rlimit rl;
	cr_assert_geq(fk_spill_default_budget(), FK_SPILL_MIN_BUDGET);
	cr_assert_eq(getrlimit(RLIMIT_AS, &rl), 0);
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < ((rlim_t)512 << 20))
		cr_skip_test("address-space limit already low");
	rlim_t old = rl.rlim_cur;
	rl.rlim_cur = (rlim_t)512 << 20;
	cr_assert_eq(setrlimit(RLIMIT_AS, &rl), 0);
	size_t b = fk_spill_default_budget();
	rl.rlim_cur = old;
	cr_assert_eq(setrlimit(RLIMIT_AS, &rl), 0);
	cr_assert_leq(b, (size_t)256 << 20);
}
