#include "collapse/collapse.h"
#include "core/error.h"
#include "collapse/pprof_raw.h"
#include "core/stack_table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static const char *const format_names[] = {
	[FK_FORMAT_PERF] = "perf",
	[FK_FORMAT_GOROUTINE] = "goroutine",
	[FK_FORMAT_GOROUTINE_COUNTS] = "goroutine-counts",
	[FK_FORMAT_PPROF] = "pprof",
	[FK_FORMAT_PPROF_RAW] = "pprof-raw",
};

const char *
fk_format_name(enum fk_format f)
{
	return f > FK_FORMAT_AUTO && f <= FK_FORMAT_PPROF_RAW ? format_names[f] : NULL;
}

int
fk_format_parse(const char *name, enum fk_format *f)
{
	for (int i = FK_FORMAT_PERF; i <= FK_FORMAT_PPROF_RAW; i++)
		if (strcmp(name, format_names[i]) == 0) {
			*f = (enum fk_format)i;
			return 0;
		}
	return -1;
}

static int
has_prefix(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && memcmp(s, p, k) == 0;
}

/* The first line of a Go crash: "panic: ", "fatal error: ", "SIGQUIT: quit", ... */
static int
crash_preamble(const char *s, size_t n)
{
	if (has_prefix(s, n, "panic: ") || has_prefix(s, n, "fatal error: ") ||
	    has_prefix(s, n, "runtime: ") || has_prefix(s, n, "unexpected fault address"))
		return 1;
	if (!has_prefix(s, n, "SIG"))
		return 0;
	size_t i = 3;
	while (i < n && s[i] >= 'A' && s[i] <= 'Z')
		i++;
	return i > 3 && i + 1 < n && s[i] == ':' && s[i + 1] == ' ';
}

