#include <criterion/criterion.h>
#include <sys/wait.h>
#include <zlib.h>

#include "collapse/collapse.h"
#include "core/error.h"
#include "core/test_util.h"

static enum fk_format
detect(const char *s)
{
	return fk_format_detect(s, strlen(s));
}

Test(collapse, detects_each_format)
{
	cr_assert_eq(detect("goroutine 1 [running]:\nmain.main()\n"), FK_FORMAT_GOROUTINE);
	cr_assert_eq(detect("\n\ngoroutine 1 [chan send, 3 minutes]:\n"), FK_FORMAT_GOROUTINE);
	cr_assert_eq(detect("panic: boom\n\ngoroutine 1 [running]:\n"), FK_FORMAT_GOROUTINE);
	cr_assert_eq(detect("SIGQUIT: quit\nPC=0x466740 m=0 sigcode=0\n\ngoroutine 0 [idle]:\n"),
	    FK_FORMAT_GOROUTINE);
	cr_assert_eq(detect("goroutine profile: total 14\n5 @ 0x1 0x2\n"), FK_FORMAT_GOROUTINE_COUNTS);
	cr_assert_eq(detect("PeriodType: cpu nanoseconds\nPeriod: 10000000\n"), FK_FORMAT_PPROF_RAW);
	cr_assert_eq(detect("Samples:\nsamples/count\n"), FK_FORMAT_PPROF_RAW);
}

/* Detection runs on the decompressed bytes: gzip no longer means pprof. */
Test(collapse, detects_gzipped_text_as_text)
{
	unsigned char buf[256];
	z_stream z;
	memset(&z, 0, sizeof(z));
	cr_assert_eq(deflateInit2(&z, 6, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY), Z_OK);
	const char *text = "goroutine 1 [running]:\nmain.main()\n";
	z.next_in = (unsigned char *)text;
	z.avail_in = (uInt)strlen(text);
	z.next_out = buf;
	z.avail_out = sizeof(buf);
	cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	size_t n = sizeof(buf) - z.avail_out;
	deflateEnd(&z);
	cr_assert_eq(fk_format_detect(buf, n), FK_FORMAT_GOROUTINE);
	/* Only the start of the stream is needed. */
	cr_assert_eq(fk_format_detect(buf, n - 10), FK_FORMAT_GOROUTINE);
	cr_assert_eq(fk_format_detect("\x1f\x8b\x08\x00", 4), FK_FORMAT_PERF);
}

Test(collapse, perf_when_unsure)
{
	cr_assert_eq(detect(""), FK_FORMAT_PERF);
	cr_assert_eq(detect("perf 1234 [000] 1.0: cycles:\n\tffff main (/bin/x)\n"), FK_FORMAT_PERF);
	/* A process called goroutine is still perf. */
	cr_assert_eq(detect("goroutine 1234 [003] 12345.678:     250000 cycles:u:\n"), FK_FORMAT_PERF);
	/* A crash preamble without any goroutine header. */
	cr_assert_eq(detect("panic: boom\nnothing else\n"), FK_FORMAT_PERF);
	cr_assert_eq(detect("# comment\ngoroutine 1 [running]:\n"), FK_FORMAT_PERF);
}

Test(collapse, format_names_round_trip)
{
	enum fk_format f;
	for (int i = FK_FORMAT_PERF; i <= FK_FORMAT_LAST; i++) {
		cr_assert_eq(fk_format_parse(fk_format_name((enum fk_format)i), &f), 0);
		cr_assert_eq(f, (enum fk_format)i);
	}
	cr_assert_eq(fk_format_parse("json", &f), -1);
	cr_assert_eq(fk_format_parse("xctrace", &f), 0);
	cr_assert_eq(f, FK_FORMAT_XCTRACE);
	cr_assert_null(fk_format_name(FK_FORMAT_AUTO));
}

static void
record(void *ctx, const char *input, enum fk_format f, int forced)
{
	(void)input;
	(void)forced;
	*(enum fk_format *)ctx = f;
}

