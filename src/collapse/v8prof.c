/*
 * v8prof.c -- V8 profile nodes and samples, summed per node, folded.
 */
#include "collapse/v8prof.h"
#include "collapse/framebuf.h"
#include "collapse/pairq.h"
#include "core/arena.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/num.h"
#include "core/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
	int64_t id, parent, weight;
	const char *name;        /* in the arena; NULL until defined */
	size_t name_len;
	unsigned char has_parent, sampled;
};

struct fk_v8prof {
	struct node *nodes;
	size_t n, cap;
	uint32_t *slots;         /* node index + 1, open addressing; 0 empty */
	size_t nslots;
	struct fk_arena names;
	int scale;               /* decimal places of every weight (fk_v8prof_add_num) */
	int any_root;            /* leave out the frame of any node without parent */
};

struct fk_v8prof *
fk_v8prof_new(void)
{
	struct fk_v8prof *p = fk_xcalloc(1, sizeof(*p));
	fk_arena_init(&p->names, 64 << 10);
	return p;
}

void
fk_v8prof_free(struct fk_v8prof *p)
{
	if (!p)
		return;
	free(p->nodes);
	free(p->slots);
	fk_arena_release(&p->names);
	free(p);
}

void
fk_v8prof_clear(struct fk_v8prof *p)
{
	/* Chrome traces clear a profile per event: most events leave it empty. */
	if (p->n && p->slots)
		memset(p->slots, 0, p->nslots * sizeof(*p->slots));
	p->n = 0;
	fk_arena_release(&p->names);
	p->scale = 0;
}

void
fk_v8prof_drop_any_root(struct fk_v8prof *p)
{
	p->any_root = 1;
}

int
fk_v8prof_add_num(struct fk_v8prof *p, int64_t id, struct fk_num w)
{
	if (w.scale > p->scale) {
		/* Rare (at most FK_NUM_MAX_SCALE times): every weight moves to the finer scale. */
		int64_t f = fk_pow10(w.scale - p->scale);
		for (size_t i = 0; i < p->n; i++)
			if (__builtin_mul_overflow(p->nodes[i].weight, f, &p->nodes[i].weight))
				return fk_error("weight of a profile node overflows 64 bits");
		p->scale = w.scale;
	} else if (fk_num_rescale(&w, p->scale) < 0) {
		return fk_error("weight of a profile node overflows 64 bits");
	}
	return fk_v8prof_add(p, id, w.v);
}

static uint64_t
id_hash(int64_t id)
{
	return fk_hash_mix((uint64_t)id);
}

static void
rehash(struct fk_v8prof *p)
{
	size_t ns = p->nslots ? p->nslots * 2 : 1024;
	free(p->slots);
	p->slots = fk_xcalloc(ns, sizeof(*p->slots));
	p->nslots = ns;
	for (size_t i = 0; i < p->n; i++) {
		size_t s = id_hash(p->nodes[i].id) & (ns - 1);
		while (p->slots[s])
			s = (s + 1) & (ns - 1);
		p->slots[s] = (uint32_t)(i + 1);
	}
}

static struct node *
find(const struct fk_v8prof *p, int64_t id)
{
	if (!p->nslots)
		return NULL;
	for (size_t s = id_hash(id) & (p->nslots - 1); p->slots[s]; s = (s + 1) & (p->nslots - 1))
		if (p->nodes[p->slots[s] - 1].id == id)
			return &p->nodes[p->slots[s] - 1];
	return NULL;
}

static struct node *
get(struct fk_v8prof *p, int64_t id)
{
	struct node *nd = find(p, id);
	if (nd)
		return nd;
	if (p->n >= UINT32_MAX - 1)
		fk_xmalloc(SIZE_MAX);   /* more nodes than an index holds: out of memory */
	if ((p->n + 1) * 2 > p->nslots)
		rehash(p);
	FK_GROW(p->nodes, p->cap, p->n + 1, 256);
	nd = &p->nodes[p->n];
	memset(nd, 0, sizeof(*nd));
	nd->id = id;
	size_t s = id_hash(id) & (p->nslots - 1);
	while (p->slots[s])
		s = (s + 1) & (p->nslots - 1);
	p->slots[s] = (uint32_t)++p->n;
	return nd;
}

int
fk_v8prof_define(struct fk_v8prof *p, int64_t id, const char *name, size_t n)
{
	struct node *nd = get(p, id);
	int again = nd->name != NULL;
	char *copy = fk_arena_strndup(&p->names, name, n);
	fk_frame_clean(copy, n);
	nd->name = copy;
	nd->name_len = n;
	return again;
}

