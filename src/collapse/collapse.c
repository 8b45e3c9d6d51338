#include "collapse/collapse.h"
#include "core/error.h"
#include "collapse/pprof_raw.h"
#include "core/decomp.h"
#include "core/folded.h"
#include "core/instream.h"
#include "core/sniff.h"
#include "core/stack_table.h"
#include "core/unit.h"
#include "core/util.h"

#include <assert.h>
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
	[FK_FORMAT_DTRACE] = "dtrace",
	[FK_FORMAT_BPFTRACE] = "bpftrace",
	[FK_FORMAT_STAP] = "stap",
	[FK_FORMAT_JSTACK] = "jstack",
	[FK_FORMAT_CPUPROFILE] = "cpuprofile",
	[FK_FORMAT_CHROME_TRACE] = "chrome-trace",
	[FK_FORMAT_SPEEDSCOPE] = "speedscope",
	[FK_FORMAT_D3_JSON] = "d3-json",
	[FK_FORMAT_XCTRACE] = "xctrace",
	[FK_FORMAT_PERF_DATA] = "perf-data",
};

const char *
fk_format_name(enum fk_format f)
{
	return f > FK_FORMAT_AUTO && f <= FK_FORMAT_LAST ? format_names[f] : NULL;
}

int
fk_format_parse(const char *name, enum fk_format *f)
{
	for (int i = FK_FORMAT_PERF; i <= FK_FORMAT_LAST; i++)
		if (strcmp(name, format_names[i]) == 0) {
			*f = (enum fk_format)i;
			return 0;
		}
	return -1;
}

enum fk_format
fk_format_from_sniff(enum fk_sniff s)
{
	switch (s) {
	case FK_SNIFF_PPROF:
		return FK_FORMAT_PPROF;
	case FK_SNIFF_GOROUTINE:
		return FK_FORMAT_GOROUTINE;
	case FK_SNIFF_GOROUTINE_COUNTS:
		return FK_FORMAT_GOROUTINE_COUNTS;
	case FK_SNIFF_PPROF_RAW:
		return FK_FORMAT_PPROF_RAW;
	case FK_SNIFF_DTRACE:
		return FK_FORMAT_DTRACE;
	case FK_SNIFF_BPFTRACE:
		return FK_FORMAT_BPFTRACE;
	case FK_SNIFF_STAP:
		return FK_FORMAT_STAP;
	case FK_SNIFF_JSTACK:
		return FK_FORMAT_JSTACK;
	case FK_SNIFF_CPUPROFILE:
		return FK_FORMAT_CPUPROFILE;
	case FK_SNIFF_CHROME_TRACE:
		return FK_FORMAT_CHROME_TRACE;
	case FK_SNIFF_SPEEDSCOPE:
		return FK_FORMAT_SPEEDSCOPE;
	case FK_SNIFF_D3_JSON:
		return FK_FORMAT_D3_JSON;
	case FK_SNIFF_XCTRACE:
		return FK_FORMAT_XCTRACE;
	case FK_SNIFF_PERF_DATA:
		return FK_FORMAT_PERF_DATA;
	default:
		return FK_FORMAT_PERF;
	}
}

enum fk_format
fk_format_detect(const void *buf, size_t n)
{
	enum fk_decomp_kind c = fk_decomp_detect(buf, n);
	if (c == FK_DECOMP_NONE)
		return fk_format_from_sniff(fk_sniff(buf, n));
	char *plain = fk_xmalloc(FK_SNIFF_PEEK);
	enum fk_sniff s = fk_sniff(plain, fk_decomp_head(c, buf, n, plain, FK_SNIFF_PEEK));
	free(plain);
	return fk_format_from_sniff(s);
}

static const char *
display_name(const struct fk_input *in)
{
	return fk_display_name(in->name);
}

