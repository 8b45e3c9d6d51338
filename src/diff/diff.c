#include "diff/diff.h"
#include "diff/shares.h"
#include "filter/trim.h"
#include "render/report.h"
#include "core/error.h"
#include "core/folded_header.h"
#include "core/spill.h"
#include "core/util.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * A number as perl 5 holds it for arithmetic: an unsigned integer (IV/UV)
 * or a double (NV).  Perl treats an integral double below 2^53 as an
 * integer, so such values are kept as integers here too.
 */
struct pnum {
	int is_int;
	uint64_t u;
	double d;
};

#define P_EXACT_LIMIT 9007199254740992.0   /* 2^53 */

static struct pnum
pnum_double(double d)
{
	struct pnum p = {0, 0, d};
	if (d >= 0 && d < P_EXACT_LIMIT && d == floor(d)) {
		p.is_int = 1;
		p.u = (uint64_t)d;
	}
	return p;
}

static struct pnum
pnum_exact(struct fk_num n)
{
	int64_t f = fk_pow10(n.scale);
	if (n.v % f == 0) {
		struct pnum p = {1, (uint64_t)(n.v / f), 0};
		return p;
	}
	return pnum_double(fk_num_double(n));
}

static double
pnum_to_double(struct pnum p)
{
	return p.is_int ? (double)p.u : p.d;
}

static struct pnum
pnum_total(const struct fk_diff_total *t)
{
	return t->decimal ? pnum_double(t->sum) : pnum_exact(t->exact);
}

uint64_t
fk_diff_scale(struct fk_num c, const struct fk_diff_total *before,
    const struct fk_diff_total *after)
{
	struct pnum a = pnum_exact(c), tb = pnum_total(before), ta = pnum_total(after);
	struct pnum prod = {0, 0, 0};
	uint64_t u;
	double q;

	if (a.is_int && ta.is_int && !__builtin_mul_overflow(a.u, ta.u, &u)) {
		prod.is_int = 1;
		prod.u = u;
	} else {
		prod.d = pnum_to_double(a) * pnum_to_double(ta);
	}
	if (prod.is_int && tb.is_int) {
		if (tb.u == 0)
			return 0;
		if (prod.u % tb.u == 0)
			return prod.u / tb.u;
	}
	q = pnum_to_double(prod) / pnum_to_double(tb);
	if (!(q >= 0))
		return 0;
	if (q >= 18446744073709551616.0)
		return UINT64_MAX;
	return (uint64_t)q;
}

size_t
fk_diff_strip_hex(const char *s, size_t n, char *dst)
{
	size_t i = 0, k = 0;
	while (i < n) {
		if (s[i] == '0' && i + 2 < n && s[i + 1] == 'x' &&
		    fk_is_xdigit(s[i + 2])) {
			i += 2;
			while (i < n && fk_is_xdigit(s[i]))
				i++;
			memcpy(dst + k, "0x...", 5);
			k += 5;
			continue;
		}
		dst[k++] = s[i++];
	}
	dst[k] = '\0';
	return k;
}

/* Reading one side (or one run of it) into the shared two-column table. */
struct side {
	struct fk_spill *t;
	int col;
	const struct fk_diff_opts *opts;
	struct fk_diff_shares *shares;   /* NULL, or the run's shares go there */
	size_t run;
	char *buf, *rbuf;
	size_t cap, rcap;
	struct fk_diff_total total;
	struct fk_num coltotal[2];   /* exact sums of each column (of every run) */
};

static int
side_add(void *ctx, char *stack, size_t len, const struct fk_num *counts, int ncols)
{
	struct side *sd = ctx;
	struct fk_num c[2] = {{0, 0}, {0, 0}};

	(void)ncols;
	c[sd->col] = counts[0];
	if (fk_num_add(&sd->coltotal[sd->col], counts[0]) < 0)
		return fk_error("total count overflows 64 bits");
	if (fk_num_add(&sd->total.exact, counts[0]) < 0)
		return fk_error("total count overflows");
	sd->total.sum += fk_num_double(counts[0]);
	if (counts[0].scale > 0)
		sd->total.decimal = 1;
	if (sd->opts->drop_root || sd->opts->root_name) {
		len = fk_trim_root(stack, len, sd->opts->drop_root, sd->opts->root_name,
		    &sd->rbuf, &sd->rcap);
		stack = sd->rbuf;
	}
	if (sd->opts->strip_hex) {
		size_t need = FK_DIFF_STRIP_HEX_BOUND(len);
		if (need > sd->cap) {
			sd->cap = need > 2 * sd->cap ? need : 2 * sd->cap;
			sd->buf = fk_xrealloc(sd->buf, sd->cap);
		}
		len = fk_diff_strip_hex(stack, len, sd->buf);
		stack = sd->buf;
	}
	if (sd->shares)
		fk_diff_shares_add(sd->shares, sd->run, stack, len, fk_num_double(counts[0]));
	return fk_spill_add(sd->t, stack, len, c);
}

