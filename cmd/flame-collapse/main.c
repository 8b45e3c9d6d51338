/*
 * flame-collapse -- fold perf script output, Go goroutine dumps, pprof
 * profiles, DTrace, bpftrace, SystemTap and jstack output and the JSON and
 * XML profiles of browsers and viewers into folded stacks.
 */
#include "common/driver.h"
#include "collapse/collapse.h"
#include "core/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: flame-collapse [-hVv] [--addrs] [--all] [--context] [--go-state]\n"
    "                      [--go-wait] [--inline] [--jit] [--keep-addrs[=mode]]\n"
    "                      [--kernel] [--lines] [--no-creator] [--no-header]\n"
    "                      [--no-thread-name] [--pid] [--progress | --no-progress]\n"
    "                      [--shorten-pkgs] [--srcline] [--strict] [--thread-number]\n"
    "                      [--thread-state] [--tid] [--compat=perl]\n"
    "                      [--event-filter=event] [--format=format] [-j jobs]\n"
    "                      [--label=key] [-o file] [--profile=name]\n"
    "                      [--sample-type=name] [--skip-after=function]\n"
    "                      [--weight=weight] [file ...]\n";

#define FORMATS "perf, perf-data, goroutine, goroutine-counts, pprof, pprof-raw, dtrace, bpftrace, " \
	"stap, jstack, cpuprofile, chrome-trace, speedscope, d3-json or xctrace"

static struct fk_collapse_opts opt = { .perf.jobs = 1 };
static struct fk_perf_opts *const p = &opt.perf;
static long long jobs = 1;
static int verbose, go_wait;

/* Append arg to a list owned by the options. */
static int
list_add(const struct fk_option *o, const char *arg)
{
	if (!*arg)
		return fk_error("empty --%s", o->long_name);
	if (o->value == &p->skip_after) {
		p->skip_after = fk_xrealloc((void *)(uintptr_t)p->skip_after,
		    (p->nskip_after + 1) * sizeof(*p->skip_after));
		((char **)(uintptr_t)p->skip_after)[p->nskip_after++] = (char *)(uintptr_t)arg;
	} else {
		opt.pprof.labels = fk_xrealloc((void *)(uintptr_t)opt.pprof.labels,
		    (opt.pprof.nlabels + 1) * sizeof(*opt.pprof.labels));
		((char **)(uintptr_t)opt.pprof.labels)[opt.pprof.nlabels++] = (char *)(uintptr_t)arg;
		opt.go.labels = opt.pprof.labels;
		opt.go.nlabels = opt.pprof.nlabels;
	}
	return 0;
}

static int
set_option(const struct fk_option *o, const char *arg)
{
	const char *n = o->long_name;
	if (strcmp(n, "all") == 0) {
		p->annotate_kernel = p->annotate_jit = 1;
	} else if (strcmp(n, "keep-addrs") == 0) {
		if (arg != NULL && strcmp(arg, "all") != 0 && strcmp(arg, "raw") != 0)
			return fk_error("unknown --keep-addrs mode '%s' (only 'all' or 'raw')", arg);
		/* A bare --keep-addrs does not undo an earlier mode. */
		p->keep_addrs = arg == NULL ? (p->keep_addrs ? p->keep_addrs : 1)
		    : strcmp(arg, "all") == 0 ? 2 : 3;
	} else if (strcmp(n, "compat") == 0) {
		if (strcmp(arg, "perl") != 0)
			return fk_error("unknown --compat mode '%s' (only 'perl')", arg);
		p->compat_perl = 1;
	} else if (strcmp(n, "event-filter") == 0) {
		if (!*arg)
			return fk_error("empty --event-filter");
		p->event_filter = arg;
	} else if (strcmp(n, "format") == 0) {
		if (fk_format_parse(arg, &opt.format) < 0)
			return fk_error("unknown format '%s' (" FORMATS ")", arg);
	} else if (strcmp(n, "weight") == 0) {
		if (strcmp(arg, "time") == 0)
			opt.weight = FK_WEIGHT_TIME;
		else if (strcmp(arg, "samples") == 0)
			opt.weight = FK_WEIGHT_SAMPLES;
		else
			return fk_error("unknown --weight '%s' (time or samples)", arg);
	} else if (strcmp(n, "lines") == 0) {
		opt.go.lines = opt.pprof.lines = 1;
	}
	return 0;
}

#define SET(l, a, h) FK_OPT_CALLBACK(0, l, a, h, set_option, NULL)

