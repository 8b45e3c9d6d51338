#include "common/driver.h"
#include "core/sniff.h"
#include "core/spill.h"
#include "core/error.h"
#include "core/num.h"
#include "core/util.h"

#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Where the shared options go; the entries below are told apart by address. */
static const char *opt_output;
static int opt_strict, opt_progress, opt_help, opt_version, opt_list;

static const struct fk_option common_options[] = {
	FK_OPT_GROUP("Common options"),
	FK_OPT_STRING('o', "output", &opt_output, "file", "write to FILE, whole or not at all"),
	FK_OPT_FLAG(0, "strict", &opt_strict, "exit 1 when lines were skipped or a warning was given"),
	FK_OPT_SET_INT(0, "progress", &opt_progress, 2, "show progress on stderr"),
	FK_OPT_SET_INT(0, "no-progress", &opt_progress, -1,
	    "never show progress (default: shown when stderr is a terminal)"),
	FK_OPT_FLAG('h', "help", &opt_help, "print this help and exit"),
	FK_OPT_FLAG('V', "version", &opt_version, "print the version and exit"),
	{ .type = FK_OPTION_FLAG, .long_name = "list-options", .value = &opt_list,
	  .defval = 1, .flags = FK_OPTION_HIDDEN },
	FK_OPT_END(),
};

/* The command's entries and the shared ones, in --help order. */
struct table {
	const struct fk_option **e;
	size_t n;
};

static void
table_add(struct table *t, const struct fk_option *o)
{
	for (; o->type != FK_OPTION_END; o++) {
		t->e = fk_xrealloc(t->e, (t->n + 1) * sizeof(*t->e));
		t->e[t->n++] = o;
	}
}

/* "--long=ARG", "--long[=ARG]" or "-x ARG", as --help shows an option. */
static int
left_column(const struct fk_option *o, char *buf, size_t size)
{
	int n = 0;
	if (o->short_name && o->long_name)
		n = snprintf(buf, size, "  -%c, --%s", o->short_name, o->long_name);
	else if (o->short_name)
		n = snprintf(buf, size, "  -%c", o->short_name);
	else
		n = snprintf(buf, size, "      --%s", o->long_name);
	if (o->argname && (size_t)n < size) {
		if (!o->long_name)
			n += snprintf(buf + n, size - (size_t)n, " %s", o->argname);
		else if (o->flags & FK_OPTION_OPTARG)
			n += snprintf(buf + n, size - (size_t)n, "[=%s]", o->argname);
		else
			n += snprintf(buf + n, size - (size_t)n, "=%s", o->argname);
	}
	return n;
}

enum { HELP_COLUMN = 28 };

static void
print_help(const struct fk_cmd *cmd, const struct table *t)
{
	char left[128];
	fputs(cmd->usage, stdout);
	if (cmd->summary)
		printf("\n%s\n", cmd->summary);
	for (size_t i = 0; i < t->n; i++) {
		const struct fk_option *o = t->e[i];
		if (o->flags & FK_OPTION_HIDDEN)
			continue;
		if (o->type == FK_OPTION_GROUP) {
			printf("\n%s:\n", o->help);
			continue;
		}
		int n = left_column(o, left, sizeof left);
		if (n >= HELP_COLUMN - 1)
			printf("%s\n%*s%s\n", left, HELP_COLUMN, "", o->help);
		else
			printf("%-*s%s\n", HELP_COLUMN, left, o->help);
	}
}

/* One line per option: long, short, argname, choices, help (tab-separated). */
static void
print_list(const struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct fk_option *o = t->e[i];
		if (o->type == FK_OPTION_GROUP || (o->flags & FK_OPTION_HIDDEN))
			continue;
		printf("%s\t", o->long_name ? o->long_name : "");
		if (o->short_name)
			putchar(o->short_name);
		/* An optional argument is bracketed: "[all]". */
		if (o->argname && (o->flags & FK_OPTION_OPTARG))
			printf("\t[%s]", o->argname);
		else
			printf("\t%s", o->argname ? o->argname : "");
		printf("\t%s\t%s\n", o->choices ? o->choices : "", o->help ? o->help : "");
	}
}

/* The name an option is called by in messages: "--long" or "-x". */
static const char *
option_name(const struct fk_option *o, char *buf, size_t size)
{
	if (o->long_name)
		snprintf(buf, size, "--%s", o->long_name);
	else
		snprintf(buf, size, "-%c", o->short_name);
	return buf;
}

