#include <criterion/criterion.h>

#include "core/error.h"
#include "collapse/goroutine.h"
#include "core/test_util.h"

static const char dump2[] =
    "goroutine 1 [running]:\n"
    "main.main()\n"
    "\t/src/main.go:10 +0x1d\n"
    "\n"
    "goroutine 7 [chan send, 12 minutes]:\n"
    "main.leak(0xc000012345, {0x1, 0x2})\n"
    "\t/src/leak.go:20 +0x25\n"
    "created by main.main in goroutine 1\n"
    "\t/src/main.go:9 +0x30\n"
    "\n"
    "goroutine 8 [chan send, 75 minutes, locked to thread]:\n"
    "main.helper(...)\n"
    "\t/src/leak.go:30\n"
    "main.leak(0x0?, 0x0?)\n"
    "\t/src/leak.go:20 +0x25\n"
    "created by main.main\n"
    "\t/src/main.go:9 +0x30\n";

/* The last warning, "FILE:LINE: message". */
static char warned[512];

static void
keep_warning(void *ctx, const char *file, unsigned long line, const char *msg)
{
	(void)ctx;
	snprintf(warned, sizeof warned, "%s:%lu: %s", file ? file : "", line, msg);
}

/* Fold text with fn and options; return the sorted output (caller frees) or NULL on error. */
static char *
fold(int counts, const char *text, size_t n, struct fk_go_opts opt, struct fk_go_stats *st)
{
	int fd = test_fd_with(text, n);
	struct fk_reader *r = fk_reader_new(fd, "dump.txt");
	warned[0] = '\0';
	fk_warn_set_handler(keep_warning, NULL);
	struct fk_stack_table *t = fk_stack_table_new(1);
	struct fk_go_stats local = { 0 };
	int rc = counts ? fk_goroutine_counts_collapse(&opt, r, t, st ? st : &local)
	    : fk_goroutine_collapse(&opt, r, t, st ? st : &local);
	char *out = NULL;
	size_t len;
	if (rc == 0)
		TEST_CAPTURE(out, len, fk_stack_table_write(t, test_out, 1));
	(void)len;
	fk_stack_table_free(t);
	fk_reader_free(r);
	close(fd);
	return out;
}

Test(goroutine, folds_root_first_with_creator)
{
	struct fk_go_stats st = { 0 };
	char *out = fold(0, dump2, sizeof(dump2) - 1, (struct fk_go_opts){ 0 }, &st);
	cr_assert_not_null(out, "%s", fk_error_msg());
	cr_assert_str_eq(out,
	    "created by main.main;main.leak 1\n"
	    "created by main.main;main.leak;main.helper_[i] 1\n"
	    "main.main 1\n");
	cr_assert_eq(st.goroutines, 3);
	free(out);
}

Test(goroutine, state_wait_buckets_lines_and_no_creator)
{
	struct fk_go_opts o = { .state = 1, .wait = 1, .no_creator = 1, .lines = 1 };
	char *out = fold(0, dump2, sizeof(dump2) - 1, o, NULL);
	cr_assert_not_null(out);
	cr_assert_str_eq(out,
	    "[chan send, >10m];main.leak:leak.go:20 1\n"
	    "[chan send, >1h];main.leak:leak.go:20;main.helper:leak.go:30_[i] 1\n"
	    "[running];main.main:main.go:10 1\n");
	free(out);
}

Test(goroutine, state_without_wait_drops_minutes)
{
	struct fk_go_opts o = { .state = 1 };
	char *out = fold(0, dump2, sizeof(dump2) - 1, o, NULL);
	cr_assert_not_null(out);
	cr_assert(strstr(out, "[chan send];created by main.main;main.leak 1\n"), "%s", out);
	free(out);
}

Test(goroutine, header_parser)
{
	const char *s;
	size_t n;
	const char *h = "goroutine 6 gp=0xc000007c00 m=nil [select (no cases)]:";
	cr_assert_eq(fk_goroutine_header(h, strlen(h), &s, &n), 1);
	cr_assert_eq(n, strlen("select (no cases)"));
	cr_assert_eq(strncmp(s, "select (no cases)", n), 0);
	h = "goroutine 1234 [003] 12345.678: cycles:";   /* a perf sample of a process "goroutine" */
	cr_assert_eq(fk_goroutine_header(h, strlen(h), &s, &n), 0);
	h = "goroutine profile: total 5";
	cr_assert_eq(fk_goroutine_header(h, strlen(h), &s, &n), 0);
}

