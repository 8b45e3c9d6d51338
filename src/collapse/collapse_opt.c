#include "collapse/collapse_opt.h"
#include "core/error.h"

#include <stdlib.h>
#include <string.h>

const struct option fk_collapse_longopts[] = {
	{ "addrs", no_argument, NULL, FK_COPT_ADDRS },
	{ "all", no_argument, NULL, FK_COPT_ALL },
	{ "compat", required_argument, NULL, FK_COPT_COMPAT },
	{ "context", no_argument, NULL, FK_COPT_CONTEXT },
	{ "event-filter", required_argument, NULL, FK_COPT_EVENT },
	{ "format", required_argument, NULL, FK_COPT_FORMAT },
	{ "go-state", no_argument, NULL, FK_COPT_GO_STATE },
	{ "go-wait", no_argument, NULL, FK_COPT_GO_WAIT },
	{ "help", no_argument, NULL, 'h' },
	{ "inline", no_argument, NULL, FK_COPT_INLINE },
	{ "jit", no_argument, NULL, FK_COPT_JIT },
	{ "jobs", required_argument, NULL, 'j' },
	{ "keep-addrs", optional_argument, NULL, FK_COPT_KEEP_ADDRS },
	{ "kernel", no_argument, NULL, FK_COPT_KERNEL },
	{ "label", required_argument, NULL, FK_COPT_LABEL },
	{ "lines", no_argument, NULL, FK_COPT_LINES },
	{ "no-creator", no_argument, NULL, FK_COPT_NO_CREATOR },
	{ "no-progress", no_argument, NULL, FK_COPT_NO_PROGRESS },
	{ "output", required_argument, NULL, 'o' },
	{ "pid", no_argument, NULL, FK_COPT_PID },
	{ "progress", no_argument, NULL, FK_COPT_PROGRESS },
	{ "sample-type", required_argument, NULL, FK_COPT_SAMPLE_TYPE },
	{ "skip-after", required_argument, NULL, FK_COPT_SKIP_AFTER },
	{ "srcline", no_argument, NULL, FK_COPT_SRCLINE },
	{ "strict", no_argument, NULL, FK_COPT_STRICT },
	{ "tid", no_argument, NULL, FK_COPT_TID },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int opt_set_go(struct fk_collapse_options *o, int c, char *arg);

/* Append arg to a NULL-free list owned by the options. */
static char **
list_add(char *const *list, size_t *n, char *arg)
{
	char **l = fk_xrealloc((void *)(uintptr_t)list, (*n + 1) * sizeof(*l));
	l[(*n)++] = arg;
	return l;
}

int
fk_collapse_opt_set(struct fk_collapse_options *o, int c, char *arg)
{
	struct fk_perf_options *p = &o->perf;
	switch (c) {
	case FK_COPT_ADDRS: p->include_addrs = 1; break;
	case FK_COPT_ALL: p->annotate_kernel = p->annotate_jit = 1; break;
	case FK_COPT_JIT: p->annotate_jit = 1; break;
	case FK_COPT_KEEP_ADDRS:
		if (arg != NULL && strcmp(arg, "all") != 0)
			return fk_error("unknown --keep-addrs mode '%s' (only 'all')", arg);
		p->keep_addrs = arg != NULL ? 2 : p->keep_addrs > 1 ? 2 : 1;
		break;
	case FK_COPT_INLINE: p->inline_frames = 1; break;
	case FK_COPT_CONTEXT: p->context = 1; break;
	case FK_COPT_KERNEL: p->annotate_kernel = 1; break;
	case FK_COPT_PID: p->include_pid = 1; break;
	case FK_COPT_TID: p->include_tid = 1; break;
	case FK_COPT_SRCLINE: p->srcline = 1; break;
	default:
		return opt_set_go(o, c, arg);
	}
	/* Frames rewritten from the module and address have no srcline to take. */
	if (p->srcline && (p->inline_frames || p->context || p->keep_addrs == 2))
		return fk_error("--srcline cannot be combined with --inline, --context or --keep-addrs=all");
	return 1;
}

static int
opt_set_go(struct fk_collapse_options *o, int c, char *arg)
{
	struct fk_perf_options *p = &o->perf;
	switch (c) {
	case FK_COPT_EVENT:
		if (!*arg)
			return fk_error("empty --event-filter");
		p->event_filter = arg;
		break;
	case FK_COPT_SKIP_AFTER:
		p->skip_after = list_add(p->skip_after, &p->nskip_after, arg);
		break;
	case FK_COPT_COMPAT:
		if (strcmp(arg, "perl") != 0)
			return fk_error("unknown --compat mode '%s' (only 'perl')", arg);
		p->compat_perl = 1;
		break;
	case FK_COPT_FORMAT:
		if (fk_format_parse(arg, &o->format) < 0)
			return fk_error("unknown format '%s' (perf, goroutine, goroutine-counts, "
			    "pprof or pprof-raw)", arg);
		break;
	case FK_COPT_GO_STATE: o->go.state = 1; break;
	case FK_COPT_GO_WAIT: o->go.state = o->go.wait = 1; break;
	case FK_COPT_NO_CREATOR: o->go.no_creator = 1; break;
	case FK_COPT_LINES: o->go.lines = o->pprof.lines = 1; break;
	case FK_COPT_SAMPLE_TYPE: o->pprof.sample_type = arg; break;
	case FK_COPT_LABEL:
		if (!*arg)
			return fk_error("empty --label key");
		o->pprof.labels = list_add(o->pprof.labels, &o->pprof.nlabels, arg);
		o->go.labels = o->pprof.labels;
		o->go.nlabels = o->pprof.nlabels;
		break;
	default:
		return 0;
	}
	return 1;
}

void
fk_collapse_opt_release(struct fk_collapse_options *o)
{
	free((void *)(uintptr_t)o->perf.skip_after);
	free((void *)(uintptr_t)o->pprof.labels);
	o->perf.skip_after = NULL;
	o->pprof.labels = o->go.labels = NULL;
	o->perf.nskip_after = o->pprof.nlabels = o->go.nlabels = 0;
}
