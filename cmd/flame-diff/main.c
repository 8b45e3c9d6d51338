/*
 * flame-diff -- compare folded profiles: "stack before after" lines, from
 * one run per side or the mean of repeated runs.
 */
#include "common/driver.h"
#include "core/error.h"
#include "core/num.h"
#include "core/util.h"
#include "diff/diff.h"
#include "diff/shares.h"
#include "render/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Exit status when a function's total share (or count) grew by more than --fail-above. */
#define EXIT_REGRESSION 3
#define SHOW_WORST 5
#define REPORT_TOP 20

static const char usage[] =
    "usage: flame-diff [-hnsV] [--progress | --no-progress] [--strict] [--by share|count]\n"
    "                  [--confidence p] [--fail-above limit] [--format folded|md|txt]\n"
    "                  [--memory size] [-o file] [--root strip|name] before after\n"
    "       flame-diff [-hnsV] [--progress | --no-progress] [--strict] [--by share|count]\n"
    "                  [--confidence p] [--fail-above limit] [--format folded|md|txt]\n"
    "                  [--memory size] [-o file] [--root strip|name]\n"
    "                  -b before ... -a after ...\n";

static struct fk_diff_opts opts;
static double fail_above = -1, confidence = 0.95;
static size_t memory;
static int format = -1;   /* -1 folded, else enum fk_diff_report_format */
static enum fk_diff_by by = FK_DIFF_BY_SHARE;
static char **runs[2];    /* -b and -a files */
static size_t nruns[2];

static int
set_fail_above(const struct fk_option *o, const char *arg)
{
	(void)o;
	if (fk_strtod(arg, &fail_above) < 0 || fail_above < 0)
		return fk_error("invalid --fail-above '%s'", arg);
	return 0;
}

static int
set_confidence(const struct fk_option *o, const char *arg)
{
	(void)o;
	if (fk_strtod(arg, &confidence) < 0 || !(confidence > 0 && confidence < 1))
		return fk_error("invalid --confidence '%s' (a probability between 0 and 1, like 0.95)", arg);
	return 0;
}

static int
set_format(const struct fk_option *o, const char *arg)
{
	(void)o;
	if (strcmp(arg, "folded") == 0)
		format = -1;
	else if (strcmp(arg, "md") == 0)
		format = FK_DIFF_REPORT_MARKDOWN;
	else if (strcmp(arg, "txt") == 0)
		format = FK_DIFF_REPORT_TEXT;
	else
		return fk_error("invalid --format '%s' (folded, md or txt)", arg);
	return 0;
}

static int
set_by(const struct fk_option *o, const char *arg)
{
	(void)o;
	if (strcmp(arg, "share") == 0)
		by = FK_DIFF_BY_SHARE;
	else if (strcmp(arg, "count") == 0)
		by = FK_DIFF_BY_COUNT;
	else
		return fk_error("invalid --by '%s' (share or count)", arg);
	return 0;
}

static int
set_root(const struct fk_option *o, const char *arg)
{
	(void)o;
	if (strcmp(arg, "strip") == 0) {
		opts.drop_root = 1;
		opts.root_name = NULL;
	} else if (*arg == '\0' || strpbrk(arg, ";\n")) {
		return fk_error("invalid --root '%s' (strip, or a frame name without ';')", arg);
	} else {
		opts.drop_root = 0;
		opts.root_name = arg;
	}
	return 0;
}

/* -b and -a: opt->value is the side. */
static int
add_run(const struct fk_option *o, const char *arg)
{
	int side = (int)(intptr_t)o->value;
	runs[side] = fk_xrealloc(runs[side], (nruns[side] + 1) * sizeof(*runs[side]));
	runs[side][nruns[side]++] = (char *)arg;
	return 0;
}