Test(goroutine, cut_mid_stack_leaves_out_the_last_goroutine_only)
{
	/* A function line whose source line is missing, after a whole goroutine. */
	static const char cut[] = "goroutine 1 [running]:\nmain.main()\n\t/x/m.go:3 +0x1\n\n"
	    "goroutine 7 [chan send]:\nmain.leak(0x1)\n";
	char *out = fold(0, cut, sizeof(cut) - 1, (struct fk_go_opts){ 0 }, NULL);
	cr_assert_not_null(out, "%s", fk_error_msg());
	cr_assert_str_eq(out, "main.main 1\n");
	free(out);
	cr_assert(strstr(warned, "dump.txt:6: dump cut off"), "%s", warned);
	cr_assert(strstr(warned, "goroutine 7"), "%s", warned);
	/* The last line has no newline and stops short of its offset: cut inside it. */
	out = fold(0, dump2, sizeof(dump2) - 5, (struct fk_go_opts){ 0 }, NULL);
	cr_assert_not_null(out);
	cr_assert(strstr(warned, "goroutine 8"), "%s", warned);
	cr_assert_null(strstr(out, "main.helper"), "%s", out);   /* goroutine 8's */
	cr_assert(strstr(out, "main.leak 1"), "%s", out);        /* goroutine 7 stays */
	free(out);
	/* Only the final newline is missing: nothing is cut. */
	out = fold(0, dump2, sizeof(dump2) - 2, (struct fk_go_opts){ 0 }, NULL);
	cr_assert_not_null(out);
	cr_assert_str_eq(warned, "");
	cr_assert(strstr(out, "main.helper"), "%s", out);
	free(out);
	/* A header and nothing else. */
	out = fold(0, "goroutine 9 [select]:\n", 22, (struct fk_go_opts){ 0 }, NULL);
	cr_assert_not_null(out);
	cr_assert_str_eq(out, "");
	cr_assert(strstr(warned, "goroutine 9"), "%s", warned);
	free(out);
}

Test(goroutine, ignores_text_around_a_crash)
{
	static const char crash[] =
	    "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/m.go:3 +0x1\nexit status 2\n";
	char *out = fold(0, crash, sizeof(crash) - 1, (struct fk_go_opts){ 0 }, NULL);
	cr_assert_not_null(out, "%s", fk_error_msg());
	cr_assert_str_eq(out, "main.main 1\n");
	free(out);
}

static const char dump1[] =
    "goroutine profile: total 7\n"
    "5 @ 0x437e36 0x40560c 0x4c0bc5 0x464621\n"
    "#\t0x4c0bc4\tmain.leakSend+0x24\t/src/main.go:18\n"
    "#\t0x4c0bc0\tmain.main.func1+0x10\t/src/main.go:40\n"
    "\n"
    "2 @ 0x437e36 0x4c0c48 0x464621\n"
    "# labels: {\"worker\":\"hot\"}\n"
    "#\t0x4c0c47\tmain.leakSelect+0x47\t/src/main.go:23\n";

Test(goroutine, counts_from_group_headers)
{
	struct fk_go_stats st = { 0 };
	char *out = fold(1, dump1, sizeof(dump1) - 1, (struct fk_go_opts){ .lines = 1 }, &st);
	cr_assert_not_null(out, "%s", fk_error_msg());
	cr_assert_str_eq(out,
	    "main.leakSelect:main.go:23 2\n"
	    "main.main.func1:main.go:40;main.leakSend:main.go:18 5\n");
	cr_assert_eq(st.goroutines, 7);
	cr_assert_eq(st.stacks, 2);
	free(out);
}

Test(goroutine, counts_cut_off_is_left_out_with_a_warning)
{
	static const char cut[] = "goroutine profile: total 7\n5 @ 0x437e36 0x40560c\n";
	char *out = fold(1, cut, sizeof(cut) - 1, (struct fk_go_opts){ 0 }, NULL);
	cr_assert_not_null(out, "%s", fk_error_msg());
	cr_assert_str_eq(out, "");
	cr_assert(strstr(warned, "cut off"), "%s", warned);
	free(out);
}

