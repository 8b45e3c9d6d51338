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
	int passes = 5;
	if (argc == 3) {
		char *end;
		long v = strtol(argv[2], &end, 10);
		if (*end || v < 1 || v > 1000) {
			fprintf(stderr, "perf_unwind_bench: passes must be 1 to 1000\n");
			return 2;
		}
		passes = (int)v;
	}
	struct ut_capture c;
	struct tally t = { .u = fk_unwinder_create() };
	long n = 0;
	unsigned long long first_frames = 0;
	double first = 0, later = 0;
	for (int p = 0; p < passes; p++) {
		/*
		 * Each pass reads the file afresh (so that the maps generations
		 * repeat and the sessions stay), decodes it once alone and once
		 * unwinding: the difference is the unwinding.
		 */
		if (ut_capture_load(&c, argv[1]) != 0)
			return 1;
		double a = now();
		if (ut_capture_each(&c, on_sample_nothing, NULL) < 0)
			return 1;
		double parse = now() - a;
		ut_capture_release(&c);
		if (ut_capture_load(&c, argv[1]) != 0)
			return 1;
		a = now();
		n = ut_capture_each(&c, on_sample, &t);
		double unwind = now() - a - parse;
		ut_capture_release(&c);
		if (p == 0) {
			first = unwind;
			first_frames = t.frames;
		} else {
			later += unwind;
		}
	}
	printf("%ld samples, %llu frames (%.1f per sample)\n", n, first_frames,
		n ? (double)first_frames / (double)n : 0.0);
	printf("first pass: %.3f s unwinding, %.0f samples/s\n", first, (double)n / first);
	if (passes > 1) {
		double each = later / (passes - 1);
		printf("later passes: %.3f s unwinding each, %.0f samples/s\n", each, (double)n / each);
	}
	struct fk_unwind_stats st;
	fk_unwinder_stats(t.u, &st);
	printf("over all passes: %llu sessions built, %llu kept across a maps change, "
		"%llu modules reported, %llu samples with the IP alone\n",
		(unsigned long long)st.sessions_built, (unsigned long long)st.sessions_kept,
		(unsigned long long)st.modules_reported, (unsigned long long)st.samples_ip_only);
	fk_unwinder_free(t.u);
	return 0;
}