static const struct fk_option options[] = {
	FK_OPT_GROUP("Inputs"),
	FK_OPT_CALLBACK('b', "before", "file", "a run before the change (repeatable)",
	    add_run, (void *)0),
	FK_OPT_CALLBACK('a', "after", "file", "a run after the change (repeatable)",
	    add_run, (void *)1),
	FK_OPT_CALLBACK(0, "root", "strip|name",
	    "drop the root frame (strip) or rename every root to NAME", set_root, NULL),
	FK_OPT_GROUP("Comparison"),
	FK_OPT_FLAG('n', "normalize", &opts.normalize, "scale the before counts to the after total"),
	FK_OPT_FLAG('s', "strip-hex", &opts.strip_hex, "remove hexadecimal addresses from frames"),
	FK_OPT_CALLBACK_X(0, "by", "share|count",
	    "rank, test and gate functions by change of share (default) or of count",
	    set_by, NULL, "share|count", 0),
	FK_OPT_CALLBACK(0, "confidence", "p",
	    "confidence of intervals and tests over repeated runs (0.95)", set_confidence, NULL),
	FK_OPT_CALLBACK(0, "fail-above", "limit",
	    "exit 3 when a function's share grew (significantly) by more than LIMIT points "
	    "(--by=count: its count by more than LIMIT)",
	    set_fail_above, NULL),
	FK_OPT_CALLBACK_X(0, "format", "folded|md|txt",
	    "write the stacks (folded) or a Markdown or text report", set_format, NULL,
	    "folded|md|txt", 0),
	FK_OPT_GROUP("Merge"),
	FK_OPT_MEMORY(&memory),
	FK_OPT_END(),
};

/* The line after the SHOW_WORST named ones: how many more passed the gate. */
static void
report_more(size_t k, const char *what, double limit, const char *unit)
{
	if (k > SHOW_WORST)
		fk_cli_message("%zu more function%s %s by more than %g%s", k - SHOW_WORST,
		    k - SHOW_WORST == 1 ? "" : "s", what, limit, unit);
}

/* Name the worst regressions on stderr (one run per side).  @return their number. */
static size_t
report_grown(struct fk_report *r, double pct)
{
	const struct fk_report_row *w;
	size_t k = fk_report_grown(r, pct, &w);
	for (size_t i = 0; i < k && i < SHOW_WORST; i++)
		fk_cli_message("'%.*s': total share grew by %.2f pp (%.2f%% -> %.2f%%), more than %g pp",
		    (int)w[i].len, w[i].name, w[i].total_share[1] - w[i].total_share[0],
		    w[i].total_share[0], w[i].total_share[1], pct);
	report_more(k, "grew", pct, " pp");
	return k;
}

/* "+600 (300 -> 900)": a function's change of count, before and after. */
static void
count_change(char *out, size_t size, const struct fk_diff_fn *fn)
{
	char c[64], b[64], a[64];
	fk_diff_format_count(c, sizeof(c), fn->count_change, 1);
	fk_diff_format_count(b, sizeof(b), fn->count[0], 0);
	fk_diff_format_count(a, sizeof(a), fn->count[1], 0);
	snprintf(out, size, "%s (%s -> %s)", c, b, a);
}

/* By count, one run per side.  @return the number of functions that grew. */
static size_t
counts_grown(struct fk_diff_shares *s, double limit)
{
	const struct fk_diff_fn *const *w;
	char ch[200];
	size_t k = fk_diff_shares_grown(s, limit, &w);
	for (size_t i = 0; i < k && i < SHOW_WORST; i++) {
		count_change(ch, sizeof(ch), w[i]);
		double pp = fabs(w[i]->change) < 0.005 ? 0 : w[i]->change;   /* no "-0.00" */
		fk_cli_message("'%.*s': total count grew by %s, %s%.2f pp of share, more than %g",
		    (int)w[i]->len, w[i]->name, ch, pp > 0 ? "+" : "", pp, limit);
	}
	report_more(k, "grew", limit, "");
	return k;
}