void
fk_v8prof_set_parent(struct fk_v8prof *p, int64_t child, int64_t parent)
{
	get(p, parent);   /* known to exist, if only by reference */
	struct node *nd = get(p, child);
	nd->parent = parent;
	nd->has_parent = 1;
}

int
fk_v8prof_add(struct fk_v8prof *p, int64_t id, int64_t w)
{
	struct node *nd = get(p, id);
	if (__builtin_add_overflow(nd->weight, w, &nd->weight))
		return fk_error("time of a profile node overflows 64 bits");
	nd->sampled = 1;
	return 0;
}

int
fk_v8prof_merge(struct fk_v8prof *dst, const struct fk_v8prof *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct node *s = &src->nodes[i];
		if (s->name)
			fk_v8prof_define(dst, s->id, s->name, s->name_len);
		if (s->has_parent)
			fk_v8prof_set_parent(dst, s->id, s->parent);
		struct fk_num w = { s->weight, src->scale };
		if (s->sampled && fk_v8prof_add_num(dst, s->id, w) < 0)
			return -1;
	}
	return 0;
}

/* A node's frame name; "(unknown node ID)" for one never defined. */
static const char *
node_name(const struct node *nd, size_t *len, char *buf, size_t cap)
{
	if (nd->name) {
		*len = nd->name_len;
		return nd->name;
	}
	*len = (size_t)snprintf(buf, cap, "(unknown node %" PRId64 ")", nd->id);
	return buf;
}

int
fk_v8prof_fold(struct fk_v8prof *p, const char *root, struct fk_stack_table *t,
    struct fk_v8_stats *st)
{
	struct fk_framebuf fb = FK_FRAMEBUF_INIT;
	char buf[64];
	int rc = 0;

	for (size_t i = 0; i < p->n; i++)
		if (!p->nodes[i].name)
			st->unknown_nodes++;
	for (size_t i = 0; i < p->n && rc == 0; i++) {
		const struct node *nd = &p->nodes[i];
		if (!nd->sampled)
			continue;
		if (nd->weight == 0) {
			st->stacks++;   /* valid, if weightless: not a record lost */
			continue;
		}
		fk_framebuf_clear(&fb);
		size_t steps = 0;
		/* Leaf to root; a chain longer than the node count loops. */
		for (const struct node *x = nd; x; x = x->has_parent ? find(p, x->parent) : NULL) {
			if (++steps > p->n) {
				st->cycles++;
				break;
			}
			size_t len;
			const char *name = node_name(x, &len, buf, sizeof(buf));
			if (!x->has_parent && (p->any_root || (len == 6 && memcmp(name, "(root)", 6) == 0)))
				break;
			fk_framebuf_push(&fb, name, len);
		}
		if (steps > p->n)
			continue;
		st->stacks++;
		if (root)
			fk_framebuf_push(&fb, root, strlen(root));
		if (fb.n == 0) {
			/* Weight of the root itself: the root's frame after all. */
			size_t len;
			const char *name = node_name(nd, &len, buf, sizeof(buf));
			fk_framebuf_push(&fb, name, len);
		}
		size_t klen;
		const char *key = fk_framebuf_join(&fb, &klen);
		struct fk_num w = { nd->weight, p->scale };
		rc = fk_stack_table_add(t, key, klen, &w);
	}
	fk_framebuf_release(&fb);
	return rc;
}

size_t
fk_v8_frame_name(const char *fn, size_t fnlen, const char *url, size_t urllen,
    int64_t line, int64_t col, char **out, size_t *cap)
{
	char pos[48] = "";
	size_t need;
	if (fnlen == 0) {
		fn = "(anonymous)";
		fnlen = 11;
	}
	if (line >= 0 && line < INT64_MAX && col >= 0 && col < INT64_MAX)
		snprintf(pos, sizeof(pos), ":%" PRId64 ":%" PRId64, line + 1, col + 1);
	else if (line >= 0 && line < INT64_MAX)
		snprintf(pos, sizeof(pos), ":%" PRId64, line + 1);
	need = fnlen + (urllen ? urllen + strlen(pos) + 3 : 0) + 1;
	FK_GROW(*out, *cap, need, 256);
	char *o = *out;
	memcpy(o, fn, fnlen);
	size_t n = fnlen;
	if (urllen) {
		o[n++] = ' ';
		o[n++] = '(';
		memcpy(o + n, url, urllen);
		n += urllen;
		memcpy(o + n, pos, strlen(pos));
		n += strlen(pos);
		o[n++] = ')';
	}
	o[n] = '\0';
	return n;
}

/* ---- chunks: nodes, samples and time deltas from JSON events ---- */

