/*
 * flame-focus -- select folded stacks and frames by pattern (pprof's way).
 */
#include "common/driver.h"
#include "core/error.h"
#include "filter/filter.h"
#include "filter/focus.h"

#include <stdio.h>
#include <stdlib.h>

static const char usage[] =
    "usage: flame-focus [-FhiVvx] [--keep-root] [--progress | --no-progress]\n"
    "                   [--strict] [--verbose] [-e regex] [--hide=regex]\n"
    "                   [--ignore=regex] [--memory=size] [--prune-from=regex]\n"
    "                   [--show=regex] [--show-from=regex] [-o file] [regex] [file ...]\n";

/* The patterns in command-line order, with the step each selects for. */
static struct { const char *pat; int step; } *pats;
static int npat, invert, verbose;
static int flags;
static struct fk_focus_opts o;
static size_t memory;

static int
add_pattern(const struct fk_option *opt, const char *arg)
{
	pats = fk_xrealloc(pats, (size_t)(npat + 1) * sizeof(*pats));
	pats[npat].pat = arg;
	pats[npat++].step = (int)(intptr_t)opt->value;
	return 0;
}

#define STEP(s) ((void *)(intptr_t)(s))

static const struct fk_option options[] = {
	FK_OPT_GROUP("Selection"),
	FK_OPT_CALLBACK('e', "focus", "regex", "keep only the stacks with a matching frame",
	    add_pattern, STEP(FK_FOCUS_FOCUS)),
	FK_OPT_CALLBACK(0, "ignore", "regex", "drop the stacks with a matching frame",
	    add_pattern, STEP(FK_FOCUS_IGNORE)),
	FK_OPT_FLAG('v', "invert-match", &invert, "drop the stacks that -e selects (as --ignore)"),
	FK_OPT_CALLBACK(0, "hide", "regex", "remove the matching frames",
	    add_pattern, STEP(FK_FOCUS_HIDE)),
	FK_OPT_CALLBACK(0, "show", "regex", "keep only the matching frames",
	    add_pattern, STEP(FK_FOCUS_SHOW)),
	FK_OPT_CALLBACK(0, "show-from", "regex", "cut the frames rootward of the first match",
	    add_pattern, STEP(FK_FOCUS_SHOW_FROM)),
	FK_OPT_FLAG(0, "keep-root", &o.keep_root, "with --show-from, keep the first frame"),
	FK_OPT_CALLBACK(0, "prune-from", "regex", "cut the frames leafward of the last match",
	    add_pattern, STEP(FK_FOCUS_PRUNE_FROM)),
	FK_OPT_GROUP("Patterns"),
	FK_OPT_BIT('F', "fixed-strings", &flags, FK_FILTER_LITERAL,
	    "take every pattern as a fixed string"),
	FK_OPT_BIT('i', "ignore-case", &flags, FK_FILTER_ICASE, "ignore case in every pattern"),
	FK_OPT_BIT('x', "whole-frame", &flags, FK_FILTER_EXACT,
	    "a pattern must match the whole frame"),
	FK_OPT_FLAG(0, "verbose", &verbose, "report what each step did on stderr"),
	FK_OPT_GROUP("Merge"),
	FK_OPT_MEMORY(&memory),
	FK_OPT_END(),
};

static int
run(struct fk_run *r, int argc, char **argv)
{
	struct fk_focus_stats st = { 0 };
	int selected = npat > 0, rc = -1;

	/* Without a selection option the first operand is the focus pattern. */
	if (!selected) {
		if (argc == 0)
			return fk_run_usage(r, "no pattern given");
		add_pattern(&(struct fk_option){ .value = STEP(FK_FOCUS_FOCUS) }, argv[0]);
		argc--;
		argv++;
	}
	for (int i = 0; i < npat; i++) {
		int s = pats[i].step;
		if (invert && s == FK_FOCUS_FOCUS)
			s = FK_FOCUS_IGNORE;
		if (!o.sets[s])
			o.sets[s] = fk_filter_new((unsigned)flags);
		if (fk_filter_add(o.sets[s], pats[i].pat) < 0) {
			rc = fk_run_usage(r, "%s", fk_error_msg());
			fk_error_clear();
			goto done;
		}
	}
	o.memory = fk_run_memory(memory);
	if (fk_run_open(r, argc, argv) < 0)
		goto done;
	rc = fk_focus_run(&o, r->in, r->nin, r->out, &st);
	r->records = st.stacks;
	r->counted = rc == 0;
	if (rc == 0 && verbose)
		fk_focus_stats_write(&o, &st, stderr, "flame-focus: ");
done:
	for (int i = 0; i < FK_FOCUS_NSTEPS; i++)
		fk_filter_free(o.sets[i]);
	free(pats);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct fk_cmd cmd = { "flame-focus", usage,
		"Select folded stacks and frames by pattern (see flame-focus(1)).", options, run, NULL,
		FK_CMD_FOLDED_INPUT };
	return fk_cmd_main(&cmd, argc, argv);
}
