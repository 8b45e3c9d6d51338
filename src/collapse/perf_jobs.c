/*
 * perf_jobs.c -- -j: one regular file folded by worker threads.
 *
 * The file is cut into chunks of a few MiB that start right after a blank
 * line, where the sequential parser holds no state but the event filter,
 * which is settled beforehand.  Workers (the main thread is one) take the
 * next chunk in file order until none is left, each folding into a parser
 * of its own: a thread that gets less CPU (a starved virtual CPU) simply
 * takes fewer chunks, and the run is never much slower than one thread.
 * Workers keep their first warnings, tagged with the chunk; after the join
 * the main thread reports them in file order and merges the stacks, so
 * that output, messages and counts are those of the sequential run.  A
 * run that goes wrong (an input cut short, a sum that overflows) is left
 * to the sequential parser, whose messages are the reference.  Workers do
 * not write to the error sink of the main thread (the sink is per thread,
 * core/error.h) or call the warning handler.
 */
#include "collapse/perf_internal.h"
#include "core/cpubusy.h"
#include "core/util.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
stats_add(struct fk_perf_stats *to, const struct fk_perf_stats *from)
{
	to->bytes += from->bytes;
	to->samples += from->samples;
	to->filtered += from->filtered;
	to->unrecognized += from->unrecognized;
	to->cut_short += from->cut_short;
	if (!to->other_event[0] && from->other_event[0])
		memcpy(to->other_event, from->other_event, sizeof(to->other_event));
}

/*
 * Chunks: small enough that the last one ends the run soon after the
 * others, large enough that taking one costs nothing to speak of.
 */
#define JOBS_CHUNK ((uint64_t)8 << 20)
#define JOBS_MAX_CHUNKS 65536u

/* What the workers share: the chunks, and which one is next. */
struct jobs {
	int fd;
	const char *name;
	unsigned nchunks;
	uint64_t *bounds;          /* chunk k is [bounds[k], bounds[k + 1]) */
	unsigned long *lines;      /* lines of each chunk, for the warnings' line numbers */
	atomic_uint next;
	atomic_int redo;           /* leave the file to the sequential parser */
};

struct worker {
	pthread_t thread;
	struct jobs *jobs;
	struct parser p;
	struct fk_perf_stats st;
	struct fk_perf_opts opt;
};

static void *
worker_run(void *arg)
{
	struct worker *w = arg;
	struct jobs *j = w->jobs;
	struct fk_reader *r = NULL;
	unsigned k;
	while (!atomic_load(&j->redo) && (k = atomic_fetch_add(&j->next, 1)) < j->nchunks) {
		if (!r) {
			r = fk_reader_new_range(j->fd, j->name, j->bounds[k], j->bounds[k + 1]);
			if (w->opt.compat_perl)
				fk_reader_keep_bom(r);
		} else {
			fk_reader_set_range(r, j->bounds[k], j->bounds[k + 1]);
		}
		w->p.file = fk_reader_name(r);
		w->p.chunk = k;
		int got = fk__perf_parser_read(&w->p, r, 0);
		j->lines[k] = fk_reader_lineno(r);
		w->st.bytes += fk_reader_offset(r);
		/* Chunks end after a blank line: only the file's last sample can be open here. */
		if (!w->opt.compat_perl)
			sample_end(&w->p);
		w->p.file = NULL;
		if (got < 0 || w->p.error)
			atomic_store(&j->redo, 1);
	}
	fk_reader_free(r);
	return NULL;
}

/* Offset just past the first blank line at or after off, or end. */
static uint64_t
next_sample_boundary(int fd, uint64_t off, uint64_t end)
{
	char buf[4096];   /* samples are short: the first read nearly always finds one */
	char prev = 0;
	while (off < end) {
		ssize_t n = pread(fd, buf, sizeof(buf), (off_t)off);
		if (n <= 0)
			return end;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n' && prev == '\n')
				return off + (uint64_t)i + 1;
			prev = buf[i];
		}
		off += (uint64_t)n;
	}
	return end;
}

/*
 * The event type the sequential parser would settle on: the first one seen,
 * copied into ev.  @return 1, or 0 when the input names none.
 */
