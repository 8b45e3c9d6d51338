#include "render/report.h"
#include "core/arena.h"
#include "core/error.h"
#include "core/folded.h"
#include "core/hash.h"
#include "render/text.h"
#include "core/util.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct fn {
	const char *name;
	uint32_t len;
	uint64_t hash;
	uint64_t stamp;          /* the last stack that counted its total */
	int64_t self[2], total[2];
};

struct fk_report {
	struct fk_arena arena;
	struct fn *fn;
	size_t n, alloc;
	uint32_t *slots;         /* index + 1 */
	size_t mask;
	int ncols, scale;
	int64_t sum[2];
	uint64_t stacks;
	struct fk_report_row *rows;   /* built for writing and the gate */
	size_t nrows;
	struct fk_unit unit;          /* of the inputs read */
};

void
fk_report_opts_init(struct fk_report_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->format = FK_REPORT_MARKDOWN;
	o->top = 20;
	o->countname = "samples";
}

struct fk_report *
fk_report_new(void)
{
	struct fk_report *r = fk_xcalloc(1, sizeof(*r));
	fk_arena_init(&r->arena, 1u << 16);
	r->mask = 255;
	r->slots = fk_xcalloc(r->mask + 1, sizeof(*r->slots));
	return r;
}

void
fk_report_free(struct fk_report *r)
{
	if (!r)
		return;
	fk_arena_release(&r->arena);
	free(r->fn);
	free(r->slots);
	free(r->rows);
	free(r);
}

int
fk_report_ncols(const struct fk_report *r)
{
	return r->ncols;
}

static double
units(const struct fk_report *r, int64_t v)
{
	return (double)v / (double)fk_pow10(r->scale);
}

double
fk_report_total(const struct fk_report *r, int col)
{
	return col < r->ncols ? units(r, r->sum[col]) : 0;
}

static struct fn *
lookup(struct fk_report *r, const char *s, size_t len)
{
	uint64_t h = fk_hash_bytes(s, len, 0);
	size_t i = h & r->mask;
	for (uint32_t v; (v = r->slots[i]) != 0; i = (i + 1) & r->mask) {
		struct fn *f = &r->fn[v - 1];
		if (f->hash == h && f->len == len && memcmp(f->name, s, len) == 0)
			return f;
	}
	FK_GROW(r->fn, r->alloc, r->n + 1, 256);
	struct fn *f = &r->fn[r->n++];
	memset(f, 0, sizeof(*f));
	f->name = fk_arena_strndup(&r->arena, s, len);
	f->len = (uint32_t)len;
	f->hash = h;
	r->slots[i] = (uint32_t)r->n;
	if (2 * r->n > r->mask) {
		free(r->slots);
		r->mask = 2 * r->mask + 1;
		r->slots = fk_xcalloc(r->mask + 1, sizeof(*r->slots));
		for (size_t k = 0; k < r->n; k++) {
			size_t j = r->fn[k].hash & r->mask;
			while (r->slots[j])
				j = (j + 1) & r->mask;
			r->slots[j] = (uint32_t)(k + 1);
		}
	}
	return f;
}

static int
rescale(struct fk_report *r, int scale)
{
	int64_t m = fk_pow10(scale - r->scale);
	for (int c = 0; c < r->ncols; c++) {
		if (__builtin_mul_overflow(r->sum[c], m, &r->sum[c]))
			return fk_error("count overflows 64 bits");
		for (size_t i = 0; i < r->n; i++)
			if (__builtin_mul_overflow(r->fn[i].self[c], m, &r->fn[i].self[c]) ||
			    __builtin_mul_overflow(r->fn[i].total[c], m, &r->fn[i].total[c]))
				return fk_error("count overflows 64 bits");
	}
	r->scale = scale;
	return 0;
}

