/*
 * flame-collapse -- fold `perf script` output into folded stacks.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "error.h"
#include "num.h"
#include "output.h"
#include "perf.h"

static const char usage[] =
    "usage: flame-collapse [--addrs] [--all] [--jit] [--keep-addrs] [--kernel] [--pid]\n"
    "                      [--progress | --no-progress] [--srcline] [--strict] [--tid]\n"
    "                      [--compat=perl] [--event-filter=event] [-j jobs] [-o file]\n"
    "                      [--skip-after=function] [file ...]\n";

static const char help[] =
    "\nFold `perf script` output into folded stacks (see flame-collapse(1)).\n\n"
    "  --addrs              show unnamed frames as [module <address>]\n"
    "  --all                same as --kernel --jit\n"
    "  --compat=perl        byte-identical to stackcollapse-perf.pl, mistakes included\n"
    "  --event-filter=EV    fold only samples of event EV (default: the first seen)\n"
    "  -j, --jobs=N         fold with N threads (same output)\n"
    "  --jit                mark JIT frames with _[j]\n"
    "  --keep-addrs         keep unnamed frames as MODULE+0xADDR for flame-symbolize\n"
    "  --kernel             mark kernel frames with _[k]\n"
    "  -o, --output=FILE    write FILE whole or not at all\n"
    "  --pid, --tid         add process (and thread) IDs to the process name\n"
    "  --progress           show progress on stderr (--no-progress: never)\n"
    "  --skip-after=FUNC    drop the frames above FUNC (repeatable)\n"
    "  --srcline            input from perf script -F+srcline\n"
    "  --strict             exit 1 if any line was not understood\n"
    "  -h, --help, -V, --version\n";

enum { OPT_ADDRS = 256, OPT_ALL, OPT_JIT, OPT_KEEP_ADDRS, OPT_KERNEL, OPT_PID, OPT_TID,
	OPT_PROGRESS, OPT_NO_PROGRESS, OPT_SRCLINE, OPT_STRICT, OPT_COMPAT, OPT_EVENT,
	OPT_SKIP_AFTER };

static const struct option longopts[] = {
	{ "addrs", no_argument, NULL, OPT_ADDRS },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "compat", required_argument, NULL, OPT_COMPAT },
	{ "event-filter", required_argument, NULL, OPT_EVENT },
	{ "help", no_argument, NULL, 'h' },
	{ "jit", no_argument, NULL, OPT_JIT },
	{ "jobs", required_argument, NULL, 'j' },
	{ "keep-addrs", no_argument, NULL, OPT_KEEP_ADDRS },
	{ "kernel", no_argument, NULL, OPT_KERNEL },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "output", required_argument, NULL, 'o' },
	{ "pid", no_argument, NULL, OPT_PID },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "skip-after", required_argument, NULL, OPT_SKIP_AFTER },
	{ "srcline", no_argument, NULL, OPT_SRCLINE },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "tid", no_argument, NULL, OPT_TID },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

struct progress { int mode; struct timespec start; int shown; };

static void
show_progress(void *ctx, uint64_t bytes, uint64_t samples, int done)
{
	struct progress *pr = ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double t = (double)(now.tv_sec - pr->start.tv_sec) + (now.tv_nsec - pr->start.tv_nsec) / 1e9;
	/* Automatic mode shows nothing for inputs that take under a second. */
	if (pr->mode < 0 || (pr->mode == 0 && t < 1.0 && !pr->shown))
		return;
	if (done && !pr->shown && pr->mode == 0)
		return;
	fprintf(stderr, "\r%s: %.0f MB read, %.0f MB/s, %llu samples%s", fk_cli_progname(),
	    bytes / 1e6, t > 0 ? bytes / 1e6 / t : 0.0, (unsigned long long)samples, done ? "\n" : "");
	pr->shown = 1;
}

int
main(int argc, char **argv)
{
	struct fk_perf_options opt = { .jobs = 1 };
	struct progress pr = { .mode = 0 };
	const char *outpath = NULL, *errstr;
	char *skip[argc + 1];
	int strict = 0, c;
	long long n;

	fk_cli_init("flame-collapse", 10);
	while ((c = getopt_long(argc, argv, "hj:o:V", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ADDRS: opt.include_addrs = 1; break;
		case OPT_ALL: opt.annotate_kernel = opt.annotate_jit = 1; break;
		case OPT_JIT: opt.annotate_jit = 1; break;
		case OPT_KEEP_ADDRS: opt.keep_addrs = 1; break;
		case OPT_KERNEL: opt.annotate_kernel = 1; break;
		case OPT_PID: opt.include_pid = 1; break;
		case OPT_TID: opt.include_tid = 1; break;
		case OPT_PROGRESS: pr.mode = 1; break;
		case OPT_NO_PROGRESS: pr.mode = -1; break;
		case OPT_SRCLINE: opt.srcline = 1; break;
		case OPT_STRICT: strict = 1; break;
		case OPT_EVENT: opt.event_filter = optarg; break;
		case OPT_SKIP_AFTER: skip[opt.nskip_after++] = optarg; break;
		case OPT_COMPAT:
			if (strcmp(optarg, "perl") != 0)
				return fk_cli_usage_error(usage, "unknown --compat mode '%s' (only 'perl')", optarg);
			opt.compat_perl = 1;
			break;
		case 'j':
			if (fk_strtonum(optarg, 1, 256, &n, &errstr) < 0)
				return fk_cli_usage_error(usage, "jobs is %s: '%s'", errstr, optarg);
			opt.jobs = (int)n;
			break;
		case 'o': outpath = optarg; break;
		case 'h': printf("%s%s", usage, help); return FK_EXIT_OK;
		case 'V': return fk_cli_version();
		default: return fk_cli_usage_error(usage, NULL);
		}
	}
	opt.skip_after = skip;
	if (pr.mode >= 0 && (pr.mode == 1 || isatty(STDERR_FILENO))) {
		clock_gettime(CLOCK_MONOTONIC, &pr.start);
		opt.progress = show_progress;
		opt.progress_ctx = &pr;
	}

	size_t nin, failed;
	struct fk_input *in = fk_cli_open_inputs(argc - optind, argv + optind, &nin, &failed);
	struct fk_output out;
	struct fk_perf_stats st;
	int rc = fk_output_open(&out, outpath);
	if (rc == 0)
		rc = fk_perf_collapse(&opt, in, nin, out.fp, &st);
	if (rc == 0) {
		if (st.filtered && !opt.event_filter)
			fk_cli_message("kept events of type '%s'; skipped %llu samples of other types "
			    "(first '%s'); choose with --event-filter", st.event,
			    (unsigned long long)st.filtered, st.other_event);
		if (st.unrecognized)
			fk_cli_message("%llu unrecognized lines skipped", (unsigned long long)st.unrecognized);
		if (failed || (strict && st.unrecognized)) {
			rc = -1;
			fk_error("%s", failed ? "some inputs could not be read" : "unrecognized input (--strict)");
		}
	}
	rc = fk_cli_finish(&out, rc);
	fk_cli_close_inputs(in, nin);
	return rc;
}
