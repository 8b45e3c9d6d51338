#include "render/layout.h"
#include "core/error.h"
#include "core/folded.h"
#include "core/hash.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void tree_free(struct fk__tree *t);

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
	tree_free(s->tree);
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

/*
 * The prefix tree for sorted layouts: interned names, and nodes keyed by
 * (parent, name).  Memory grows with distinct frames, not with the input.
 * Consecutive stacks usually share a prefix, so the nodes of the previous
 * stack are reused for the bytes both have in common.
 *
 * Two ways to find the other frames.  Input in order (sorted, or grouped
 * as collapsers write it) needs few lookups and creates nodes in runs:
 * each node keeps a list of its children, cheap to extend and to walk
 * while the parent is still in cache.  Input in random order needs a
 * lookup for almost every frame, each a cache miss or two; once that is
 * seen, every node goes into one table keyed by its parent and the hash
 * of its name, and stacks are added in batches (below).
 */
struct fk__tree {
	int ncols, scale;
	struct fk_arena arena;
	struct tname {             /* a distinct frame name */
		const char *s;
		uint32_t len;
		uint32_t hash;     /* low bits of its hash */
	} *names;
	size_t nnames, anames;
	uint64_t *nslots;          /* hash << 32 | name id + 1; 0 = empty */
	size_t nmask;
	uint64_t *key;             /* parent << 32 | name; node 0 is the root */
	int64_t *cnt[2];           /* counts of stacks ending at the node */
	size_t n, alloc;
	/*
	 * Table mode: nodes by node_hash() of their parent and name, hash <<
	 * 32 | node id + 1, 0 = empty.  A node numbered parent + 1 is left
	 * out: lookups try that one first (see pending_seek).
	 */
	uint64_t *slots;
	size_t smask, sused;
	int by_table;              /* 1: lookups go through slots, 0: through lists */
	int table_first;           /* fk_stacks.table_first */
	uint64_t stacks, lookups;  /* since the last check, to choose */
	uint32_t *first, *next;    /* lists mode: children */
	uint8_t *wide;             /* lists mode: children in cslots too */
	uint32_t *cslots;          /* lists mode: children of wide nodes, id + 1 */
	size_t cmask, cn;
	char *prev;                /* lists mode: the last stack added */
	size_t prevlen, aprev;
	struct level {             /* lists mode: the last stack's frames */
		size_t end;        /* where the frame ends in the stack text */
		uint32_t node;
	} *lv;
	size_t pdepth, alv;
	/* Table mode: stacks waiting to be added, and their text. */
	struct pending {
		size_t text, len;  /* in btext */
		size_t pos;        /* where its next frame starts */
		uint32_t node;     /* the last frame found (0, the root, before any) */
		int state;         /* enum seek */
		size_t flen;       /* the frame looked for in the table: its length, */
		uint32_t fhash;    /* its hash, */
		uint32_t h;        /* its table hash, */
		size_t probe;      /* and the slot being looked at */
		int64_t v[2];
	} batch[16];
	size_t nbatch;
	char *btext;
	size_t nbtext, abtext;
	int64_t total[2];          /* every count so far, while it fits */
	int exact;                 /* 1 once it does not: one stack at a time */
};

static struct fk__tree *
tree_new(int ncols)
{
	struct fk__tree *t = fk_xcalloc(1, sizeof(*t));
	t->ncols = ncols;
	fk_arena_init(&t->arena, 1u << 16);
	t->nmask = 1023;
	t->nslots = fk_xcalloc(t->nmask + 1, sizeof(*t->nslots));
	t->cmask = 1023;
	t->cslots = fk_xcalloc(t->cmask + 1, sizeof(*t->cslots));
	return t;
}

static void
tree_free(struct fk__tree *t)
{
	if (!t)
		return;
	fk_arena_release(&t->arena);
	free(t->names);
	free(t->nslots);
	free(t->key);
	free(t->cnt[0]);
	free(t->cnt[1]);
	free(t->slots);
	free(t->cslots);
	free(t->wide);
	free(t->first);
	free(t->next);
	free(t->prev);
	free(t->lv);
	free(t->btext);
	free(t);
}

