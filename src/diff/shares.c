#include "diff/shares.h"
#include "diff/stats.h"
#include "filter/filter.h"
#include "render/text.h"
#include "core/error.h"
#include "core/folded.h"
#include "core/util.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct fk_diff_shares {
	size_t nruns, nside[2];
	struct fk_filter_memo *names;   /* function name -> id */
	double *weight;                 /* [id * nruns + run] */
	size_t wcap;                    /* functions weight has room for */
	double *total;                  /* per run */
	uint32_t *seen;                 /* per id: stamp of the last stack */
	size_t seen_cap;
	uint32_t stamp;
	struct fk_diff_fn *fn;          /* after the test, sorted by change */
	size_t nfn;
	int tested;
	enum fk_diff_by by;
	struct fk_unit unit;            /* FK_UNIT_NONE: plain counts */
	double confidence;
	const struct fk_diff_fn **rows; /* the last gate's answer */
};

struct fk_diff_shares *
fk_diff_shares_new(size_t nbefore, size_t nafter)
{
	struct fk_diff_shares *s = fk_xcalloc(1, sizeof(*s));
	s->nside[0] = nbefore;
	s->nside[1] = nafter;
	s->nruns = nbefore + nafter;
	s->names = fk_filter_memo_new();
	s->total = fk_xcalloc(s->nruns, sizeof(*s->total));
	return s;
}

void
fk_diff_shares_free(struct fk_diff_shares *s)
{
	if (!s)
		return;
	fk_filter_memo_free(s->names);
	free(s->weight);
	free(s->total);
	free(s->seen);
	free(s->fn);
	free(s->rows);
	free(s);
}

void
fk_diff_shares_set_by(struct fk_diff_shares *s, enum fk_diff_by by)
{
	s->by = by;
}

void
fk_diff_shares_set_unit(struct fk_diff_shares *s, const struct fk_unit *u)
{
	s->unit = *u;
}

size_t
fk_diff_shares_runs(const struct fk_diff_shares *s, int side)
{
	return s->nside[side];
}

void
fk_diff_shares_add(struct fk_diff_shares *s, size_t run, const char *stack,
    size_t len, double count)
{
	size_t pos = 0, flen;
	const char *f;
	int added;

	s->total[run] += count;
	if (++s->stamp == 0) {
		memset(s->seen, 0, s->seen_cap * sizeof(*s->seen));
		s->stamp = 1;
	}
	while (fk_folded_next_frame(stack, len, &pos, &f, &flen)) {
		if (flen == 0)
			continue;   /* ";" is the stack without frames */
		struct fk_filter_memo_entry *e = fk_filter_memo_get(s->names, f, flen, &added);
		if (added) {
			size_t need = (size_t)e->id + 1, old = s->wcap;
			if (need > s->wcap) {
				/* ids are 32-bit and runs come from argv: the product cannot overflow */
				s->wcap = need < 64 ? 64 : 2 * need;
				s->weight = fk_xrealloc(s->weight, s->wcap * s->nruns * sizeof(double));
				memset(s->weight + old * s->nruns, 0,
				    (s->wcap - old) * s->nruns * sizeof(double));
				s->seen = fk_xrealloc(s->seen, s->wcap * sizeof(*s->seen));
				memset(s->seen + old, 0, (s->wcap - old) * sizeof(*s->seen));
				s->seen_cap = s->wcap;
			}
		}
		if (s->seen[e->id] == s->stamp)
			continue;   /* recursion: once per stack */
		s->seen[e->id] = s->stamp;
		s->weight[(size_t)e->id * s->nruns + run] += count;
	}
}

/* What the sorts compare: qsort() passes no context (one sort at a time). */
static enum fk_diff_by sort_by;

/* The change compared: of share (points) or of count. */
static double
compared(const struct fk_diff_fn *fn, enum fk_diff_by by)
{
	return by == FK_DIFF_BY_COUNT ? fn->count_change : fn->change;
}

