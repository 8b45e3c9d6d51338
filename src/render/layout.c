#include "render/layout.h"
#include "core/bigmem.h"
#include "core/error.h"
#include "core/folded.h"
#include "core/hash.h"
#include "render/stacks_tree.h"
#include "core/util.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void
fk_layout_opts_init(struct fk_layout_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->image_width = 1200;
	o->frame_height = 16;
	o->font_size = 12;
	o->min_width = 0.1;
}

/* The layout. */

/*
 * The frames and the arrays of a million-node tree are big blocks
 * (bigmem.h): filled on huge pages, they cost a few page faults instead
 * of tens of thousands.
 */
#define BIG_NEW(p, n) ((__typeof__(p))fk_bigmem_alloc((n) * sizeof(*(p))))
#define BIG_FREE(p, n) do { fk_bigmem_free((p), (n) * sizeof(*(p))); (p) = NULL; } while (0)

/* Room for one more frame. */
static void
frames_need(struct fk_layout *l)
{
	if (l->n < l->alloc)
		return;
	size_t cap = l->alloc ? 2 * l->alloc : 1024;
	l->frames = fk_bigmem_realloc(l->frames, l->alloc * sizeof(*l->frames),
	    cap * sizeof(*l->frames));
	l->alloc = cap;
}

struct open_frame {
	const char *name;
	uint32_t len;
	int64_t start;
	size_t slot;
	int64_t kept;      /* width of drawn children */
	int64_t delta;
	int64_t b0, a0;    /* column sums when it opened */
	uint32_t narrow;
};

struct flow {
	struct fk_layout *l;
	struct open_frame *path;
	size_t npath, apath;
	int64_t time;
	int64_t sum_b, sum_a;   /* differential: column sums so far */
	double p10;
	double minwidth_time;
};

static void
flow_open(struct flow *w, const char *name, size_t len)
{
	struct fk_layout *l = w->l;
	FK_GROW(w->path, w->apath, w->npath + 1, 64);
	frames_need(l);
	struct open_frame *o = &w->path[w->npath];
	o->name = name;
	o->len = (uint32_t)len;
	o->start = w->time;
	o->slot = l->n++;
	o->kept = 0;
	o->delta = 0;
	o->b0 = w->sum_b;
	o->a0 = w->sum_a;
	o->narrow = 0;
	l->frames[o->slot].parent = w->npath ? (int64_t)w->path[w->npath - 1].slot : -1;
	w->npath++;
}

static void
flow_close(struct flow *w)
{
	struct fk_layout *l = w->l;
	assert(w->npath > 0);
	struct open_frame *o = &w->path[--w->npath];
	int64_t width = w->time - o->start;
	struct open_frame *parent = w->npath ? &w->path[w->npath - 1] : NULL;
	if ((double)width / w->p10 < w->minwidth_time) {
		/* Narrower descendants went first, so this is the last slot. */
		assert(o->slot == l->n - 1);
		l->n--;
		if (parent)
			parent->narrow++;
		else
			l->pruned++;
		return;
	}
	struct fk_frame *f = &l->frames[o->slot];
	f->name = o->name;
	f->len = o->len;
	f->depth = (uint32_t)w->npath;
	f->start = o->start;
	f->end = w->time;
	f->self = width - o->kept;
	f->delta = o->delta;
	f->before = w->sum_b - o->b0;
	f->after = w->sum_a - o->a0;
	f->mark = 0;
	f->narrow = o->narrow;
	l->pruned += o->narrow;
	if (parent)
		parent->kept += width;
	if (f->depth > l->depthmax)
		l->depthmax = f->depth;
}

double
fk_layout_count(const struct fk_layout *l, int64_t v)
{
	return l->scale ? (double)v / (double)fk_pow10(l->scale) : (double)v;
}

