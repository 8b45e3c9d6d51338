#include "filter/trim_stream.h"
#include "core/error.h"
#include "core/util.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* Weight buckets per counting pass of max-stacks: each pass narrows the range 4096-fold. */
#define NBUCKET 4096

/* One node of the path from the root to the current stack. */
struct node {
	size_t end;             /* its stack is the walk's key[0, end) */
	__int128 w[2];          /* min: the weight of its subtree seen so far */
	__int128 fold[2];       /* weight to be written at this node when it is kept */
	int64_t own[2];         /* min: the counts of the stack that ends here */
	int has_own, has_fold;
	int kept;               /* max: a kept stack ends at it or below it */
};

/* Which stacks max-stacks keeps: heavier than w, or as heavy and at most key bytewise. */
struct cut {
	uint64_t w;
	int all;                /* every stack of weight w is kept: key is unused */
	char *key;
	size_t len;
};

struct walk {
	const struct fk_trim_opts *o;
	int ncols, scale;
	int min;                /* the min-* step, else max-stacks */
	struct node *path;      /* path[0] is the root, path[depth] the current stack's node */
	size_t depth, cap;
	char *key;              /* the current stack */
	size_t len, kcap;
	char *obuf;             /* a key with ";[other]" */
	size_t ocap;
	int64_t total[2];       /* min: the column totals */
	int sum_total;          /* min: totals are summed during the walk (min-count) */
	const struct cut *cut;  /* max */
	struct fk_spill *out;
};

/* Bytewise, as fk_stack_table_sorted() and max-stacks' ties order keys. */
static int
bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	return c ? c : (an > bn) - (an < bn);
}

static uint64_t
weight(const struct fk_spill_rec *r, int ncols)
{
	/* Counts are not negative and fit in 63 bits: two of them fit in 64. */
	return (uint64_t)r->counts[0] + (ncols == 2 ? (uint64_t)r->counts[1] : 0);
}

static struct node *
path_push(struct walk *w, size_t end)
{
	FK_GROW(w->path, w->cap, w->depth + 2, 64);
	struct node *q = &w->path[++w->depth];
	memset(q, 0, sizeof(*q));
	q->end = end;
	return q;
}

/* Write key[0, len) (followed by ";[other]" when other is set) with the counts v. */
static int
emit(struct walk *w, const char *key, size_t len, int other, const __int128 *v)
{
	static const char tail[] = FK_TRIM_OTHER;
	struct fk_num c[2] = { { 0, w->scale }, { 0, w->scale } };

	if (other) {
		size_t n = len + (len ? 1 : 0) + sizeof(tail) - 1;
		FK_GROW(w->obuf, w->ocap, n + 1, 256);
		memcpy(w->obuf, key, len);
		if (len)
			w->obuf[len] = ';';
		memcpy(w->obuf + n - (sizeof(tail) - 1), tail, sizeof(tail) - 1);
		key = w->obuf;
		len = n;
	}
	for (int i = 0; i < w->ncols; i++) {
		if (v[i] > INT64_MAX)
			return fk_error("count overflows 64 bits");
		c[i].v = (int64_t)v[i];
	}
	return fk_spill_add(w->out, key, len, c);
}

/* min-*: path[i] (i > 0) is left; it goes to its parent, kept or folded. */
static int
min_leave(struct walk *w, size_t i)
{
	struct node *q = &w->path[i], *p = &w->path[i - 1];
	int64_t qw[2] = { (int64_t)q->w[0], (int64_t)q->w[1] };   /* within the total */

	for (int c = 0; c < w->ncols; c++)
		p->w[c] += q->w[c];
	if (fk__trim_below(w->o, qw, w->total, w->ncols, w->scale)) {
		/* Its whole subtree folds into the parent (stack_key(j) of fk_trim_table). */
		if (!w->o->drop) {
			for (int c = 0; c < w->ncols; c++)
				p->fold[c] += q->w[c];
			p->has_fold = 1;
		}
		return 0;
	}
	if (!q->has_own && !q->has_fold)
		return 0;
	__int128 v[2] = { q->own[0] + q->fold[0], q->own[1] + q->fold[1] };
	return emit(w, w->key, q->end, 0, v);
}

