/*
 * perf_unwind_bench.c -- unwinding speed on a perf.data capture:
 * perf_unwind_bench FILE [PASSES].  The first pass builds the sessions
 * (files mapped, CFI parsed as frames reach them); the later passes reuse
 * them, as a long capture mostly does.  Prints samples, frames and
 * samples per second of CPU time (the machine may be shared) for both.
 * A benchmark tool, not a test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "collapse/perf_unwind.h"
#include "collapse/unwind_test_util.h"

struct tally {
	fk_unwinder *u;
	unsigned long long frames;
};

static void
on_sample(void *arg, const struct ut_sample *us)
{
	struct tally *t = arg;
	uint64_t ips[128];
	t->frames += fk_unwind_user(t->u, &us->s, ips, 128);
}

static void
on_sample_nothing(void *arg, const struct ut_sample *us)
{
	(void)arg;
	(void)us;
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: perf_unwind_bench file [passes]\n");
		return 2;
	}
	int passes = argc == 3 ? atoi(argv[2]) : 5;
	if (passes < 1)
		passes = 1;
	struct ut_capture c;
	if (ut_capture_load(&c, argv[1]) != 0)
		return 1;
	/* The decoding alone, to subtract: what remains is the unwinding. */
	double p0 = now();
	ut_capture_each(&c, on_sample_nothing, NULL);
	double parse = now() - p0;
	ut_capture_release(&c);
	if (ut_capture_load(&c, argv[1]) != 0)
		return 1;
	struct tally t = { .u = fk_unwinder_create() };
	double t0 = now();
	long n = ut_capture_each(&c, on_sample, &t);
	double t1 = now();
	if (n < 0)
		return 1;
	unsigned long long first_frames = t.frames;
	double later = 0;
	for (int p = 1; p < passes; p++) {
		/* Reloaded so that the maps generations repeat and the sessions stay. */
		ut_capture_release(&c);
		if (ut_capture_load(&c, argv[1]) != 0)
			return 1;
		double a = now();
		ut_capture_each(&c, on_sample, &t);
		later += now() - a;
	}
	printf("%ld samples, %llu frames (%.1f per sample)\n", n, first_frames,
		n ? (double)first_frames / (double)n : 0.0);
	printf("decoding the file alone: %.3f s (subtracted below)\n", parse);
	double first = t1 - t0 - parse;
	printf("first pass: %.3f s unwinding, %.0f samples/s\n", first, (double)n / first);
	if (passes > 1) {
		double each = later / (passes - 1) - parse;
		printf("later passes: %.3f s unwinding each, %.0f samples/s\n", each, (double)n / each);
	}
	struct fk_unwind_stats st;
	fk_unwinder_stats(t.u, &st);
	printf("over all passes: %llu sessions built, %llu kept across a maps change, "
		"%llu modules reported, %llu samples with the IP alone\n",
		(unsigned long long)st.sessions_built, (unsigned long long)st.sessions_kept,
		(unsigned long long)st.modules_reported, (unsigned long long)st.samples_ip_only);
	fk_unwinder_free(t.u);
	ut_capture_release(&c);
	return 0;
}
