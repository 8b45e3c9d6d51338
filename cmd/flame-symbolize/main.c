/*
 * flame-symbolize -- replace raw addresses in folded stacks with names.
 */
#include "common/driver.h"
#include "core/error.h"
#include "symbolize/debugfind.h"
#include "symbolize/symbolize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: flame-symbolize [-hV] [--inline] [--lines] [--no-demangle]\n"
    "                       [--progress | --no-progress] [--strict] [--compat=perl]\n"
    "                       [--buildid-dir=dir] [--debug-dir=dir] [--kallsyms=file]\n"
    "                       [--perf-map-dir=dir] [--search-path=dir] [--vmlinux=file]\n"
    "                       [-o file] [file ...]\n";

static struct fk_symbolize_opts opt = { .demangle = 1 };
static const char **search, **debug;

static int
add_dir(const struct fk_option *o, const char *arg)
{
	size_t *n = o->value == &search ? &opt.nsearch : &opt.ndebug;
	const char ***list = o->value;
	*list = fk_xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = arg;
	return 0;
}

static int
set_compat(const struct fk_option *o, const char *arg)
{
	(void)o;
	if (strcmp(arg, "perl") != 0)
		return fk_error("unknown --compat mode '%s' (only 'perl')", arg);
	opt.compat_perl = 1;
	return 0;
}

static const struct fk_option options[] = {
	FK_OPT_GROUP("Names"),
	FK_OPT_FLAG(0, "inline", &opt.inline_frames, "expand inline chains from DWARF"),
	FK_OPT_FLAG(0, "lines", &opt.lines, "add file:line to each frame"),
	FK_OPT_SET_INT(0, "no-demangle", &opt.demangle, 0, "leave C++ and Rust names mangled"),
	FK_OPT_CALLBACK_X(0, "compat", "perl", "name frames as stackcollapse-perf.pl would",
	    set_compat, NULL, "perl", 0),
	FK_OPT_GROUP("Where symbols are found"),
	FK_OPT_STRING(0, "buildid-dir", &opt.buildid_dir, "dir",
	    "perf's build-id cache (default $PERF_BUILDID_DIR or ~/.debug)"),
	FK_OPT_CALLBACK(0, "debug-dir", "dir", "look for debug files under DIR (repeatable)",
	    add_dir, &debug),
	FK_OPT_STRING(0, "kallsyms", &opt.kallsyms, "file", "kernel symbols (default /proc/kallsyms)"),
	FK_OPT_STRING(0, "perf-map-dir", &opt.perf_map_dir, "dir",
	    "where perf-PID.map files are (default /tmp)"),
	FK_OPT_CALLBACK(0, "search-path", "dir", "look for modules under DIR (repeatable)",
	    add_dir, &search),
	FK_OPT_STRING(0, "vmlinux", &opt.vmlinux, "file", "kernel image with symbols"),
	FK_OPT_END(),
};

static int
run(struct fk_run *r, int argc, char **argv)
{
	struct fk_symbolize_stats st = { 0 };
	char summary[512];
	int rc = FK_RUN_FAILED;

	opt.search_path = search;
	opt.debug_dirs = debug;
	/* Files named on the command line must be there, unlike /proc/kallsyms. */
	const char *named[] = { opt.kallsyms, opt.vmlinux };
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
		int bad;
		FILE *fp = named[i] ? fk_cli_open_regular(named[i], 1, &bad) : NULL;
		if (named[i] && !fp)
			goto done;
		if (fp)
			fclose(fp);
	}
	fk_debuginfod_setup(r->progress);
	rc = fk_run_open(r, argc, argv);
	if (rc == 0)
		rc = fk_symbolize_run(&opt, r->in, r->nin, r->out, &st);
	r->records = st.lines;
	r->counted = rc == 0;
	int unresolved = rc == 0 && *fk_symbolize_summary(&st, summary, sizeof summary) != '\0';
	if (unresolved)
		fk_cli_message("%s", summary);
	/* Which modules stayed without names and where their symbols were looked for. */
	for (char *l = st.notes, *e; rc == 0 && l != NULL && *l != '\0'; l = e + 1) {
		e = strchr(l, '\n');
		*e = '\0';
		fk_cli_message("%s", l);
	}
	if (unresolved && r->strict)
		rc = fk_error("unresolved frames (--strict)");
	fk_symbolize_stats_release(&st);
done:
	free(search);
	free(debug);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct fk_cmd cmd = { "flame-symbolize", usage,
		"Replace raw addresses in folded stacks with names (see flame-symbolize(1)).",
		options, run, NULL,
		FK_CMD_FOLDED_INPUT };
	return fk_cmd_main(&cmd, argc, argv);
}