/* Perl's "$total1 != $total2" on the two totals. */
static int
totals_differ(const struct fk_diff_total *a, const struct fk_diff_total *b)
{
	struct pnum x = pnum_total(a), y = pnum_total(b);
	if (x.is_int && y.is_int)
		return x.u != y.u;
	return pnum_to_double(x) != pnum_to_double(y);
}

static int
write_diff(struct fk_spill *t, FILE *out, int scale_before,
    const struct fk_diff_total *before, const struct fk_diff_total *after,
    struct fk_report *report, struct fk_diff_shares *shares, size_t *lines)
{
	struct fk_spill_rec rec, *e = &rec;
	int scale, k;
	char buf[FK_NUM_BUFSZ];

	*lines = 0;
	if (fk_spill_finish(t) < 0)
		return -1;
	scale = fk_spill_scale(t);
	while ((k = fk_spill_next(t, &rec)) > 0) {
		++*lines;
		struct fk_num cn[2] = {{e->counts[0], scale}, {e->counts[1], scale}};
		uint64_t v = 0;
		if (scale_before) {
			v = fk_diff_scale(cn[0], before, after);
			cn[0] = (struct fk_num){v > INT64_MAX ? INT64_MAX : (int64_t)v, 0};
		}
		if (out) {
			fwrite(e->key, 1, e->len, out);
			putc(' ', out);
			if (scale_before)
				fprintf(out, "%" PRIu64, v);
			else
				fwrite(buf, 1, fk_num_format(e->counts[0], scale, buf), out);
			putc(' ', out);
			fwrite(buf, 1, fk_num_format(e->counts[1], scale, buf), out);
			if (putc('\n', out) == EOF)
				break;
		}
		if (report && fk_report_add(report, e->key, e->len, cn, 2) < 0)
			return -1;
		for (int c = 0; shares && c < 2; c++)
			fk_diff_shares_add(shares, (size_t)c, e->key, e->len, fk_num_double(cn[c]));
	}
	if (k < 0)
		return -1;
	if (out && ferror(out))
		return fk_error_errno(errno, "cannot write", "output");
	return 0;
}

int
fk_diff(const struct fk_diff_opts *opts, const struct fk_input *before,
    const struct fk_input *after, FILE *out, struct fk_diff_stats *st)
{
	static const struct fk_diff_opts none = {0};
	struct fk_diff_stats local;
	struct side sd[2];
	const struct fk_input *in[2] = {before, after};
	int rc = 0;

	if (!opts)
		opts = &none;
	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	memset(sd, 0, sizeof(sd));
	struct fk_spill *t = fk_spill_new(2, opts->memory);
	int scale_before = 0;
	/* The output carries AFTER's header: it describes the profile compared against. */
	struct fk_folded_header *header = fk_folded_header_new();
	struct fk_folded_units us = { .from = NULL };
	for (int k = 0; k < 2 && rc == 0; k++) {
		int ncols = 1;
		sd[k].t = t;
		sd[k].col = k;
		sd[k].opts = opts;
		st->in[k].header = k == 1 ? header : NULL;
		rc = fk_folded_read(in[k], 1, &ncols, side_add, &sd[k], &st->in[k]);
		st->in[k].header = NULL;
		/* Bytes before and nanoseconds after would compare nothing. */
		if (rc == 0 && st->in[k].lines)
			fk_folded_units_note(&us, &st->in[k].unit, fk_display_name(in[k]->name));
	}
	if (opts->shares && us.from && !us.mixed)
		fk_diff_shares_set_unit(opts->shares, &us.unit);
	if (rc == 0) {
		/*
		 * difffolded.pl divides by BEFORE's total; with an empty BEFORE
		 * (it dies there) every count is zero already and stays so.
		 */
		scale_before = opts->normalize &&
		    totals_differ(&sd[0].total, &sd[1].total) &&
		    sd[0].total.exact.v != 0;
		st->normalized = scale_before;
		rc = fk_spill_finish(t);   /* a full disk shows before any output */
	}
	if (rc == 0) {
		if (out)   /* NULL: a report only (fk_diff()'s contract) */
			fk_folded_header_write(header, out);
		rc = write_diff(t, out, scale_before, &sd[0].total, &sd[1].total,
		    opts->report, opts->shares, &st->stacks);
	}
	for (int k = 0; k < 2; k++) {
		free(sd[k].buf);
		free(sd[k].rbuf);
	}
	fk_folded_header_free(header);
	fk_spill_free(t);
	return rc;
}