enum { PAIR_NONE, PAIR_SAMPLES, PAIR_DELTAS };

struct fk_v8chunk {
	enum fk_weight weight;
	struct fk_v8_stats *st;
	struct fk_v8prof *prof;
	/* The node object being read. */
	int64_t id, parent, line, col;
	int has_id, has_parent;
	char *fn, *url;
	size_t fnlen, fncap, urllen, urlcap;
	int64_t *children;
	size_t nchildren, childcap;
	char *name;
	size_t namecap;
	/* Pairing: the values of the array that came first (kind) wait in q. */
	int kind;
	struct fk_pairq q;
};

struct fk_v8chunk *
fk_v8chunk_new(enum fk_weight w, struct fk_v8_stats *st)
{
	struct fk_v8chunk *c = fk_xcalloc(1, sizeof(*c));
	c->weight = w;
	c->st = st;
	return c;
}

void
fk_v8chunk_free(struct fk_v8chunk *c)
{
	if (!c)
		return;
	free(c->fn);
	free(c->url);
	free(c->children);
	free(c->name);
	fk_pairq_release(&c->q);
	free(c);
}

static void
node_reset(struct fk_v8chunk *c)
{
	c->has_id = c->has_parent = 0;
	c->line = c->col = -1;
	c->fnlen = c->urllen = c->nchildren = 0;
}

void
fk_v8chunk_begin(struct fk_v8chunk *c, struct fk_v8prof *p)
{
	c->prof = p;
	c->kind = PAIR_NONE;
	fk_pairq_reset(&c->q);
	node_reset(c);
}

/* A JSON integer that fits int64_t; anything else counts as a bad value. */
static int
integer(struct fk_v8chunk *c, enum fk_jsonev_type type, const char *s, int64_t *v)
{
	long long x;
	const char *why;
	if (type != FK_JSONEV_NUMBER || fk_strtonum(s, INT64_MIN, INT64_MAX, &x, &why) < 0) {
		c->st->bad_values++;
		return -1;
	}
	*v = x;
	return 0;
}

static void
set_text(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	FK_GROW(*buf, *cap, n + 1, 64);
	memcpy(*buf, s, n);
	(*buf)[n] = '\0';
	*len = n;
}

static int
add_sample(struct fk_v8chunk *c, int64_t node, int64_t delta)
{
	if (delta < 0) {
		c->st->negative++;
		delta = 0;
	}
	return fk_v8prof_add(c->prof, node, delta);
}

/* An element of "samples" (PAIR_SAMPLES) or "timeDeltas" (PAIR_DELTAS). */
static int
pair_value(struct fk_v8chunk *c, int kind, int64_t v)
{
	if (kind == PAIR_SAMPLES)
		c->st->samples++;
	if (c->weight == FK_WEIGHT_SAMPLES)
		return kind == PAIR_SAMPLES ? fk_v8prof_add(c->prof, v, 1) : 0;
	if (c->kind == PAIR_NONE)
		c->kind = kind;
	if (kind == c->kind) {
		if (!c->q.draining)
			return fk_pairq_push(&c->q, v);
		c->st->unpaired++;   /* a second array of the same kind */
		return 0;
	}
	int64_t other;
	int r = fk_pairq_pop(&c->q, &other);
	if (r < 0)
		return -1;
	if (r == 0) {
		c->st->unpaired++;
		return kind == PAIR_SAMPLES ? fk_v8prof_add(c->prof, v, 0) : 0;
	}
	return kind == PAIR_SAMPLES ? add_sample(c, v, other) : add_sample(c, other, v);
}