static int
cmp_width(const void *a, const void *b, void *ctx)
{
	const struct fk_frame *fr = ctx;
	const struct fk_frame *x = &fr[*(const size_t *)a], *y = &fr[*(const size_t *)b];
	int64_t wx = x->end - x->start, wy = y->end - y->start;
	if (wx != wy)
		return wx > wy ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* Re-place children widest first, packed from the parent's left edge. */
static void
sort_by_width(struct fk_layout *l)
{
	size_t n = l->n;
	if (n < 2)
		return;
	size_t *first = fk_xmalloc(n * sizeof(*first));
	size_t *count = fk_xcalloc(n + 1, sizeof(*count));
	size_t *kids = fk_xmalloc(n * sizeof(*kids));
	for (size_t i = 1; i < n; i++)
		count[l->frames[i].parent]++;
	size_t acc = 0;
	for (size_t i = 0; i < n; i++) {
		first[i] = acc;
		acc += count[i];
		count[i] = 0;
	}
	for (size_t i = 1; i < n; i++) {
		size_t p = (size_t)l->frames[i].parent;
		kids[first[p] + count[p]++] = i;
	}
	/* Pre-order: a parent has its final place before its children. */
	for (size_t i = 0; i < n; i++) {
		size_t *k = kids + first[i];
		qsort_r(k, count[i], sizeof(*k), cmp_width, l->frames);
		int64_t cursor = l->frames[i].start;
		for (size_t j = 0; j < count[i]; j++) {
			struct fk_frame *c = &l->frames[k[j]];
			int64_t w = c->end - c->start;
			c->start = cursor;
			c->end = cursor + w;
			cursor += w;
		}
	}
	free(first);
	free(count);
	free(kids);
}

/* Settings, totals and scale shared by both ways of building. */
static int
layout_begin(struct fk_layout *l, const struct fk_layout_opts *o, int scale,
    int ncols, int64_t time, int64_t *rootend, double *minwidth_time)
{
	memset(l, 0, sizeof(*l));
	l->scale = scale;
	l->diff = ncols == 2;
	l->inverted = o->inverted;
	l->image_width = o->image_width;
	l->frame_height = o->frame_height;
	l->xpad = 10;
	l->ypad1 = o->font_size * 3;
	l->ypad2 = o->font_size * 2 + 10;
	l->ypad3 = o->font_size * 2;
	l->maxdelta = 1;
	if (time == 0)
		return fk_error("no stack counts found");
	l->time = time;
	double p10 = (double)fk_pow10(scale);
	double tm = (double)time / p10;
	*rootend = time;
	if (o->total > 0 && o->total >= tm) {
		double t = o->total * p10;
		*rootend = t >= 9.2e18 ? INT64_MAX : (int64_t)llround(t);
		if (*rootend < time)
			*rootend = time;
		tm = o->total;
	} else if (o->total > 0 && o->total / tm > 0.02) {
		fk_warn(NULL, 0, "--total %g is less than the actual total %g, so ignored",
		    o->total, tm);
	}
	l->timemax = tm;
	l->widthpertime = (l->image_width - 2 * l->xpad) / tm;
	*minwidth_time = o->min_width_pct ? tm * o->min_width / 100
	    : o->min_width / l->widthpertime;
	return 0;
}

/*
 * Differential facts every renderer shares: totals, new and gone marks,
 * and with --diff=total the inclusive change as the colouring delta.
 */
static void
diff_finish(struct fk_layout *l, const struct fk_layout_opts *o)
{
	if (!l->diff || l->n == 0)
		return;
	l->before = l->frames[0].before;
	l->after = l->frames[0].after;
	l->diff_total = o->diff_total;
	l->diff_width_max = o->diff_width_max;
	if (o->diff_total)
		l->maxdelta = 1;
	double p10 = (double)fk_pow10(l->scale);
	for (size_t i = 0; i < l->n; i++) {
		struct fk_frame *f = &l->frames[i];
		f->mark = f->before == 0 && f->after > 0 ? FK_FRAME_NEW
		    : f->after == 0 && f->before > 0 ? FK_FRAME_GONE : 0;
		if (o->diff_total) {
			f->delta = f->after - f->before;
			double ad = fabs((double)f->delta / p10);
			if (ad > l->maxdelta)
				l->maxdelta = ad;
		}
	}
}

static void
layout_finish(struct fk_layout *l, const struct fk_layout_opts *o)
{
	diff_finish(l, o);
	if (o->order == FK_LAYOUT_SORT_WIDTH)
		sort_by_width(l);
	l->image_height = (l->depthmax + 1) * l->frame_height + l->ypad1 + l->ypad2;
	if (o->has_subtitle)
		l->image_height += l->ypad3;
}

int
fk_layout_build(struct fk_layout *l, const struct fk_layout_opts *o,
    struct fk_stack_entry *const *e, size_t n, int scale, int ncols)
{
	int col = ncols == 2 ? 1 : 0;
	int wmax = ncols == 2 && o->diff_width_max;
	int64_t time = 0, before = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t v = e[i]->counts[col];
		if (wmax && e[i]->counts[0] > v)
			v = e[i]->counts[0];
		/* Both columns' totals: every sum made below is part of one. */
		if (__builtin_add_overflow(time, v, &time) ||
		    __builtin_add_overflow(before, e[i]->counts[0], &before))
			return fk_error("total count overflows 64 bits");
	}
	struct flow w = {.l = l, .p10 = (double)fk_pow10(scale)};
	int64_t rootend;
	if (layout_begin(l, o, scale, ncols, time, &rootend, &w.minwidth_time) < 0)
		return -1;

	flow_open(&w, "", 0);   /* the root, "all" */
	for (size_t i = 0; i < n; i++) {
		const char *key = e[i]->key;
		size_t len = fk__trim_semicolons(key, e[i]->len), pos = 0;
		const char *f = NULL;
		size_t fl = 0;
		size_t depth = 1;
		int have = fk_folded_next_frame(key, len, &pos, &f, &fl);
		while (have && depth < w.npath && w.path[depth].len == fl &&
		    memcmp(w.path[depth].name, f, fl) == 0) {
			depth++;
			have = fk_folded_next_frame(key, len, &pos, &f, &fl);
		}
		while (w.npath > depth)
			flow_close(&w);
		int opened = i == 0;   /* the root is new with the first stack */
		while (have) {
			flow_open(&w, f, fl);
			opened = 1;
			have = fk_folded_next_frame(key, len, &pos, &f, &fl);
		}
		if (l->diff) {
			int64_t d = e[i]->counts[1] - e[i]->counts[0];
			if (opened)
				w.path[w.npath - 1].delta += d;
			double ad = fabs((double)d / w.p10);
			if (ad > l->maxdelta)
				l->maxdelta = ad;
			w.sum_b += e[i]->counts[0];
			w.sum_a += e[i]->counts[1];
		}
		int64_t v = e[i]->counts[col];
		if (wmax && e[i]->counts[0] > v)
			v = e[i]->counts[0];
		w.time += v;
	}
	while (w.npath > 1)
		flow_close(&w);
	/* The root spans --total when that is larger. */
	size_t rootslot = w.path[0].slot;
	flow_close(&w);
	if (l->n > 0) {
		assert(rootslot == 0);
		(void)rootslot;
		l->frames[0].self += rootend - l->frames[0].end;
		l->frames[0].end = rootend;
	}
	free(w.path);

	layout_finish(l, o);
	return 0;
}

