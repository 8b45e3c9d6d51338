/*
 * flame-symbolize -- replace raw addresses in folded stacks with names.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "common/cli.h"
#include "core/error.h"
#include "core/output.h"
#include "symbolize/symbolize.h"

static const char usage[] =
    "usage: flame-symbolize [--inline] [--lines] [--no-demangle] [--strict]\n"
    "                       [--compat=perl] [--debug-dir=dir] [--kallsyms=file]\n"
    "                       [--perf-map-dir=dir] [--search-path=dir] [-o file] [file ...]\n";

enum { OPT_INLINE = 256, OPT_LINES, OPT_NO_DEMANGLE, OPT_STRICT, OPT_COMPAT,
	OPT_DEBUG_DIR, OPT_KALLSYMS, OPT_PERF_MAP_DIR, OPT_SEARCH_PATH };

static const struct option longopts[] = {
	{ "compat", required_argument, NULL, OPT_COMPAT },
	{ "debug-dir", required_argument, NULL, OPT_DEBUG_DIR },
	{ "help", no_argument, NULL, 'h' },
	{ "inline", no_argument, NULL, OPT_INLINE },
	{ "kallsyms", required_argument, NULL, OPT_KALLSYMS },
	{ "lines", no_argument, NULL, OPT_LINES },
	{ "no-demangle", no_argument, NULL, OPT_NO_DEMANGLE },
	{ "output", required_argument, NULL, 'o' },
	{ "perf-map-dir", required_argument, NULL, OPT_PERF_MAP_DIR },
	{ "search-path", required_argument, NULL, OPT_SEARCH_PATH },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int
main(int argc, char **argv)
{
	struct fk_symbolize_opts opt = { .demangle = 1 };
	const char *search[argc + 1], *debug[argc + 1];
	const char *outpath = NULL;
	int strict = 0, c;

	fk_cli_init("flame-symbolize", 10, argv);
	while ((c = getopt_long(argc, argv, "ho:V", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_INLINE: opt.inline_frames = 1; break;
		case OPT_LINES: opt.lines = 1; break;
		case OPT_NO_DEMANGLE: opt.demangle = 0; break;
		case OPT_STRICT: strict = 1; break;
		case OPT_DEBUG_DIR: debug[opt.ndebug++] = optarg; break;
		case OPT_KALLSYMS: opt.kallsyms = optarg; break;
		case OPT_PERF_MAP_DIR: opt.perf_map_dir = optarg; break;
		case OPT_SEARCH_PATH: search[opt.nsearch++] = optarg; break;
		case OPT_COMPAT:
			if (strcmp(optarg, "perl") != 0)
				return fk_cli_usage_error(usage, "unknown --compat mode '%s' (only 'perl')", optarg);
			opt.compat_perl = 1;
			break;
		case 'o': outpath = optarg; break;
		case 'h': fputs(usage, stdout); return FK_EXIT_OK;
		case 'V': return fk_cli_version();
		default: return fk_cli_usage_error(usage, NULL);
		}
	}
	opt.search_path = search;
	opt.debug_dirs = debug;
	if (opt.kallsyms) {
		/* A file named on the command line must be there, unlike /proc/kallsyms. */
		int bad;
		FILE *ks = fk_cli_open_regular(opt.kallsyms, 1, &bad);
		if (!ks)
			return FK_EXIT_FAILURE;
		fclose(ks);
	}

	size_t nin, failed;
	struct fk_input *in = fk_cli_open_inputs(argc - optind, argv + optind, &nin, &failed);
	struct fk_output out;
	struct fk_symbolize_stats st;
	char summary[512];
	int rc = fk_output_open(&out, outpath);
	if (rc == 0)
		rc = fk_symbolize_run(&opt, in, nin, out.fp, &st);
	if (rc == 0) {
		if (*fk_symbolize_summary(&st, summary, sizeof summary) != '\0')
			fk_cli_message("%s", summary);
		if (strict && *summary != '\0') {
			rc = -1;
			fk_error("unresolved frames (--strict)");
		}
	}
	int status = fk_cli_finish(&out, rc);
	/* What could be read is written; unreadable inputs and skipped lines still fail. */
	if (status == FK_EXIT_OK && (failed || fk_cli_warnings()))
		status = FK_EXIT_FAILURE;
	fk_cli_close_inputs(in, nin);
	return status;
}
