/*
 * tree.c -- the prefix tree sorted layouts collect stacks into
 * (stacks_tree.h): interned names, children lists for input in order,
 * one table and batched lookups for input in random order.
 */
#include "render/stacks_tree.h"
#include "core/bigmem.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/*
 * Tables and node arrays are big blocks (bigmem.h): a million nodes cost
 * a few huge-page faults instead of tens of thousands of small ones, and
 * the node arrays grow without being copied.
 */
#define TABLE_NEW(p, mask) ((p) = fk_bigmem_alloc(((mask) + 1) * sizeof(*(p))))
#define TABLE_FREE(p, mask) do { fk_bigmem_free((p), ((mask) + 1) * sizeof(*(p))); (p) = NULL; } while (0)
#define NODES_RESIZE(p, old, n) ((p) = fk_bigmem_realloc((p), (old) * sizeof(*(p)), (n) * sizeof(*(p))))
#define NODES_FREE(p, n) do { fk_bigmem_free((p), (n) * sizeof(*(p))); (p) = NULL; } while (0)

struct fk__tree *
fk__tree_new(int ncols)
{
	struct fk__tree *t = fk_xcalloc(1, sizeof(*t));
	t->ncols = ncols;
	fk_arena_init(&t->arena, 1u << 16);
	t->nmask = 1023;
	TABLE_NEW(t->nslots, t->nmask);
	t->cmask = 1023;
	TABLE_NEW(t->cslots, t->cmask);
	return t;
}

void
fk__tree_free(struct fk__tree *t)
{
	if (!t)
		return;
	fk_arena_release(&t->arena);
	free(t->names);
	TABLE_FREE(t->nslots, t->nmask);
	NODES_FREE(t->key, t->alloc);
	NODES_FREE(t->cnt[0], t->alloc);
	NODES_FREE(t->cnt[1], t->alloc);
	TABLE_FREE(t->slots, t->smask);
	TABLE_FREE(t->cslots, t->cmask);
	NODES_FREE(t->wide, t->alloc);
	NODES_FREE(t->first, t->alloc);
	NODES_FREE(t->next, t->alloc);
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
		uint64_t d = (fk_load_u64(x) ^ fk_load_u64(y)) |
		    (fk_load_u64(x + n - 8) ^ fk_load_u64(y + n - 8));
		if (n > 16)
			d |= (fk_load_u64(x + 8) ^ fk_load_u64(y + 8)) |
			    (fk_load_u64(x + n - 16) ^ fk_load_u64(y + n - 16));
		return d == 0;
	}
	if (n >= 4)
		return (((uint64_t)fk_load_u32(x) ^ (uint64_t)fk_load_u32(y)) |
		    ((uint64_t)fk_load_u32(x + n - 4) ^ (uint64_t)fk_load_u32(y + n - 4))) == 0;
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
	FK_GROW(t->names, t->anames, t->nnames + 1, 1024);
	uint32_t id = (uint32_t)t->nnames++;
	t->names[id] = (struct tname){fk_arena_strndup(&t->arena, s, len), (uint32_t)len, h};
	t->nslots[i] = (uint64_t)h << 32 | (id + 1);
	if (2 * t->nnames > t->nmask) {
		TABLE_FREE(t->nslots, t->nmask);
		t->nmask = 2 * t->nmask + 1;
		TABLE_NEW(t->nslots, t->nmask);
		for (uint32_t k = 0; k < t->nnames; k++) {
			size_t j = t->names[k].hash & t->nmask;
			while (t->nslots[j])
				j = (j + 1) & t->nmask;
			t->nslots[j] = (uint64_t)t->names[k].hash << 32 | (k + 1);
		}
	}
	return id;
}


/* A new node, counts 0, linked into nothing yet. */
static uint32_t
node_new(struct fk__tree *t, uint32_t parent, uint32_t name)
{
	if (t->n == t->alloc) {
		size_t old = t->alloc;
		t->alloc = t->alloc ? t->alloc + t->alloc / 2 : 4096;
		NODES_RESIZE(t->key, old, t->alloc);
		for (int c = 0; c < t->ncols; c++)
			NODES_RESIZE(t->cnt[c], old, t->alloc);
		if (!t->by_table) {
			NODES_RESIZE(t->first, old, t->alloc);
			NODES_RESIZE(t->next, old, t->alloc);
			NODES_RESIZE(t->wide, old, t->alloc);
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
	size_t old_cmask = t->cmask;
	while (t->cmask < want)
		t->cmask = 2 * t->cmask + 1;
	fk_bigmem_free(t->cslots, (old_cmask + 1) * sizeof(*t->cslots));
	TABLE_NEW(t->cslots, t->cmask);
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
	TABLE_NEW(t->slots, t->smask);
	/* A slot keeps the hash bits that place it, so no key is hashed again. */
	for (size_t i = 0; i <= omask; i++)
		if (old[i])
			slot_put(t, old[i]);
	TABLE_FREE(old, omask);
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
	TABLE_NEW(t->slots, t->smask);
	for (uint32_t id = 1; id < t->n; id++) {
		uint64_t key = t->key[id];
		if (KEY_PARENT(key) + 1 == id)
			continue;
		uint32_t h = node_hash(KEY_PARENT(key), t->names[KEY_NAME(key)].hash);
		slot_put(t, (uint64_t)h << 32 | (id + 1));
	}
	NODES_FREE(t->first, t->alloc);
	NODES_FREE(t->next, t->alloc);
	NODES_FREE(t->wide, t->alloc);
	TABLE_FREE(t->cslots, t->cmask);
	t->cmask = t->cn = 0;
	t->by_table = 1;
}

void
fk__tree_compact(struct fk__tree *t)
{
	TABLE_FREE(t->slots, t->smask);
	t->smask = 0;
	NODES_FREE(t->first, t->alloc);
	NODES_FREE(t->next, t->alloc);
	NODES_FREE(t->wide, t->alloc);
	TABLE_FREE(t->cslots, t->cmask);
	t->cmask = t->cn = 0;
	NODES_RESIZE(t->key, t->alloc, t->n);
	for (int c = 0; c < t->ncols; c++)
		NODES_RESIZE(t->cnt[c], t->alloc, t->n);
	t->alloc = t->n;
}

/* Level room for frame k of the stack being added. */
static struct level *
level_at(struct fk__tree *t, size_t k)
{
	FK_GROW(t->lv, t->alv, k + 1, 64);
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

int
fk__tree_add(struct fk__tree *t, const char *stack, size_t len, const struct fk_num *counts)
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
fk__tree_flush(struct fk__tree *t)
{
	return t->nbatch ? batch_run(t) : 0;
}
