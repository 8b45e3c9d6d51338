/*
 * flame-collapse -- fold perf script output, Go goroutine dumps and pprof
 * profiles into folded stacks.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/cli.h"
#include "collapse/collapse.h"
#include "collapse/collapse_opt.h"
#include "core/error.h"
#include "core/num.h"
#include "core/output.h"

static const char usage[] =
    "usage: flame-collapse [-v] [--addrs] [--all] [--context] [--go-state] [--go-wait]\n"
    "                      [--inline] [--jit] [--keep-addrs[=all]] [--kernel] [--lines]\n"
    "                      [--no-creator] [--pid]\n"
    "                      [--progress | --no-progress] [--srcline] [--strict] [--tid]\n"
    "                      [--compat=perl] [--event-filter=event] [--format=format]\n"
    "                      [-j jobs] [--label=key] [-o file] [--sample-type=name]\n"
    "                      [--skip-after=function] [file ...]\n";

static const char help[] =
    "\nFold `perf script` output, Go goroutine dumps and pprof profiles into folded\n"
    "stacks (see flame-collapse(1)).\n\n"
    "  --format=FORMAT      perf, goroutine, goroutine-counts, pprof or pprof-raw\n"
    "                       (default: detected from each input's first bytes)\n"
    "  -v, --verbose        name each input's format on stderr\n"
    "  -o, --output=FILE    write FILE whole or not at all\n"
    "  --strict             exit 1 if any line was not understood\n"
    "perf script input:\n"
    "  --addrs              show unnamed frames as [module <address>]\n"
    "  --all                same as --kernel --jit\n"
    "  --compat=perl        byte-identical to stackcollapse-perf.pl, mistakes included\n"
    "  --event-filter=EV    fold only samples of event EV (default: the first seen)\n"
    "  -j, --jobs=N         fold with N threads (same output)\n"
    "  --jit                mark JIT frames with _[j]\n"
    "  --context            with --inline: each frame as name:file.c:LINE\n"
    "  --inline             expand inline chains from DWARF (as flame-symbolize)\n"
    "  --keep-addrs[=all]   keep unnamed (all: every) frames with module and address\n"
    "  --kernel             mark kernel frames with _[k]\n"
    "  --pid, --tid         add process (and thread) IDs to the process name\n"
    "  --progress           show progress on stderr (--no-progress: never)\n"
    "  --skip-after=FUNC    drop the frames above FUNC (repeatable)\n"
    "  --srcline            input from perf script -F+srcline\n"
    "Go input:\n"
    "  --go-state           root frame: the goroutine's wait state ([chan receive])\n"
    "  --go-wait            --go-state with the wait time: [select, >10m]\n"
    "  --label=KEY          pprof, debug=1: root frame [KEY=value] (repeatable)\n"
    "  --lines              frames as func:file.go:123\n"
    "  --no-creator         leave out the 'created by F' frame\n"
    "  --sample-type=NAME   pprof: the value to count (cpu, alloc_space, ...)\n"
    "  -h, --help, -V, --version\n";

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

static void
note_format(void *ctx, const char *input, enum fk_format f, int forced)
{
	(void)ctx;
	fk_cli_message("'%s': %s format %s", input, forced ? "forced" : "detected", fk_format_name(f));
}

int
main(int argc, char **argv)
{
	struct fk_collapse_options opt = { .perf.jobs = 1 };
	struct progress pr = { .mode = 0 };
	const char *outpath = NULL, *errstr;
	int strict = 0, c, rc;
	long long n;

	fk_cli_init("flame-collapse", 10, argv);
	while ((c = getopt_long(argc, argv, "hj:o:vV", fk_collapse_longopts, NULL)) != -1) {
		switch (c) {
		case FK_COPT_PROGRESS: pr.mode = 1; break;
		case FK_COPT_NO_PROGRESS: pr.mode = -1; break;
		case FK_COPT_STRICT: strict = 1; break;
		case 'j':
			if (fk_strtonum(optarg, 1, 256, &n, &errstr) < 0)
				return fk_cli_usage_error(usage, "jobs is %s: '%s'", errstr, optarg);
			opt.perf.jobs = (int)n;
			break;
		case 'o': outpath = optarg; break;
		case 'v': opt.note = note_format; break;
		case 'h': printf("%s%s", usage, help); return FK_EXIT_OK;
		case 'V': return fk_cli_version();
		case '?': return fk_cli_usage_error(usage, NULL);
		default:
			if ((rc = fk_collapse_opt_set(&opt, c, optarg)) < 0) {
				rc = fk_cli_usage_error(usage, "%s", fk_error_msg());
				fk_error_clear();
				fk_collapse_opt_release(&opt);
				return rc;
			}
		}
	}
	if (pr.mode >= 0 && (pr.mode == 1 || isatty(STDERR_FILENO))) {
		clock_gettime(CLOCK_MONOTONIC, &pr.start);
		opt.perf.progress = show_progress;
		opt.perf.progress_ctx = &pr;
	}

	size_t nin, failed;
	struct fk_input *in = fk_cli_open_inputs(argc - optind, argv + optind, &nin, &failed);
	struct fk_output out;
	struct fk_collapse_stats st;
	struct fk_perf_stats *ps = &st.perf;
	rc = fk_output_open(&out, outpath);
	if (rc == 0)
		rc = fk_collapse(&opt, in, nin, out.fp, &st);
	if (rc == 0) {
		if (opt.perf.event_filter && ps->samples == 0 && ps->filtered)
			fk_cli_message("no samples of event type '%s'; the input has '%s'",
			    opt.perf.event_filter, ps->other_event);
		if (ps->filtered && !opt.perf.event_filter)
			fk_cli_message("kept events of type '%s'; skipped %llu sample%s of other types "
			    "(first '%s'); choose with --event-filter", ps->event,
			    (unsigned long long)ps->filtered, ps->filtered == 1 ? "" : "s", ps->other_event);
		if (ps->unrecognized)
			fk_cli_message("%llu unrecognized line%s skipped", (unsigned long long)ps->unrecognized,
			    ps->unrecognized == 1 ? "" : "s");
		if (strict && (ps->unrecognized || fk_cli_warnings())) {
			rc = -1;
			fk_error("unrecognized input (--strict)");
		}
	}
	int status = fk_cli_finish(&out, rc);
	/* The inputs that could be read are folded and written; the status still says. */
	if (status == FK_EXIT_OK && (failed || ps->cut_short || st.go.cut_short))
		status = FK_EXIT_FAILURE;
	fk_cli_close_inputs(in, nin);
	fk_collapse_opt_release(&opt);
	return status;
}