/*
 * Sibling order of flamegraph.pl's sorted lines.  A node whose stacks all
 * go on sorts as "name;", a node where some stack ends as "name" (its key
 * is a prefix of the others), so "f" with a self count comes before
 * "f.part.0", which comes before "f" without one.  Keys are name id * 2,
 * plus 1 for "name;".
 */
static int
cmp_names(const void *a, const void *b, void *ctx)
{
	const struct fk__tree *t = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint32_t nx = x >> 1, ny = y >> 1;
	size_t lx = t->names[nx].len, ly = t->names[ny].len, n = lx < ly ? lx : ly;
	int c = memcmp(t->names[nx].s, t->names[ny].s, n);
	if (c)
		return c;
	/* After the common part: a byte, ';' (goes on) or -1 (ends). */
	int cx = lx > n ? (unsigned char)t->names[nx].s[n] : (x & 1) ? ';' : -1;
	int cy = ly > n ? (unsigned char)t->names[ny].s[n] : (y & 1) ? ';' : -1;
	return cx < cy ? -1 : cx > cy;
}

/*
 * A key with its first 8 bytes as a big-endian number: the key's bytes,
 * then ';' for "name;", then zeros.  Where two heads differ they order
 * the keys as cmp_names() does (an end, -1 there, reads 0, and a 0 byte
 * after it cannot make a difference first), so most comparisons of a
 * sort need neither the names nor memcmp.
 */