/* n bytes at a and b are equal: names of up to 32 bytes without a call. */
static inline int
bytes_equal(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	if (n > 32)
		return memcmp(a, b, n) == 0;
	if (n >= 8) {
		/* Words from both ends, overlapping in the middle. */
		uint64_t d = (fk_hash_read8(x) ^ fk_hash_read8(y)) |
		    (fk_hash_read8(x + n - 8) ^ fk_hash_read8(y + n - 8));
		if (n > 16)
			d |= (fk_hash_read8(x + 8) ^ fk_hash_read8(y + 8)) |
			    (fk_hash_read8(x + n - 16) ^ fk_hash_read8(y + n - 16));
		return d == 0;
	}
	if (n >= 4)
		return ((fk_hash_read4(x) ^ fk_hash_read4(y)) |
		    (fk_hash_read4(x + n - 4) ^ fk_hash_read4(y + n - 4))) == 0;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

/* The id of a frame name whose hash is h (fk_hash_bytes); added when new. */
static uint32_t
tree_intern(struct fk__tree *t, const char *s, size_t len, uint64_t hash)
{
	uint32_t h = (uint32_t)hash;
	size_t i = h & t->nmask;
	for (uint64_t v; (v = t->nslots[i]) != 0; i = (i + 1) & t->nmask) {
		const struct tname *nm = &t->names[(uint32_t)v - 1];
		if ((uint32_t)(v >> 32) == h && nm->len == len && bytes_equal(nm->s, s, len))
			return (uint32_t)v - 1;
	}
	if (t->nnames == t->anames) {
		t->anames = t->anames ? 2 * t->anames : 1024;
		t->names = fk_xrealloc(t->names, t->anames * sizeof(*t->names));
	}
	uint32_t id = (uint32_t)t->nnames++;
	t->names[id] = (struct tname){fk_arena_strndup(&t->arena, s, len), (uint32_t)len, h};
	t->nslots[i] = (uint64_t)h << 32 | (id + 1);
	if (2 * t->nnames > t->nmask) {
		free(t->nslots);
		t->nmask = 2 * t->nmask + 1;
		t->nslots = fk_xcalloc(t->nmask + 1, sizeof(*t->nslots));
		for (uint32_t k = 0; k < t->nnames; k++) {
			size_t j = t->names[k].hash & t->nmask;
			while (t->nslots[j])
				j = (j + 1) & t->nmask;
			t->nslots[j] = (uint64_t)t->names[k].hash << 32 | (k + 1);
		}
	}
	return id;
}

#define KEY_PARENT(k) ((uint32_t)((k) >> 32))
#define KEY_NAME(k) ((uint32_t)(k))

/* A new node, counts 0, linked into nothing yet. */
static uint32_t
node_new(struct fk__tree *t, uint32_t parent, uint32_t name)
{
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? t->alloc + t->alloc / 2 : 4096;
		t->key = fk_xrealloc(t->key, t->alloc * sizeof(*t->key));
		for (int c = 0; c < t->ncols; c++)
			t->cnt[c] = fk_xrealloc(t->cnt[c], t->alloc * sizeof(*t->cnt[c]));
		if (!t->by_table) {
			t->first = fk_xrealloc(t->first, t->alloc * sizeof(*t->first));
			t->next = fk_xrealloc(t->next, t->alloc * sizeof(*t->next));
			t->wide = fk_xrealloc(t->wide, t->alloc * sizeof(*t->wide));
		}
	}
	uint32_t id = (uint32_t)t->n++;
	t->key[id] = (uint64_t)parent << 32 | name;
	for (int c = 0; c < t->ncols; c++)
		t->cnt[c][id] = 0;
	return id;
}

/* Lists mode. */

static inline size_t
child_hash(uint64_t key)
{
	return (size_t)fk_hash_mix(key + 0x9e3779b97f4a7c15ULL);
}

static void
child_insert(struct fk__tree *t, uint32_t id)
{
	size_t j = child_hash(t->key[id]) & t->cmask;
	while (t->cslots[j])
		j = (j + 1) & t->cmask;
	t->cslots[j] = id + 1;
	t->cn++;
}