enum fk_format
fk_format_detect(const void *buf, size_t n)
{
	const char *s = buf, *end = s + n;
	const char *state;
	size_t state_len;

	if (fk_pprof_sniff(buf, n))
		return FK_FORMAT_PPROF;
	/* Lines, in order; blank lines before the first one are skipped, and a byte order mark. */
	int first = 1, crash = 0;
	s += fk_bom_len(s, n);
	for (const char *p = s; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t len = (size_t)(le - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (first && len == 0) {
			p = nl ? nl + 1 : end;
			continue;
		}
		if (first) {
			first = 0;
			if (has_prefix(p, len, "goroutine profile: total "))
				return FK_FORMAT_GOROUTINE_COUNTS;
			if (fk_goroutine_header(p, len, &state, &state_len))
				return FK_FORMAT_GOROUTINE;
			if (has_prefix(p, len, "PeriodType: ") || (len == 8 && has_prefix(p, len, "Samples:")))
				return FK_FORMAT_PPROF_RAW;
			crash = crash_preamble(p, len);
			if (!crash)
				break;
		} else if (crash && fk_goroutine_header(p, len, &state, &state_len)) {
			return FK_FORMAT_GOROUTINE;
		}
		p = nl ? nl + 1 : end;
	}
	return FK_FORMAT_PERF;
}

/* Read up to FK_COLLAPSE_PEEK bytes; rewind a seekable input, else keep them as its prefix. */
static int
peek_input(const struct fk_input *in, struct fk_input_prefix *pre, char **peeked, size_t *n)
{
	char *buf = fk_xmalloc(FK_COLLAPSE_PEEK);
	size_t got = 0;
	while (got < FK_COLLAPSE_PEEK) {
		ssize_t r = read(in->fd, buf + got, FK_COLLAPSE_PEEK - got);
		if (r > 0) {
			got += (size_t)r;
			continue;
		}
		if (r == 0)
			break;
		if (errno == EINTR)
			continue;
		free(buf);
		return fk_error_errno(errno, "cannot read",
		    strcmp(in->name, "-") == 0 ? "<stdin>" : in->name);
	}
	*peeked = buf;
	*n = got;
	if (got && lseek(in->fd, -(off_t)got, SEEK_CUR) >= 0)
		return 0;
	pre->data = buf;
	pre->len = got;
	return 0;
}

static const char *
display_name(const struct fk_input *in)
{
	return strcmp(in->name, "-") == 0 ? "<stdin>" : in->name;
}

/* The whole input (a binary profile): prefix, then the rest of the descriptor. */
static int
read_whole(const struct fk_collapse_input *ci, unsigned char **data, size_t *n)
{
	const struct fk_input *in = &ci->in;
	const struct fk_input_prefix *pre = &ci->prefix;
	size_t cap = pre->len + (256u << 10), len = pre->len;
	unsigned char *buf = fk_xmalloc(cap);
	if (len)
		memcpy(buf, pre->data, len);
	for (;;) {
		if (len == cap) {
			if (cap >= FK_PPROF_MAX_SIZE) {
				free(buf);
				return fk_error("profile too large '%s': over %zu MiB", display_name(in),
				    FK_PPROF_MAX_SIZE >> 20);
			}
			cap = cap * 2 > FK_PPROF_MAX_SIZE ? FK_PPROF_MAX_SIZE : cap * 2;
			buf = fk_xrealloc(buf, cap);
		}
		ssize_t r = read(in->fd, buf + len, cap - len);
		if (r > 0) {
			len += (size_t)r;
		} else if (r == 0) {
			break;
		} else if (errno != EINTR) {
			free(buf);
			return fk_error_errno(errno, "cannot read", display_name(in));
		}
	}
	*data = buf;
	*n = len;
	return 0;
}

static int
collapse_one(const struct fk_collapse_options *opt, enum fk_format f,
    const struct fk_collapse_input *in, struct fk_stack_table *t, struct fk_collapse_stats *st)
{
	int rc;
	if (f == FK_FORMAT_PPROF) {
		unsigned char *data = NULL;
		size_t n = 0;
		if (read_whole(in, &data, &n) < 0)
			return -1;
		rc = fk_pprof_collapse(&opt->pprof, in->in.name, data, n, t, &st->pprof);
		free(data);
		return rc;
	}
	struct fk_reader *r = fk_collapse_input_reader(in);
	if (f == FK_FORMAT_GOROUTINE)
		rc = fk_goroutine_collapse(&opt->go, r, t, &st->go);
	else if (f == FK_FORMAT_GOROUTINE_COUNTS)
		rc = fk_goroutine_counts_collapse(&opt->go, r, t, &st->go);
	else
		rc = fk_pprof_raw_collapse(r, t, &st->pprof_raw);
	fk_reader_free(r);
	return rc;
}

int
fk_collapse(const struct fk_collapse_options *opt, const struct fk_input *in, size_t nin,
    FILE *out, struct fk_collapse_stats *st)
{
	/* Every operand failed to open: there is nothing to write, not an empty result. */
	if (nin == 0)
		return fk_error("no input could be read");
	struct fk_collapse_stats local;
	enum fk_format *fmt = fk_xcalloc(nin ? nin : 1, sizeof(*fmt));
	char **peeked = fk_xcalloc(nin ? nin : 1, sizeof(*peeked));
	struct fk_collapse_input *ci = fk_xcalloc(nin ? nin : 1, sizeof(*ci));
	enum fk_format common = opt->format ? opt->format : FK_FORMAT_PERF;
	size_t first = nin;
	int rc = 0;

	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < nin && rc == 0; i++) {
		size_t n = 0;
		ci[i].in = in[i];
		fmt[i] = opt->format;
		if (opt->format == FK_FORMAT_AUTO) {
			if (peek_input(&in[i], &ci[i].prefix, &peeked[i], &n) < 0) {
				rc = -1;
				break;
			}
		}
		if (opt->format == FK_FORMAT_AUTO) {
			fmt[i] = fk_format_detect(peeked[i], n);
			if (n == 0)
				fmt[i] = FK_FORMAT_AUTO;  /* empty: goes with any format */
		}
		if (opt->note)
			opt->note(opt->note_ctx, display_name(&in[i]),
			    fmt[i] ? fmt[i] : FK_FORMAT_PERF, opt->format != FK_FORMAT_AUTO);
		if (fmt[i] == FK_FORMAT_AUTO)
			continue;
		if (first == nin) {
			first = i;
			common = fmt[i];
		} else if (fmt[i] != common) {
			rc = fk_error("cannot fold %s input '%s' together with %s input '%s'",
			    fk_format_name(fmt[i]), display_name(&in[i]), fk_format_name(common),
			    display_name(&in[first]));
		}
	}
	st->format = common;
	if (rc == 0 && common == FK_FORMAT_PERF) {
		rc = fk_perf_collapse(&opt->perf, ci, nin, out, &st->perf);
	} else if (rc == 0) {
		struct fk_stack_table *t = fk_stack_table_new(1);
		for (size_t i = 0; i < nin && rc == 0; i++)
			rc = collapse_one(opt, common, &ci[i], t, st);
		if (rc == 0)
			rc = fk_stack_table_write(t, out, 1);
		fk_stack_table_free(t);
	}
	/*
	 * flame-collapse reads a cut pprof-raw input from go.cut_short, where
	 * it used to be counted: until the command reads pprof_raw, count it
	 * there too.
	 */
	st->go.cut_short += st->pprof_raw.cut_short;
	for (size_t i = 0; i < nin; i++)
		free(peeked[i]);
	free(peeked);
	free(ci);
	free(fmt);
	return rc;
}