struct name_key {
	uint64_t head;
	uint32_t key;
};

static uint64_t
name_head(const struct tname *nm, int goes_on)
{
	unsigned char b[8] = {0};
	size_t n = nm->len < 8 ? nm->len : 8;
	memcpy(b, nm->s, n);
	if (n < 8 && goes_on)
		b[n] = ';';
	uint64_t h = 0;
	for (int i = 0; i < 8; i++)
		h = h << 8 | b[i];
	return h;
}

static int
cmp_name_keys(const void *a, const void *b, void *ctx)
{
	const struct name_key *x = a, *y = b;
	if (x->head != y->head)
		return x->head < y->head ? -1 : 1;
	return cmp_names(&x->key, &y->key, ctx);
}

static int
cmp_heads(const void *a, const void *b)
{
	uint64_t x = ((const struct name_key *)a)->head, y = ((const struct name_key *)b)->head;
	return x < y ? -1 : x > y;
}

/*
 * Sort n keys by head, with tmp room for n more.  Past 64 keys a byte at a
 * time from the lowest (a byte all heads share costs one counting pass):
 * qsort's compares through a function pointer were most of the time of
 * inputs with many distinct names.  Keys of equal heads may come in any
 * order.
 */
static void
sort_by_head(struct name_key *a, struct name_key *tmp, size_t n)
{
	struct name_key *src = a, *dst = tmp;
	if (n <= 16) {
		/* Most groups of siblings are this small: no calls at all. */
		for (size_t i = 1; i < n; i++) {
			struct name_key x = a[i];
			size_t j = i;
			for (; j > 0 && a[j - 1].head > x.head; j--)
				a[j] = a[j - 1];
			a[j] = x;
		}
		return;
	}
	if (n <= 64) {
		qsort(a, n, sizeof(*a), cmp_heads);
		return;
	}
	for (int shift = 0; shift < 64; shift += 8) {
		size_t count[256] = {0};
		for (size_t i = 0; i < n; i++)
			count[(src[i].head >> shift) & 255]++;
		if (count[(src[0].head >> shift) & 255] == n)
			continue;
		size_t at = 0;
		for (int b = 0; b < 256; b++) {
			size_t c = count[b];
			count[b] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[(src[i].head >> shift) & 255]++] = src[i];
		struct name_key *swap = src;
		src = dst;
		dst = swap;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
}

struct visit {
	uint32_t node;
	uint32_t next, end;  /* its children left to visit: kids[next, end) */
	size_t slot;         /* its frame */
	int64_t cursor;      /* where the next child starts */
};

/* What walking the prefix tree's frames needs (build_tree()). */
struct tree_walk {
	struct fk_layout *l;
	const struct fk_layout_opts *o;
	struct fk__tree *t;
	const struct fk_layout_visitor *v;
	int64_t *tot, *sd, *inc[2];  /* subtree totals; differential columns */
	uint32_t *off, *kids;        /* children of node i: kids[off[i], off[i + 1]) */
	uint32_t *nrank;             /* sibling order */
	int64_t rootend;
	double p10, minwidth_time;
	struct visit *stk;
	size_t astk;
	struct name_key *order;      /* a group of children being sorted */
	size_t aorder;
	int by_node;                 /* the overview's index is the node number */
};

/*
 * Once the children lists are built the nodes' parents are not needed:
 * the key's upper half holds the node's subtree size (itself included)
 * instead, for the overview's frame indices.
 */
#define KEY_SIZE(k) ((uint32_t)((k) >> 32))

static void
subtree_sizes(struct fk__tree *t, const uint32_t *off, const uint32_t *kids)
{
	/* Children come after their parent: theirs are done first. */
	for (size_t i = t->n; i-- > 0;) {
		uint64_t size = 1;
		for (uint32_t k = off[i]; k < off[i + 1]; k++)
			size += KEY_SIZE(t->key[kids[k]]);
		t->key[i] = size << 32 | KEY_NAME(t->key[i]);
	}
}

/* Order kids[k0, k1) by sibling rank (siblings' ranks differ). */
static void
sort_kids(struct tree_walk *w, uint32_t *kids, uint32_t k0, uint32_t k1)
{
	size_t k = k1 - k0;
	if (2 * k > w->aorder) {
		w->aorder = 4 * k;
		w->order = fk_xrealloc(w->order, w->aorder * sizeof(*w->order));
	}
	for (uint32_t i = k0; i < k1; i++)
		w->order[i - k0] = (struct name_key){w->nrank[kids[i]], kids[i]};
	sort_by_head(w->order, w->order + k, k);
	for (uint32_t i = k0; i < k1; i++)
		kids[i] = w->order[i - k0].key;
}

/*
 * Depth first, parents before children, self time left of the children:
 * the frames into w->l, or to w->v's frame().  With over_min >= 0 the
 * overview instead: the root and the frames at least over_min wide, to
 * v's over() with their index among all frames (subtree_sizes() first),
 * or with w->by_node their node number.
 */
static int
walk_frames(struct tree_walk *w, int64_t over_min)
{
	struct fk_layout *l = w->l;
	const struct fk__tree *t = w->t;
	const struct fk_layout_visitor *v = w->v;
	const int64_t *tot = w->tot;
	uint32_t *kids = w->kids;
	int over = over_min >= 0;
	size_t nvisited = 0;         /* frames visited so far (the overview's l->n) */
	uint64_t index = 0;          /* the overview: the next frame's index among all */
	size_t nstk = 0;
	int64_t at = 0;
	int rc = 0;
	struct fk_frame visited;
	for (uint32_t node = 0; rc == 0;) {
		int64_t width = tot[node];
		uint32_t depth = (uint32_t)nstk;
		/* (No division when nothing is too narrow: a visitor's walk.) */
		if (over ? node != 0 && width < over_min
		    : w->minwidth_time > 0 && (double)width / w->p10 < w->minwidth_time) {
			if (over) {
				if (!w->by_node)
					index += KEY_SIZE(t->key[node]);
			} else {
				l->pruned++;
				if (nstk && !v)
					l->frames[w->stk[nstk - 1].slot].narrow++;
			}
		} else {
			struct fk_frame *f = &visited;
			if (!v) {
				frames_need(l);
				f = &l->frames[l->n];
			}
			f->name = t->names[KEY_NAME(t->key[node])].s;
			f->len = t->names[KEY_NAME(t->key[node])].len;
			f->depth = depth;
			f->parent = nstk ? (int64_t)w->stk[nstk - 1].slot : -1;
			f->start = at;
			f->end = at + width;
			f->self = width;
			f->delta = 0;
			f->before = w->inc[0] ? w->inc[0][node] : 0;
			f->after = w->inc[1] ? w->inc[1][node] : 0;
			f->mark = 0;
			f->narrow = 0;
			if (nstk && !v)
				l->frames[w->stk[nstk - 1].slot].self -= width;
			if (depth > l->depthmax && !over)
				l->depthmax = depth;
			FK_GROW(w->stk, w->astk, nstk + 1, 64);
			int64_t kidsum = 0;
			uint32_t k0 = w->off[node], k1 = w->off[node + 1];
			for (uint32_t k = k0; k < k1; k++)
				kidsum += tot[kids[k]];
			if (k1 - k0 > 1)
				sort_kids(w, kids, k0, k1);
			if (l->diff)   /* self after - self before */
				f->delta = w->sd[node];
			if (v) {
				if (node == 0)   /* the root spans --total */
					f->end = w->rootend;
				if (l->diff) {
					f->mark = f->before == 0 && f->after > 0 ? FK_FRAME_NEW
					    : f->after == 0 && f->before > 0 ? FK_FRAME_GONE : 0;
					if (w->o->diff_total)
						f->delta = f->after - f->before;
				}
				uint32_t name = node ? KEY_NAME(t->key[node]) + 1 : 0;
				rc = over ? v->over(v->ctx, l, f, name, w->by_node ? node : index++)
				    : v->frame(v->ctx, l, f, name);
			}
			w->stk[nstk++] = (struct visit){node, k0, k1, over ? nvisited : l->n,
			    at + (width - kidsum)};
			if (over)
				nvisited++;
			else
				l->n++;
		}
		/* Next: the first unvisited child of the deepest open frame. */
		node = 0;
		while (nstk) {
			struct visit *s = &w->stk[nstk - 1];
			if (s->next < s->end) {
				node = kids[s->next++];
				at = s->cursor;
				s->cursor += tot[node];
				break;
			}
			nstk--;
		}
		if (!nstk)
			break;
	}
	return rc;
}

/*
 * Lay out t into l, or with v visit the frames instead of storing them
 * (layout.h's fk_layout_visitor).
 */
static int
build_tree(struct fk_layout *l, const struct fk_layout_opts *o, struct fk__tree *t,
    const struct fk_layout_visitor *v)
{
	if (fk__tree_flush(t) < 0)
		return -1;
	int col = t->ncols == 2 ? 1 : 0;
	/*
	 * Differential: the self change and both inclusive columns per node;
	 * with diff_width_max the width column becomes max(before, after).
	 */
	int64_t *sd = NULL, *inc[2] = {NULL, NULL};
	if (t->ncols == 2) {
		sd = BIG_NEW(sd, t->n);
		for (int c = 0; c < 2; c++) {
			inc[c] = BIG_NEW(inc[c], t->n);
			memcpy(inc[c], t->cnt[c], t->n * sizeof(*inc[c]));
		}
		for (size_t i = 0; i < t->n; i++) {
			sd[i] = t->cnt[1][i] - t->cnt[0][i];
			if (o->diff_width_max && t->cnt[0][i] > t->cnt[1][i])
				t->cnt[1][i] = t->cnt[0][i];
		}
	}
	int64_t time = 0, before = 0;
	/* Both columns' totals: every subtree sum below is part of one. */
	for (size_t i = 0; i < t->n; i++)
		if (__builtin_add_overflow(time, t->cnt[col][i], &time) ||
		    (inc[0] && __builtin_add_overflow(before, inc[0][i], &before))) {
			BIG_FREE(sd, t->n);
			BIG_FREE(inc[0], t->n);
			BIG_FREE(inc[1], t->n);
			return fk_error("total count overflows 64 bits");
		}
	int64_t rootend;
	double minwidth_time, p10 = (double)fk_pow10(t->scale);
	if (layout_begin(l, o, t->scale, t->ncols, time, &rootend, &minwidth_time) < 0) {
		BIG_FREE(sd, t->n);
		BIG_FREE(inc[0], t->n);
		BIG_FREE(inc[1], t->n);
		return -1;
	}
	if (l->diff) {
		for (size_t i = 0; i < t->n; i++) {
			double ad = fabs((double)sd[i] / p10);
			if (ad > l->maxdelta)
				l->maxdelta = ad;
		}
	}
	int64_t *tot = t->cnt[col];
	int rc = 0;
	/* The tree is complete: give back what only adding needed. */
	fk__tree_compact(t);
	tot = t->cnt[col];

	/* Children of each node, in sorted-line order. */
	size_t nkeys = 2 * t->nnames;
	uint32_t *rank = BIG_NEW(rank, nkeys);
	struct name_key *keys = BIG_NEW(keys, 2 * nkeys);
	for (uint32_t i = 0; i < nkeys; i++)
		keys[i] = (struct name_key){name_head(&t->names[i >> 1], i & 1), i};
	/* By head, then each run of equal heads by the rest of the names. */
	sort_by_head(keys, keys + nkeys, nkeys);
	for (size_t i = 0, j; i < nkeys; i = j) {
		for (j = i + 1; j < nkeys && keys[j].head == keys[i].head; j++)
			;
		if (j - i > 1)
			qsort_r(keys + i, j - i, sizeof(*keys), cmp_name_keys, t);
	}
	for (uint32_t i = 0; i < nkeys; i++)
		rank[keys[i].key] = i;
	BIG_FREE(keys, 2 * nkeys);
	/* The tree unwalked to v's tree(): one count column, no minimum width. */
	int by_tree = v && v->tree && !l->diff && minwidth_time <= 0;
	uint32_t *nrank = BIG_NEW(nrank, t->n);
	for (size_t i = 0; i < t->n; i++) {
		int ends = t->cnt[0][i] != 0 || (t->ncols == 2 && t->cnt[1][i] != 0);
		nrank[i] = rank[2 * KEY_NAME(t->key[i]) + !ends];
	}
	/* Subtree totals, in place: children come after their parent. */
	for (size_t i = t->n - 1; i > 0; i--) {
		tot[KEY_PARENT(t->key[i])] += tot[i];
		if (inc[0]) {
			inc[0][KEY_PARENT(t->key[i])] += inc[0][i];
			inc[1][KEY_PARENT(t->key[i])] += inc[1][i];
		}
	}
	/*
	 * Children of each node, grouped by parent (a counting sort: no list
	 * to chase, which costs a miss a child in random order).  A group is
	 * ordered by rank only when its parent is drawn; the children of the
	 * many frames too narrow to draw never are.
	 */
	uint32_t *off = BIG_NEW(off, t->n + 1);
	size_t nkids = t->n > 1 ? t->n - 1 : 1;
	uint32_t *kids = BIG_NEW(kids, nkids);
	for (size_t i = 1; i < t->n; i++)
		off[KEY_PARENT(t->key[i]) + 1]++;
	for (size_t i = 0; i < t->n; i++)
		off[i + 1] += off[i];
	for (size_t i = 1; i < t->n; i++)
		kids[off[KEY_PARENT(t->key[i])]++] = (uint32_t)i;
	/* Each off[p] now holds where p's group ends: shift back to starts. */
	memmove(off + 1, off, t->n * sizeof(*off));
	off[0] = 0;

	if (v) {
		/* diff_finish()'s facts, which it takes from the frames. */
		if (l->diff) {
			l->before = inc[0][0];
			l->after = inc[1][0];
			l->diff_total = o->diff_total;
			l->diff_width_max = o->diff_width_max;
			if (o->diff_total) {
				l->maxdelta = 1;
				for (size_t i = 0; i < t->n; i++) {
					double ad = fabs((double)(inc[1][i] - inc[0][i]) / p10);
					if (ad > l->maxdelta)
						l->maxdelta = ad;
				}
			}
		}
		rc = v->names(v->ctx, l, t->nnames + 1, t->n);
		if (rc == 0)
			rc = v->name(v->ctx, l, 0, t->names[KEY_NAME(t->key[0])].s,
			    t->names[KEY_NAME(t->key[0])].len);
		for (size_t k = 0; k < t->nnames && rc == 0; k++)
			rc = v->name(v->ctx, l, (uint32_t)k + 1, t->names[k].s, t->names[k].len);
	}
	struct tree_walk w = {l, o, t, v, tot, sd, {inc[0], inc[1]}, off, kids, nrank, rootend,
	    p10, minwidth_time, NULL, 0, NULL, 0, by_tree};
	if (v && v->over_min && rc == 0) {
		int64_t min = v->over_min(v->ctx, l, t->n);
		if (min >= 0) {
			/* Indices among all frames count the frames of skipped subtrees. */
			if (!by_tree)
				subtree_sizes(t, off, kids);
			rc = walk_frames(&w, min);
		}
	}
	if (rc == 0 && by_tree) {
		struct fk_tree_view tv = {t->n, t->key, tot, rank, nkeys, rootend};
		rc = v->tree(v->ctx, l, &tv);
		l->n += t->n;
	} else if (rc == 0) {
		rc = walk_frames(&w, -1);
	}
	free(w.stk);
	free(w.order);
	BIG_FREE(off, t->n + 1);
	BIG_FREE(kids, nkids);
	BIG_FREE(nrank, t->n);
	BIG_FREE(rank, nkeys);
	BIG_FREE(sd, t->n);
	BIG_FREE(inc[0], t->n);
	BIG_FREE(inc[1], t->n);
	if (v) {
		l->image_height = (l->depthmax + 1) * l->frame_height + l->ypad1 + l->ypad2;
		if (o->has_subtitle)
			l->image_height += l->ypad3;
		return rc;
	}
	if (l->n > 0) {
		l->frames[0].self += rootend - l->frames[0].end;
		l->frames[0].end = rootend;
	}
	layout_finish(l, o);
	return 0;
}

int
fk_layout_build_stacks(struct fk_layout *l, const struct fk_layout_opts *o,
    struct fk_stacks *s)
{
	if (s->in_order || s->chained) {
		size_t n;
		int scale;
		struct fk_stack_entry *const *e = fk_stacks_entries(s, &n, &scale);
		return fk_layout_build(l, o, e, n, scale, s->ncols ? s->ncols : 1);
	}
	if (!s->tree) {
		memset(l, 0, sizeof(*l));
		return fk_error("no stack counts found");
	}
	return build_tree(l, o, s->tree, NULL);
}

int
fk_layout_can_walk(const struct fk_layout_opts *o, const struct fk_stacks *s)
{
	return !s->in_order && !s->chained && o->order == FK_LAYOUT_SORT_NAME &&
	    o->min_width == 0;
}

int
fk_layout_walk_stacks(struct fk_layout *l, const struct fk_layout_opts *o,
    struct fk_stacks *s, const struct fk_layout_visitor *v)
{
	if (!s->tree) {
		memset(l, 0, sizeof(*l));
		return fk_error("no stack counts found");
	}
	return build_tree(l, o, s->tree, v);
}

void
fk_layout_release(struct fk_layout *l)
{
	fk_bigmem_free(l->frames, l->alloc * sizeof(*l->frames));
	memset(l, 0, sizeof(*l));
}

void
fk_layout_box(const struct fk_layout *l, const struct fk_frame *f,
    double *x1, double *x2, double *y1, double *y2)
{
	*x1 = l->xpad + fk_layout_count(l, f->start) * l->widthpertime;
	*x2 = l->xpad + fk_layout_count(l, f->end) * l->widthpertime;
	if (!l->inverted) {
		*y1 = l->image_height - l->ypad2 - (f->depth + 1) * l->frame_height + 1;
		*y2 = l->image_height - l->ypad2 - f->depth * l->frame_height;
	} else {
		*y1 = l->ypad1 + f->depth * l->frame_height;
		*y2 = l->ypad1 + (f->depth + 1) * l->frame_height - 1;
	}
}