/* The whole input (a binary profile): prefix, then the rest of the descriptor. */
static int
read_whole(const struct fk_input *in, unsigned char **data, size_t *n)
{
	const struct fk_input_prefix *pre = &in->ahead;
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

/*
 * An xz- or zstd-compressed profile, decompressed whole (at most FK_PPROF_MAX_SIZE
 * bytes); gzip is left to fk_pprof_collapse(), which inflates it itself.
 * @return 0 (*data replaced), or -1 (recorded) when it is corrupt or too large.
 */
static int
unpack_whole(const struct fk_input *in, enum fk_decomp_kind kind, unsigned char **data,
    size_t *n)
{
	struct fk_decomp *d = fk_decomp_new(kind, -1, in->name, *data, *n);
	size_t cap = *n * 4 + 4096, len = 0;
	unsigned char *buf = fk_xmalloc(cap);
	ssize_t r;
	for (;;) {
		if (len == cap) {
			if (cap >= FK_PPROF_MAX_SIZE) {
				r = fk_error("profile too large '%s': over %zu MiB", display_name(in),
				    FK_PPROF_MAX_SIZE >> 20);
				break;
			}
			cap = cap * 2 > FK_PPROF_MAX_SIZE ? FK_PPROF_MAX_SIZE : cap * 2;
			buf = fk_xrealloc(buf, cap);
		}
		if ((r = fk_decomp_read(d, buf + len, cap - len)) <= 0)
			break;
		len += (size_t)r;
	}
	fk_decomp_free(d);
	if (r < 0) {
		free(buf);
		return -1;
	}
	free(*data);
	*data = buf;
	*n = len;
	return 0;
}

/* The formats read as whole documents (JSON, XML) from a byte stream. */
static int
is_document(enum fk_format f)
{
	return f == FK_FORMAT_CPUPROFILE || f == FK_FORMAT_CHROME_TRACE ||
	    f == FK_FORMAT_SPEEDSCOPE || f == FK_FORMAT_D3_JSON || f == FK_FORMAT_XCTRACE;
}

/* The formats the perf parser folds. */
static int
perf_kind(enum fk_format f)
{
	return f == FK_FORMAT_PERF || f == FK_FORMAT_PERF_DATA;
}

/*
 * The document readers and the stack table report an overflow without the
 * input's name ("count overflows 64 bits"): put it in front, once.
 */
static void
name_the_error(const struct fk_input *in)
{
	const char *name = display_name(in);
	if (strstr(fk_error_msg(), name))
		return;
	enum fk_error_code code = fk_error_last();
	char *msg = fk_xstrdup(fk_error_msg());
	fk_error_clear();
	fk_error_code(code, "%s: %s", name, msg);
	free(msg);
}

/*
 * Whether text s[0, n) (the whole input when whole is set, else its head)
 * is mostly folded stacks: more than nine in ten of its lines that are not blank or comments ("comm pid" event
 * lines of perf script -F comm,pid parse as folded, their frames do not).
 */
static int
mostly_folded(const char *s, size_t n, int whole)
{
	uint64_t folded = 0, other = 0;
	const char *nl, *end = s + n;
	for (const char *l = s; l < end; l = nl + 1) {
		/* The last line counts when it ends the input, not when the peek cut it. */
		if ((nl = memchr(l, '\n', (size_t)(end - l))) == NULL) {
			if (!whole)
				break;
			nl = end;
		}
		size_t len = (size_t)(nl - l), slen;
		struct fk_num counts[2];
		int rounded;
		const char *why;
		if (len == 0 || l[0] == '#')
			continue;
		if (fk_folded_parse(l, len, 0, &slen, counts, &rounded, &why) > 0)
			folded++;
		else
			other++;
	}
	return folded > 9 * other;
}

/*
 * Whether the first bytes of in (FK_SNIFF_PEEK of them, decompressed) are
 * folded stacks in which the perf parser, tried quietly, finds not one
 * valid record: folded stacks sniff as such, but so do some perf script
 * -F layouts, which must still be read as perf when they are valid.
 */
static int
perf_finds_nothing(const struct fk_collapse_opts *opt, const struct fk_input *in,
    enum fk_decomp_kind comp)
{
	unsigned char *raw = fk_xmalloc(FK_SNIFF_PEEK);
	size_t n;
	if (in->ahead.data) {
		n = in->ahead.len < FK_SNIFF_PEEK ? in->ahead.len : FK_SNIFF_PEEK;
		memcpy(raw, in->ahead.data, n);
	} else {
		ssize_t got = pread(in->fd, raw, FK_SNIFF_PEEK, 0);
		n = got > 0 ? (size_t)got : 0;
	}
	if (comp != FK_DECOMP_NONE) {
		unsigned char *plain = fk_xmalloc(FK_SNIFF_PEEK);
		n = fk_decomp_head(comp, raw, n, plain, FK_SNIFF_PEEK);
		free(raw);
		raw = plain;
	}
	/* The head, in a file of its own, folded to nowhere with warnings muted. */
	FILE *head = tmpfile(), *sink = fopen("/dev/null", "w");
	int nothing = 0;
	if (head && sink && mostly_folded((const char *)raw, n, n < FK_SNIFF_PEEK) && fwrite(raw, 1, n, head) == n && fflush(head) == 0 &&
	    fseek(head, 0, SEEK_SET) == 0) {
		struct fk_perf_opts popt = opt->perf;
		struct fk_perf_stats ps;
		struct fk_input hin = { .name = in->name, .fd = fileno(head) };
		void *wctx;
		fk_warn_fn *wfn = fk_warn_get_handler(&wctx);
		popt.jobs = 1;
		popt.progress = NULL;
		memset(&ps, 0, sizeof(ps));
		fk_warn_set_handler(NULL, NULL);
		if (fk_perf_collapse(&popt, &hin, 1, sink, &ps) == 0)
			nothing = ps.samples + ps.filtered == 0 && ps.unrecognized > 0;
		fk_warn_set_handler(wfn, wctx);
		fk_error_clear();
		fk_perf_stats_release(&ps);
	}
	if (head)
		fclose(head);
	if (sink)
		fclose(sink);
	free(raw);
	return nothing;
}

static int
collapse_one(const struct fk_collapse_opts *opt, enum fk_format f, const struct fk_input *in,
    struct fk_stack_table *t, FILE *out, struct fk_collapse_stats *st)
{
	int compat = opt->perf.compat_perl;
	int rc;
	if (f == FK_FORMAT_PPROF) {
		unsigned char *data = NULL;
		size_t n = 0;
		if (read_whole(in, &data, &n) < 0)
			return -1;
		enum fk_decomp_kind kind = fk_decomp_detect(data, n);
		if ((kind == FK_DECOMP_XZ || kind == FK_DECOMP_ZSTD) &&
		    unpack_whole(in, kind, &data, &n) < 0) {
			free(data);
			return -1;
		}
		rc = fk_pprof_collapse(&opt->pprof, in->name, data, n, t, &st->pprof);
		free(data);
		return rc;
	}
	if (is_document(f)) {
		struct fk_instream *s = fk_instream_new(in);
		int cut = 0;
		struct fk_speedscope_opts so = { opt->profile, opt->weight };
		if (f == FK_FORMAT_CPUPROFILE)
			rc = fk_cpuprofile_collapse(opt->weight, s, t, &st->v8, &cut);
		else if (f == FK_FORMAT_CHROME_TRACE)
			rc = fk_chrome_trace_collapse(opt->weight, s, t, &st->v8, &cut);
		else if (f == FK_FORMAT_SPEEDSCOPE)
			rc = fk_speedscope_collapse(&so, s, t, &st->speedscope, &cut);
		else if (f == FK_FORMAT_D3_JSON)
			rc = fk_d3json_collapse(s, t, &st->d3json, &cut);
		else
			rc = fk_xctrace_collapse(opt->weight, s, t, &st->xctrace, &cut);
		st->cut_short += (uint64_t)cut;
		fk_instream_free(s);
		if (rc < 0)
			name_the_error(in);
		return rc;
	}
	struct fk_reader *r = fk_input_reader(in);
	uint64_t records = st->go.stacks + st->text.stacks;
	uint64_t other = st->go.outside + st->text.other;
	if (f == FK_FORMAT_GOROUTINE)
		rc = fk_goroutine_collapse(&opt->go, r, t, &st->go);
	else if (f == FK_FORMAT_GOROUTINE_COUNTS)
		rc = fk_goroutine_counts_collapse(&opt->go, r, t, &st->go);
	else if (f == FK_FORMAT_DTRACE)
		rc = fk_dtrace_collapse(compat, r, t, &st->text);
	else if (f == FK_FORMAT_BPFTRACE)
		rc = fk_bpftrace_collapse(compat, r, t, out, &st->text);
	else if (f == FK_FORMAT_STAP)
		rc = fk_stap_collapse(compat, r, t, &st->text);
	else if (f == FK_FORMAT_JSTACK)
		rc = fk_jstack_collapse(&opt->jstack, compat, r, t, &st->text);
	else
		rc = fk_pprof_raw_collapse(compat, opt->pprof.sample_type, r, t, &st->pprof_raw);
	fk_reader_free(r);
	/*
	 * Text that is not of the format given (--format=jstack on a perf
	 * script): its lines are skipped quietly one by one, so say it once.
	 */
	uint64_t skipped = st->go.outside + st->text.other - other;
	if (rc == 0 && f != FK_FORMAT_PPROF_RAW && skipped &&
	    st->go.stacks + st->text.stacks == records)
		fk_warn(display_name(in), 0, "not one %s stack in it: %llu line%s of other text "
		    "skipped", fk_format_name(f), (unsigned long long)skipped, skipped == 1 ? "" : "s");
	return rc;
}

void
fk_collapse_unit(const struct fk_collapse_opts *opt, enum fk_format f,
    const struct fk_collapse_stats *st, struct fk_unit *u, char sample_type[64])
{
	const char *unit = "count";
	sample_type[0] = '\0';
	if (f == FK_FORMAT_PPROF || f == FK_FORMAT_PPROF_RAW) {
		const char *type = f == FK_FORMAT_PPROF ? st->pprof.sample_type :
		    st->pprof_raw.sample_type;
		unit = f == FK_FORMAT_PPROF ? st->pprof.unit : st->pprof_raw.unit;
		/* A type or unit that is no one word is not passed on. */
		if (fk_unit_from_pprof(u, type, unit) < 0)
			fk_unit_parse(u, "count", 5);
		else if (u->kind != FK_UNIT_NONE)
			snprintf(sample_type, 64, "%s", type);
		return;
	}
	if (f == FK_FORMAT_GOROUTINE || f == FK_FORMAT_GOROUTINE_COUNTS)
		unit = "goroutines";
	else if ((f == FK_FORMAT_CPUPROFILE || f == FK_FORMAT_CHROME_TRACE) &&
	    opt->weight == FK_WEIGHT_TIME)
		unit = "microseconds";
	else if (f == FK_FORMAT_XCTRACE && opt->weight == FK_WEIGHT_TIME)
		unit = "nanoseconds";
	else if (f == FK_FORMAT_SPEEDSCOPE && opt->weight == FK_WEIGHT_TIME &&
	    strcmp(st->speedscope.unit, "none") != 0 && st->speedscope.unit[0])
		unit = st->speedscope.unit;   /* speedscope's units are pprof's names */
	if (fk_unit_parse(u, unit, strlen(unit)) < 0)
		fk_unit_parse(u, "count", 5);
}


/* The unit of the inputs folded so far, and whether they disagree. */
struct units_seen {
	struct fk_unit unit;
	char sample_type[64];
	const char *from;      /* the input that set them; NULL before the first */
	int mixed;
};

static void
units_note(struct units_seen *us, const struct fk_collapse_opts *opt, enum fk_format f,
    const struct fk_collapse_stats *st, const struct fk_input *in)
{
	struct fk_unit u;
	char type[64];
	fk_collapse_unit(opt, f, st, &u, type);
	if (!us->from) {
		us->unit = u;
		memcpy(us->sample_type, type, sizeof(type));
		us->from = display_name(in);
		return;
	}
	if (us->mixed || (fk_unit_same(&u, &us->unit) && strcmp(type, us->sample_type) == 0))
		return;
	us->mixed = 1;
	fk_warn(NULL, 0, "'%s' counts %s%s%s%s, '%s' counts %s%s%s%s: their counts are "
	    "added as they are, and no unit is written", us->from,
	    us->unit.kind ? us->unit.name : "samples", *us->sample_type ? " (sample type " : "",
	    us->sample_type, *us->sample_type ? ")" : "", display_name(in),
	    u.kind ? u.name : "samples", *type ? " (sample type " : "", type, *type ? ")" : "");
}

/* The header of flamekit-folded(5) that names the unit of the counts. */
static void
units_write(const struct units_seen *us, FILE *out)
{
	if (!us->from || us->mixed || us->unit.kind == FK_UNIT_NONE)
		return;
	if (*us->sample_type)
		fprintf(out, "# sample-type: %s\n", us->sample_type);
	fprintf(out, "# unit: %s\n", us->unit.name);
}

int
fk_collapse(const struct fk_collapse_opts *opt, const struct fk_input *in, size_t nin,
    FILE *out, struct fk_collapse_stats *st)
{
	/* Every operand failed to open: there is nothing to write, not an empty result. */
	if (nin == 0)
		return fk_error("no input could be read");
	struct fk_collapse_stats local;
	enum fk_format *fmt = fk_xcalloc(nin ? nin : 1, sizeof(*fmt));
	/* The inputs, each with the bytes read to tell its format. */
	struct fk_input *ci = fk_xcalloc(nin ? nin : 1, sizeof(*ci));
	enum fk_format common = opt->format ? opt->format : FK_FORMAT_PERF;
	size_t first = nin;
	int rc = 0, compressed = 0;

	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < nin && rc == 0; i++) {
		assert(in[i].ahead.len == 0);
		ci[i] = in[i];
		fmt[i] = opt->format;
		if (opt->format == FK_FORMAT_AUTO) {
			enum fk_sniff kind;
			enum fk_decomp_kind comp;
			if (fk_sniff_input(&in[i], &kind, &comp, &ci[i].ahead) < 0) {
				rc = -1;
				break;
			}
			compressed |= comp != FK_DECOMP_NONE;
			if (kind == FK_SNIFF_PERF_DATA && comp != FK_DECOMP_NONE) {
				/* The reader seeks in the file: it must be the plain file. */
				rc = fk_error("'%s' is a compressed perf.data file: decompress it first",
				    display_name(&in[i]));
				break;
			}
			if (kind == FK_SNIFF_FOREIGN) {
				/* A pipe (the driver leaves such files out before): its bytes are at hand. */
				const char *what = ci[i].ahead.data ?
				    fk_sniff_foreign(ci[i].ahead.data, ci[i].ahead.len) : NULL;
				rc = fk_error("'%s' is %s, not a profile", display_name(&in[i]),
				    what ? what : "binary data");
				break;
			}
			if (kind == FK_SNIFF_FOLDED && perf_finds_nothing(opt, &ci[i], comp)) {
				rc = fk_error("'%s' looks like folded stacks already: give it to "
				    "flame-graph (or the other flame-* commands) directly",
				    display_name(&in[i]));
				break;
			}
			fmt[i] = fk_format_from_sniff(kind);
			if (kind == FK_SNIFF_EMPTY)
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
		} else if (perf_kind(fmt[i]) && perf_kind(common)) {
			/* perf.data and perf script text fold together, through one parser. */
			if (fmt[i] == FK_FORMAT_PERF_DATA)
				common = FK_FORMAT_PERF_DATA;
		} else if (fmt[i] != common) {
			rc = fk_error("cannot fold %s input '%s' together with %s input '%s'",
			    fk_format_name(fmt[i]), display_name(&in[i]), fk_format_name(common),
			    display_name(&in[first]));
		}
	}
	st->format = common;
	if (rc == 0 && perf_kind(common)) {
		struct fk_perf_opts popt = opt->perf;
		/* A compressed file cannot be split at byte offsets; perf.data is not split. */
		if (compressed || common == FK_FORMAT_PERF_DATA)
			popt.jobs = 1;
		rc = fk_perf_collapse(&popt, ci, nin, out, &st->perf);
	} else if (rc == 0) {
		struct fk_stack_table *t = fk_stack_table_new(1);
		struct units_seen us = { .from = NULL };
		for (size_t i = 0; i < nin && rc == 0; i++) {
			st->pprof.sample_type[0] = st->pprof.unit[0] = '\0';
			st->pprof_raw.sample_type[0] = st->pprof_raw.unit[0] = '\0';
			rc = collapse_one(opt, common, &ci[i], t, out, st);
			if (rc == 0)
				units_note(&us, opt, common, st, &ci[i]);
		}
		if (rc == 0 && !opt->no_header && !opt->perf.compat_perl)
			units_write(&us, out);
		if (rc == 0)
			rc = fk_stack_table_write(t, out, 1);
		fk_stack_table_free(t);
	}
	for (size_t i = 0; i < nin; i++)
		free((void *)ci[i].ahead.data);
	free(ci);
	free(fmt);
	return rc;
}