/* max-stacks: path[i] (i > 0) is left. */
static int
max_leave(struct walk *w, size_t i)
{
	struct node *q = &w->path[i], *p = &w->path[i - 1];

	if (q->kept) {
		/* It is in the tree of kept stacks: what was not kept below it ends here. */
		p->kept = 1;
		return q->has_fold ? emit(w, w->key, q->end, 1, q->fold) : 0;
	}
	for (int c = 0; c < w->ncols; c++)
		p->fold[c] += q->fold[c];
	p->has_fold |= q->has_fold;
	return 0;
}

static int
leave(struct walk *w, size_t i)
{
	return w->min ? min_leave(w, i) : max_leave(w, i);
}

/* The root is left: what folded into it is "[other]"; a stack without frames stays. */
static int
leave_root(struct walk *w)
{
	struct node *r = &w->path[0];
	int rc = 0;
	if (r->has_own) {
		__int128 v[2] = { r->own[0], r->own[1] };
		rc = emit(w, "", 0, 0, v);
	}
	if (rc == 0 && r->has_fold)
		rc = emit(w, "", 0, 1, r->fold);
	return rc;
}

/*
 * Walk on to the next stack: leave the nodes it does not share with the
 * current one, enter its own.  @return its node, or NULL (recorded).
 */
static struct node *
walk_to(struct walk *w, const char *key, size_t len)
{
	size_t n = len < w->len ? len : w->len, b = 0, l = 0;

	while (b < n && key[b] == w->key[b])
		b++;
	/* The frames both stacks have: they end within the common bytes, at a ';' of both. */
	while (l < w->depth) {
		size_t e = w->path[l + 1].end;
		if (e > b || (e < len && key[e] != ';'))
			break;
		l++;
	}
	while (w->depth > l)
		if (leave(w, w->depth--) < 0)
			return NULL;
	FK_GROW(w->key, w->kcap, len + 1, 256);
	memcpy(w->key + b, key + b, len - b);
	w->len = len;
	/* The frames that follow (fk_folded_next_frame()'s split: "" has none, ";" two). */
	size_t pos = l ? w->path[l].end + 1 : 0;
	if (len > 0) {
		while (pos <= len) {
			const char *semi = memchr(key + pos, ';', len - pos);
			size_t e = semi ? (size_t)(semi - key) : len;
			path_push(w, e);
			pos = e + 1;
		}
	}
	return &w->path[w->depth];
}

static void
walk_init(struct walk *w, const struct fk_trim_opts *o, int ncols, int scale,
    struct fk_spill *out)
{
	memset(w, 0, sizeof(*w));
	w->o = o;
	w->ncols = ncols;
	w->scale = scale;
	w->out = out;
	w->cap = 64;
	w->path = fk_xcalloc(w->cap, sizeof(*w->path));
}

static void
walk_release(struct walk *w)
{
	free(w->path);
	free(w->key);
	free(w->obuf);
}

/* Add a stack's counts to the running totals.  @return 0, or -1 (recorded). */
static int
total_add(int64_t total[2], const struct fk_spill_rec *r, int ncols)
{
	for (int c = 0; c < ncols; c++) {
		if (r->counts[c] > INT64_MAX - total[c])
			return fk_error("total count overflows 64 bits");
		total[c] += r->counts[c];
	}
	return 0;
}

/* The walk over every stack of in, then the root.  @return 0, or -1 (recorded). */
static int
walk_all(struct walk *w, struct fk_spill *in)
{
	struct fk_spill_rec r;
	int k;

	if (fk_spill_rewind(in) < 0)
		return -1;
	while ((k = fk_spill_next(in, &r)) > 0) {
		if (w->sum_total && total_add(w->total, &r, w->ncols) < 0)
			return -1;
		struct node *q = walk_to(w, r.key, r.len);
		if (!q)
			return -1;
		if (w->min) {
			for (int c = 0; c < w->ncols; c++) {
				q->own[c] = r.counts[c];
				q->w[c] += r.counts[c];
			}
			q->has_own = 1;
			continue;
		}
		const struct cut *cut = w->cut;
		uint64_t x = weight(&r, w->ncols);
		if (x > cut->w || (x == cut->w && (cut->all ||
		    bytes_cmp(r.key, r.len, cut->key, cut->len) <= 0))) {
			__int128 v[2] = { r.counts[0], r.counts[1] };
			if (emit(w, r.key, r.len, 0, v) < 0)
				return -1;
			q->kept = 1;
		} else {
			for (int c = 0; c < w->ncols; c++)
				q->fold[c] += r.counts[c];
			q->has_fold = 1;
		}
	}
	if (k < 0)
		return -1;
	while (w->depth > 0)
		if (leave(w, w->depth--) < 0)
			return -1;
	return leave_root(w);
}