int
fk_report_add(struct fk_report *r, const char *stack, size_t len,
    const struct fk_num *counts, int ncols)
{
	if (r->ncols == 0)
		r->ncols = ncols;
	else if (ncols != r->ncols)
		return fk_error("expected %d count%s per line, got %d", r->ncols,
		    r->ncols == 1 ? "" : "s", ncols);
	int64_t v[2] = {0, 0};
	for (int c = 0; c < ncols; c++)
		if (counts[c].scale > r->scale && rescale(r, counts[c].scale) < 0)
			return -1;
	for (int c = 0; c < ncols; c++) {
		struct fk_num x = counts[c];
		if (fk_num_rescale(&x, r->scale) < 0)
			return fk_error("count overflows 64 bits");
		v[c] = x.v;
		if (__builtin_add_overflow(r->sum[c], v[c], &r->sum[c]))
			return fk_error("total count overflows 64 bits");
	}
	while (len > 0 && stack[len - 1] == ';')
		len--;
	if (len > UINT32_MAX)
		return fk_error("stack of %zu bytes is too long", len);
	uint64_t stamp = ++r->stacks;
	size_t pos = 0;
	const char *f;
	size_t fl;
	struct fn *leaf = NULL;
	while (fk_folded_next_frame(stack, len, &pos, &f, &fl)) {
		struct fn *e = lookup(r, f, fl);
		leaf = e;
		if (e->stamp == stamp)
			continue;   /* recursion: once per stack */
		e->stamp = stamp;
		for (int c = 0; c < ncols; c++)
			if (__builtin_add_overflow(e->total[c], v[c], &e->total[c]))
				return fk_error("count overflows 64 bits");
	}
	if (leaf)
		for (int c = 0; c < ncols; c++)
			if (__builtin_add_overflow(leaf->self[c], v[c], &leaf->self[c]))
				return fk_error("count overflows 64 bits");
	return 0;
}

static int
read_line(void *ctx, char *stack, size_t len, const struct fk_num *counts, int ncols)
{
	return fk_report_add(ctx, stack, len, counts, ncols);
}

int
fk_report_read(struct fk_report *r, const struct fk_input *in, size_t nin)
{
	int ncols = r->ncols;
	struct fk_folded_stats st = { 0 };
	int rc = fk_folded_read(in, nin, &ncols, read_line, r, &st);
	if (!st.unit_mixed)
		r->unit = st.unit;
	return rc;
}

const struct fk_unit *
fk_report_unit(const struct fk_report *r)
{
	return &r->unit;
}

/* Rows for every function, in count units and shares. */
static void
build_rows(struct fk_report *r)
{
	free(r->rows);
	r->rows = fk_xmalloc((r->n ? r->n : 1) * sizeof(*r->rows));
	r->nrows = r->n;
	for (size_t i = 0; i < r->n; i++) {
		const struct fn *f = &r->fn[i];
		struct fk_report_row *w = &r->rows[i];
		memset(w, 0, sizeof(*w));
		w->name = f->name;
		w->len = f->len;
		w->scale = r->scale;
		for (int c = 0; c < r->ncols; c++) {
			w->self_exact[c] = f->self[c];
			w->total_exact[c] = f->total[c];
			double t = units(r, r->sum[c]);
			w->self[c] = units(r, f->self[c]);
			w->total[c] = units(r, f->total[c]);
			w->self_share[c] = t > 0 ? 100 * w->self[c] / t : 0;
			w->total_share[c] = t > 0 ? 100 * w->total[c] / t : 0;
		}
	}
}

/* Sorting: the key, larger first, then by name. */
static int sort_key;   /* 0 self, 1 total, 2 self change, 3 total change, 4 total growth */

static double
key_of(const struct fk_report_row *w)
{
	switch (sort_key) {
	case 0: return w->self[0];
	case 1: return w->total[0];
	case 2: return fabs(w->self_share[1] - w->self_share[0]);
	case 3: return fabs(w->total_share[1] - w->total_share[0]);
	default: return w->total_share[1] - w->total_share[0];
	}
}

static int
cmp_rows(const void *a, const void *b)
{
	const struct fk_report_row *x = a, *y = b;
	double kx = key_of(x), ky = key_of(y);
	if (kx != ky)
		return kx > ky ? -1 : 1;
	if (sort_key >= 2) {
		/* Equal change of share: the larger change in counts first. */
		int c = sort_key == 2 ? 0 : 1;
		double dx = fabs(c ? x->total[1] - x->total[0] : x->self[1] - x->self[0]);
		double dy = fabs(c ? y->total[1] - y->total[0] : y->self[1] - y->self[0]);
		if (dx != dy)
			return dx > dy ? -1 : 1;
	}
	size_t n = x->len < y->len ? x->len : y->len;
	int m = memcmp(x->name, y->name, n);
	return m ? m : (x->len > y->len) - (x->len < y->len);
}