static int
first_event(const struct fk_perf_opts *opt, int fd, const char *name, struct sbuf *ev)
{
	struct fk_perf_stats st;
	struct fk_perf_opts o = *opt;
	struct parser p;
	memset(&st, 0, sizeof(st));
	o.progress = NULL;
	o.nskip_after = 0;
	fk__perf_parser_init(&p, &o, &st);
	p.buffer_warnings = 1;
	struct fk_reader *r = fk_reader_new_range(fd, name, 0, UINT64_MAX);
	fk__perf_parser_read(&p, r, 1);
	int set = p.event_set;
	if (set)
		sbuf_add(ev, p.event.s ? p.event.s : "", p.event.n);
	fk_reader_free(r);
	fk__perf_parser_release(&p);
	return set;
}

static uint64_t
chunk_bytes(const struct fk_perf_opts *opt)
{
	return opt->job_chunk ? opt->job_chunk : JOBS_CHUNK;
}

/* The CPUs this process may run on; 0 when unknown. */
static int
cpu_count(void)
{
	cpu_set_t cpus;
	if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0)
		return CPU_COUNT(&cpus);
	return 0;
}

int
fk__perf_jobs_worth(const struct fk_perf_opts *opt, uint64_t size)
{
	int jobs = opt->jobs;
	int n = cpu_count();
	if (n >= 1 && jobs > n)
		jobs = n;
	uint64_t most = size / (2 * chunk_bytes(opt));
	if ((uint64_t)jobs > most)
		jobs = (int)(most ? most : 1);
	/*
	 * Where other work keeps the CPUs busy, a second thread is measured to
	 * slow the run down: it waits for a CPU, and the run waits for it.
	 */
	if (jobs > 1 && !opt->jobs_when_busy && fk_cpus_busy(cpu_count()))
		jobs = 1;
	return jobs;
}

/*
 * Nominal ends of the chunks of a file of size bytes, into ends (when not
 * NULL).  Chunks of the chunk size, except the last 3 * jobs, which shrink
 * to a half, a quarter and an eighth of it, jobs of each: a thread that
 * gets little CPU time near the end (a virtual CPU the host starves) then
 * keeps the others waiting for a small chunk only.  A file too small for
 * that is cut evenly, into at least jobs chunks.  @return how many.
 */
static size_t
chunk_ends(uint64_t size, uint64_t chunk, int jobs, uint64_t *ends)
{
	uint64_t tail = (uint64_t)jobs * (chunk / 2 + chunk / 4 + chunk / 8);
	if (chunk >= 8 && size >= 2 * tail) {
		uint64_t head = size - tail;
		uint64_t nhead = (head + chunk - 1) / chunk;
		if (nhead + 3 * (uint64_t)jobs <= JOBS_MAX_CHUNKS) {
			size_t n = 0;
			for (uint64_t k = 1; k <= nhead; k++, n++)
				if (ends)
					ends[n] = k == nhead ? head : head / nhead * k;
			uint64_t pos = head;
			for (int level = 1; level <= 3; level++)
				for (int t = 0; t < jobs; t++, n++) {
					pos += chunk >> level;
					if (ends)
						ends[n] = level == 3 && t == jobs - 1 ? size : pos;
				}
			return n;
		}
	}
	uint64_t want = (size + chunk - 1) / chunk;
	if (want < (uint64_t)jobs)
		want = (uint64_t)jobs;
	if (want > JOBS_MAX_CHUNKS)
		want = JOBS_MAX_CHUNKS;
	if (ends)
		for (uint64_t k = 1; k <= want; k++)
			ends[k - 1] = k == want ? size : size / want * k;
	return (size_t)want;
}

/* A worker's buffered warning, for sorting them into file order. */
struct warning_ref {
	unsigned chunk;
	unsigned long line;
	const char *msg;
};

