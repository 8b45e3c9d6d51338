/*
 * flame-trim -- shape the tree of folded stacks.
 */
#include "common/cli.h"
#include "core/error.h"
#include "filter/filter.h"
#include "core/num.h"
#include "core/output.h"
#include "filter/trim.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: flame-trim [--drop] [--strip-annotations] [--strip-args]\n"
    "                  [--strip-offsets] [--collapse-recursion[=all]]\n"
    "                  [--max-depth=n] [--max-stacks=n] [--min-count=n]\n"
    "                  [--min-fraction=f] [--min-percent=p] [-o file]\n"
    "                  [--replace=s/regex/replacement/] [file ...]\n";

enum { OPT_DROP = 256, OPT_STRIP_ANN, OPT_STRIP_ARGS, OPT_STRIP_OFF, OPT_REC,
    OPT_MAX_DEPTH, OPT_MAX_STACKS, OPT_MIN_COUNT, OPT_MIN_FRACTION,
    OPT_MIN_PERCENT, OPT_REPLACE, OPT_HELP, OPT_VERSION };

static const struct option longopts[] = {
	{ "drop", no_argument, NULL, OPT_DROP },
	{ "strip-annotations", no_argument, NULL, OPT_STRIP_ANN },
	{ "strip-args", no_argument, NULL, OPT_STRIP_ARGS },
	{ "strip-offsets", no_argument, NULL, OPT_STRIP_OFF },
	{ "collapse-recursion", optional_argument, NULL, OPT_REC },
	{ "max-depth", required_argument, NULL, OPT_MAX_DEPTH },
	{ "max-stacks", required_argument, NULL, OPT_MAX_STACKS },
	{ "min-count", required_argument, NULL, OPT_MIN_COUNT },
	{ "min-fraction", required_argument, NULL, OPT_MIN_FRACTION },
	{ "min-percent", required_argument, NULL, OPT_MIN_PERCENT },
	{ "output", required_argument, NULL, 'o' },
	{ "replace", required_argument, NULL, OPT_REPLACE },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* A positive integer option argument. */
static int
count_arg(const char *name, const char *arg, size_t *out)
{
	long long v;
	const char *why;
	if (fk_strtonum(arg, 1, 1LL << 40, &v, &why) < 0)
		return fk_cli_usage_error(usage, "--%s is %s: '%s'", name, why, arg);
	*out = (size_t)v;
	return 0;
}

int
main(int argc, char **argv)
{
	struct fk_trim_opts o = { 0 };
	struct fk_filter_subst **subst;
	const char *outpath = NULL;
	int c, status = FK_EXIT_USAGE;

	fk_cli_init("flame-trim", 10, argv);
	/* Each --replace takes an argument of its own: argc bounds their number. */
	o.replace = subst = fk_xcalloc((size_t)argc + 1, sizeof(*subst));
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_DROP: o.drop = 1; break;
		case OPT_STRIP_ANN: o.strip_annotations = 1; break;
		case OPT_STRIP_ARGS: o.strip_args = 1; break;
		case OPT_STRIP_OFF: o.strip_offsets = 1; break;
		case 'o': outpath = optarg; break;
		case OPT_REC:
			if (optarg && strcmp(optarg, "all") != 0) {
				fk_cli_usage_error(usage, "--collapse-recursion takes 'all', not '%s'", optarg);
				goto done;
			}
			o.recursion = optarg ? FK_TRIM_RECURSION_ALL : FK_TRIM_RECURSION_DIRECT;
			break;
		case OPT_MAX_DEPTH:
			if (count_arg("max-depth", optarg, &o.max_depth))
				goto done;
			break;
		case OPT_MAX_STACKS:
			if (count_arg("max-stacks", optarg, &o.max_stacks))
				goto done;
			break;
		case OPT_MIN_COUNT: case OPT_MIN_FRACTION: case OPT_MIN_PERCENT: {
			struct fk_num v;
			int pct = c == OPT_MIN_PERCENT;
			if (fk_num_parse(optarg, strlen(optarg), &v) < 0 ||
			    (c != OPT_MIN_COUNT && v.v > fk_pow10(v.scale) * (pct ? 100 : 1))) {
				fk_cli_usage_error(usage, "bad threshold '%s'", optarg);
				goto done;
			}
			if (pct)
				v.scale += 2;   /* P percent is the fraction P/100 */
			o.min = v;
			o.min_kind = c == OPT_MIN_COUNT ? FK_TRIM_MIN_COUNT : FK_TRIM_MIN_FRACTION;
			break;
		}
		case OPT_REPLACE:
			if (!(subst[o.nreplace] = fk_filter_subst_new(optarg))) {
				fk_cli_usage_error(usage, "%s", fk_error_msg());
				goto done;
			}
			o.nreplace++;
			break;
		case OPT_HELP: fputs(usage, stdout); status = FK_EXIT_OK; goto done;
		case OPT_VERSION: status = fk_cli_version(); goto done;
		default: fk_cli_usage_error(usage, NULL); goto done;
		}
	}
	argc -= optind;
	argv += optind;

	size_t nin, failed;
	struct fk_input *in = fk_cli_open_inputs(argc, argv, &nin, &failed);
	struct fk_output out;
	if (fk_output_open(&out, outpath) < 0) {
		fk_cli_print_error();
		fk_cli_close_inputs(in, nin);
		status = FK_EXIT_FAILURE;
		goto done;
	}
	int rc = fk_trim_run(&o, in, nin, out.fp);
	fk_cli_close_inputs(in, nin);
	fk_cli_warning_summary("bad lines");
	status = fk_cli_finish(&out, rc);
	if (status == FK_EXIT_OK && (failed || fk_cli_warnings()))
		status = FK_EXIT_FAILURE;
done:
	for (size_t i = 0; i < o.nreplace; i++)
		fk_filter_subst_free(subst[i]);
	free(subst);
	return status;
}