/*
 * Room for extra more entries.  A rebuild indexes every existing child of
 * a wide node, so the caller must not insert again: @return 1 then.
 */
static int
child_reserve(struct fk__tree *t, size_t extra)
{
	if (2 * (t->cn + extra) <= t->cmask)
		return 0;
	size_t want = 2 * (t->cn + extra);
	while (t->cmask < want)
		t->cmask = 2 * t->cmask + 1;
	free(t->cslots);
	t->cslots = fk_xcalloc(t->cmask + 1, sizeof(*t->cslots));
	t->cn = 0;
	for (uint32_t k = 1; k < t->n; k++)
		if (t->wide[KEY_PARENT(t->key[k])])
			child_insert(t, k);
	return 1;
}

/*
 * The child of parent called name; created when absent.  fresh says the
 * parent was created by this stack, so the child cannot exist yet.  A few
 * children are found by walking the parent's list; a node with more gets
 * its children indexed in the hash table.
 */
static uint32_t
list_node(struct fk__tree *t, uint32_t parent, uint32_t name, int fresh)
{
	uint64_t key = (uint64_t)parent << 32 | name;
	unsigned seen = 0;
	if (!fresh) {
		t->lookups++;
		if (t->wide[parent]) {
			size_t i = child_hash(key) & t->cmask;
			for (uint32_t v; (v = t->cslots[i]) != 0; i = (i + 1) & t->cmask)
				if (t->key[v - 1] == key)
					return v - 1;
		} else {
			for (uint32_t c = t->first[parent]; c; c = t->next[c], seen++)
				if (t->key[c] == key)
					return c;
		}
	}
	uint32_t id = node_new(t, parent, name);
	t->first[id] = 0;
	t->wide[id] = 0;
	t->next[id] = t->first[parent];
	t->first[parent] = id;
	if (t->wide[parent]) {
		if (!child_reserve(t, 1))
			child_insert(t, id);
	} else if (seen >= 16) {
		t->wide[parent] = 1;
		if (!child_reserve(t, seen + 1))
			for (uint32_t c = t->first[parent]; c; c = t->next[c])
				child_insert(t, c);
	}
	return id;
}

/* Table mode. */

/* Where the child of parent whose frame hashes to hash goes in the table. */
static inline uint32_t
node_hash(uint32_t parent, uint32_t hash)
{
	return (uint32_t)fk_hash_fold(((uint64_t)parent << 32 | hash) ^ 0x9e3779b97f4a7c15ULL,
	    0xd6e8feb86659fd93ULL);
}

static void
slot_put(struct fk__tree *t, uint64_t v)
{
	size_t j = (v >> 32) & t->smask;
	while (t->slots[j])
		j = (j + 1) & t->smask;
	t->slots[j] = v;
}

static void
slots_grow(struct fk__tree *t)
{
	size_t omask = t->smask;
	uint64_t *old = t->slots;
	t->smask = 2 * omask + 1;
	t->slots = fk_xcalloc(t->smask + 1, sizeof(*t->slots));
	fk_advise_huge(t->slots, (t->smask + 1) * sizeof(*t->slots));
	/* A slot keeps the hash bits that place it, so no key is hashed again. */
	for (size_t i = 0; i <= omask; i++)
		if (old[i])
			slot_put(t, old[i]);
	free(old);
}

/* A new node under parent, for a frame that hashes to hash. */
static uint32_t
table_insert(struct fk__tree *t, uint32_t parent, uint32_t name, uint32_t hash)
{
	uint32_t id = node_new(t, parent, name);
	if (id == parent + 1)
		return id;
	/* At most 3/4 full: probes stay short and the table small. */
	if (4 * (uint64_t)++t->sused > 3 * (uint64_t)t->smask)
		slots_grow(t);
	slot_put(t, (uint64_t)node_hash(parent, hash) << 32 | (id + 1));
	return id;
}

/*
 * Leave lists mode: index every node by its parent and name, and drop the
 * lists.
 */