static int
warning_cmp(const void *a, const void *b)
{
	const struct warning_ref *x = a, *y = b;
	if (x->chunk != y->chunk)
		return x->chunk < y->chunk ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/* Report the workers' warnings in file order, with the file's line numbers. */
static void
report_warnings(const struct jobs *j, const struct worker *w, int jobs)
{
	size_t n = 0;
	for (int k = 0; k < jobs; k++)
		n += w[k].p.nwarnings;
	if (n == 0)
		return;
	struct warning_ref *all = fk_xcalloc(n, sizeof(*all));
	n = 0;
	for (int k = 0; k < jobs; k++)
		for (unsigned i = 0; i < w[k].p.nwarnings; i++)
			all[n++] = (struct warning_ref){ w[k].p.warnings[i].chunk,
			    w[k].p.warnings[i].line, w[k].p.warnings[i].msg };
	qsort(all, n, sizeof(*all), warning_cmp);
	unsigned long base = 0;
	unsigned c = 0;
	for (size_t i = 0; i < n; i++) {
		while (c < all[i].chunk)
			base += j->lines[c++];
		fk_warn(fk_display_name(j->name), base + all[i].line, "%s", all[i].msg);
	}
	free(all);
}

/*
 * Parallel collapse of one regular file.  Output is identical to the
 * sequential run.  @return 0, -1 on a write error (recorded), or 1 when
 * the file is to be folded by the sequential parser instead (nothing was
 * written or reported).
 */
int
fk__perf_collapse_parallel(const struct fk_perf_opts *opt, const struct fk_input *in,
    uint64_t size, FILE *out, struct fk_perf_stats *stats)
{
	int jobs = opt->jobs;
	struct jobs j;
	struct sbuf ev = { NULL, 0, 0 };
	int rc = 0, ev_set = 1;

	/* Handed to the workers as bytes: a name may be long or hold a NUL. */
	if (opt->event_filter && *opt->event_filter)
		sbuf_adds(&ev, opt->event_filter);
	else
		ev_set = first_event(opt, in->fd, in->name, &ev);

	memset(&j, 0, sizeof(j));
	j.fd = in->fd;
	j.name = in->name;
	size_t want = chunk_ends(size, chunk_bytes(opt), jobs, NULL);
	uint64_t *ends = fk_xcalloc(want, sizeof(*ends));
	chunk_ends(size, chunk_bytes(opt), jobs, ends);
	j.bounds = fk_xcalloc(want + 1, sizeof(*j.bounds));
	j.lines = fk_xcalloc(want, sizeof(*j.lines));
	/* Chunk ends: a blank line at or after each nominal end; empty chunks are dropped. */
	unsigned nchunks = 0;
	for (size_t k = 0; k < want; k++) {
		uint64_t end = k + 1 == want ? size : next_sample_boundary(in->fd, ends[k], size);
		if (end > j.bounds[nchunks])
			j.bounds[++nchunks] = end;
	}
	free(ends);
	j.nchunks = nchunks;
	atomic_init(&j.next, 0);
	atomic_init(&j.redo, 0);

	struct worker *w = fk_xcalloc((size_t)jobs, sizeof(*w));
	for (int k = 0; k < jobs; k++) {
		w[k].jobs = &j;
		w[k].opt = *opt;
		w[k].opt.progress = NULL;
		w[k].opt.event_filter = NULL;
		fk__perf_parser_init(&w[k].p, &w[k].opt, &w[k].st);
		w[k].p.buffer_warnings = 1;
		if (ev_set) {
			sbuf_add(&w[k].p.event, ev.s ? ev.s : "", ev.n);
			w[k].p.event_set = 1;
		}
	}
	/* A thread that cannot be made leaves its share to the others. */
	for (int k = 1; k < jobs; k++)
		if (pthread_create(&w[k].thread, NULL, worker_run, &w[k]) != 0)
			w[k].thread = 0;
	worker_run(&w[0]);
	for (int k = 1; k < jobs; k++)
		if (w[k].thread)
			pthread_join(w[k].thread, NULL);

	if (atomic_load(&j.redo)) {
		rc = 1;
	} else {
		report_warnings(&j, w, jobs);
		struct fk_stack_table *t = fk_stack_table_new(1);
		for (int k = 0; k < jobs; k++) {
			stats_add(stats, &w[k].st);
			fk__perf_parser_emit(&w[k].p, t);
			if (w[k].p.error && rc == 0)
				rc = fk_error("%s", w[k].p.errmsg[0] ? w[k].p.errmsg : "cannot merge the stacks");
		}
		snprintf(stats->event, sizeof(stats->event), "%s", ev.s ? ev.s : "");
		if (rc == 0) {
			stats->stacks = fk_stack_table_size(t);
			rc = fk_stack_table_write(t, out, 1);
		}
		fk_stack_table_free(t);
	}
	free(ev.s);
	for (int k = 0; k < jobs; k++)
		fk__perf_parser_release(&w[k].p);
	free(w);
	free(j.bounds);
	free(j.lines);
	return rc;
}