static int
by_change(const void *a, const void *b)
{
	const struct fk_diff_fn *x = a, *y = b;
	double dx = fabs(compared(x, sort_by)), dy = fabs(compared(y, sort_by));
	if (dx != dy)
		return dx > dy ? -1 : 1;
	/* Equal: the larger change of the other kind first. */
	enum fk_diff_by other = sort_by == FK_DIFF_BY_COUNT ? FK_DIFF_BY_SHARE : FK_DIFF_BY_COUNT;
	dx = fabs(compared(x, other));
	dy = fabs(compared(y, other));
	if (dx != dy)
		return dx > dy ? -1 : 1;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->name, y->name, n);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

static double
mean(const double *x, size_t n)
{
	double m = 0;
	for (size_t i = 0; i < n; i++)
		m += x[i];
	return m / (double)n;
}

int
fk_diff_shares_test(struct fk_diff_shares *s, double confidence)
{
	size_t nb = s->nside[0], na = s->nside[1];
	if ((nb == 1) != (na == 1))
		return fk_error("a side with one run cannot be tested against %zu runs: "
		    "give one run per side, or at least two on each", nb == 1 ? na : nb);
	s->confidence = confidence;
	s->tested = nb >= 2;
	s->nfn = fk_filter_memo_size(s->names);
	s->fn = fk_xcalloc(s->nfn ? s->nfn : 1, sizeof(*s->fn));
	double *share = fk_xmalloc(s->nruns * sizeof(*share));
	double *p = fk_xmalloc((s->nfn ? s->nfn : 1) * sizeof(*p));
	for (size_t i = 0; i < s->nfn; i++) {
		struct fk_diff_fn *fn = &s->fn[i];
		struct fk_filter_memo_entry *e = fk_filter_memo_at(s->names, (uint32_t)i);
		const double *count = s->weight + i * s->nruns;
		fn->name = e->key;
		fn->len = e->len;
		for (size_t r = 0; r < s->nruns; r++)
			share[r] = s->total[r] > 0 ? 100 * count[r] / s->total[r] : 0;
		fn->before = mean(share, nb);
		fn->after = mean(share + nb, na);
		fn->change = fn->after - fn->before;
		fn->count[0] = mean(count, nb);
		fn->count[1] = mean(count + nb, na);
		fn->count_change = fn->count[1] - fn->count[0];
		fn->lo = fn->hi = fn->p = NAN;
		if (!s->tested)
			continue;
		/* The test is of what is compared: per-run counts or per-run shares. */
		const double *x = s->by == FK_DIFF_BY_COUNT ? count : share;
		struct fk_stats_welch w;
		fk_stats_welch(x, nb, x + nb, na, confidence, &w);
		fn->lo = w.lo;
		fn->hi = w.hi;
		p[i] = w.p;
	}
	if (s->tested) {
		fk_stats_holm(p, s->nfn, p);
		for (size_t i = 0; i < s->nfn; i++) {
			s->fn[i].p = p[i];
			s->fn[i].significant = p[i] <= 1 - confidence;
		}
	}
	free(share);
	free(p);
	sort_by = s->by;
	qsort(s->fn, s->nfn, sizeof(*s->fn), by_change);
	return 0;
}

int
fk_diff_shares_tested(const struct fk_diff_shares *s)
{
	return s->tested;
}

size_t
fk_diff_shares_fns(const struct fk_diff_shares *s, const struct fk_diff_fn **fns)
{
	*fns = s->fn;
	return s->nfn;
}

static int
by_growth(const void *a, const void *b)
{
	const struct fk_diff_fn *x = *(const struct fk_diff_fn *const *)a;
	const struct fk_diff_fn *y = *(const struct fk_diff_fn *const *)b;
	double cx = compared(x, sort_by), cy = compared(y, sort_by);
	if (cx != cy)
		return cx > cy ? -1 : 1;
	return by_change(x, y);
}

static size_t
grown(struct fk_diff_shares *s, double limit, int significant,
    const struct fk_diff_fn *const **rows)
{
	size_t k = 0;
	free(s->rows);
	s->rows = fk_xmalloc((s->nfn ? s->nfn : 1) * sizeof(*s->rows));
	for (size_t i = 0; i < s->nfn; i++) {
		const struct fk_diff_fn *fn = &s->fn[i];
		if (compared(fn, s->by) > limit && (!s->tested || fn->significant == significant))
			s->rows[k++] = fn;
	}
	sort_by = s->by;
	qsort(s->rows, k, sizeof(*s->rows), by_growth);
	*rows = s->rows;
	return k;
}

