/*
 * driver.h -- the command driver of the flame-* commands (the manner of
 * git's parse-options and run_builtin).
 *
 * A command is one option table, a usage text (the man page's SYNOPSIS
 * word for word) and a run function.  fk_cmd_main() parses the command
 * line with getopt_long() (abbreviations, --opt=val, -- and options after
 * operands), and owns what every command has: -h/--help generated from the
 * table, -V/--version, -o/--output, --strict, --progress/--no-progress,
 * the hidden --list-options, opening the operands, committing the output,
 * the bad-line summary and the exit status:
 *
 *   0  success; skipped bad lines are reported and still 0
 *   1  an input that cannot be read, input in which not one record was
 *      valid, a runtime error, or (--strict) bad lines or warnings
 *   2  a usage error
 *   3+ a status of the command's own (flame-diff's gate), when nothing
 *      above applies
 */
#ifndef FK_DRIVER_H
#define FK_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "common/cli.h"
#include "core/output.h"
#include "core/reader.h"

struct fk_option;

/*
 * Called for a FK_OPTION_CALLBACK entry with its argument (NULL when an
 * optional argument is absent); opt->value is the entry's context.
 * @return 0, or -1 with the reason recorded (fk_error): a usage error.
 */
typedef int fk_option_fn(const struct fk_option *opt, const char *arg);

enum fk_option_type {
	FK_OPTION_END,
	FK_OPTION_GROUP,      /* a heading in --help: help is the title */
	FK_OPTION_FLAG,       /* int *value = defval */
	FK_OPTION_BIT,        /* int *value |= defval */
	FK_OPTION_INT,        /* long long *value = the argument, within [defval, max] */
	FK_OPTION_STRING,     /* const char **value = the argument (not copied) */
	FK_OPTION_CALLBACK,   /* cb(opt, arg) */
};

enum {
	FK_OPTION_OPTARG = 1,   /* the argument may be left out (--opt or --opt=val) */
	FK_OPTION_HIDDEN = 2,   /* not in --help or --list-options */
};

struct fk_option {
	enum fk_option_type type;
	int short_name;         /* a letter, or 0 */
	const char *long_name;  /* without dashes, or NULL */
	const char *argname;    /* NULL: the option takes no argument */
	const char *help;       /* one line */
	void *value;
	long long defval, max;
	fk_option_fn *cb;
	const char *choices;    /* "a|b|c" for a fixed set of values, or NULL */
	int flags;
};

#define FK_OPT_GROUP(title) { .type = FK_OPTION_GROUP, .help = (title) }
#define FK_OPT_FLAG(s, l, v, h) \
	{ .type = FK_OPTION_FLAG, .short_name = (s), .long_name = (l), .value = (v), \
	  .defval = 1, .help = (h) }
#define FK_OPT_SET_INT(s, l, v, val, h) \
	{ .type = FK_OPTION_FLAG, .short_name = (s), .long_name = (l), .value = (v), \
	  .defval = (val), .help = (h) }
#define FK_OPT_BIT(s, l, v, bit, h) \
	{ .type = FK_OPTION_BIT, .short_name = (s), .long_name = (l), .value = (v), \
	  .defval = (bit), .help = (h) }
#define FK_OPT_INT(s, l, v, a, lo, hi, h) \
	{ .type = FK_OPTION_INT, .short_name = (s), .long_name = (l), .value = (v), \
	  .argname = (a), .defval = (lo), .max = (hi), .help = (h) }
#define FK_OPT_STRING(s, l, v, a, h) \
	{ .type = FK_OPTION_STRING, .short_name = (s), .long_name = (l), .value = (v), \
	  .argname = (a), .help = (h) }
#define FK_OPT_CALLBACK(s, l, a, h, fn, ctx) \
	{ .type = FK_OPTION_CALLBACK, .short_name = (s), .long_name = (l), .argname = (a), \
	  .help = (h), .cb = (fn), .value = (ctx) }