static void
tree_by_table(struct fk__tree *t)
{
	t->sused = 0;
	for (uint32_t id = 1; id < t->n; id++)
		t->sused += KEY_PARENT(t->key[id]) + 1 != id;
	size_t size = 4096;
	while (3 * size / 4 < 2 * t->sused)
		size *= 2;
	t->smask = size - 1;
	t->slots = fk_xcalloc(size, sizeof(*t->slots));
	fk_advise_huge(t->slots, size * sizeof(*t->slots));
	for (uint32_t id = 1; id < t->n; id++) {
		uint64_t key = t->key[id];
		if (KEY_PARENT(key) + 1 == id)
			continue;
		uint32_t h = node_hash(KEY_PARENT(key), t->names[KEY_NAME(key)].hash);
		slot_put(t, (uint64_t)h << 32 | (id + 1));
	}
	FK_FREE(t->first);
	FK_FREE(t->next);
	FK_FREE(t->wide);
	FK_FREE(t->cslots);
	t->cmask = t->cn = 0;
	t->by_table = 1;
}

/* Level room for frame k of the stack being added. */
static struct level *
level_at(struct fk__tree *t, size_t k)
{
	if (k == t->alv) {
		t->alv = t->alv ? 2 * t->alv : 64;
		t->lv = fk_xrealloc(t->lv, t->alv * sizeof(*t->lv));
	}
	return &t->lv[k];
}

/*
 * The frames of stack after the first shared ones (the previous stack's),
 * found or added through the children lists.  @return the leaf's node.
 */
static uint32_t
list_add(struct fk__tree *t, const char *stack, size_t len, size_t shared)
{
	size_t k = shared;
	uint32_t node = k ? t->lv[k - 1].node : 0;
	size_t pos = k ? t->lv[k - 1].end + 1 : 0;
	int fresh = 0;
	while (len > 0 && pos <= len) {
		const char *f = stack + pos;
		const char *e = memchr(f, ';', len - pos);
		size_t end = e ? (size_t)(e - stack) : len;
		size_t before = t->n;
		uint32_t name = tree_intern(t, f, end - pos, fk_hash_bytes(f, end - pos, 0));
		node = list_node(t, node, name, fresh);
		fresh = t->n != before;
		struct level *l = level_at(t, k++);
		l->end = end;
		l->node = node;
		pos = end + 1;
	}
	t->pdepth = k;
	return node;
}

/*
 * Table mode adds stacks a batch at a time, which look for their nodes
 * together: a stack takes steps until it needs memory that is likely not
 * in cache, asks for it and gives way to the next stack, so that the
 * misses of different stacks overlap instead of following one another.
 *
 * Most frames need neither the table nor even their own end or hash: the
 * frames a stack adds become consecutive nodes, so the child a node had
 * first is node + 1, and when its name is the text at hand followed by
 * ';' or the end, that is the node.
 *
 * Nodes are created only after the lookups, stack by stack in input order;
 * the first frame a stack did not find is looked for again then, in case
 * an earlier stack of the batch created it.
 */
enum seek { SEEK_NEXT, SEEK_SLOT, SEEK_NODE, SEEK_MISSING, SEEK_FOUND };

/* The frame of p at p->pos: its length and hash, for the table. */
static inline void
pending_frame(struct pending *p, const char *text)
{
	const char *f = text + p->pos;
	const char *e = memchr(f, ';', p->len - p->pos);
	p->flen = e ? (size_t)(e - f) : p->len - p->pos;
	p->fhash = (uint32_t)fk_hash_bytes(f, p->flen, 0);
}

