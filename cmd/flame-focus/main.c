/*
 * flame-focus -- select folded stacks and frames by pattern (pprof's way).
 */
#include "common/cli.h"
#include "core/error.h"
#include "filter/filter.h"
#include "filter/focus.h"
#include "core/output.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const char usage[] =
    "usage: flame-focus [-Fivx] [--keep-root] [-e regex] [--hide=regex]\n"
    "                   [--ignore=regex] [--prune-from=regex] [--show=regex]\n"
    "                   [--show-from=regex] [-o file] [regex] [file ...]\n";

enum { OPT_HIDE = 256, OPT_IGNORE, OPT_KEEP_ROOT, OPT_PRUNE_FROM, OPT_SHOW,
    OPT_SHOW_FROM, OPT_HELP, OPT_VERSION };

static const struct option longopts[] = {
	{ "focus", required_argument, NULL, 'e' },
	{ "fixed-strings", no_argument, NULL, 'F' },
	{ "ignore-case", no_argument, NULL, 'i' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "whole-frame", no_argument, NULL, 'x' },
	{ "output", required_argument, NULL, 'o' },
	{ "hide", required_argument, NULL, OPT_HIDE },
	{ "ignore", required_argument, NULL, OPT_IGNORE },
	{ "keep-root", no_argument, NULL, OPT_KEEP_ROOT },
	{ "prune-from", required_argument, NULL, OPT_PRUNE_FROM },
	{ "show", required_argument, NULL, OPT_SHOW },
	{ "show-from", required_argument, NULL, OPT_SHOW_FROM },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

int
main(int argc, char **argv)
{
	int npat = 0, verbose = 0, selected = 0, status = FK_EXIT_USAGE;
	unsigned flags = 0;
	const char *outpath = NULL;
	struct fk_focus_opts o = { 0 };
	int c;

	fk_cli_init("flame-focus", 10, argv);
	/* Each pattern is an argument of its own: argc bounds their number. */
	const char **pat = fk_xcalloc((size_t)argc + 1, sizeof(*pat));
	int *step = fk_xcalloc((size_t)argc + 1, sizeof(*step));
	while ((c = getopt_long(argc, argv, "e:Fio:vx", longopts, NULL)) != -1) {
		int s = -1;
		switch (c) {
		case 'e': s = FK_FOCUS_FOCUS; break;
		case OPT_IGNORE: s = FK_FOCUS_IGNORE; break;
		case OPT_HIDE: s = FK_FOCUS_HIDE; break;
		case OPT_SHOW: s = FK_FOCUS_SHOW; break;
		case OPT_SHOW_FROM: s = FK_FOCUS_SHOW_FROM; break;
		case OPT_PRUNE_FROM: s = FK_FOCUS_PRUNE_FROM; break;
		case 'F': flags |= FK_FILTER_LITERAL; break;
		case 'i': flags |= FK_FILTER_ICASE; break;
		case 'x': flags |= FK_FILTER_EXACT; break;
		case 'v': verbose = 1; break;
		case 'o': outpath = optarg; break;
		case OPT_KEEP_ROOT: o.keep_root = 1; break;
		case OPT_HELP: fputs(usage, stdout); status = FK_EXIT_OK; goto done;
		case OPT_VERSION: status = fk_cli_version(); goto done;
		default: fk_cli_usage_error(usage, NULL); goto done;
		}
		if (s >= 0) {
			pat[npat] = optarg;
			step[npat++] = s;
			selected = 1;
		}
	}
	argc -= optind;
	argv += optind;
	/* Without a selection option the first operand is the focus pattern. */
	if (!selected) {
		if (argc == 0) {
			fk_cli_usage_error(usage, "no pattern given");
			goto done;
		}
		pat[npat] = argv[0];
		step[npat++] = FK_FOCUS_FOCUS;
		argc--;
		argv++;
	}
	for (int i = 0; i < npat; i++) {
		if (!o.sets[step[i]])
			o.sets[step[i]] = fk_filter_new(flags);
		if (fk_filter_add(o.sets[step[i]], pat[i]) < 0) {
			fk_cli_usage_error(usage, "%s", fk_error_msg());
			status = FK_EXIT_USAGE;
			goto done;
		}
	}

	size_t nin, failed;
	struct fk_input *in = fk_cli_open_inputs(argc, argv, &nin, &failed);
	struct fk_output out;
	struct fk_focus_stats st;
	if (fk_output_open(&out, outpath) < 0) {
		fk_cli_print_error();
		fk_cli_close_inputs(in, nin);
		status = FK_EXIT_FAILURE;
		goto done;
	}
	int rc = fk_focus_run(&o, in, nin, out.fp, &st);
	fk_cli_close_inputs(in, nin);
	if (rc == 0 && verbose)
		fk_focus_stats_write(&o, &st, stderr, "flame-focus: ");
	fk_cli_warning_summary("bad lines");
	status = fk_cli_finish(&out, rc);
	if (status == FK_EXIT_OK && (failed || fk_cli_warnings()))
		status = FK_EXIT_FAILURE;
done:
	for (int i = 0; i < FK_FOCUS_NSTEPS; i++)
		fk_filter_free(o.sets[i]);
	free(pat);
	free(step);
	return status;
}
