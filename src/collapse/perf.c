/*
 * perf.c -- the `perf script` collapser: its entry point.
 *
 * Speed comes from doing the Perl rules once per distinct frame line: each
 * frame line is looked up by a hash of its text in a cache that maps it to
 * the interned ids of the frames it produces.  A sample is a sequence of
 * ids; samples are merged by a hash of that sequence.  Stack text is built,
 * sorted and merged only at the end, once per distinct stack.  The modules
 * are listed in perf_internal.h.
 */
#include "collapse/perf_internal.h"

#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
fk__perf_is_data(const struct fk_input *in)
{
	unsigned char m[8];
	struct stat sb;
	size_t n = in->ahead.len < 8 ? in->ahead.len : 8;
	if (n > 0)
		memcpy(m, in->ahead.data, n);
	if (in->ahead.len == 0 && fstat(in->fd, &sb) == 0 && S_ISREG(sb.st_mode))
		n = pread(in->fd, m, 8, 0) == 8 ? 8 : 0;
	return n == 8 && (memcmp(m, "PERFILE2", 8) == 0 || memcmp(m, "2ELIFREP", 8) == 0 ||
	    memcmp(m, "PERFFILE", 8) == 0);
}

void
fk_perf_stats_release(struct fk_perf_stats *st)
{
	free(st->notes);
	st->notes = NULL;
}

static int
parser_input(struct parser *p, const struct fk_input *in)
{
	if (fk__perf_is_data(in))
		return fk__perf_data_input(p, in, fk_display_name(in->name));
	struct fk_reader *r = fk_input_reader(in);
	if (p->opt->compat_perl)
		fk_reader_keep_bom(r);

	p->file = fk_reader_name(r);
	int got = fk__perf_parser_read(p, r, 0);
	p->st->bytes += fk_reader_offset(r);
	if (got < 0)
		fk__perf_input_cut_short(p, r);
	if (!p->opt->compat_perl) {
		/* The last sample of a file counts even without a blank line after it. */
		if (p->pend_n) {
			sample_add_frames(p, p->pend_ids.v, p->pend_total, p->pend_skip);
			p->pend_n = 0;
		}
		sample_end(p);
	}
	p->file = NULL;
	fk_reader_free(r);
	return 0;
}

int
fk_perf_collapse(const struct fk_perf_opts *opt, const struct fk_input *in,
    size_t nin, FILE *out, struct fk_perf_stats *stats)
{
	struct fk_perf_stats local;
	struct parser p;
	struct stat sb;
	int rc = 0;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	/* Worth splitting only for one big regular file, and where a second CPU is there. */
	if (opt->jobs > 1 && nin == 1 && !opt->srcline && fstat(in[0].fd, &sb) == 0 &&
	    S_ISREG(sb.st_mode) && in[0].ahead.len == 0 && lseek(in[0].fd, 0, SEEK_CUR) == 0 &&
	    !fk__perf_is_data(&in[0])) {
		struct fk_perf_opts o = *opt;
		o.jobs = fk__perf_jobs_worth(opt, (uint64_t)sb.st_size);
		if (o.jobs > 1) {
			/* The workers read with pread(2): the descriptor is still at the start. */
			rc = fk__perf_collapse_parallel(&o, &in[0], (uint64_t)sb.st_size, out, stats);
			if (rc != 1)
				return rc;
			memset(stats, 0, sizeof(*stats));
			rc = 0;
		}
	}

	fk__perf_parser_init(&p, opt, stats);
	for (size_t i = 0; i < nin && rc == 0; i++)
		rc = parser_input(&p, &in[i]);
	if (opt->progress)
		opt->progress(opt->progress_ctx, stats->bytes, stats->samples, 1);
	if (p.event_set)
		snprintf(stats->event, sizeof(stats->event), "%s", p.event.s ? p.event.s : "");
	if (rc == 0 && !p.error) {
		struct fk_stack_table *t = fk_stack_table_new(1);
		fk__perf_parser_emit(&p, t);
		stats->stacks = fk_stack_table_size(t);
		if (!p.error)
			rc = fk_stack_table_write(t, out, 1);
		fk_stack_table_free(t);
	}
	if (p.error) {
		if (p.errmsg[0])
			fk_error("%s", p.errmsg);
		rc = -1;
	}
	fk__perf_parser_release(&p);
	return rc;
}