int
fk_v8chunk_scalar(struct fk_v8chunk *c, struct fk_jsonev *j, size_t cpu, size_t deltas,
    enum fk_jsonev_type type, const char *s, size_t n)
{
	int64_t v;
	int kind = PAIR_NONE;
	if (cpu != SIZE_MAX && fk_jsonev_at(j, cpu, "samples/*"))
		kind = PAIR_SAMPLES;
	else if ((cpu != SIZE_MAX && fk_jsonev_at(j, cpu, "timeDeltas/*")) ||
	    (deltas != SIZE_MAX && fk_jsonev_at(j, deltas, "timeDeltas/*")))
		kind = PAIR_DELTAS;
	if (kind != PAIR_NONE) {
		if (integer(c, type, s, &v) < 0) {
			if (kind == PAIR_SAMPLES)
				return 0;   /* no node to count it for */
			v = 0;          /* keeps the pairs in step */
		}
		return pair_value(c, kind, v);
	}
	if (cpu == SIZE_MAX || fk_jsonev_depth(j) < cpu + 3)
		return 0;
	if (fk_jsonev_at(j, cpu, "nodes/*/id")) {
		if (integer(c, type, s, &c->id) == 0)
			c->has_id = 1;
	} else if (fk_jsonev_at(j, cpu, "nodes/*/parent")) {
		if (integer(c, type, s, &c->parent) == 0)
			c->has_parent = 1;
	} else if (fk_jsonev_at(j, cpu, "nodes/*/children/*")) {
		if (integer(c, type, s, &v) == 0) {
			FK_GROW(c->children, c->childcap, c->nchildren + 1, 16);
			c->children[c->nchildren++] = v;
		}
	} else if (fk_jsonev_at(j, cpu, "nodes/*/callFrame/functionName")) {
		if (type == FK_JSONEV_STRING)
			set_text(&c->fn, &c->fnlen, &c->fncap, s, n);
	} else if (fk_jsonev_at(j, cpu, "nodes/*/callFrame/url")) {
		if (type == FK_JSONEV_STRING)
			set_text(&c->url, &c->urllen, &c->urlcap, s, n);
	} else if (fk_jsonev_at(j, cpu, "nodes/*/callFrame/lineNumber")) {
		if (integer(c, type, s, &v) == 0)
			c->line = v;
	} else if (fk_jsonev_at(j, cpu, "nodes/*/callFrame/columnNumber")) {
		if (integer(c, type, s, &v) == 0)
			c->col = v;
	}
	return 0;
}

void
fk_v8chunk_close(struct fk_v8chunk *c, struct fk_jsonev *j, size_t cpu)
{
	if (cpu == SIZE_MAX || !fk_jsonev_at(j, cpu, "nodes/*"))
		return;
	if (!c->has_id) {
		c->st->bad_values++;
	} else {
		size_t n = fk_v8_frame_name(c->fn, c->fnlen, c->url, c->urllen, c->line, c->col,
		    &c->name, &c->namecap);
		if (fk_v8prof_define(c->prof, c->id, c->name, n))
			c->st->duplicates++;
		if (c->has_parent)
			fk_v8prof_set_parent(c->prof, c->id, c->parent);
		for (size_t i = 0; i < c->nchildren; i++)
			fk_v8prof_set_parent(c->prof, c->children[i], c->id);
	}
	node_reset(c);
}

int
fk_v8chunk_end(struct fk_v8chunk *c)
{
	if (c->weight == FK_WEIGHT_TIME && c->kind != PAIR_NONE) {
		int64_t v;
		int r;
		while ((r = fk_pairq_pop(&c->q, &v)) > 0) {
			c->st->unpaired++;
			if (c->kind == PAIR_SAMPLES && fk_v8prof_add(c->prof, v, 0) < 0)
				return -1;
		}
		if (r < 0)
			return -1;
	}
	fk_v8chunk_begin(c, c->prof);
	return 0;
}

void
fk_v8_warn(const char *name, const struct fk_v8_stats *st)
{
	if (st->unknown_nodes)
		fk_warn(name, 0, "%" PRIu64 " node id%s used but never defined (named '(unknown node ID)')",
		    st->unknown_nodes, st->unknown_nodes == 1 ? "" : "s");
	if (st->negative)
		fk_warn(name, 0, "%" PRIu64 " negative time delta%s counted as 0", st->negative,
		    st->negative == 1 ? "" : "s");
	if (st->unpaired)
		fk_warn(name, 0, "%" PRIu64 " sample%s or time delta%s without a partner "
		    "(samples and timeDeltas differ in length; such samples count 0)",
		    st->unpaired, st->unpaired == 1 ? "" : "s", st->unpaired == 1 ? "" : "s");
	if (st->bad_values)
		fk_warn(name, 0, "%" PRIu64 " value%s skipped: not an integer, or a node without id",
		    st->bad_values, st->bad_values == 1 ? "" : "s");
	if (st->cycles)
		fk_warn(name, 0, "%" PRIu64 " node%s left out: their parents form a cycle",
		    st->cycles, st->cycles == 1 ? "" : "s");
	if (st->duplicates)
		fk_warn(name, 0, "%" PRIu64 " node%s with the id of an earlier node (the last one "
		    "names it)", st->duplicates, st->duplicates == 1 ? "" : "s");
}

void
fk_v8_stats_add(struct fk_v8_stats *to, const struct fk_v8_stats *from)
{
	to->samples += from->samples;
	to->stacks += from->stacks;
	to->unknown_nodes += from->unknown_nodes;
	to->negative += from->negative;
	to->unpaired += from->unpaired;
	to->bad_values += from->bad_values;
	to->cycles += from->cycles;
	to->duplicates += from->duplicates;
}