size_t
fk_diff_shares_grown(struct fk_diff_shares *s, double limit,
    const struct fk_diff_fn *const **rows)
{
	return grown(s, limit, 1, rows);
}

size_t
fk_diff_shares_grown_noise(struct fk_diff_shares *s, double limit,
    const struct fk_diff_fn *const **rows)
{
	if (!s->tested) {
		*rows = NULL;
		return 0;
	}
	return grown(s, limit, 0, rows);
}

/* Report formatting. */

#define NCOLS 9

struct cells {
	char c[NCOLS][80];
};

static void
fmt_pp(char *out, size_t size, double v)
{
	snprintf(out, size, "%+.2f", v);
	if (strcmp(out, "-0.00") == 0 || strcmp(out, "+0.00") == 0)
		snprintf(out, size, "0.00");
}

void
fk_diff_format_count(char *out, size_t size, double v, int sign)
{
	char tmp[64];
	if (fabs(v) < 1e18 && v == floor(v))
		snprintf(tmp, sizeof(tmp), "%.0f", fabs(v));
	else
		snprintf(tmp, sizeof(tmp), "%.2f", fabs(v));
	if (strchr(tmp, '.')) {
		size_t n = strlen(tmp);   /* "0.50" -> "0.5", "2.00" -> "2" */
		while (tmp[n - 1] == '0')
			tmp[--n] = '\0';
		if (tmp[n - 1] == '.')
			tmp[--n] = '\0';
	}
	if (strcmp(tmp, "0") == 0) {
		snprintf(out, size, "0");
		return;
	}
	const char *dot = strchr(tmp, '.');
	size_t ilen = dot ? (size_t)(dot - tmp) : strlen(tmp), o = 0;
	if (v < 0)
		out[o++] = '-';
	else if (sign)
		out[o++] = '+';
	for (size_t i = 0; i < ilen && o + 2 < size; i++) {
		if (i > 0 && (ilen - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = tmp[i];
	}
	for (const char *q = dot; q && *q && o + 1 < size; q++)
		out[o++] = *q;
	out[o] = '\0';
}

/* An interval's bound: points of share, or a count. */
static void
fmt_bound(const struct fk_diff_shares *s, char *out, size_t size, double v)
{
	if (s->by == FK_DIFF_BY_COUNT)
		fk_diff_format_count(out, size, v, 1);
	else
		fmt_pp(out, size, v);
}

static void
row_cells(const struct fk_diff_shares *s, const struct fk_diff_fn *fn, struct cells *c)
{
	fk_diff_format_count(c->c[0], sizeof(c->c[0]), fn->count[0], 0);
	fk_diff_format_count(c->c[1], sizeof(c->c[1]), fn->count[1], 0);
	fk_diff_format_count(c->c[2], sizeof(c->c[2]), fn->count_change, 1);
	snprintf(c->c[3], sizeof(c->c[3]), "%.2f%%", fn->before);
	snprintf(c->c[4], sizeof(c->c[4]), "%.2f%%", fn->after);
	fmt_pp(c->c[5], sizeof(c->c[5]), fn->change);
	if (!s->tested) {
		snprintf(c->c[6], sizeof(c->c[6]), "-");
		snprintf(c->c[7], sizeof(c->c[7]), "-");
		snprintf(c->c[8], sizeof(c->c[8]), "-");
		return;
	}
	char lo[32], hi[32];
	fmt_bound(s, lo, sizeof(lo), fn->lo);
	fmt_bound(s, hi, sizeof(hi), fn->hi);
	snprintf(c->c[6], sizeof(c->c[6]), "[%s, %s]", lo, hi);
	if (fn->p < 0.0001)
		snprintf(c->c[7], sizeof(c->c[7]), "<0.0001");
	else
		snprintf(c->c[7], sizeof(c->c[7]), "%.4f", fn->p);
	snprintf(c->c[8], sizeof(c->c[8]), "%s", fn->significant ? "yes" : "no");
}

/* A cleaned name; Markdown wraps it in a code span with | escaped. */
static void
put_name(FILE *out, const struct fk_diff_fn *fn, int md)
{
	fk_text_write_name(out, fn->name, fn->len, md);
}

int
fk_diff_shares_write(const struct fk_diff_shares *s, FILE *out,
    enum fk_diff_report_format format, size_t top)
{
	int md = format == FK_DIFF_REPORT_MARKDOWN;
	int by_count = s->by == FK_DIFF_BY_COUNT;
	size_t nsig = 0, k = s->nfn < top ? s->nfn : top;
	char interval[64];
	for (size_t i = 0; i < s->nfn; i++)
		nsig += s->fn[i].significant;
	snprintf(interval, sizeof(interval), "%g%% interval%s", 100 * s->confidence,
	    by_count ? "" : " (pp)");
	const char *cols[NCOLS] = { "before", "after", "change", "before share",
		"after share", "change (pp)", interval, "p (Holm)", "significant" };

	if (md)
		fputs("## Flame diff report\n\n", out);
	else
		fputs("Flame diff report\n\n", out);
	fprintf(out, "Runs: %zu before, %zu after%s.  Functions: %zu, ranked by change of %s.\n",
	    s->nside[0], s->nside[1], s->nside[0] > 1 ? "; counts are means per run" : "",
	    s->nfn, by_count ? "count" : "share");
	if (s->unit.kind != FK_UNIT_NONE)
		fprintf(out, "Counts are %s%s.\n", s->unit.name,
		    s->unit.kind == FK_UNIT_TIME ? " (time)" : s->unit.kind == FK_UNIT_BYTES ? " (memory)" : "");
	if (s->tested)
		fprintf(out, "%sTest: Welch's t on per-run total %s, Holm-Bonferroni over "
		    "all %zu functions at %g%% confidence: %zu significant change%s.\n",
		    md ? "\n" : "", by_count ? "counts" : "shares", s->nfn,
		    100 * s->confidence, nsig, nsig == 1 ? "" : "s");
	else
		fprintf(out, "%sOne run per side: no interval and no test "
		    "(repeat the runs with -b and -a).\n", md ? "\n" : "");

	struct cells c;
	if (md) {
		fputs("\n| # | function |", out);
		for (int j = 0; j < NCOLS; j++)
			fprintf(out, " %s |", cols[j]);
		fputs("\n|--:|:--|", out);
		for (int j = 0; j < NCOLS; j++)
			fputs(j == NCOLS - 1 ? ":-:|" : "--:|", out);
		putc('\n', out);
		for (size_t i = 0; i < k; i++) {
			row_cells(s, &s->fn[i], &c);
			fprintf(out, "| %zu | ", i + 1);
			put_name(out, &s->fn[i], 1);
			fputs(" |", out);
			for (int j = 0; j < NCOLS; j++)
				fprintf(out, " %s |", c.c[j]);
			putc('\n', out);
		}
	} else {
		size_t wd[NCOLS];
		for (int j = 0; j < NCOLS; j++)
			wd[j] = strlen(cols[j]);
		for (size_t i = 0; i < k; i++) {
			row_cells(s, &s->fn[i], &c);
			for (int j = 0; j < NCOLS; j++)
				if (strlen(c.c[j]) > wd[j])
					wd[j] = strlen(c.c[j]);
		}
		int nw = snprintf(NULL, 0, "%zu", k);
		fprintf(out, "\n%*s", nw < 1 ? 1 : nw, "#");
		for (int j = 0; j < NCOLS; j++)
			fprintf(out, "  %*s", (int)wd[j], cols[j]);
		fputs("  function\n", out);
		for (size_t i = 0; i < k; i++) {
			row_cells(s, &s->fn[i], &c);
			fprintf(out, "%*zu", nw < 1 ? 1 : nw, i + 1);
			for (int j = 0; j < NCOLS; j++)
				fprintf(out, "  %*s", (int)wd[j], c.c[j]);
			fputs("  ", out);
			put_name(out, &s->fn[i], 0);
			putc('\n', out);
		}
	}
	if (k < s->nfn)
		fprintf(out, "\n%zu more function%s with smaller changes.\n", s->nfn - k,
		    s->nfn - k == 1 ? "" : "s");
	if (ferror(out))
		return fk_error_errno(errno, "cannot write", "output");
	return 0;
}