static const struct fk_option options[] = {
	FK_OPT_CALLBACK_X(0, "format", "format",
	    "input format (default: detected from each input's first bytes)", set_option, NULL,
	    "perf|perf-data|goroutine|goroutine-counts|pprof|pprof-raw|dtrace|bpftrace|stap|jstack|"
	    "cpuprofile|chrome-trace|speedscope|d3-json|xctrace", 0),
	FK_OPT_FLAG(0, "no-header", &opt.no_header,
	    "no '# unit:' header line for counts of time, bytes or goroutines"),
	FK_OPT_FLAG('v', "verbose", &verbose, "name each input's format on stderr"),
	FK_OPT_GROUP("perf script input"),
	FK_OPT_FLAG(0, "addrs", &p->include_addrs, "show unnamed frames as [module <address>]"),
	SET("all", NULL, "same as --kernel --jit"),
	FK_OPT_CALLBACK_X(0, "compat", "perl",
	    "byte-identical to the format's FlameGraph script, mistakes included", set_option, NULL,
	    "perl", 0),
	SET("event-filter", "event", "fold only samples of EVENT (default: the first seen)"),
	FK_OPT_INT('j', "jobs", &jobs, "jobs", 1, 256, "fold with JOBS threads (same output)"),
	FK_OPT_FLAG(0, "jit", &p->annotate_jit, "mark JIT frames with _[j]"),
	FK_OPT_FLAG(0, "context", &p->context, "with --inline: each frame as name:file.c:LINE"),
	FK_OPT_FLAG(0, "inline", &p->inline_frames, "expand inline chains from DWARF"),
	FK_OPT_CALLBACK_X(0, "keep-addrs", "mode",
	    "keep module, address and build-id of unnamed (all: every) frames",
	    set_option, NULL, "all|raw", FK_OPTION_OPTARG),
	FK_OPT_FLAG(0, "kernel", &p->annotate_kernel, "mark kernel frames with _[k]"),
	FK_OPT_FLAG(0, "pid", &p->include_pid, "add the process ID to the process name"),
	FK_OPT_FLAG(0, "tid", &p->include_tid, "add the process and thread IDs"),
	FK_OPT_CALLBACK(0, "skip-after", "function", "drop the frames above FUNCTION (repeatable)",
	    list_add, &p->skip_after),
	FK_OPT_FLAG(0, "srcline", &p->srcline, "input from perf script -F+srcline"),
	FK_OPT_GROUP("Go input"),
	FK_OPT_FLAG(0, "go-state", &opt.go.state, "root frame: the goroutine's wait state"),
	FK_OPT_FLAG(0, "go-wait", &go_wait, "--go-state with the wait time: [select, >10m]"),
	FK_OPT_CALLBACK(0, "label", "key", "pprof, debug=1: root frame [KEY=value] (repeatable)",
	    list_add, &opt.pprof.labels),
	SET("lines", NULL, "frames as func:file.go:123"),
	FK_OPT_FLAG(0, "no-creator", &opt.go.no_creator, "leave out the 'created by F' frame"),
	FK_OPT_STRING(0, "sample-type", &opt.pprof.sample_type, "name",
	    "pprof, pprof-raw: the value to count (cpu, alloc_space, ...)"),
	FK_OPT_GROUP("jstack input"),
	FK_OPT_FLAG(0, "no-thread-name", &opt.jstack.no_thread_name,
	    "leave out the thread name frame"),
	FK_OPT_FLAG(0, "shorten-pkgs", &opt.jstack.shorten_pkgs,
	    "shorten package names: j.u.c.ThreadPoolExecutor.runWorker"),
	FK_OPT_FLAG(0, "thread-number", &opt.jstack.thread_number,
	    "keep the number ending a thread name (pool-1-thread-3)"),
	FK_OPT_FLAG(0, "thread-state", &opt.jstack.state,
	    "every thread, under a root frame of its state: [WAITING]"),
	FK_OPT_GROUP("profile input (cpuprofile, chrome-trace, speedscope, xctrace)"),
	FK_OPT_STRING(0, "profile", &opt.profile, "name",
	    "speedscope: fold only the profile NAME (default: all)"),
	FK_OPT_CALLBACK_X(0, "weight", "weight",
	    "count each sample's time (default) or 1 per sample", set_option, NULL,
	    "time|samples", 0),
	FK_OPT_END(),
};

static void
note_format(void *ctx, const char *input, enum fk_format f, int forced)
{
	(void)ctx;
	fk_cli_message("'%s': %s format %s", input, forced ? "forced" : "detected", fk_format_name(f));
}