/* The same with a fixed set of values ("a|b|c") or flags. */
#define FK_OPT_CALLBACK_X(s, l, a, h, fn, ctx, ch, fl) \
	{ .type = FK_OPTION_CALLBACK, .short_name = (s), .long_name = (l), .argname = (a), \
	  .help = (h), .cb = (fn), .value = (ctx), .choices = (ch), .flags = (fl) }
#define FK_OPT_END() { .type = FK_OPTION_END }

/*
 * --memory=SIZE for the commands that merge stacks: the callback stores
 * the budget in bytes (spill.h's sizes, never 0) in the size_t at v.
 */
int fk_option_memory(const struct fk_option *opt, const char *arg);
#define FK_OPT_MEMORY(v) \
	FK_OPT_CALLBACK(0, "memory", "size", \
	    "merge in at most SIZE of memory, spilling to $TMPDIR", \
	    fk_option_memory, (v))

/* The budget given with FK_OPT_MEMORY, or the default when none was. */
size_t fk_run_memory(size_t given);

/* What a run function returns besides 0 (success) and -1 (error recorded). */
enum {
	FK_RUN_USAGE = -2,      /* usage error, already printed by fk_run_usage() */
	FK_RUN_FAILED = -3,     /* failure, already reported: exit 1 */
};

/* A run in progress: what the driver parsed, and what the run reports back. */
struct fk_run {
	/* Set by the driver. */
	const char *output;     /* -o FILE, or NULL for the standard output */
	int strict;             /* --strict */
	int progress;           /* 1: show progress (--progress, or stderr a terminal) */
	struct fk_input *in;    /* the operands, after fk_run_open() */
	size_t nin;
	FILE *out;              /* the output, after fk_run_open() */

	/* Set by the run function. */
	uint64_t records;       /* valid records read (stacks, samples) */
	int counted;            /* records is meaningful */
	uint64_t bad_lines;     /* lines skipped that were not reported by fk_warn() */
	uint64_t cut_short;     /* inputs not read to the end, besides fk_reader_cut_count() */
	int own_progress;       /* the run shows progress itself (fk_run_progress) */

	/* Private to the driver. */
	size_t failed;
	size_t hinted;          /* inputs left out with a wrong-kind hint */
	unsigned long notes;
	int opened;
	struct fk_output outf;
	const struct fk_cmd *cmd;
	void *progress_state;
};

struct fk_cmd {
	const char *name;       /* flame-x */
	const char *usage;      /* "usage: flame-x ...\n", as the SYNOPSIS */
	const char *summary;    /* one line for --help */
	const struct fk_option *options;
	/* argv[0..argc) are the operands.  @return 0, -1 (recorded), FK_RUN_*, or >= 3 */
	int (*run)(struct fk_run *r, int argc, char **argv);
	/* May be NULL: called last with the exit status.  @return the exit status */
	int (*done)(struct fk_run *r, int status);
	unsigned flags;         /* FK_CMD_* */
};

enum {
	/*
	 * The command reads folded stacks: an input that is perf script text
	 * is left out with a hint to run flame-collapse first.
	 */
	FK_CMD_FOLDED_INPUT = 1,
};

/* Parse the command line, run the command.  @return the exit status. */
int fk_cmd_main(const struct fk_cmd *cmd, int argc, char **argv);

/* Print "prog: message", the usage and the --help hint to stderr. @return FK_RUN_USAGE */
int fk_run_usage(struct fk_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Open the operands (none: the standard input; "-": the standard input)
 * into r->in and the output into r->out.  An operand that cannot be opened,
 * or that is plainly the wrong kind of input (a perf.data file; perf script
 * text for a command that reads folded stacks), is reported with a one-line
 * hint and left out; the exit status is then 1.  Starts the
 * progress display unless r->own_progress.
 * @return 0, or -1 (recorded) when the output cannot be opened.
 */
int fk_run_open(struct fk_run *r, int argc, char **argv);

/* Print "prog: message" to stderr: a warning that --strict makes fail. */
void fk_run_warn(struct fk_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The progress display, for a library callback (ctx is the struct fk_run):
 * bytes read, the rate and records so far; done ends the line.
 */
void fk_run_progress(void *ctx, uint64_t bytes, uint64_t records, int done);

#endif