size_t
fk_collapse_idle_options(const struct fk_collapse_opts *opt, enum fk_format f,
    const char **names, size_t max)
{
	/*
	 * Which formats carry what: states and creators only debug=2, labels only
	 * debug=1 and pprof, thread options only jstack, weights only the documents.
	 */
	const struct {
		const char *name;
		int set;
		int applies;
	} o[] = {
		{ "go-wait", opt->go.wait, f == FK_FORMAT_GOROUTINE },
		{ "go-state", opt->go.state && !opt->go.wait, f == FK_FORMAT_GOROUTINE },
		{ "no-creator", opt->go.no_creator, f == FK_FORMAT_GOROUTINE },
		{ "label", opt->pprof.nlabels > 0,
		    f == FK_FORMAT_PPROF || f == FK_FORMAT_GOROUTINE_COUNTS },
		{ "lines", opt->go.lines, f == FK_FORMAT_GOROUTINE ||
		    f == FK_FORMAT_GOROUTINE_COUNTS || f == FK_FORMAT_PPROF },
		{ "sample-type", opt->pprof.sample_type != NULL,
		    f == FK_FORMAT_PPROF || f == FK_FORMAT_PPROF_RAW },
		{ "no-thread-name", opt->jstack.no_thread_name, f == FK_FORMAT_JSTACK },
		{ "shorten-pkgs", opt->jstack.shorten_pkgs, f == FK_FORMAT_JSTACK },
		{ "thread-number", opt->jstack.thread_number, f == FK_FORMAT_JSTACK },
		{ "thread-state", opt->jstack.state, f == FK_FORMAT_JSTACK },
		{ "profile", opt->profile != NULL, f == FK_FORMAT_SPEEDSCOPE },
		{ "jobs", opt->perf.jobs > 1, f != FK_FORMAT_PERF_DATA },
		{ "srcline", opt->perf.srcline, f != FK_FORMAT_PERF_DATA },
		{ "weight", opt->weight == FK_WEIGHT_SAMPLES, f == FK_FORMAT_CPUPROFILE ||
		    f == FK_FORMAT_CHROME_TRACE || f == FK_FORMAT_SPEEDSCOPE || f == FK_FORMAT_XCTRACE },
	};
	size_t n = 0;
	if (f == FK_FORMAT_AUTO)
		return 0;   /* only empty inputs: nothing to say */
	for (size_t i = 0; i < sizeof(o) / sizeof(o[0]) && n < max; i++)
		if (o[i].set && !o[i].applies)
			names[n++] = o[i].name;
	return n;
}
