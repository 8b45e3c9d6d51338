#include <criterion/criterion.h>

#include "collapse/perf.h"
#include "collapse/perf_internal.h"
#include "core/error.h"
#include "core/test_util.h"

/*
 * -j folds one regular file in chunks that the threads take in turn:
 * output, warnings (text, lines, order), stats and the error sink must be
 * what one thread gives.  The tests cut their 13 MiB into chunks of 1 MiB
 * (opt.job_chunk), so that each thread folds several.
 */

/* Warnings as "file:line: msg\n" lines, in the order they came. */
struct warnings {
	char *text;
	size_t len;
	FILE *f;
};

static void
record(void *ctx, const char *file, unsigned long line, const char *msg)
{
	struct warnings *w = ctx;
	fprintf(w->f, "%s:%lu: %s\n", file ? file : "", line, msg);
}

struct result {
	char *out;
	size_t outlen;
	struct warnings warn;
	struct fk_perf_stats st;
	int rc;
	char err[256];
};

static void
run(const char *text, size_t n, struct fk_perf_opts o, int jobs, struct result *res)
{
	int fd = test_fd_with(text, n);
	struct fk_input in = { .name = "big.perf.txt", .fd = fd };
	memset(res, 0, sizeof(*res));
	res->warn.f = open_memstream(&res->warn.text, &res->warn.len);
	fk_warn_set_handler(record, &res->warn);
	fk_error_clear();
	o.jobs = jobs;
	/* The threads run however busy the machine is: they are what is tested. */
	o.jobs_when_busy = 1;
	if (!o.job_chunk)
		o.job_chunk = 1u << 20;
	TEST_CAPTURE(res->out, res->outlen, res->rc = fk_perf_collapse(&o, &in, 1, test_out, &res->st));
	snprintf(res->err, sizeof(res->err), "%s", fk_error_msg());
	fk_error_clear();
	fk_warn_set_handler(NULL, NULL);
	fclose(res->warn.f);
	close(fd);
}

static void
result_free(struct result *r)
{
	free(r->out);
	free(r->warn.text);
}

static void
expect_same(const struct result *a, const struct result *b, int jobs)
{
	cr_assert_eq(a->rc, b->rc, "-j%d", jobs);
	cr_assert_str_eq(a->err, b->err, "-j%d", jobs);
	cr_assert_eq(a->outlen, b->outlen, "-j%d", jobs);
	cr_assert(memcmp(a->out, b->out, a->outlen) == 0, "-j%d: output differs", jobs);
	cr_assert_str_eq(a->warn.text, b->warn.text, "-j%d", jobs);
	cr_assert(memcmp(&a->st, &b->st, sizeof(a->st)) == 0, "-j%d: stats differ", jobs);
}

/* Over 13 MiB of samples, with the odd line to warn about (fewer than 16). */
static char *
big_input(size_t *n, int long_lines)
{
	size_t cap = 15u << 20, len = 0;
	char *s = malloc(cap);
	cr_assert_not_null(s);
	for (unsigned i = 0; len < (13u << 20) + 4096; i++) {
		const char *comm = i % 5 == 0 ? "java" : i % 3 ? "prog" : "other prog";
		const char *ev = i % 997 == 500 ? "cycles" : "cpu-clock";
		if (i % 9001 == 4000)
			len += (size_t)sprintf(s + len, "%s %u/%u [000] %u.%06u: 1x %s: \n", comm, 100 + i % 7,
			    200 + i % 11, 1000 + i / 1000, i % 1000000, ev);
		else
			len += (size_t)sprintf(s + len, "%s %u/%u [000] %u.%06u: %u %s: \n", comm, 100 + i % 7,
			    200 + i % 11, 1000 + i / 1000, i % 1000000, 1 + i % 13, ev);
		unsigned depth = 1 + i % 6;
		for (unsigned k = 0; k < depth; k++)
			len += (size_t)sprintf(s + len, "\t%16x f%u_%u+0x%x (/usr/lib/lib%u.so)\n",
			    i * 16 + k, (i * 7 + k) % 211, k, i % 31, k);
		if (i % 7001 == 3500)
			len += (size_t)sprintf(s + len, "\tnot a frame line %u\n", i);
		if (long_lines && (i == 12000 || i == 36000)) {
			s[len++] = '\t';
			memset(s + len, 'x', 6000);
			len += 6000;
			s[len++] = '\n';
		}
		len += (size_t)sprintf(s + len, "\t      4005f0 main+0x20 (/bin/prog)\n\n");
	}
	*n = len;
	return s;
}