/* The min-* step from in into out.  @return 0, or -1 (recorded). */
static int
stream_min(const struct fk_trim_opts *o, struct fk_spill *in, int ncols,
    struct fk_spill *out)
{
	struct walk w;
	int rc = 0;

	walk_init(&w, o, ncols, fk_spill_scale(in), out);
	w.min = 1;
	if (o->min_kind == FK_TRIM_MIN_FRACTION) {
		/* The threshold is a share of the total: a first pass for it. */
		struct fk_spill_rec r;
		int k;
		rc = fk_spill_rewind(in);
		while (rc == 0 && (k = fk_spill_next(in, &r)) > 0)
			rc = total_add(w.total, &r, ncols);
		if (rc == 0 && k < 0)
			rc = -1;
	} else {
		w.sum_total = 1;   /* overflows as fk_stack_table_total() would */
	}
	if (rc == 0)
		rc = walk_all(&w, in);
	walk_release(&w);
	return rc;
}

/* Bit length of x: 0 for 0, 64 for 2^63 and up. */
static int
bit_length(uint64_t x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/*
 * Count the stacks of in (*n) and, when there are more than keep, find
 * the weight of the keep-th heaviest and how many heavier ones come
 * before it: *above, and *tied of its weight.  @return 0, or -1 (recorded).
 */
static int
find_weight(struct fk_spill *in, int ncols, uint64_t keep, uint64_t *n,
    uint64_t *wt, uint64_t *above, uint64_t *tied)
{
	uint64_t cls[65] = { 0 }, lo, hi;
	struct fk_spill_rec r;
	int k, b = 64;

	*n = 0;
	if (fk_spill_rewind(in) < 0)
		return -1;
	while ((k = fk_spill_next(in, &r)) > 0) {
		cls[bit_length(weight(&r, ncols))]++;
		++*n;
	}
	if (k < 0)
		return -1;
	if (*n <= keep)
		return 0;
	/* First by bit length, then in ranges NBUCKET times narrower per pass. */
	*above = 0;
	while (*above + cls[b] < keep)
		*above += cls[b--];
	lo = b ? (uint64_t)1 << (b - 1) : 0;
	hi = b ? lo + (lo - 1) : 0;
	*tied = cls[b];
	uint64_t *cnt = fk_xmalloc(NBUCKET * sizeof(*cnt));
	while (lo < hi) {
		uint64_t width = (hi - lo) / NBUCKET + 1;
		size_t nb = (size_t)((hi - lo) / width) + 1, j;
		memset(cnt, 0, nb * sizeof(*cnt));
		if (fk_spill_rewind(in) < 0) {
			free(cnt);
			return -1;
		}
		while ((k = fk_spill_next(in, &r)) > 0) {
			uint64_t x = weight(&r, ncols);
			if (x >= lo && x <= hi)
				cnt[(x - lo) / width]++;
		}
		if (k < 0) {
			free(cnt);
			return -1;
		}
		for (j = nb - 1; *above + cnt[j] < keep; j--)
			*above += cnt[j];
		lo += j * width;
		if (hi - lo > width - 1)
			hi = lo + width - 1;
		*tied = cnt[j];
	}
	free(cnt);
	*wt = lo;
	return 0;
}

/*
 * Of the stacks of weight cut->w, the rank-th bytewise becomes cut->key:
 * they are sorted in a spill of their own.  @return 0, or -1 (recorded).
 */
static int
find_last_tie(struct fk_spill *in, int ncols, size_t budget, uint64_t rank,
    struct cut *cut)
{
	struct fk_spill *ties = fk_spill_new(1, budget);
	struct fk_num zero = { 0, 0 };
	struct fk_spill_rec r;
	int k;

	int rc = fk_spill_rewind(in);
	while (rc == 0 && (k = fk_spill_next(in, &r)) > 0)
		if (weight(&r, ncols) == cut->w)
			rc = fk_spill_add(ties, r.key, r.len, &zero);
	if (rc == 0 && k < 0)
		rc = -1;
	if (rc == 0)
		rc = fk_spill_finish(ties);
	for (uint64_t i = 0; rc == 0 && i < rank; i++) {
		k = fk_spill_next(ties, &r);
		if (k <= 0) {
			rc = k < 0 ? -1 : fk_error("the stacks of equal weight ran short");
			break;
		}
	}
	if (rc == 0) {
		cut->key = fk_xmalloc(r.len + 1);
		memcpy(cut->key, r.key, r.len);
		cut->len = r.len;
	}
	fk_spill_free(ties);
	return rc;
}

/*
 * The max-stacks step from in into a new spill *out (or no step and *out
 * NULL when in has no more than keep stacks).  @return 0, or -1 (recorded).
 */
static int
stream_max(const struct fk_trim_opts *o, struct fk_spill *in, int ncols,
    size_t budget, struct fk_spill **out)
{
	uint64_t n, above = 0, tied = 0;
	struct cut cut = { 0 };
	int rc;

	*out = NULL;
	rc = find_weight(in, ncols, o->max_stacks, &n, &cut.w, &above, &tied);
	if (rc < 0 || n <= o->max_stacks)
		return rc;
	assert(o->max_stacks > above && o->max_stacks - above <= tied);
	cut.all = o->max_stacks - above == tied;
	if (!cut.all)
		rc = find_last_tie(in, ncols, budget, o->max_stacks - above, &cut);
	if (rc == 0) {
		struct walk w;
		*out = fk_spill_new(ncols, budget);
		walk_init(&w, o, ncols, fk_spill_scale(in), *out);
		w.cut = &cut;
		rc = walk_all(&w, in);
		walk_release(&w);
	}
	free(cut.key);
	return rc;
}

/* A copy of in (finished) in byte order.  @return it, or NULL (recorded). */
static struct fk_spill *
to_bytes(struct fk_spill *in, int ncols, size_t budget)
{
	struct fk_spill *out = fk_spill_new(ncols, budget);
	struct fk_spill_rec r;
	int scale = fk_spill_scale(in), k;

	int rc = fk_spill_rewind(in);
	while (rc == 0 && (k = fk_spill_next(in, &r)) > 0) {
		struct fk_num c[2] = { { r.counts[0], scale }, { r.counts[1], scale } };
		rc = fk_spill_add(out, r.key, r.len, c);
	}
	if (rc == 0 && k < 0)
		rc = -1;
	if (rc == 0)
		rc = fk_spill_finish(out);
	if (rc < 0) {
		fk_spill_free(out);
		return NULL;
	}
	return out;
}

int
fk_trim_stream(const struct fk_trim_opts *o, struct fk_spill *in, int ncols,
    size_t budget, struct fk_spill **out)
{
	struct fk_spill *cur = in, *next;
	int rc = 0, frames = 1;   /* cur is in frame order */

	*out = NULL;
	if (o->min_kind != FK_TRIM_MIN_NONE) {
		/* Into frame order again when max-stacks walks the result. */
		next = fk_spill_new_ordered(ncols, budget,
		    o->max_stacks ? FK_SPILL_FRAMES : FK_SPILL_BYTES);
		rc = stream_min(o, cur, ncols, next);
		if (rc == 0)
			rc = fk_spill_finish(next);
		fk_spill_free(cur);   /* before the next step takes memory */
		cur = next;
		frames = o->max_stacks != 0;
	}
	if (rc == 0 && o->max_stacks) {
		rc = stream_max(o, cur, ncols, budget, &next);
		if (next) {
			if (rc == 0)
				rc = fk_spill_finish(next);
			fk_spill_free(cur);
			cur = next;
			frames = 0;
		}
	}
	if (rc == 0 && frames) {
		/* max-stacks kept every stack: only their order changes. */
		next = to_bytes(cur, ncols, budget);
		fk_spill_free(cur);
		cur = next;
		rc = next ? 0 : -1;
	}
	if (rc < 0) {
		fk_spill_free(cur);
		return -1;
	}
	*out = cur;
	return 0;
}