Test(goroutine, unavailable_stack_counts_without_frames)
{
	static const char d[] =
	    "goroutine 1 [running]:\nmain.main()\n\t/m.go:1 +0x1\n\n"
	    "goroutine 2 [running]:\n\tgoroutine running on other thread; stack unavailable\n";
	char *out = fold(0, d, sizeof(d) - 1, (struct fk_go_opts){ .state = 1 }, NULL);
	cr_assert_not_null(out, "%s", fk_error_msg());
	cr_assert_str_eq(out, "[running];[no stack] 1\n[running];main.main 1\n");
	free(out);
}

Test(goroutine, counts_labels_as_root_frames)
{
	static const char d[] =
	    "goroutine profile: total 4\n"
	    "3 @ 0x1 0x2\n"
	    "# labels: {\"route\":\"/a \\\"b\\\"\", \"worker\":\"hot\"}\n"
	    "#\t0x1\tmain.serve+0x1\t/m.go:1\n"
	    "\n"
	    "1 @ 0x1 0x2\n"
	    "#\t0x1\tmain.serve+0x1\t/m.go:1\n";
	char *keys[] = { "worker", "route" };
	struct fk_go_opts o = { .labels = keys, .nlabels = 2 };
	char *out = fold(1, d, sizeof(d) - 1, o, NULL);
	cr_assert_not_null(out, "%s", fk_error_msg());
	cr_assert_str_eq(out,
	    "[no worker];[no route];main.serve 1\n"
	    "[worker=hot];[route=/a \"b\"];main.serve 3\n");
	free(out);
}

Test(goroutine, strips_arguments_of_generic_and_method_frames)
{
	static const char d[] =
	    "goroutine 3 [chan receive]:\n"
	    "main.(*Pool[...]).get(0xc000010000, {0x1, 0x2})\n\t/p.go:9 +0x1\n"
	    "main.Map[go.shape.int,go.shape.string](...)\n\t/p.go:4\n"
	    "main.main.func1()\n\t/m.go:3 +0x2\n"
	    "...additional frames elided...\n"
	    "created by main.main in goroutine 1\n\t/m.go:2 +0x3\n";
	char *out = fold(0, d, sizeof(d) - 1, (struct fk_go_opts){ 0 }, NULL);
	cr_assert_not_null(out, "%s", fk_error_msg());
	cr_assert_str_eq(out, "created by main.main;main.main.func1;"
	    "main.Map[go.shape.int,go.shape.string]_[i];main.(*Pool[...]).get 1\n");
	free(out);
}

Test(goroutine, entry_frame_without_offset_is_not_inlined)
{
	/* A just-created goroutine sits at its function's entry: no "+0x". */
	static const char d[] =
	    "goroutine 21 [runnable]:\n"
	    "main.startRead.func2()\n\t/c.go:300\n"
	    "created by main.startRead in goroutine 1\n\t/c.go:298 +0x1a5\n\n"
	    "goroutine 22 [chan send]:\n"
	    "main.send(...)\n\t/c.go:40\n"
	    "main.worker(0x1)\n\t/c.go:50 +0x25\n";
	char *out = fold(0, d, sizeof(d) - 1, (struct fk_go_opts){ .lines = 1 }, NULL);
	cr_assert_not_null(out, "%s", fk_error_msg());
	cr_assert_str_eq(out,
	    "created by main.startRead:c.go:298;main.startRead.func2:c.go:300 1\n"
	    "main.worker:c.go:50;main.send:c.go:40_[i] 1\n");
	free(out);
}

/* Is s[0..n) a source line that got as far as its offset, "\t... +0x1d"? */
static int
ends_in_offset(const char *s, size_t n)
{
	size_t k = n;
	while (k > 0 && strchr("0123456789abcdef", s[k - 1]) && s[k - 1] != '\0')
		k--;
	return s[0] == '\t' && k < n && k >= 4 && memcmp(s + k - 4, " +0x", 4) == 0;
}

