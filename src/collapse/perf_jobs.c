/*
 * perf_jobs.c -- -j: one regular file folded by worker threads.
 *
 * The file is cut into chunks that start right after a blank line, where
 * the sequential parser holds no state but the event filter, which is
 * settled beforehand.  Each worker folds its chunk with a parser of its
 * own and keeps its warnings; after the join the main thread reports them
 * in file order and merges the stacks, so that output, messages and counts
 * are those of the sequential run.  Workers do not write to the error sink
 * of the main thread (the sink is per thread, core/error.h) or call the
 * warning handler.
 */
#include "collapse/perf_internal.h"
#include "core/util.h"

#include <pthread.h>
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

struct worker {
	pthread_t thread;
	struct parser p;
	struct fk_perf_stats st;
	struct fk_perf_opts opt;
	int fd;
	const char *name;
	uint64_t start, end;
	unsigned long lines;
	int rc;
};

static void *
worker_run(void *arg)
{
	struct worker *w = arg;
	struct fk_reader *r = fk_reader_new_range(w->fd, w->name, w->start, w->end);
	if (w->opt.compat_perl)
		fk_reader_keep_bom(r);

	w->p.file = fk_reader_name(r);
	int got = fk__perf_parser_read(&w->p, r, 0);
	w->lines = fk_reader_lineno(r);
	w->st.bytes += fk_reader_offset(r);
	if (got < 0)
		fk__perf_input_cut_short(&w->p, r);   /* before the last sample ends: it may be cut */
	fk__perf_batch_flush(&w->p);
	if (!w->opt.compat_perl)
		sample_end(&w->p);
	w->p.file = NULL;
	fk_reader_free(r);
	return NULL;
}

/* Offset just past the first blank line at or after off, or end. */
static uint64_t
next_sample_boundary(int fd, uint64_t off, uint64_t end)
{
	char buf[65536];
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

/*
 * Parallel collapse of one regular file: chunks start right after a blank
 * line, where the sequential parser holds no state but the event filter,
 * which is settled beforehand.  Output is identical to the sequential run.
 */
int
fk__perf_collapse_parallel(const struct fk_perf_opts *opt, const struct fk_input *in,
    uint64_t size, FILE *out, struct fk_perf_stats *stats)
{
	int jobs = opt->jobs;
	struct worker *w = fk_xcalloc((size_t)jobs, sizeof(*w));
	struct sbuf ev = { NULL, 0, 0 };
	int rc = 0, ev_set = 1;

	/* Handed to the workers as bytes: a name may be long or hold a NUL. */
	if (opt->event_filter && *opt->event_filter)
		sbuf_adds(&ev, opt->event_filter);
	else
		ev_set = first_event(opt, in->fd, in->name, &ev);
	uint64_t start = 0;
	for (int k = 0; k < jobs; k++) {
		uint64_t end = k == jobs - 1 ? size
		    : next_sample_boundary(in->fd, size / (uint64_t)jobs * (uint64_t)(k + 1), size);
		if (end < start)
			end = start;
		w[k].opt = *opt;
		w[k].opt.progress = NULL;
		w[k].opt.event_filter = NULL;
		w[k].fd = in->fd;
		w[k].name = in->name;
		w[k].start = start;
		w[k].end = end;
		fk__perf_parser_init(&w[k].p, &w[k].opt, &w[k].st);
		w[k].p.buffer_warnings = 1;
		if (ev_set) {
			sbuf_add(&w[k].p.event, ev.s ? ev.s : "", ev.n);
			w[k].p.event_set = 1;
		}
		start = end;
	}
	for (int k = 1; k < jobs; k++)
		if (pthread_create(&w[k].thread, NULL, worker_run, &w[k]) != 0)
			worker_run(&w[k]), w[k].thread = 0;
	worker_run(&w[0]);
	for (int k = 1; k < jobs; k++)
		if (w[k].thread)
			pthread_join(w[k].thread, NULL);

	struct fk_stack_table *t = fk_stack_table_new(1);
	unsigned long base = 0;
	for (int k = 0; k < jobs; k++) {
		/* Cut short (a line too long): the rest of the file is skipped, as when read in one go. */
		if (k > 0 && w[k - 1].st.cut_short)
			break;
		for (unsigned i = 0; i < w[k].p.nwarnings; i++)
			fk_warn(fk_display_name(in->name),
			    base + w[k].p.warnings[i].line, "%s", w[k].p.warnings[i].msg);
		base += w[k].lines;
		stats_add(stats, &w[k].st);
		if (w[k].rc < 0 || w[k].p.error) {
			if (rc == 0)
				fk_error("%s", w[k].p.errmsg);
			rc = -1;
		}
		if (rc == 0)
			fk__perf_parser_emit(&w[k].p, t);
		if (w[k].p.error && rc == 0) {
			rc = -1;
		}
	}
	snprintf(stats->event, sizeof(stats->event), "%s", ev.s ? ev.s : "");
	free(ev.s);
	if (rc == 0) {
		stats->stacks = fk_stack_table_size(t);
		rc = fk_stack_table_write(t, out, 1);
	}
	fk_stack_table_free(t);
	for (int k = 0; k < jobs; k++)
		fk__perf_parser_release(&w[k].p);
	free(w);
	return rc;
}