/* By count over repeated runs: significant growth of the mean count only. */
static size_t
counts_grown_runs(struct fk_diff_shares *s, double limit)
{
	const struct fk_diff_fn *const *w;
	char ch[200], lo[64], hi[64];
	size_t k = fk_diff_shares_grown_noise(s, limit, &w);
	for (size_t i = 0; i < k && i < SHOW_WORST; i++) {
		count_change(ch, sizeof(ch), w[i]);
		fk_diff_format_count(lo, sizeof(lo), w[i]->lo, 1);
		fk_diff_format_count(hi, sizeof(hi), w[i]->hi, 1);
		fk_cli_message("'%.*s': mean count grew by %s [%s, %s], not significant at %g%% "
		    "(p %.3g after Holm): not counted", (int)w[i]->len, w[i]->name, ch, lo, hi,
		    100 * confidence, w[i]->p);
	}
	k = fk_diff_shares_grown(s, limit, &w);
	for (size_t i = 0; i < k && i < SHOW_WORST; i++) {
		count_change(ch, sizeof(ch), w[i]);
		fk_diff_format_count(lo, sizeof(lo), w[i]->lo, 1);
		fk_diff_format_count(hi, sizeof(hi), w[i]->hi, 1);
		fk_cli_message("'%.*s': mean count grew by %s [%s, %s] over %zu+%zu runs, "
		    "significant at %g%%, more than %g", (int)w[i]->len, w[i]->name, ch, lo, hi,
		    nruns[0], nruns[1], 100 * confidence, limit);
	}
	report_more(k, "grew significantly", limit, "");
	return k;
}

/* The same over repeated runs: significant growth only.  @return its number. */
static size_t
shares_grown(struct fk_diff_shares *s, double pct)
{
	const struct fk_diff_fn *const *w;
	size_t k = fk_diff_shares_grown_noise(s, pct, &w);
	for (size_t i = 0; i < k && i < SHOW_WORST; i++)
		fk_cli_message("'%.*s': total share grew by %.2f pp [%.2f, %.2f] on average, "
		    "not significant at %g%% (p %.3g after Holm): not counted",
		    (int)w[i]->len, w[i]->name, w[i]->change, w[i]->lo, w[i]->hi,
		    100 * confidence, w[i]->p);
	k = fk_diff_shares_grown(s, pct, &w);
	for (size_t i = 0; i < k && i < SHOW_WORST; i++)
		fk_cli_message("'%.*s': total share grew by %.2f pp [%.2f, %.2f] (%.2f%% -> %.2f%%, "
		    "%zu+%zu runs), significant at %g%%, more than %g pp",
		    (int)w[i]->len, w[i]->name, w[i]->change, w[i]->lo, w[i]->hi,
		    w[i]->before, w[i]->after, nruns[0], nruns[1], 100 * confidence, pct);
	report_more(k, "grew significantly", pct, " pp");
	return k;
}

/* Check the operands against -b/-a and put every input into *files.  @return 0 or FK_RUN_USAGE. */
static int
gather(struct fk_run *r, int argc, char **argv, char ***files, size_t *n)
{
	if (nruns[0] + nruns[1] == 0) {
		if (argc != 2)
			return fk_run_usage(r, "expected two files, before and after, got %d", argc);
		*files = fk_xmalloc(2 * sizeof(**files));
		(*files)[0] = argv[0];
		(*files)[1] = argv[1];
		nruns[0] = nruns[1] = 1;
		*n = 2;
		return 0;
	}
	if (argc > 0)
		return fk_run_usage(r, "give the runs either as two operands or with -b and -a, not both");
	if (nruns[0] == 0 || nruns[1] == 0)
		return fk_run_usage(r, "%s needs %s too: give at least one run of each side",
		    nruns[0] ? "-b" : "-a", nruns[0] ? "-a" : "-b");
	if ((nruns[0] == 1) != (nruns[1] == 1))
		return fk_run_usage(r, "%zu run(s) before and %zu after: the test needs at least two "
		    "runs on each side (or exactly one on each)", nruns[0], nruns[1]);
	*n = nruns[0] + nruns[1];
	*files = fk_xmalloc(*n * sizeof(**files));
	memcpy(*files, runs[0], nruns[0] * sizeof(**files));
	memcpy(*files + nruns[0], runs[1], nruns[1] * sizeof(**files));
	return 0;
}