Test(goroutine, every_cut_leaves_out_the_cut_goroutine)
{
	static const char d[] =
	    "SIGQUIT: quit\nPC=0x466740 m=0 sigcode=0\n\n"
	    "goroutine 1 [running]:\nmain.main()\n\t/src/main.go:10 +0x1d fp=0xc0 sp=0xc1 pc=0x43\n\n"
	    "goroutine 7 [sleep]:\ntime.Sleep(0x3b9aca00)\n\t/go/time.go:195 +0x135\n"
	    "main.nap(...)\n\t/src/nap.go:5\n"
	    "main.worker(0x0?)\n\t/src/nap.go:9 +0x25\n"
	    "created by main.main in goroutine 1\n\t/src/main.go:9 +0x30\n\n"
	    "goroutine 8 [running]:\n\tgoroutine running on other thread; stack unavailable\n\n"
	    "goroutine 9 [runnable]:\nmain.fresh()\n\t/src/main.go:30\n"
	    "created by main.main in goroutine 1\n\t/src/main.go:12 +0x44\n";
	size_t n = sizeof(d) - 1;
	for (size_t k = 0; k <= n; k++) {
		/*
		 * What is cut is known without the parser: at a goroutine boundary
		 * (after a blank line) nothing is; inside a line, or after a header,
		 * function or "created by" line, the goroutine being read is, and the
		 * expected output is the prefix up to the last blank line. A cut at
		 * the end of a source line looks like the end of a dump: it counts.
		 */
		size_t ls = k;
		while (ls > 0 && d[ls - 1] != '\n')
			ls--;
		int safe;
		if (ls == k) {
			size_t ps = k ? k - 1 : 0;
			while (ps > 0 && d[ps - 1] != '\n')
				ps--;
			safe = k == 0 || ps == k - 1 || d[ps] == '\t';
		} else {
			safe = ends_in_offset(d + ls, k - ls);
		}
		size_t s = k;
		if (!safe)
			while (s > 0 && !(s >= 2 && d[s - 1] == '\n' && d[s - 2] == '\n'))
				s--;
		char *want = fold(0, d, s, (struct fk_go_opts){ .state = 1 }, NULL);
		cr_assert_not_null(want);
		char *got = fold(0, d, k, (struct fk_go_opts){ .state = 1 }, NULL);
		cr_assert_not_null(got, "cut at %zu: %s", k, fk_error_msg());
		cr_assert_str_eq(got, want, "cut at %zu (\"%.*s\"): got\n%s\nwant\n%s", k,
		    (int)(k - ls), d + ls, got, want);
		/* A warning whenever a goroutine was begun (its header read whole). */
		if (!safe && strncmp(d + s, "goroutine ", 10) == 0 && memchr(d + s, '\n', k - s))
			cr_assert(strstr(warned, "cut off"), "cut at %zu: no warning", k);
		free(want);
		free(got);
	}
}

Test(goroutine, every_cut_of_a_debug1_dump_leaves_out_the_cut_group)
{
	size_t n = sizeof(dump1) - 1;
	for (size_t k = 0; k <= n; k++) {
		/*
		 * Safe: at the start, or after a whole frame line or a blank line
		 * (which look like a dump's end); anywhere else the group being read
		 * is cut and the expected output is the prefix up to the last blank line.
		 */
		size_t ps = k ? k - 1 : 0;
		while (ps > 0 && dump1[ps - 1] != '\n')
			ps--;
		int safe = k == 0 || (dump1[k - 1] == '\n' &&
		    (ps == k - 1 || (dump1[ps] == '#' && dump1[ps + 1] == '\t')));
		size_t s = k;
		if (!safe)
			while (s > 0 && !(s >= 2 && dump1[s - 1] == '\n' && dump1[s - 2] == '\n'))
				s--;
		char *want = fold(1, dump1, s, (struct fk_go_opts){ 0 }, NULL);
		cr_assert_not_null(want);
		char *got = fold(1, dump1, k, (struct fk_go_opts){ 0 }, NULL);
		cr_assert_not_null(got, "cut at %zu: %s", k, fk_error_msg());
		cr_assert_str_eq(got, want, "cut at %zu: got\n%s\nwant\n%s", k, got, want);
		free(want);
		free(got);
	}
}