static int
run(struct fk_run *r, int argc, char **argv)
{
	struct fk_collapse_stats st;
	struct fk_perf_stats *ps = &st.perf;
	int rc;

	memset(&st, 0, sizeof st);
	p->jobs = (int)jobs;
	if (go_wait)
		opt.go.state = opt.go.wait = 1;
	if (verbose)
		opt.note = note_format;
	/* The recording machine's module files say which build the addresses belong to. */
	p->read_buildids = p->keep_addrs == 1 || p->keep_addrs == 2;
	/* Frames rewritten from the module and address have no srcline to take. */
	if (p->srcline && (p->inline_frames || p->context || p->keep_addrs == 2)) {
		rc = fk_run_usage(r, "--srcline cannot be combined with --inline, --context "
		    "or --keep-addrs=all");
		goto done;
	}
	r->own_progress = 1;
	rc = fk_run_open(r, argc, argv);
	if (r->progress) {
		p->progress = fk_run_progress;
		p->progress_ctx = r;
	}
	if (rc == 0)
		rc = fk_collapse(&opt, r->in, r->nin, r->out, &st);
	if (rc != 0)
		goto done;
	if (p->event_filter && ps->samples == 0 && ps->filtered)
		fk_cli_message("no samples of event type '%s'; the input has '%s'",
		    p->event_filter, ps->other_event);
	if (ps->filtered && !p->event_filter)
		fk_cli_message("kept events of type '%s'; skipped %llu sample%s of other types "
		    "(first '%s'); choose with --event-filter", ps->event,
		    (unsigned long long)ps->filtered, ps->filtered == 1 ? "" : "s", ps->other_event);
	const char *idle[8];
	for (size_t i = 0, n = fk_collapse_idle_options(&opt, st.format, idle, 8); i < n; i++)
		fk_run_warn(r, "--%s has no effect on %s input", idle[i], fk_format_name(st.format));
	if (st.format == FK_FORMAT_PPROF_RAW && p->compat_perl)
		fk_cli_message("--compat=perl: pprof -raw read as stackcollapse-go.pl does: counts "
		    "from the first column, not the sample values; %llu sample line%s left out, "
		    "%llu inlined caller frame%s not named",
		    (unsigned long long)st.pprof_raw.perl_dropped, st.pprof_raw.perl_dropped == 1 ? "" : "s",
		    (unsigned long long)st.pprof_raw.perl_inline_dropped,
		    st.pprof_raw.perl_inline_dropped == 1 ? "" : "s");
	if (verbose && st.go.outside)
		fk_cli_message("%llu line%s outside goroutine blocks skipped (log lines, crash messages)",
		    (unsigned long long)st.go.outside, st.go.outside == 1 ? "" : "s");
	if (verbose && ps->notes) {
		/* perf.data: events, samples per event, lost samples, modules without symbols. */
		for (char *l = ps->notes, *nl; *l; l = nl + 1) {
			nl = strchr(l, '\n');
			*nl = '\0';
			fk_cli_message("%s", l);
		}
	}
	if (ps->unrecognized)
		fk_cli_message("%llu unrecognized line%s skipped", (unsigned long long)ps->unrecognized,
		    ps->unrecognized == 1 ? "" : "s");
	if (r->strict && (ps->unrecognized || fk_cli_warnings()))
		rc = fk_error("unrecognized input (--strict)");
	r->bad_lines = ps->unrecognized + ps->data_bad;
	r->cut_short = ps->cut_short + st.go.cut_short + st.pprof_raw.cut_short + st.text.cut_short +
	    st.cut_short;
	r->records = ps->samples + ps->filtered + st.go.stacks + st.pprof.samples + st.text.stacks +
	    st.pprof_raw.stacks + st.v8.stacks + st.speedscope.samples + st.d3json.nodes +
	    st.xctrace.rows;
	r->counted = 1;
done:
	fk_perf_stats_release(ps);
	free((void *)(uintptr_t)p->skip_after);
	free((void *)(uintptr_t)opt.pprof.labels);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct fk_cmd cmd = { "flame-collapse", usage,
		"Fold perf script output, Go goroutine dumps, pprof profiles, the text of\n"
		"DTrace, bpftrace, SystemTap and jstack, V8 and Chrome CPU profiles,\n"
		"speedscope, d3-flame-graph and xctrace files into folded stacks\n"
		"(see flame-collapse(1)).", options, run, NULL, 0 };
	return fk_cmd_main(&cmd, argc, argv);
}