static int
run(struct fk_run *r, int argc, char **argv)
{
	char **files = NULL;
	size_t n = 0, stdin_uses = 0;
	int rc = gather(r, argc, argv, &files, &n);
	for (size_t i = 0; rc == 0 && i < n; i++)
		stdin_uses += strcmp(files[i], "-") == 0;
	if (rc == 0 && by == FK_DIFF_BY_COUNT && opts.normalize)
		rc = fk_run_usage(r, "--by=count compares the counts as measured, and -n rescales "
		    "the before counts (a leak would read as a shrink): leave out -n");
	if (rc == 0 && stdin_uses > 1)
		rc = fk_run_usage(r, n == 2 ? "only one of before and after can be '-'" :
		    "only one run can be '-'");
	if (rc == 0)
		rc = fk_run_open(r, (int)n, files);
	if (rc == 0 && r->nin != n)
		rc = FK_RUN_FAILED;   /* reported by fk_run_open() */
	if (rc != 0) {
		free(files);
		free(runs[0]);
		free(runs[1]);
		return rc;
	}

	int repeated = nruns[0] > 1, by_count = by == FK_DIFF_BY_COUNT;
	opts.memory = fk_run_memory(memory);
	struct fk_folded_stats *st = fk_xcalloc(n, sizeof(*st));
	FILE *out = format < 0 ? r->out : NULL;
	if (format >= 0 || ((repeated || by_count) && fail_above >= 0)) {
		opts.shares = fk_diff_shares_new(nruns[0], nruns[1]);
		fk_diff_shares_set_by(opts.shares, by);
	}
	if (!repeated && !by_count && fail_above >= 0)
		opts.report = fk_report_new();
	if (repeated) {
		rc = fk_diff_runs(&opts, r->in, nruns[0], nruns[1], out, st, NULL);
	} else {
		struct fk_diff_stats ds = { 0 };
		rc = fk_diff(&opts, &r->in[0], &r->in[1], out, &ds);
		st[0] = ds.in[0];
		st[1] = ds.in[1];
	}
	for (size_t k = 0; rc == 0 && k < n; k++)
		if (st[k].lines == 0 && st[k].bad_lines > 0)
			rc = fk_error("not one valid record in '%s'", files[k]);
	if (rc == 0 && opts.shares)
		rc = fk_diff_shares_test(opts.shares, confidence);
	if (rc == 0 && format >= 0)
		rc = fk_diff_shares_write(opts.shares, r->out, (enum fk_diff_report_format)format,
		    REPORT_TOP);
	if (rc == 0 && fail_above >= 0) {
		size_t grown;
		if (by_count)
			grown = repeated ? counts_grown_runs(opts.shares, fail_above) :
			    counts_grown(opts.shares, fail_above);
		else
			grown = repeated ? shares_grown(opts.shares, fail_above) :
			    report_grown(opts.report, fail_above);
		if (grown > 0)
			rc = EXIT_REGRESSION;
	}
	fk_report_free(opts.report);
	fk_diff_shares_free(opts.shares);
	free(st);
	free(files);
	free(runs[0]);
	free(runs[1]);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct fk_cmd cmd = { "flame-diff", usage,
		"Compare folded profiles: \"stack before after\" lines (see flame-diff(1)).",
		options, run, NULL,
		FK_CMD_FOLDED_INPUT };
	return fk_cmd_main(&cmd, argc, argv);
}