Test(collapse, pipe_input_keeps_the_detected_prefix)
{
	/* Larger than the peek buffer, through a pipe that cannot be rewound. */
	size_t cap = 200000, n = 0;
	char *text = malloc(cap);
	for (int g = 1; n + 200 < cap; g++)
		n += (size_t)snprintf(text + n, cap - n,
		    "goroutine %d [select]:\nmain.wait(0x1)\n\t/x/m.go:%d +0x1\n\n", g, g % 3);
	int fd[2];
	cr_assert_eq(pipe(fd), 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		if (write(fd[1], text, n) != (ssize_t)n)
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	struct fk_input in = { .name = "-", .fd = fd[0] };
	enum fk_format seen = FK_FORMAT_AUTO;
	struct fk_collapse_opts o = { .go.lines = 1, .note = record, .note_ctx = &seen };
	struct fk_collapse_stats st;
	char *out;
	size_t len;
	int rc;
	TEST_CAPTURE(out, len, rc = fk_collapse(&o, &in, 1, test_out, &st));
	cr_assert_eq(rc, 0, "%s", fk_error_msg());
	cr_assert_eq(seen, FK_FORMAT_GOROUTINE);
	cr_assert_eq(st.format, FK_FORMAT_GOROUTINE);
	unsigned long a, b, c;
	cr_assert_eq(sscanf(out, "# unit: goroutines\nmain.wait:m.go:0 %lu\nmain.wait:m.go:1 %lu\nmain.wait:m.go:2 %lu\n",
	    &a, &b, &c), 3, "%.*s", (int)len, out);
	cr_assert_eq(a + b + c, st.go.goroutines);
	cr_assert_gt(st.go.goroutines, 3000);
	close(fd[0]);
	waitpid(pid, NULL, 0);
	free(out);
	free(text);
}

Test(collapse, refuses_mixed_formats)
{
	int a = test_fd_with("goroutine 1 [running]:\nmain.main()\n\t/m.go:1 +0x1\n", 46);
	int b = test_fd_with("perf 1 [000] 1.0: cycles:\n\t1 main (/bin/x)\n\n", 44);
	struct fk_input in[2] = { { .name = "a.txt", .fd = a }, { .name = "b.txt", .fd = b } };
	struct fk_collapse_opts o = { .perf.jobs = 1 };
	FILE *out = fopen("/dev/null", "w");
	fk_error_clear();
	cr_assert_eq(fk_collapse(&o, in, 2, out, NULL), -1);
	cr_assert(strstr(fk_error_msg(), "cannot fold perf input 'b.txt' together with goroutine input 'a.txt'"),
	    "%s", fk_error_msg());
	fk_error_clear();
	fclose(out);
	close(a);
	close(b);
}

Test(collapse, names_the_options_the_format_cannot_use)
{
	const char *names[8];
	char *keys[] = { "worker" };
	struct fk_collapse_opts o = { .go = { .state = 1 } };
	cr_assert_eq(fk_collapse_idle_options(&o, FK_FORMAT_GOROUTINE, names, 8), 0);
	cr_assert_eq(fk_collapse_idle_options(&o, FK_FORMAT_GOROUTINE_COUNTS, names, 8), 1);
	cr_assert_str_eq(names[0], "go-state");
	o.go.wait = 1;   /* --go-wait sets both: named once, as --go-wait */
	cr_assert_eq(fk_collapse_idle_options(&o, FK_FORMAT_PPROF, names, 8), 1);
	cr_assert_str_eq(names[0], "go-wait");
	struct fk_collapse_opts l = { .pprof = { .labels = keys, .nlabels = 1 } };
	cr_assert_eq(fk_collapse_idle_options(&l, FK_FORMAT_PPROF, names, 8), 0);
	cr_assert_eq(fk_collapse_idle_options(&l, FK_FORMAT_GOROUTINE_COUNTS, names, 8), 0);
	cr_assert_eq(fk_collapse_idle_options(&l, FK_FORMAT_GOROUTINE, names, 8), 1);
	cr_assert_str_eq(names[0], "label");
	struct fk_collapse_opts ln = { .go = { .lines = 1 } };
	cr_assert_eq(fk_collapse_idle_options(&ln, FK_FORMAT_PPROF, names, 8), 0);
	cr_assert_eq(fk_collapse_idle_options(&ln, FK_FORMAT_PPROF_RAW, names, 8), 1);
	cr_assert_str_eq(names[0], "lines");
	/* Empty inputs only: no format to judge by. */
	cr_assert_eq(fk_collapse_idle_options(&l, FK_FORMAT_AUTO, names, 8), 0);
}
