#include "common/cli.h"
#include "core/error.h"
#include "core/num.h"
#include "core/util.h"

#include "fk_config.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *progname = "flamekit";
static unsigned long warn_count, input_warn_count;
static unsigned long line_warn_count;   /* of input_warn_count, those naming a line */
static unsigned warn_max = 10;

static void
cli_warn(void *ctx, const char *file, unsigned long line, const char *msg)
{
	(void)ctx;
	warn_count++;
	if (file)
		input_warn_count++;
	if (file && line)
		line_warn_count++;
	if (warn_count > warn_max)
		return;
	if (file && line)
		fprintf(stderr, "%s: %s:%lu: %s\n", progname, file, line, msg);
	else if (file)
		fprintf(stderr, "%s: %s: %s\n", progname, file, msg);
	else
		fprintf(stderr, "%s: %s\n", progname, msg);
}

void
fk_cli_init(const char *name, unsigned max_warnings, char **argv)
{
	progname = name;
	if (argv && argv[0])
		argv[0] = (char *)name;
	fk_error_set_program(name);
	warn_max = max_warnings;
	fk_warn_set_handler(cli_warn, NULL);
	/* FLAMEKIT_MAX_LINE=BYTES: the longest input line accepted (default 1 GiB). */
	const char *ml = getenv("FLAMEKIT_MAX_LINE");
	long long v;
	const char *errstr;
	if (ml && fk_strtonum(ml, 1, LLONG_MAX, &v, &errstr) == 0)
		fk_reader_set_default_max_line((uint64_t)v);
	else if (ml)
		fprintf(stderr, "%s: ignoring FLAMEKIT_MAX_LINE='%s': %s\n", progname, ml, errstr);
}

FILE *
fk_cli_open_regular(const char *path, int must_exist, int *bad)
{
	int missing;
	FILE *fp = fk_open_regular(path, &missing);
	*bad = !fp && (must_exist || !missing);
	if (*bad)
		fk_cli_print_error();
	else if (!fp)
		fk_error_clear();
	return fp;
}

const char *
fk_cli_progname(void)
{
	return progname;
}

int
fk_cli_version(void)
{
	printf("%s (flamekit) %s\n", progname, FK_VERSION);
	return FK_EXIT_OK;
}

int
fk_cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;
	if (fmt) {
		fprintf(stderr, "%s: ", progname);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fputs(usage, stderr);
	fprintf(stderr, "Try '%s --help' for more information.\n", progname);
	return FK_EXIT_USAGE;
}

void
fk_cli_message(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
fk_cli_print_error(void)
{
	const char *m = fk_error_msg();
	fprintf(stderr, "%s: %s\n", progname, *m ? m : "failed");
	fk_error_clear();
}

unsigned long
fk_cli_warnings(void)
{
	return input_warn_count;
}

unsigned long
fk_cli_other_warnings(void)
{
	return warn_count - input_warn_count;
}

void
fk_cli_warning_summary(void)
{
	if (warn_count > warn_max)
		/* "bad lines" as long as every warning was one. */
		fprintf(stderr, "%s: %lu %s in all (%lu not shown)\n", progname, warn_count,
		    warn_count == input_warn_count ? "bad lines" : "warnings",
		    warn_count - warn_max);
	else if (line_warn_count)
		/* A warning about a whole file (a module of another build-id) is no bad line. */
		fprintf(stderr, "%s: %lu bad line%s in all\n", progname, line_warn_count,
		    line_warn_count == 1 ? "" : "s");
}

struct fk_input *
fk_cli_open_inputs(int argc, char **argv, size_t *n, size_t *failed)
{
	static char dash[] = "-";
	static char *stdin_only[] = { dash };
	struct fk_input *in;
	size_t k = 0;

	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	in = fk_xcalloc((size_t)argc, sizeof(*in));
	*failed = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			in[k].name = "-";
			in[k].fd = STDIN_FILENO;
			k++;
			continue;
		}
		int fd = open(argv[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "%s: cannot open '%s': %s\n", progname, argv[i],
			    strerror(errno));
			(*failed)++;
			continue;
		}
		/* A directory opens but cannot be read: leave it out like a missing file. */
		struct stat sb;
		if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			fprintf(stderr, "%s: cannot read '%s': %s\n", progname, argv[i],
			    strerror(EISDIR));
			close(fd);
			(*failed)++;
			continue;
		}
		in[k].name = argv[i];
		in[k].fd = fd;
		k++;
	}
	*n = k;
	return in;
}

void
fk_cli_close_inputs(struct fk_input *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (in[i].fd != STDIN_FILENO)
			close(in[i].fd);
		free((void *)in[i].ahead.data);
	}
	free(in);
}

int
fk_cli_finish(struct fk_output *out, int rc)
{
	if (rc == 0 && fk_output_commit(out) == 0)
		return FK_EXIT_OK;
	if (rc != 0)
		fk_output_abort(out);
	if (fk_error_last() == FK_ERR_PIPE) {
		/* The reader went away (| head): end as if killed by SIGPIPE. */
		fk_error_clear();
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		return FK_EXIT_OK;
	}
	fk_cli_print_error();
	return FK_EXIT_FAILURE;
}
