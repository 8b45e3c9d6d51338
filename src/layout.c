#include "layout.h"
#include "error.h"
#include "folded.h"

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

/* Collecting stacks. */

void
fk_stacks_init(struct fk_stacks *s, const struct fk_layout_opts *o)
{
	memset(s, 0, sizeof(*s));
	s->reverse = o->reverse;
	s->chain = o->chain;
	s->in_order = o->order == FK_LAYOUT_INPUT_ORDER;
	fk_arena_init(&s->arena, 1u << 20);
}

void
fk_stacks_release(struct fk_stacks *s)
{
	fk_stack_table_free(s->table);
	fk_arena_release(&s->arena);
	free(s->list);
	free(s->scratch);
	memset(s, 0, sizeof(*s));
}

static char *
scratch(struct fk_stacks *s, size_t n)
{
	if (n > s->ascratch) {
		s->ascratch = n > 2 * s->ascratch ? n : 2 * s->ascratch;
		s->scratch = fk_xrealloc(s->scratch, s->ascratch);
	}
	return s->scratch;
}

/* Trailing empty frames vanish, as with Perl's split. */
static size_t
trim_semicolons(const char *p, size_t len)
{
	while (len > 0 && p[len - 1] == ';')
		len--;
	return len;
}

/* "a;b;c" -> "c;b;a" into dst (len bytes). */
static void
reverse_frames(const char *src, size_t len, char *dst)
{
	size_t pos = 0, out = len;
	const char *f;
	size_t fl;
	int first = 1;
	while (fk_folded_next_frame(src, len, &pos, &f, &fl)) {
		if (!first)
			dst[--out] = ';';
		first = 0;
		out -= fl;
		memcpy(dst + out, f, fl);
	}
	assert(out == 0);
}

/*
 * flamegraph.pl's chain rewrite: the stack before the first ";--;" stays,
 * every frame after it gets "_[w]", and a "--" frame always follows the
 * first part.  Returns the new length; dst holds at least 5 * len + 8.
 */
static size_t
chain_rewrite(const char *src, size_t len, char *dst)
{
	const char *sep = memmem(src, len, ";--;", 4);
	size_t head = sep ? (size_t)(sep - src) : len;
	size_t o = 0;
	memcpy(dst, src, head);
	o = head;
	memcpy(dst + o, ";--;", 4);
	o += 4;
	if (!sep)
		return o;
	const char *p = sep + 4, *end = src + len;
	for (;;) {
		const char *next = memmem(p, (size_t)(end - p), ";--;", 4);
		const char *pe = next ? next : end;
		for (const char *c = p; c < pe; c++) {
			if (*c == ';') {
				memcpy(dst + o, "_[w];", 5);
				o += 5;
			} else {
				dst[o++] = *c;
			}
		}
		memcpy(dst + o, "_[w]", 4);
		o += 4;
		if (!next)
			break;
		memcpy(dst + o, ";--;", 4);
		o += 4;
		p = next + 4;
	}
	return o;
}

int
fk_stacks_add(struct fk_stacks *s, const char *stack, size_t len,
    const struct fk_num *counts)
{
	assert(s->ncols == 1 || s->ncols == 2);
	len = trim_semicolons(stack, len);
	if (s->reverse) {
		char *d = scratch(s, len + 1);
		reverse_frames(stack, len, d);
		stack = d;
	}
	if (s->chain) {
		/* The rewrite goes behind a reversed copy that may sit in the scratch. */
		size_t off = len + 1;
		int in_scratch = stack == s->scratch;
		char *base = scratch(s, off + 5 * len + 8);
		if (in_scratch)
			stack = base;
		len = chain_rewrite(stack, len, base + off);
		stack = base + off;
	}
	if (!s->in_order) {
		if (!s->table)
			s->table = fk_stack_table_new(s->ncols);
		return fk_stack_table_add(s->table, stack, len, counts);
	}
	if (len > UINT32_MAX)
		return fk_error("stack of %zu bytes is too long", len);
	struct fk_stack_entry *e = fk_arena_alloc(&s->arena, sizeof(*e) + len + 1);
	memcpy(e->key, stack, len);
	e->key[len] = '\0';
	e->len = (uint32_t)len;
	int sc = counts[0].scale;
	if (s->ncols == 2 && counts[1].scale > sc)
		sc = counts[1].scale;
	for (int c = 0; c < 2; c++) {
		struct fk_num x = c < s->ncols ? counts[c] : (struct fk_num){0, 0};
		if (fk_num_rescale(&x, sc) < 0)
			return fk_error("count overflows");
		e->counts[c] = x.v;
	}
	e->hash = (uint64_t)sc;   /* the entry's own scale until normalised */
	if (sc > s->list_scale)
		s->list_scale = sc;
	if (s->nlist == s->alist) {
		s->alist = s->alist ? 2 * s->alist : 1024;
		s->list = fk_xrealloc(s->list, s->alist * sizeof(*s->list));
	}
	s->list[s->nlist++] = e;
	return 0;
}

/*
 * Like fk_folded_read(), but the stack keeps trailing blanks up to the one
 * that separates it from the count: flamegraph.pl's "^(.*)\s+?(COUNT)$"
 * keeps them in the leaf's name ("foo  5" draws "foo ").
 */