/*
 * num / (den * 10^scale) as text, rounded half up at the finest number of
 * decimal places (at most FK_NUM_MAX_SCALE) whose scaled value fits a
 * count.  num and den are positive or num is 0.
 */
static size_t
mean_text(__int128 num, __int128 den, int scale, char buf[FK_NUM_BUFSZ])
{
	for (int k = FK_NUM_MAX_SCALE; k >= 0; k--) {
		__int128 a = num, d = den;
		if (k >= scale)
			a *= fk_pow10(k - scale);
		else
			d *= fk_pow10(scale - k);
		__int128 q = (2 * a + d) / (2 * d);
		if (q <= INT64_MAX)
			return fk_num_format((int64_t)q, k, buf);
	}
	return fk_num_format(INT64_MAX, 0, buf);   /* unreachable: num fits 64 bits */
}

/* x rounded half up to FK_NUM_MAX_SCALE places (fewer when large), as text. */
static size_t
double_text(long double x, char buf[FK_NUM_BUFSZ])
{
	for (int k = FK_NUM_MAX_SCALE; k >= 0; k--) {
		long double v = floorl(x * fk_pow10(k) + 0.5L);
		if (v < 9.2e18L)
			return fk_num_format((int64_t)v, k, buf);
	}
	return fk_num_format(INT64_MAX, 0, buf);
}

int
fk_diff_runs(const struct fk_diff_opts *opts, const struct fk_input *inputs,
    size_t nb, size_t na, FILE *out, struct fk_folded_stats *in, size_t *stacks)
{
	static const struct fk_diff_opts none = {0};
	struct side sd;
	size_t n[2] = { nb, na };
	int64_t total[2];
	int rc = 0;

	if (!opts)
		opts = &none;
	memset(&sd, 0, sizeof(sd));
	sd.opts = opts;
	sd.shares = opts->shares;
	sd.t = fk_spill_new(2, opts->memory);
	/* As with one run a side: the output carries the AFTER runs' headers. */
	struct fk_folded_header *header = fk_folded_header_new();
	struct fk_folded_units us = { .from = NULL };
	for (size_t r = 0; r < nb + na && rc == 0; r++) {
		int ncols = 1;
		struct fk_folded_stats local = { 0 };
		struct fk_folded_stats *fst = in ? &in[r] : &local;
		sd.col = r >= nb;
		sd.run = r;
		fst->header = r >= nb ? header : NULL;
		rc = fk_folded_read(&inputs[r], 1, &ncols, side_add, &sd, fst);
		fst->header = NULL;
		if (rc == 0 && fst->lines)
			fk_folded_units_note(&us, &fst->unit, fk_display_name(inputs[r].name));
	}
	if (opts->shares && us.from && !us.mixed)
		fk_diff_shares_set_unit(opts->shares, &us.unit);
	if (rc == 0)
		rc = fk_spill_finish(sd.t);
	int scale = rc == 0 ? fk_spill_scale(sd.t) : 0;
	for (int k = 0; rc == 0 && k < 2; k++) {
		/* The column sums at the merged counts' scale, as the table's total. */
		struct fk_num x = sd.coltotal[k];
		if (fk_num_rescale(&x, scale) < 0)
			rc = fk_error("total count overflows 64 bits");
		total[k] = x.v;
	}
	if (rc == 0) {
		size_t ns = 0;
		struct fk_spill_rec rec, *e = &rec;
		int more = 0;
		int rescale = opts->normalize && total[0] > 0 &&
		    (__int128)total[0] * (__int128)na != (__int128)total[1] * (__int128)nb;
		/* before mean * (after mean total / before mean total) */
		long double factor = rescale ? ((long double)total[1] / (long double)na) /
		    ((long double)total[0] / (long double)nb) : 1;
		char buf[FK_NUM_BUFSZ];
		if (out)
			fk_folded_header_write(header, out);
		while ((more = fk_spill_next(sd.t, &rec)) > 0) {
			ns++;
			if (!out)
				continue;
			fwrite(e->key, 1, e->len, out);
			putc(' ', out);
			if (rescale)
				fwrite(buf, 1, double_text((long double)e->counts[0] /
				    fk_pow10(scale) / (long double)nb * factor, buf), out);
			else
				fwrite(buf, 1, mean_text(e->counts[0], (__int128)n[0], scale, buf), out);
			putc(' ', out);
			fwrite(buf, 1, mean_text(e->counts[1], (__int128)n[1], scale, buf), out);
			if (putc('\n', out) == EOF)
				break;
		}
		if (stacks)
			*stacks = ns;
		if (more < 0)
			rc = -1;
		else if (out && ferror(out))
			rc = fk_error_errno(errno, "cannot write", "output");
	}
	fk_folded_header_free(header);
	free(sd.buf);
	free(sd.rbuf);
	fk_spill_free(sd.t);
	return rc;
}