/* Steps of p's lookup.  @return 0 when waiting for memory, 1 when done. */
static int
pending_seek(const struct fk__tree *t, struct pending *p)
{
	const char *text = t->btext + p->text;
	for (;;) {
		const char *f = text + p->pos;
		size_t rest = p->len - p->pos;
		uint32_t c;
		switch (p->state) {
		case SEEK_NEXT:
			if (p->len == 0 || p->pos > p->len) {
				p->state = SEEK_FOUND;
				return 1;
			}
			c = p->node + 1;
			if (c < t->n && KEY_PARENT(t->key[c]) == p->node) {
				const struct tname *nm = &t->names[KEY_NAME(t->key[c])];
				if (nm->len <= rest && (nm->len == rest || f[nm->len] == ';') &&
				    bytes_equal(nm->s, f, nm->len)) {
					p->node = c;
					p->pos += nm->len + 1;
					continue;
				}
			}
			pending_frame(p, text);
			p->h = node_hash(p->node, p->fhash);
			p->probe = p->h & t->smask;
			__builtin_prefetch(&t->slots[p->probe]);
			p->state = SEEK_SLOT;
			return 0;
		case SEEK_SLOT: {
			uint64_t v;
			while ((v = t->slots[p->probe]) != 0 && (uint32_t)(v >> 32) != p->h)
				p->probe = (p->probe + 1) & t->smask;
			if (!v) {
				p->state = SEEK_MISSING;
				return 1;
			}
			/* The node, and the run of nodes after it that the next frames may be. */
			__builtin_prefetch(&t->key[(uint32_t)v - 1]);
			__builtin_prefetch((const void *)((uintptr_t)&t->key[(uint32_t)v - 1] + 56));
			p->state = SEEK_NODE;
			return 0;
		}
		case SEEK_NODE: {
			c = (uint32_t)t->slots[p->probe] - 1;
			uint64_t key = t->key[c];
			const struct tname *nm = &t->names[KEY_NAME(key)];
			if (KEY_PARENT(key) == p->node && nm->hash == p->fhash &&
			    nm->len == p->flen && bytes_equal(nm->s, f, p->flen)) {
				p->node = c;
				p->pos += p->flen + 1;
				p->state = SEEK_NEXT;
			} else {
				p->probe = (p->probe + 1) & t->smask;
				p->state = SEEK_SLOT;
			}
			continue;
		}
		default:
			return 1;
		}
	}
}

/* Add the waiting stacks to the tree. */
static int
batch_run(struct fk__tree *t)
{
	size_t n = t->nbatch;
	uint8_t wait[sizeof(t->batch) / sizeof(t->batch[0])];
	size_t nwait = 0;
	for (size_t k = 0; k < n; k++)
		if (!pending_seek(t, &t->batch[k]))
			wait[nwait++] = (uint8_t)k;
	while (nwait) {
		size_t still = 0;
		for (size_t k = 0; k < nwait; k++)
			if (!pending_seek(t, &t->batch[wait[k]]))
				wait[still++] = wait[k];
		nwait = still;
	}
	t->nbatch = 0;
	int rc = 0;
	for (size_t k = 0; k < n && rc == 0; k++) {
		struct pending *p = &t->batch[k];
		if (p->state == SEEK_MISSING) {
			/*
			 * Once more, with the batch's earlier stacks added: from
			 * node + 1, which is not in the table.
			 */
			p->state = SEEK_NEXT;
			while (!pending_seek(t, p))
				;
		}
		/*
		 * From the first frame not found on, every frame is a new node.
		 * Only the first goes into the table (in the slots just probed):
		 * each of the others is its parent + 1.
		 */
		const char *text = t->btext + p->text;
		uint32_t node = p->node;
		while (p->state == SEEK_MISSING) {
			uint32_t name = tree_intern(t, text + p->pos, p->flen, p->fhash);
			node = table_insert(t, node, name, p->fhash);
			p->pos += p->flen + 1;
			if (p->pos > p->len)
				break;
			pending_frame(p, text);
		}
		for (int c = 0; c < t->ncols; c++)
			if (__builtin_add_overflow(t->cnt[c][node], p->v[c], &t->cnt[c][node]))
				rc = fk_error("count overflows 64 bits");
	}
	t->nbtext = 0;
	return rc;
}