int
fk_stacks_read(struct fk_stacks *s, const struct fk_input *in, size_t nin, int ncols)
{
	int rc = 0;
	s->ncols = ncols;
	for (size_t i = 0; i < nin && rc == 0; i++) {
		struct fk_reader *r = fk_reader_new(in[i].fd, in[i].name);
		char *line;
		size_t len;
		int got;
		while ((got = fk_reader_line(r, &line, &len)) > 0) {
			size_t slen, k = 0;
			struct fk_num counts[2];
			const char *why;
			while (k < len && (line[k] == ' ' || line[k] == '\t'))
				k++;
			if (k == len)
				continue;
			int n = fk_folded_parse(line, len, s->ncols, &slen, counts, &why);
			if (n < 0) {
				fk_warn(fk_reader_name(r), fk_reader_lineno(r), "%s", why);
				continue;
			}
			if (s->ncols == 0)
				s->ncols = n;
			k = slen;
			while (k < len && (line[k] == ' ' || line[k] == '\t'))
				k++;
			if (fk_stacks_add(s, line, k - 1, counts) < 0) {
				rc = fk_error("%s:%lu", fk_reader_name(r), fk_reader_lineno(r));
				break;
			}
		}
		if (got < 0)
			rc = -1;
		fk_reader_free(r);
	}
	return rc;
}

struct fk_stack_entry *const *
fk_stacks_entries(struct fk_stacks *s, size_t *n, int *scale)
{
	if (!s->in_order) {
		if (!s->table) {
			*n = 0;
			*scale = 0;
			return NULL;
		}
		*scale = fk_stack_table_scale(s->table);
		return fk_stack_table_sorted(s->table, n);
	}
	/* Bring every line to the common scale once. */
	for (size_t i = 0; i < s->nlist; i++) {
		struct fk_stack_entry *e = s->list[i];
		int sc = (int)e->hash;
		if (sc != s->list_scale) {
			for (int c = 0; c < 2; c++) {
				struct fk_num x = {e->counts[c], sc};
				if (fk_num_rescale(&x, s->list_scale) < 0)
					x.v = INT64_MAX;
				e->counts[c] = x.v;
			}
			e->hash = (uint64_t)s->list_scale;
		}
	}
	*n = s->nlist;
	*scale = s->list_scale;
	return s->list;
}

/* The layout. */

struct open_frame {
	const char *name;
	uint32_t len;
	int64_t start;
	size_t slot;
	int64_t kept;      /* width of drawn children */
	int64_t delta;
	uint32_t narrow;
};

struct flow {
	struct fk_layout *l;
	struct open_frame *path;
	size_t npath, apath;
	int64_t time;
	double p10;
	double minwidth_time;
};

static void
flow_open(struct flow *w, const char *name, size_t len)
{
	struct fk_layout *l = w->l;
	if (w->npath == w->apath) {
		w->apath = w->apath ? 2 * w->apath : 64;
		w->path = fk_xrealloc(w->path, w->apath * sizeof(*w->path));
	}
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 1024;
		l->frames = fk_xrealloc(l->frames, l->alloc * sizeof(*l->frames));
	}
	struct open_frame *o = &w->path[w->npath];
	o->name = name;
	o->len = (uint32_t)len;
	o->start = w->time;
	o->slot = l->n++;
	o->kept = 0;
	o->delta = 0;
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
		l->pruned++;
		if (parent)
			parent->narrow++;
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
	f->narrow = o->narrow;
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

int
fk_layout_build(struct fk_layout *l, const struct fk_layout_opts *o,
    struct fk_stack_entry *const *e, size_t n, int scale, int ncols)
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

	int col = ncols == 2 ? 1 : 0;
	int64_t time = 0;
	for (size_t i = 0; i < n; i++) {
		if (__builtin_add_overflow(time, e[i]->counts[col], &time))
			return fk_error("total count overflows 64 bits");
	}
	if (time == 0)
		return fk_error("no stack counts found");
	l->time = time;

	struct flow w = {.l = l, .p10 = (double)fk_pow10(scale)};
	double tm = (double)time / w.p10;
	int64_t rootend = time;
	if (o->total > 0 && o->total >= tm) {
		double t = o->total * w.p10;
		rootend = t >= 9.2e18 ? INT64_MAX : (int64_t)llround(t);
		if (rootend < time)
			rootend = time;
		tm = o->total;
	} else if (o->total > 0 && o->total / tm > 0.02) {
		fk_warn(NULL, 0, "--total %g is less than the actual total %g, so ignored",
		    o->total, tm);
	}
	l->timemax = tm;
	l->widthpertime = (l->image_width - 2 * l->xpad) / tm;
	w.minwidth_time = o->min_width_pct ? tm * o->min_width / 100
	    : o->min_width / l->widthpertime;

	flow_open(&w, "", 0);   /* the root, "all" */
	for (size_t i = 0; i < n; i++) {
		const char *key = e[i]->key;
		size_t len = trim_semicolons(key, e[i]->len), pos = 0;
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
		}
		w.time += e[i]->counts[col];
	}
	while (w.npath > 1)
		flow_close(&w);
	/* The root spans --total when that is larger. */
	size_t rootslot = w.path[0].slot;
	flow_close(&w);
	if (l->n > 0) {
		assert(rootslot == 0);
		l->frames[0].self += rootend - l->frames[0].end;
		l->frames[0].end = rootend;
	}
	free(w.path);

	if (o->order == FK_LAYOUT_SORT_WIDTH)
		sort_by_width(l);

	l->image_height = (l->depthmax + 1) * l->frame_height + l->ypad1 + l->ypad2;
	if (o->has_subtitle)
		l->image_height += l->ypad3;
	return 0;
}

void
fk_layout_release(struct fk_layout *l)
{
	free(l->frames);
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