/* Store arg as o says.  @return 0, or -1 with the reason recorded. */
static int
apply(const struct fk_option *o, const char *arg)
{
	char name[64];
	long long v;
	const char *why;
	switch (o->type) {
	case FK_OPTION_FLAG:
		*(int *)o->value = (int)o->defval;
		return 0;
	case FK_OPTION_BIT:
		*(int *)o->value |= (int)o->defval;
		return 0;
	case FK_OPTION_INT:
		if (fk_strtonum(arg, o->defval, o->max, &v, &why) < 0)
			return fk_error("%s is %s: '%s'", option_name(o, name, sizeof name), why, arg);
		*(long long *)o->value = v;
		return 0;
	case FK_OPTION_STRING:
		*(const char **)o->value = arg;
		return 0;
	case FK_OPTION_CALLBACK:
		return o->cb(o, arg);
	default:
		abort();
	}
}

int
fk_run_usage(struct fk_run *r, const char *fmt, ...)
{
	va_list ap;
	if (fmt) {
		fprintf(stderr, "%s: ", r->cmd->name);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fputs(r->cmd->usage, stderr);
	fprintf(stderr, "Try '%s --help' for more information.\n", r->cmd->name);
	return FK_RUN_USAGE;
}

/* Parse argv; *first is the first operand.  @return 0, or an exit status. */
static int
parse(struct fk_run *r, int argc, char **argv, int *first)
{
	struct table t = { 0 };
	table_add(&t, r->cmd->options);
	table_add(&t, common_options);
	struct option *lo = fk_xcalloc(t.n + 1, sizeof(*lo));
	char *shorts = fk_xcalloc(3 * t.n + 1, 1);
	size_t nl = 0, ns = 0;
	for (size_t i = 0; i < t.n; i++) {
		const struct fk_option *o = t.e[i];
		int has = !o->argname ? no_argument :
		    (o->flags & FK_OPTION_OPTARG) ? optional_argument : required_argument;
		if (o->type == FK_OPTION_GROUP)
			continue;
		if (o->long_name)
			lo[nl++] = (struct option){ o->long_name, has, NULL, 256 + (int)i };
		if (o->short_name) {
			shorts[ns++] = (char)o->short_name;
			if (has != no_argument)
				shorts[ns++] = ':';
			if (has == optional_argument)
				shorts[ns++] = ':';
		}
	}
	int c, status = -1;
	while (status < 0 && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		const struct fk_option *o = NULL;
		if (c >= 256)
			o = t.e[c - 256];
		for (size_t i = 0; !o && c != '?' && i < t.n; i++)
			if (t.e[i]->short_name == c && t.e[i]->type != FK_OPTION_GROUP)
				o = t.e[i];
		if (!o) {   /* getopt_long() said what was wrong */
			fk_run_usage(r, NULL);
			status = FK_EXIT_USAGE;
		} else if (apply(o, optarg) < 0) {
			fk_run_usage(r, "%s", fk_error_msg());
			fk_error_clear();
			status = FK_EXIT_USAGE;
		}
	}
	if (status < 0 && opt_list) {
		print_list(&t);
		status = FK_EXIT_OK;
	} else if (status < 0 && opt_help) {
		print_help(r->cmd, &t);
		status = FK_EXIT_OK;
	} else if (status < 0 && opt_version) {
		status = fk_cli_version();
	}
	*first = optind;
	free(lo);
	free(shorts);
	free(t.e);
	return status < 0 ? 0 : status;
}

/* The progress display: polls the inputs' file offsets from a thread. */
struct progress {
	struct fk_run *r;
	struct timespec start;
	int shown;
	double last;            /* when it was last shown, in seconds from start */
	int width;              /* of the longest line shown */
	pthread_t thread;
	int running;
	atomic_int stop;
};

static double
elapsed(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

void
fk_run_progress(void *ctx, uint64_t bytes, uint64_t records, int done)
{
	struct fk_run *r = ctx;
	struct progress *pr = r->progress_state;
	if (!pr)
		return;
	double t = elapsed(&pr->start);
	/* Automatic mode shows nothing for inputs that take under a second. */
	if (r->progress == 1 && ((t < 1.0 && !pr->shown) || (done && !pr->shown)))
		return;
	/* At most five updates a second, however often a reader reports; the last always. */
	if (!done && pr->shown && t - pr->last < 0.2)
		return;
	pr->last = t;
	char line[256];
	int n = snprintf(line, sizeof line, "%s: %.0f MB read, %.0f MB/s", r->cmd->name,
	    bytes / 1e6, t > 0 ? bytes / 1e6 / t : 0.0);
	if (records != UINT64_MAX && n >= 0 && (size_t)n < sizeof line)
		n += snprintf(line + n, sizeof line - (size_t)n, ", %llu samples",
		    (unsigned long long)records);
	/* Padded to the longest line yet, so a shorter one leaves nothing behind. */
	int len = n < 0 ? 0 : n < (int)sizeof line ? n : (int)sizeof line - 1;
	if (len > pr->width)
		pr->width = len;
	fprintf(stderr, "\r%-*s%s", pr->width, line, done ? "\n" : "");
	pr->shown = 1;
}

/* Bytes read so far from the inputs that are regular files. */
static uint64_t
bytes_read(const struct fk_run *r)
{
	uint64_t sum = 0;
	for (size_t i = 0; i < r->nin; i++) {
		off_t pos = lseek(r->in[i].fd, 0, SEEK_CUR);
		if (pos > 0)
			sum += (uint64_t)pos;
	}
	return sum;
}

static void *
progress_thread(void *arg)
{
	struct progress *pr = arg;
	const struct timespec tick = { 0, 200 * 1000 * 1000 };
	while (!atomic_load(&pr->stop)) {
		nanosleep(&tick, NULL);
		if (!atomic_load(&pr->stop))
			fk_run_progress(pr->r, bytes_read(pr->r), UINT64_MAX, 0);
	}
	return NULL;
}

static void
progress_start(struct fk_run *r)
{
	struct progress *pr = fk_xcalloc(1, sizeof(*pr));
	pr->r = r;
	clock_gettime(CLOCK_MONOTONIC, &pr->start);
	r->progress_state = pr;
	if (!r->own_progress)
		pr->running = pthread_create(&pr->thread, NULL, progress_thread, pr) == 0;
}

static void
progress_stop(struct fk_run *r)
{
	struct progress *pr = r->progress_state;
	if (!pr)
		return;
	if (pr->running) {
		atomic_store(&pr->stop, 1);
		pthread_join(pr->thread, NULL);
		fk_run_progress(r, bytes_read(r), UINT64_MAX, 1);
	}
	free(pr);
	r->progress_state = NULL;
}

/* A profile that flame-collapse folds (not perf's, which have hints of their own). */
static int
profile_kind(enum fk_sniff kind)
{
	switch (kind) {
	case FK_SNIFF_PPROF:
	case FK_SNIFF_GOROUTINE:
	case FK_SNIFF_GOROUTINE_COUNTS:
	case FK_SNIFF_PPROF_RAW:
	case FK_SNIFF_DTRACE:
	case FK_SNIFF_BPFTRACE:
	case FK_SNIFF_STAP:
	case FK_SNIFF_JSTACK:
	case FK_SNIFF_CPUPROFILE:
	case FK_SNIFF_CHROME_TRACE:
	case FK_SNIFF_SPEEDSCOPE:
	case FK_SNIFF_D3_JSON:
	case FK_SNIFF_XCTRACE:
		return 1;
	default:
		return 0;
	}
}

/* What a FOREIGN input is, from its first bytes (kept from a pipe, or read again). */
static const char *
foreign_what(const struct fk_input *in)
{
	unsigned char b[16];
	ssize_t n;
	const char *what = NULL;
	if (in->ahead.data) {
		what = fk_sniff_foreign(in->ahead.data, in->ahead.len);
	} else {
		off_t at = lseek(in->fd, 0, SEEK_CUR);
		if (at >= 0 && (n = pread(in->fd, b, sizeof(b), at)) > 0)
			what = fk_sniff_foreign(b, (size_t)n);
	}
	return what ? what : "binary data";
}

/*
 * Leave out the inputs that are plainly the wrong kind, each with a
 * one-line hint instead of a page of bad lines.  A file is read again from
 * where it starts; the bytes taken from a pipe travel with the input
 * (in->ahead) to the folded-stack reader.  flame-collapse looks at its
 * pipes itself, and a terminal is left alone (someone is typing).
 */
static void
leave_out_wrong_kind(struct fk_run *r)
{
	size_t k = 0;
	int folded = (r->cmd->flags & FK_CMD_FOLDED_INPUT) != 0;
	for (size_t i = 0; i < r->nin; i++) {
		struct fk_input *in = &r->in[i];
		enum fk_sniff kind = FK_SNIFF_UNKNOWN;
		int seekable = lseek(in->fd, 0, SEEK_CUR) >= 0;
		if ((seekable || (folded && !isatty(in->fd))) &&
		    fk_sniff_input(in, &kind, NULL, &in->ahead) == 0)
			assert(!seekable || !in->ahead.data);
		fk_error_clear();   /* a read error is the reader's to report */
		const char *name = fk_display_name(in->name);
		if (kind == FK_SNIFF_PERF_DATA && folded) {
			fk_cli_message("'%s' is a perf.data file: run 'flame-collapse %s' first",
			    name, in->name);
		} else if (kind == FK_SNIFF_PERF_SCRIPT && folded) {
			fk_cli_message("'%s' looks like perf script output: run flame-collapse first",
			    name);
		} else if (kind == FK_SNIFF_FOREIGN) {
			fk_cli_message("'%s' is %s, not %s: left out", name, foreign_what(in),
			    folded ? "folded stacks" : "a profile");
		} else if (folded && profile_kind(kind)) {
			fk_cli_message("'%s' looks like %s input, not folded stacks: "
			    "run flame-collapse first", name, fk_sniff_name(kind));
		} else {
			r->in[k++] = *in;
			continue;
		}
		if (in->fd != STDIN_FILENO)
			close(in->fd);
		free((void *)in->ahead.data);
		r->failed++;
		r->hinted++;
	}
	r->nin = k;
}

int
fk_run_open(struct fk_run *r, int argc, char **argv)
{
	assert(!r->opened);
	r->in = fk_cli_open_inputs(argc, argv, &r->nin, &r->failed);
	if (fk_output_open(&r->outf, r->output) < 0)
		return -1;
	r->opened = 1;
	r->out = r->outf.fp;
	/* After the output is open: looking into a slow pipe may take a while. */
	leave_out_wrong_kind(r);
	if (r->progress)
		progress_start(r);
	return 0;
}

void
fk_run_warn(struct fk_run *r, const char *fmt, ...)
{
	va_list ap;
	r->notes++;
	fprintf(stderr, "%s: ", r->cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
fk_cmd_main(const struct fk_cmd *cmd, int argc, char **argv)
{
	struct fk_run r = { .cmd = cmd };
	int first;

	fk_cli_init(cmd->name, 10, argv);
	int status = parse(&r, argc, argv, &first);
	if (opt_help || opt_version || opt_list || status)
		return cmd->done ? cmd->done(&r, status) : status;
	r.output = opt_output;
	r.strict = opt_strict;
	r.progress = opt_progress > 0 ? 2 : opt_progress == 0 && isatty(STDERR_FILENO) ? 1 : 0;

	int rc = cmd->run(&r, argc - first, argv + first);
	progress_stop(&r);
	fk_cli_warning_summary();
	uint64_t bad = fk_cli_warnings() + r.bad_lines;
	if (rc == 0 && r.counted && r.records == 0 && bad)
		rc = fk_error("not one valid record in the input");
	if (rc == 0 && r.strict && (bad || r.notes || fk_cli_other_warnings()))
		rc = fk_error("%s (--strict)", bad ? "lines were skipped" : "warnings were given");
	if (rc == FK_RUN_USAGE) {
		status = FK_EXIT_USAGE;
		if (r.opened)
			fk_output_abort(&r.outf);
	} else if (rc == FK_RUN_FAILED) {
		status = FK_EXIT_FAILURE;
		if (r.opened)
			fk_output_abort(&r.outf);
	} else if (rc < 0 && r.nin == 0 && r.hinted) {
		/* Every input was the wrong kind and has had its hint: that one line
		 * says it all, "no input could be read" would only repeat it. */
		fk_error_clear();
		status = FK_EXIT_FAILURE;
		if (r.opened)
			fk_output_abort(&r.outf);
	} else if (!r.opened) {
		status = rc == 0 ? FK_EXIT_OK : FK_EXIT_FAILURE;
		if (rc != 0)
			fk_cli_print_error();
	} else {
		status = fk_cli_finish(&r.outf, rc < 0 ? rc : 0);
	}
	/* What could be read is written; an input not read to the end still fails. */
	if (status == FK_EXIT_OK && (r.failed || r.cut_short || fk_reader_cut_count()))
		status = FK_EXIT_FAILURE;
	if (status == FK_EXIT_OK && rc > 0)
		status = rc;
	if (cmd->done)
		status = cmd->done(&r, status);
	if (r.in)
		fk_cli_close_inputs(r.in, r.nin);
	return status;
}

int
fk_option_memory(const struct fk_option *opt, const char *arg)
{
	size_t *v = opt->value;
	if (fk_spill_parse_size(arg, v) < 0)
		return -1;
	if (*v == 0)
		*v = 1;   /* as sort -S 0: the smallest budget */
	return 0;
}

size_t
fk_run_memory(size_t given)
{
	return given ? given : fk_spill_default_budget();
}