/* Queue a stack for the tree; a full batch is added. */
static int
batch_push(struct fk__tree *t, const char *stack, size_t len, const int64_t *v)
{
	/* Node ids are 32 bits; a stack has at most len + 1 frames. */
	if ((uint64_t)t->n + t->nbtext + t->nbatch + len + 2 >= UINT32_MAX) {
		if (batch_run(t) < 0)
			return -1;
		if ((uint64_t)t->n + len + 2 >= UINT32_MAX)
			return fk_error("too many distinct frames");
	}
	struct pending *p = &t->batch[t->nbatch];
	/* Allocated even for an empty first stack: its text is btext + 0. */
	if (t->nbtext + len >= t->abtext) {
		t->abtext = 2 * (t->nbtext + len) + 256;
		t->btext = fk_xrealloc(t->btext, t->abtext);
	}
	memcpy(t->btext + t->nbtext, stack, len);
	p->text = t->nbtext;
	p->len = len;
	t->nbtext += len;
	p->pos = 0;
	p->node = 0;
	p->state = SEEK_NEXT;
	p->v[0] = v[0];
	p->v[1] = v[1];
	if (++t->nbatch == sizeof(t->batch) / sizeof(t->batch[0]) || t->exact)
		return batch_run(t);
	return 0;
}

static int
tree_rescale(struct fk__tree *t, int scale)
{
	if (t->nbatch && batch_run(t) < 0)
		return -1;
	int64_t m = fk_pow10(scale - t->scale);
	for (int c = 0; c < t->ncols; c++) {
		for (size_t i = 0; i < t->n; i++)
			if (__builtin_mul_overflow(t->cnt[c][i], m, &t->cnt[c][i]))
				return fk_error("count overflows 64 bits");
		if (__builtin_mul_overflow(t->total[c], m, &t->total[c]))
			t->exact = 1;
	}
	t->scale = scale;
	return 0;
}

