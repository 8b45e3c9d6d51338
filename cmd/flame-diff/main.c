/*
 * flame-diff -- compare two folded profiles: "stack before after" lines.
 */
#include "common/cli.h"
#include "diff/diff.h"
#include "core/error.h"
#include "core/output.h"
#include "render/report.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

enum { OPT_VERSION = 256, OPT_FAIL_ABOVE };

/* Exit status when a function's total share grew by more than --fail-above. */
#define EXIT_REGRESSION 3
#define SHOW_WORST 5

static const char usage[] =
    "usage: flame-diff [-ns] [--fail-above pct] [-o file] before after\n";

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

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "normalize", no_argument, NULL, 'n' },
		{ "strip-hex", no_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "fail-above", required_argument, NULL, OPT_FAIL_ABOVE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	struct fk_diff_opts opts = { 0 };
	double fail_above = -1;
	const char *outpath = NULL;
	int ch;

	fk_cli_init("flame-diff", 10, argv);
	while ((ch = getopt_long(argc, argv, "hno:s", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			opts.normalize = 1;
			break;
		case 's':
			opts.strip_hex = 1;
			break;
		case 'o':
			outpath = optarg;
			break;
		case OPT_FAIL_ABOVE:
			if (fk_strtod(optarg, &fail_above) < 0 || fail_above < 0)
				return fk_cli_usage_error(usage, "invalid --fail-above '%s'", optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			return FK_EXIT_OK;
		case OPT_VERSION:
			return fk_cli_version();
		default:   /* getopt said what was wrong, as for every command */
			return fk_cli_usage_error(usage, NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 2)
		return fk_cli_usage_error(usage, "expected two files, before and after, got %d", argc);
	if (strcmp(argv[0], "-") == 0 && strcmp(argv[1], "-") == 0)
		return fk_cli_usage_error(usage, "only one of before and after can be '-'");

	size_t nin, failed;
	struct fk_input *in = fk_cli_open_inputs(argc, argv, &nin, &failed);
	if (failed) {
		fk_cli_close_inputs(in, nin);
		return FK_EXIT_FAILURE;
	}
	struct fk_output out;
	if (fk_output_open(&out, outpath) < 0) {
		fk_cli_close_inputs(in, nin);
		fk_cli_print_error();
		return FK_EXIT_FAILURE;
	}
	if (fail_above >= 0)
		opts.report = fk_report_new();
	int rc = fk_diff(&in[0], &in[1], &opts, out.fp, NULL);
	fk_cli_close_inputs(in, nin);
	fk_cli_warning_summary("bad lines");
	int status = fk_cli_finish(&out, rc);
	if (status == FK_EXIT_OK && fk_cli_warnings())
		status = FK_EXIT_FAILURE;   /* skipped lines; still written */
	else if (status == FK_EXIT_OK && opts.report && report_grown(opts.report, fail_above) > 0)
		status = EXIT_REGRESSION;
	fk_report_free(opts.report);
	return status;
}
