/*
 * flame-diff -- compare two folded profiles: "stack before after" lines.
 */
#include "common/driver.h"
#include "core/error.h"
#include "core/num.h"
#include "diff/diff.h"
#include "render/report.h"

#include <string.h>

/* Exit status when a function's total share grew by more than --fail-above. */
#define EXIT_REGRESSION 3
#define SHOW_WORST 5

static const char usage[] =
    "usage: flame-diff [-hnsV] [--progress | --no-progress] [--strict]\n"
    "                  [--fail-above pct] [-o file] before after\n";

static struct fk_diff_opts opts;
static double fail_above = -1;

static int
set_fail_above(const struct fk_option *o, const char *arg)
{
	(void)o;
	if (fk_strtod(arg, &fail_above) < 0 || fail_above < 0)
		return fk_error("invalid --fail-above '%s'", arg);
	return 0;
}

static const struct fk_option options[] = {
	FK_OPT_GROUP("Comparison"),
	FK_OPT_FLAG('n', "normalize", &opts.normalize, "scale the before counts to the after total"),
	FK_OPT_FLAG('s', "strip-hex", &opts.strip_hex, "remove hexadecimal addresses from frames"),
	FK_OPT_CALLBACK(0, "fail-above", "pct",
	    "exit 3 when a function's share grew by more than PCT points", set_fail_above, NULL),
	FK_OPT_END(),
};

/* Name the worst regressions on stderr.  @return their number. */
static size_t
report_grown(struct fk_report *r, double pct)
{
	const struct fk_report_row *w;
	size_t k = fk_report_grown(r, pct, &w);
	for (size_t i = 0; i < k && i < SHOW_WORST; i++)
		fk_cli_message("'%.*s': total share grew by %.2f pp (%.2f%% -> %.2f%%), more than %g pp",
		    (int)w[i].len, w[i].name, w[i].total_share[1] - w[i].total_share[0],
		    w[i].total_share[0], w[i].total_share[1], pct);
	if (k > SHOW_WORST)
		fk_cli_message("%zu more functions grew by more than %g pp", k - SHOW_WORST, pct);
	return k;
}

static int
run(struct fk_run *r, int argc, char **argv)
{
	struct fk_diff_stats st = { 0 };
	if (argc != 2)
		return fk_run_usage(r, "expected two files, before and after, got %d", argc);
	if (strcmp(argv[0], "-") == 0 && strcmp(argv[1], "-") == 0)
		return fk_run_usage(r, "only one of before and after can be '-'");
	int rc = fk_run_open(r, argc, argv);
	if (rc == 0 && r->nin != 2)
		return FK_RUN_FAILED;   /* reported by fk_run_open() */
	if (fail_above >= 0)
		opts.report = fk_report_new();
	if (rc == 0)
		rc = fk_diff(&opts, &r->in[0], &r->in[1], r->out, &st);
	for (int k = 0; rc == 0 && k < 2; k++)
		if (st.in[k].lines == 0 && st.in[k].bad_lines > 0)
			rc = fk_error("not one valid record in '%s'", argv[k]);
	if (rc == 0 && opts.report && report_grown(opts.report, fail_above) > 0)
		rc = EXIT_REGRESSION;
	fk_report_free(opts.report);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct fk_cmd cmd = { "flame-diff", usage,
		"Compare two folded profiles: \"stack before after\" lines (see flame-diff(1)).",
		options, run, NULL,
		FK_CMD_FOLDED_INPUT };
	return fk_cmd_main(&cmd, argc, argv);
}