static int
tree_add(struct fk__tree *t, const char *stack, size_t len, const struct fk_num *counts)
{
	int64_t v[2] = {0, 0};
	for (int c = 0; c < t->ncols; c++)
		if (counts[c].scale > t->scale && tree_rescale(t, counts[c].scale) < 0)
			return -1;
	for (int c = 0; c < t->ncols; c++) {
		struct fk_num x = counts[c];
		if (fk_num_rescale(&x, t->scale) < 0)
			return fk_error("count overflows 64 bits");
		v[c] = x.v;
		/*
		 * While the sum of all counts fits, no node's can overflow, and
		 * stacks can wait in a batch.  Past that, each is added before
		 * the next line is read, so that an overflow names its line.
		 */
		if (!t->exact && __builtin_add_overflow(t->total[c], v[c], &t->total[c])) {
			t->exact = 1;
			if (t->nbatch && batch_run(t) < 0)
				return -1;
		}
	}
	if (t->n == 0) {
		node_new(t, 0, tree_intern(t, "", 0, fk_hash_bytes("", 0, 0)));
		t->first[0] = t->next[0] = 0;
		t->wide[0] = 0;
	}
	/*
	 * Every 1024 stacks: more than 4 lookups a stack on average is input
	 * in no useful order (in order, a stack needs about one).
	 */
	if (!t->by_table && (t->table_first || ++t->stacks == 1024)) {
		if (t->table_first || t->lookups > 4 * t->stacks)
			tree_by_table(t);
		t->stacks = t->lookups = 0;
	}
	if (t->by_table)
		return batch_push(t, stack, len, v);
	if (t->n >= UINT32_MAX - 1)
		return fk_error("too many distinct frames");
	/* Frames of the previous stack that this one shares. */
	size_t common = 0, max = len < t->prevlen ? len : t->prevlen;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (common + 8 <= max) {
		uint64_t a, b;
		memcpy(&a, stack + common, 8);
		memcpy(&b, t->prev + common, 8);
		if (a != b) {
			common += (size_t)__builtin_ctzll(a ^ b) / 8;   /* little-endian */
			break;
		}
		common += 8;
	}
#endif
	if (common + 8 > max || common == 0)
		while (common < max && stack[common] == t->prev[common])
			common++;
	size_t k = 0;
	while (k < t->pdepth && (t->lv[k].end < common ||
	    (t->lv[k].end == t->prevlen && common == t->prevlen &&
	    (len == t->prevlen || stack[t->prevlen] == ';'))))
		k++;
	uint32_t node = list_add(t, stack, len, k);
	for (int c = 0; c < t->ncols; c++)
		if (__builtin_add_overflow(t->cnt[c][node], v[c], &t->cnt[c][node]))
			return fk_error("count overflows 64 bits");
	if (len + 1 > t->aprev) {
		t->aprev = 2 * (len + 1);
		t->prev = fk_xrealloc(t->prev, t->aprev);
	}
	/* Only the bytes past the shared prefix change. */
	memcpy(t->prev + common, stack + common, len - common);
	t->prevlen = len;
	return 0;
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
		len = trim_semicolons(stack, len);
	}
	if (!s->in_order) {
		if (!s->tree) {
			s->tree = tree_new(s->ncols);
			s->tree->table_first = s->table_first;
		}
		return tree_add(s->tree, stack, len, counts);
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

static int
stacks_read_add(void *ctx, char *stack, size_t len, const struct fk_num *counts, int ncols)
{
	struct fk_stacks *s = ctx;
	s->ncols = ncols;
	return fk_stacks_add(s, stack, len, counts);
}

/* Blanks before the count stay in the leaf's name, as flamegraph.pl keeps them. */
int
fk_stacks_read(struct fk_stacks *s, const struct fk_input *in, size_t nin, int ncols)
{
	s->ncols = ncols;
	return fk_folded_read(in, nin, &ncols, FK_FOLDED_KEEP_BLANKS, stacks_read_add, s, NULL);
}

struct fk_stack_entry *const *
fk_stacks_entries(struct fk_stacks *s, size_t *n, int *scale)
{
	assert(s->in_order);
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

static int
build_tree(struct fk_layout *l, const struct fk_layout_opts *o, struct fk__tree *t)
{
	if (t->nbatch && batch_run(t) < 0)
		return -1;
	int col = t->ncols == 2 ? 1 : 0;
	/*
	 * Differential: the self change and both inclusive columns per node;
	 * with diff_width_max the width column becomes max(before, after).
	 */
	int64_t *sd = NULL, *inc[2] = {NULL, NULL};
	if (t->ncols == 2) {
		sd = fk_xmalloc(t->n * sizeof(*sd));
		for (int c = 0; c < 2; c++) {
			inc[c] = fk_xmalloc(t->n * sizeof(*inc[c]));
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
			free(sd);
			free(inc[0]);
			free(inc[1]);
			return fk_error("total count overflows 64 bits");
		}
	int64_t rootend;
	double minwidth_time, p10 = (double)fk_pow10(t->scale);
	if (layout_begin(l, o, t->scale, t->ncols, time, &rootend, &minwidth_time) < 0) {
		free(sd);
		free(inc[0]);
		free(inc[1]);
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
	/* The tree is complete: give back what only adding needed. */
	FK_FREE(t->slots);
	t->smask = 0;
	t->key = fk_xrealloc(t->key, t->n * sizeof(*t->key));
	for (int c = 0; c < t->ncols; c++)
		t->cnt[c] = fk_xrealloc(t->cnt[c], t->n * sizeof(*t->cnt[c]));
	t->alloc = t->n;
	tot = t->cnt[col];

	/* Children of each node, in sorted-line order. */
	uint32_t *rank = fk_xmalloc(2 * t->nnames * sizeof(*rank));
	size_t nkeys = 2 * t->nnames;
	struct name_key *keys = fk_xmalloc(2 * nkeys * sizeof(*keys));
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
	free(keys);
	uint32_t *nrank = fk_xmalloc(t->n * sizeof(*nrank));
	for (size_t i = 0; i < t->n; i++) {
		int ends = t->cnt[0][i] != 0 || (t->ncols == 2 && t->cnt[1][i] != 0);
		nrank[i] = rank[2 * KEY_NAME(t->key[i]) + !ends];
	}
	free(rank);
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
	FK_FREE(t->first);
	FK_FREE(t->next);
	FK_FREE(t->wide);
	FK_FREE(t->cslots);
	uint32_t *off = fk_xcalloc(t->n + 1, sizeof(*off));
	uint32_t *kids = fk_xmalloc((t->n > 1 ? t->n - 1 : 1) * sizeof(*kids));
	for (size_t i = 1; i < t->n; i++)
		off[KEY_PARENT(t->key[i]) + 1]++;
	for (size_t i = 0; i < t->n; i++)
		off[i + 1] += off[i];
	for (size_t i = 1; i < t->n; i++)
		kids[off[KEY_PARENT(t->key[i])]++] = (uint32_t)i;
	/* Each off[p] now holds where p's group ends: shift back to starts. */
	memmove(off + 1, off, t->n * sizeof(*off));
	off[0] = 0;

	/* Depth first, parents before children, self time left of the children. */
	struct visit *stk = NULL;
	struct name_key *order = NULL;   /* a group of children being sorted */
	size_t aorder = 0;
	size_t nstk = 0, astk = 0;
	int64_t at = 0;
	for (uint32_t node = 0;;) {
		int64_t width = tot[node];
		uint32_t depth = (uint32_t)nstk;
		if ((double)width / p10 < minwidth_time) {
			l->pruned++;
			if (nstk)
				l->frames[stk[nstk - 1].slot].narrow++;
		} else {
			if (l->n == l->alloc) {
				l->alloc = l->alloc ? 2 * l->alloc : 1024;
				l->frames = fk_xrealloc(l->frames, l->alloc * sizeof(*l->frames));
			}
			struct fk_frame *f = &l->frames[l->n];
			f->name = t->names[KEY_NAME(t->key[node])].s;
			f->len = t->names[KEY_NAME(t->key[node])].len;
			f->depth = depth;
			f->parent = nstk ? (int64_t)stk[nstk - 1].slot : -1;
			f->start = at;
			f->end = at + width;
			f->self = width;
			f->delta = 0;
			f->before = inc[0] ? inc[0][node] : 0;
			f->after = inc[1] ? inc[1][node] : 0;
			f->mark = 0;
			f->narrow = 0;
			if (nstk)
				l->frames[stk[nstk - 1].slot].self -= width;
			if (depth > l->depthmax)
				l->depthmax = depth;
			if (nstk == astk) {
				astk = astk ? 2 * astk : 64;
				stk = fk_xrealloc(stk, astk * sizeof(*stk));
			}
			int64_t kidsum = 0;
			uint32_t k0 = off[node], k1 = off[node + 1];
			for (uint32_t k = k0; k < k1; k++)
				kidsum += tot[kids[k]];
			if (k1 - k0 > 1) {
				/* By rank (siblings' ranks differ), with the id beside it. */
				size_t k = k1 - k0;
				if (2 * k > aorder) {
					aorder = 4 * k;
					order = fk_xrealloc(order, aorder * sizeof(*order));
				}
				for (uint32_t i = k0; i < k1; i++)
					order[i - k0] = (struct name_key){nrank[kids[i]], kids[i]};
				sort_by_head(order, order + k, k);
				for (uint32_t i = k0; i < k1; i++)
					kids[i] = order[i - k0].key;
			}
			if (l->diff)   /* self after - self before */
				f->delta = sd[node];
			stk[nstk++] = (struct visit){node, k0, k1, l->n, at + (width - kidsum)};
			l->n++;
		}
		/* Next: the first unvisited child of the deepest open frame. */
		node = 0;
		while (nstk) {
			struct visit *v = &stk[nstk - 1];
			if (v->next < v->end) {
				node = kids[v->next++];
				at = v->cursor;
				v->cursor += tot[node];
				break;
			}
			nstk--;
		}
		if (!nstk)
			break;
	}
	free(stk);
	free(order);
	free(off);
	free(kids);
	free(nrank);
	free(sd);
	free(inc[0]);
	free(inc[1]);
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
	if (s->in_order) {
		size_t n;
		int scale;
		struct fk_stack_entry *const *e = fk_stacks_entries(s, &n, &scale);
		return fk_layout_build(l, o, e, n, scale, s->ncols ? s->ncols : 1);
	}
	if (!s->tree) {
		memset(l, 0, sizeof(*l));
		return fk_error("no stack counts found");
	}
	return build_tree(l, o, s->tree);
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

struct fk_rgb
fk_layout_rgb(const struct fk_layout *l, const struct fk_frame *f, struct fk_colorer *c)
{
	return fk_colorer_pick(c, f->name, f->len, l->diff,
	    l->diff ? fk_layout_count(l, f->delta) : 0, l->maxdelta);
}
