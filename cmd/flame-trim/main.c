/*
 * flame-trim -- shape the tree of folded stacks.
 */
#include "common/driver.h"
#include "core/error.h"
#include "core/num.h"
#include "filter/filter.h"
#include "filter/trim.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: flame-trim [-hV] [--drop] [--drop-root] [--progress | --no-progress]\n"
    "                  [--strict] [--strip-annotations] [--strip-args] [--strip-offsets]\n"
    "                  [--collapse-recursion[=all]] [--max-depth=n] [--max-stacks=n]\n"
    "                  [--memory=size] [--min-count=n] [--min-fraction=f]\n"
    "                  [--min-percent=p] [-o file] [--rename-root=name]\n"
    "                  [--replace=s/regex/replacement/] [file ...]\n";

static struct fk_trim_opts o;
static struct fk_filter_subst **subst;
static long long max_depth, max_stacks;
static size_t memory;

static int
set_recursion(const struct fk_option *opt, const char *arg)
{
	(void)opt;
	if (arg && strcmp(arg, "all") != 0)
		return fk_error("--collapse-recursion takes 'all', not '%s'", arg);
	o.recursion = arg ? FK_TRIM_RECURSION_ALL : FK_TRIM_RECURSION_DIRECT;
	return 0;
}

/* --min-count, --min-fraction, --min-percent: opt->value is the kind. */
static int
set_min(const struct fk_option *opt, const char *arg)
{
	struct fk_num v;
	int kind = (int)(intptr_t)opt->value;   /* 0 count, 1 fraction, 100 percent */
	if (fk_num_parse(arg, strlen(arg), &v) != 0 ||
	    (kind != 0 && v.v > fk_pow10(v.scale) * kind))
		return fk_error("bad threshold '%s'", arg);
	if (kind == 100)
		v.scale += 2;   /* P percent is the fraction P/100 */
	o.min = v;
	o.min_kind = kind == 0 ? FK_TRIM_MIN_COUNT : FK_TRIM_MIN_FRACTION;
	return 0;
}

static int
add_replace(const struct fk_option *opt, const char *arg)
{
	(void)opt;
	struct fk_filter_subst *s = fk_filter_subst_new(arg);
	if (!s)
		return -1;
	subst = fk_xrealloc(subst, (o.nreplace + 1) * sizeof(*subst));
	subst[o.nreplace++] = s;
	return 0;
}

static int
set_rename_root(const struct fk_option *opt, const char *arg)
{
	(void)opt;
	if (*arg == '\0' || strpbrk(arg, ";\n"))
		return fk_error("invalid --rename-root '%s' (a frame name without ';')", arg);
	o.rename_root = arg;
	return 0;
}

static const struct fk_option options[] = {
	FK_OPT_GROUP("Shape"),
	FK_OPT_INT(0, "max-depth", &max_depth, "n", 1, 1LL << 40, "cut every stack to N frames"),
	FK_OPT_INT(0, "max-stacks", &max_stacks, "n", 1, 1LL << 40,
	    "keep the N heaviest stacks, fold the rest"),
	FK_OPT_CALLBACK(0, "min-count", "n", "fold the nodes below N samples", set_min, (void *)0),
	FK_OPT_CALLBACK(0, "min-fraction", "f", "fold the nodes below fraction F of the total",
	    set_min, (void *)1),
	FK_OPT_CALLBACK(0, "min-percent", "p", "fold the nodes below P percent of the total",
	    set_min, (void *)100),
	FK_OPT_FLAG(0, "drop", &o.drop, "drop small nodes instead of folding them"),
	FK_OPT_CALLBACK_X(0, "collapse-recursion", "all",
	    "merge directly recursive frames (all: any recursion)", set_recursion, NULL,
	    "all", FK_OPTION_OPTARG),
	FK_OPT_GROUP("Frame names"),
	FK_OPT_FLAG(0, "drop-root", &o.drop_root, "remove the root frame (the process name)"),
	FK_OPT_CALLBACK(0, "rename-root", "name", "rename every root frame to NAME",
	    set_rename_root, NULL),
	FK_OPT_FLAG(0, "strip-annotations", &o.strip_annotations, "remove _[k] and the like"),
	FK_OPT_FLAG(0, "strip-args", &o.strip_args, "remove argument lists from names"),
	FK_OPT_FLAG(0, "strip-offsets", &o.strip_offsets, "remove +0x1f offsets"),
	FK_OPT_CALLBACK(0, "replace", "s/regex/replacement/", "rewrite frame names (repeatable)",
	    add_replace, NULL),
	FK_OPT_GROUP("Merge"),
	FK_OPT_MEMORY(&memory),
	FK_OPT_END(),
};

static int
run(struct fk_run *r, int argc, char **argv)
{
	struct fk_folded_stats st = { 0 };
	o.replace = subst;
	o.max_depth = (size_t)max_depth;
	o.max_stacks = (size_t)max_stacks;
	if (o.drop_root && o.rename_root)
		return fk_run_usage(r, "--drop-root and --rename-root cannot go together");
	o.memory = fk_run_memory(memory);
	int rc = fk_run_open(r, argc, argv);
	if (rc == 0)
		rc = fk_trim_run(&o, r->in, r->nin, r->out, &st);
	r->records = st.lines;
	r->counted = rc == 0;
	for (size_t i = 0; i < o.nreplace; i++)
		fk_filter_subst_free(subst[i]);
	free(subst);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct fk_cmd cmd = { "flame-trim", usage,
		"Shape the tree of folded stacks (see flame-trim(1)).", options, run, NULL,
		FK_CMD_FOLDED_INPUT };
	return fk_cmd_main(&cmd, argc, argv);
}