Test(perf_jobs, same_as_one_thread)
{
	size_t n;
	char *text = big_input(&n, 0);
	struct fk_perf_opts opts[] = {
		{ .jobs = 1 },
		{ .jobs = 1, .include_tid = 1, .annotate_jit = 1 },
		{ .jobs = 1, .compat_perl = 1 },
		{ .jobs = 1, .event_filter = "cycles" },
	};
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		struct result one, many;
		run(text, n, opts[i], 1, &one);
		cr_assert_eq(one.rc, 0, "%s", one.err);
		cr_assert_gt(one.st.samples, 10);
		for (int jobs = 2; jobs <= 3; jobs++) {
			run(text, n, opts[i], jobs, &many);
			expect_same(&one, &many, jobs);
			result_free(&many);
		}
		if (i == 0) {
			/* Every chunk warns; samples of the second event are dropped. */
			cr_assert_gt(one.st.filtered, 0);
			cr_assert_gt(one.st.unrecognized, 3);
			cr_assert(strstr(one.warn.text, "is not a whole number"), "%s", one.warn.text);
			cr_assert(strstr(one.warn.text, "unrecognized line"), "%s", one.warn.text);
		}
		result_free(&one);
	}
	free(text);
}

/*
 * Lines too long in two chunks: each worker's reader records the error on
 * its thread and the worker clears it; the file counts up to the first
 * one, as when read in one go.
 */
Test(perf_jobs, cut_short_in_two_chunks)
{
	size_t n;
	char *text = big_input(&n, 1);
	struct fk_perf_opts o = { .jobs = 1 };
	struct result one, many;
	fk_reader_set_default_max_line(5000);
	run(text, n, o, 1, &one);
	run(text, n, o, 2, &many);
	fk_reader_set_default_max_line(0);
	cr_assert_eq(one.rc, 0, "%s", one.err);
	cr_assert_eq(one.st.cut_short, 1);
	cr_assert_str_eq(one.err, "");
	cr_assert(strstr(one.warn.text, "line longer than 5000 bytes; the rest of this input is skipped"),
	    "%s", one.warn.text);
	expect_same(&one, &many, 2);
	result_free(&one);
	result_free(&many);
	free(text);
}

/* Threads only where they pay: one per two chunks of input, no more than the CPUs. */
Test(perf_jobs, threads_only_where_they_pay)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct fk_perf_opts o = { .jobs = 256, .job_chunk = 1u << 20, .jobs_when_busy = 1 };
	cr_assert_eq(fk__perf_jobs_worth(&o, 0), 1);
	cr_assert_eq(fk__perf_jobs_worth(&o, (3u << 20) / 2), 1);
	cr_assert_leq(fk__perf_jobs_worth(&o, 5u << 20), 2);
	int many = fk__perf_jobs_worth(&o, (uint64_t)1 << 40);
	cr_assert_geq(many, 1);
	cr_assert_leq(many, cpus > 0 ? cpus : 256);
	o.jobs = 2;
	cr_assert_leq(fk__perf_jobs_worth(&o, (uint64_t)1 << 40), 2);
	/* The default chunk is 8 MiB: a 12 MiB file is folded by one thread. */
	o.job_chunk = 0;
	cr_assert_eq(fk__perf_jobs_worth(&o, 12u << 20), 1);
}
