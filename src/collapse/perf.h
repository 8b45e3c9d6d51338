/*
 * perf.h -- collapse `perf script` text into folded stacks.
 *
 * The job of stackcollapse-perf.pl.  With compat_perl set the output is
 * byte-identical to that script; without it a few plain mistakes of the
 * script are fixed (see flame-collapse(1), "DIFFERENCES FROM THE PERL
 * TOOL").
 */
#ifndef FK_PERF_H
#define FK_PERF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/reader.h"

typedef void fk_perf_progress_fn(void *ctx, uint64_t bytes, uint64_t samples, int done);

struct fk_perf_opts {
	int include_pid;        /* root frame "comm-PID" */
	int include_tid;        /* root frame "comm-PID/TID" */
	int annotate_kernel;    /* _[k] on kernel frames */
	int annotate_jit;       /* _[j] on frames from /tmp/perf-PID.map */
	int include_addrs;      /* "[module <pc>]" for unnamed frames */
	/*
	 * 1: unnamed frames of a module file as "[module]'/path/module+0xADDR@BUILDID'"
	 * (perf's name, then module, address and build-id when the file has one);
	 * 2 (all): every frame of a module file so; 3 (raw): unnamed frames as
	 * "/path/module+0xADDR" (flame-symbolize(1)).
	 */
	int keep_addrs;
	int read_buildids;      /* keep_addrs 1, 2: read each module file's build-id */
	int inline_frames;      /* --inline: expand inline chains (symbolize.h) */
	int context;            /* --context: with --inline, ":file:line" on each */
	int srcline;            /* input from perf script -F+srcline */
	int compat_perl;        /* reproduce stackcollapse-perf.pl exactly */
	const char *event_filter;      /* NULL: the first event type seen */
	char *const *skip_after;       /* drop frames above these functions */
	size_t nskip_after;
	int jobs;                      /* worker threads (1: none) */
	/*
	 * With jobs > 1: the bytes a thread folds at a time (0: 8 MiB).  A
	 * thread is started only for every two chunks of input.
	 */
	uint64_t job_chunk;
	/*
	 * With jobs > 1: start the threads even when other tasks keep the
	 * CPUs busy (tests); otherwise one thread folds the input then.
	 */
	int jobs_when_busy;
	const char *kallsyms;          /* perf.data: kernel symbols from here (NULL: as perf finds them) */
	fk_perf_progress_fn *progress; /* may be NULL */
	void *progress_ctx;
};

struct fk_perf_stats {
	uint64_t bytes;          /* input bytes read */
	uint64_t samples;        /* samples counted */
	uint64_t filtered;       /* samples of other event types, dropped */
	uint64_t unrecognized;   /* lines that were not understood */
	uint64_t cut_short;      /* inputs not read to the end (a read error, a line too long) */
	uint64_t stacks;         /* distinct output stacks */
	uint64_t data_bad;       /* perf.data records not understood (reported) */
	/*
	 * perf.data inputs: lines for -v (events, samples per event, lost
	 * samples, modules without symbols), malloc'd; NULL when none.
	 */
	char *notes;
	char event[128];         /* event type kept ("" when none was named) */
	char other_event[128];   /* first event type dropped */
};

/* Free what fk_perf_collapse() put in st (the notes). */
void fk_perf_stats_release(struct fk_perf_stats *st);

/*
 * Read every input (as one stream, like the Perl script reading its
 * arguments; each input's prefix first; a perf.data input is folded
 * directly, perf_data_fold.c) and write the folded stacks,
 * sorted, to out.  Lines that are not understood are reported with
 * fk_warn(file, line) and skipped.  With opt->jobs > 1 (and not srcline),
 * a single input that is a regular file read from its start (no prefix)
 * is folded by up to that many threads, with the same output: no more
 * threads than the CPUs the process may run on, and one for every two
 * chunks (opt->job_chunk) of the file, and only while the CPUs are not
 * busy with other work (core/cpubusy.h; opt->jobs_when_busy overrides);
 * threads take chunks in turn, so that one that gets little CPU time
 * slows the run down little.
 * @return 0, or -1 (recorded) on a read or write error.
 */
int fk_perf_collapse(const struct fk_perf_opts *opt, const struct fk_input *in,
    size_t nin, FILE *out, struct fk_perf_stats *stats);

#endif