static void
sort_rows(struct fk_report *r, int key)
{
	sort_key = key;
	qsort(r->rows, r->nrows, sizeof(*r->rows), cmp_rows);
}

size_t
fk_report_grown(struct fk_report *r, double pp, const struct fk_report_row **rows)
{
	build_rows(r);
	*rows = r->rows;
	if (r->ncols != 2)
		return 0;
	sort_rows(r, 4);
	size_t k = 0;
	while (k < r->nrows && r->rows[k].total_share[1] - r->rows[k].total_share[0] > pp)
		k++;
	return k;
}

/* Formatting. */

struct cell {
	char s[96];
};

/*
 * An exact count, v / 10^scale, with thousands separators: "1,234,567" or
 * "1,234.5" (every decimal place it has, as flamekit-folded(5) sums them).
 */
static void
fmt_count(char *out, size_t size, int64_t v, int scale)
{
	char tmp[FK_NUM_BUFSZ];
	fk_num_format(v, scale, tmp);
	const char *p = tmp[0] == '-' ? tmp + 1 : tmp;
	const char *dot = strchr(p, '.');
	size_t ilen = dot ? (size_t)(dot - p) : strlen(p);
	size_t o = 0;
	if (p != tmp)
		out[o++] = '-';
	for (size_t i = 0; i < ilen && o + 2 < size; i++) {
		if (i > 0 && (ilen - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = p[i];
	}
	if (dot)
		for (const char *q = dot; *q && o + 1 < size; q++)
			out[o++] = *q;
	out[o] = '\0';
}

static const char *count_name(const struct fk_report_opts *o);

/* Whether figures in u read better scaled ("1.31 s") than exact. */
static int
readable(const struct fk_unit *u)
{
	return u && (u->kind == FK_UNIT_TIME || u->kind == FK_UNIT_BYTES);
}

/* A count, v / 10^scale: readable in a unit of time or bytes, else exact. */
static void
fmt_value(const struct fk_report_opts *o, char *out, size_t size, int64_t v, int scale)
{
	if (readable(o->unit))
		fk_unit_readable(o->unit, (double)v / (double)fk_pow10(scale), out, size);
	else
		fmt_count(out, size, v, scale);
}

/* after - before, signed; both are non-negative, so the difference fits. */
static void
fmt_signed(const struct fk_report_opts *o, char *out, size_t size, int64_t after,
    int64_t before, int scale)
{
	char tmp[80];
	int64_t v = after - before;
	fmt_value(o, tmp, sizeof(tmp), v, scale);
	snprintf(out, size, "%s%s", v > 0 ? "+" : "", tmp);
}

static void
fmt_pct(char *out, size_t size, double v)
{
	snprintf(out, size, "%.2f%%", v);
	if (strcmp(out, "-0.00%") == 0)
		snprintf(out, size, "0.00%%");
}

static void
fmt_pp(char *out, size_t size, double v)
{
	snprintf(out, size, "%+.2f", v);
	if (strcmp(out, "-0.00") == 0 || strcmp(out, "+0.00") == 0)
		snprintf(out, size, "0.00");
}

/* A cleaned name; Markdown wraps it in a code span with | escaped. */
static void
put_name(FILE *out, const struct fk_report_row *w, int md)
{
	fk_text_write_name(out, w->name, w->len, md);
}

/* One table of k rows; cols are the numeric headings. */
struct table {
	const char *heading;
	const char *cols[6];
	int ncols;
	int other;          /* add a row for the functions left out */
};

static void
row_cells(const struct fk_report *r, const struct fk_report_opts *o,
    const struct fk_report_row *w, int key, struct cell *cell)
{
	int sc = r->scale;
	if (r->ncols == 1) {
		int64_t v = key == 0 ? w->self_exact[0] : w->total_exact[0];
		double s = key == 0 ? w->self_share[0] : w->total_share[0];
		fmt_value(o, cell[0].s, sizeof(cell[0].s), v, sc);
		fmt_pct(cell[1].s, sizeof(cell[1].s), s);
		return;
	}
	const int64_t *v = key == 2 ? w->self_exact : w->total_exact;
	const double *s = key == 2 ? w->self_share : w->total_share;
	fmt_value(o, cell[0].s, sizeof(cell[0].s), v[0], sc);
	fmt_value(o, cell[1].s, sizeof(cell[1].s), v[1], sc);
	fmt_signed(o, cell[2].s, sizeof(cell[2].s), v[1], v[0], sc);
	fmt_pct(cell[3].s, sizeof(cell[3].s), s[0]);
	fmt_pct(cell[4].s, sizeof(cell[4].s), s[1]);
	fmt_pp(cell[5].s, sizeof(cell[5].s), s[1] - s[0]);
}

static void
write_table(struct fk_report *r, FILE *out, const struct fk_report_opts *o,
    const struct table *t, int key)
{
	int md = o->format == FK_REPORT_MARKDOWN;
	sort_rows(r, key);
	size_t all = r->nrows;
	if (key == 0 || key == 2) {
		/* Self tables: functions that end no stack in any column go last and are not listed. */
		size_t j = 0;
		for (size_t i = 0; i < r->nrows; i++)
			if (r->rows[i].self[0] != 0 || (r->ncols == 2 && r->rows[i].self[1] != 0)) {
				struct fk_report_row t = r->rows[j];
				r->rows[j++] = r->rows[i];
				r->rows[i] = t;
			}
		all = j;
	}
	size_t k = all < o->top ? all : o->top;
	struct cell cell[6];
	if (md) {
		fprintf(out, "\n### %s\n\n| # | function |", t->heading);
		for (int j = 0; j < t->ncols; j++)
			fprintf(out, " %s |", t->cols[j]);
		fputs("\n|--:|:--|", out);
		for (int j = 0; j < t->ncols; j++)
			fputs("--:|", out);
		putc('\n', out);
		for (size_t i = 0; i < k; i++) {
			row_cells(r, o, &r->rows[i], key, cell);
			fprintf(out, "| %zu | ", i + 1);
			put_name(out, &r->rows[i], 1);
			fputs(" |", out);
			for (int j = 0; j < t->ncols; j++)
				fprintf(out, " %s |", cell[j].s);
			putc('\n', out);
		}
	} else {
		/* Column widths from the headings and every cell shown. */
		size_t wd[6];
		for (int j = 0; j < t->ncols; j++)
			wd[j] = strlen(t->cols[j]);
		for (size_t i = 0; i < k; i++) {
			row_cells(r, o, &r->rows[i], key, cell);
			for (int j = 0; j < t->ncols; j++)
				if (strlen(cell[j].s) > wd[j])
					wd[j] = strlen(cell[j].s);
		}
		int nw = snprintf(NULL, 0, "%zu", k);
		if (nw < 1)
			nw = 1;
		fprintf(out, "\n%s:\n\n%*s", t->heading, nw, "#");
		for (int j = 0; j < t->ncols; j++)
			fprintf(out, "  %*s", (int)wd[j], t->cols[j]);
		fputs("  function\n", out);
		for (size_t i = 0; i < k; i++) {
			row_cells(r, o, &r->rows[i], key, cell);
			fprintf(out, "%*zu", nw, i + 1);
			for (int j = 0; j < t->ncols; j++)
				fprintf(out, "  %*s", (int)wd[j], cell[j].s);
			fputs("  ", out);
			put_name(out, &r->rows[i], 0);
			putc('\n', out);
		}
	}
	if (t->other && k < all) {
		/* The self shares of all functions add up to 100%. */
		double v = 0;
		int64_t exact = 0;   /* at most the column total: no overflow */
		for (size_t i = k; i < all; i++) {
			v += r->rows[i].self[0];
			exact += r->rows[i].self_exact[0];
		}
		double tot = units(r, r->sum[0]);
		fmt_value(o, cell[0].s, sizeof(cell[0].s), exact, r->scale);
		fmt_pct(cell[1].s, sizeof(cell[1].s), tot > 0 ? 100 * v / tot : 0);
		size_t left = all - k;
		if (md)
			fprintf(out, "|  | (%zu other function%s) | %s | %s |\n", left,
			    left == 1 ? "" : "s", cell[0].s, cell[1].s);
		else
			fprintf(out, "(%zu other function%s: %s%s%s, %s)\n", left,
			    left == 1 ? "" : "s", cell[0].s, readable(o->unit) ? "" : " ",
			    readable(o->unit) ? "" : count_name(o), cell[1].s);
	}
}

/* What counts are: the unit's name for them, else countname. */
static const char *
count_name(const struct fk_report_opts *o)
{
	if (o->unit && o->unit->kind == FK_UNIT_TIME)
		return "time";
	if (o->unit && o->unit->kind == FK_UNIT_BYTES)
		return "bytes";
	if (o->unit && o->unit->kind == FK_UNIT_COUNT)
		return o->unit->name;
	return o->countname ? o->countname : "samples";
}

/* A total: "2.78 s (2,780,000,000 ns)" in a unit of time or bytes, else "1,234 samples". */
static void
fmt_total(const struct fk_report_opts *o, char *out, size_t size, int64_t v, int scale)
{
	char a[48], b[48];
	fmt_count(a, sizeof(a), v, scale);
	if (readable(o->unit)) {
		fmt_value(o, b, sizeof(b), v, scale);
		snprintf(out, size, "%s (%s %s)", b, a, fk_unit_symbol(o->unit));
	} else {
		snprintf(out, size, "%s %s", a, count_name(o));
	}
}

int
fk_report_write(struct fk_report *r, FILE *out, const struct fk_report_opts *o)
{
	if (r->ncols == 0 || r->n == 0)
		return fk_error("no stack counts found");
	int md = o->format == FK_REPORT_MARKDOWN;
	const char *cn = count_name(o);
	const char *title = o->title ? o->title : "Flame graph report";
	char a[256], b[256], c[96], h1[160], h2[160];
	build_rows(r);
	if (md)
		fprintf(out, "## %s\n\n", title);
	else
		fprintf(out, "%s\n\n", title);
	if (r->ncols == 1) {
		fmt_total(o, a, sizeof(a), r->sum[0], r->scale);
		fprintf(out, "Total: %s in %" PRIu64 " stack%s, %zu function%s.\n",
		    a, r->stacks, r->stacks == 1 ? "" : "s", r->n, r->n == 1 ? "" : "s");
		snprintf(h1, sizeof(h1), "Top %zu functions by self %s", o->top, cn);
		snprintf(h2, sizeof(h2), "Top %zu functions by total %s", o->top, cn);
		struct table ts = {h1, {"self", "share"}, 2, 1};
		struct table tt = {h2, {"total", "share"}, 2, 0};
		write_table(r, out, o, &ts, 0);
		write_table(r, out, o, &tt, 1);
	} else {
		double tb = units(r, r->sum[0]), ta = units(r, r->sum[1]);
		fmt_total(o, a, sizeof(a), r->sum[0], r->scale);
		fmt_total(o, b, sizeof(b), r->sum[1], r->scale);
		fmt_signed(o, c, sizeof(c), r->sum[1], r->sum[0], r->scale);
		fprintf(out, "Total: before %s, after %s, change %s", a, b, c);
		if (tb > 0) {
			char p[64];
			fmt_pp(p, sizeof(p), 100 * (ta - tb) / tb);
			strcat(p, "%");
			fprintf(out, " (%s)", p);
		}
		fprintf(out, "; %" PRIu64 " stack%s, %zu function%s.\n", r->stacks,
		    r->stacks == 1 ? "" : "s", r->n, r->n == 1 ? "" : "s");
		snprintf(h1, sizeof(h1), "Top %zu functions by change of total share", o->top);
		snprintf(h2, sizeof(h2), "Top %zu functions by change of self share", o->top);
		struct table tt = {h1, {"before", "after", "change", "before share",
		    "after share", "change (pp)"}, 6, 0};
		struct table ts = {h2, {"self before", "self after", "change", "before share",
		    "after share", "change (pp)"}, 6, 0};
		write_table(r, out, o, &tt, 3);
		write_table(r, out, o, &ts, 2);
	}
	if (fflush(out) == EOF || ferror(out))
		return fk_error_errno(errno, "cannot write", "output");
	return 0;
}
