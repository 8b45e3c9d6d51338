/*
 * perf_stacks.c -- what the parser builds: interned frame names, and the
 * distinct stacks with their counts.
 *
 * A sample is a sequence of frame ids under a root frame; samples are
 * merged by a hash of that sequence.  The text of a stack is built only at
 * the end, once per distinct stack.
 */
#include "collapse/perf_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- interned frame names --------------------------------------------- */

void
fk__perf_strtab_init(struct strtab *t)
{
	fk_arena_init(&t->arena, 1u << 18);
	t->mask = 255;
	t->slots = fk_bigmem_alloc((t->mask + 1) * sizeof(*t->slots));
	t->names = NULL;
	t->n = t->cap = 0;
}

void
fk__perf_strtab_release(struct strtab *t)
{
	fk_arena_release(&t->arena);
	fk_bigmem_free(t->slots, (t->mask + 1) * sizeof(*t->slots));
	free(t->names);
}

uint32_t
fk__perf_strtab_intern(struct strtab *t, const char *s, size_t len)
{
	uint64_t h = fk_hash_bytes(s, len, 0);
	size_t j = h & t->mask;
	uint32_t id;
	while ((id = t->slots[j])) {
		struct name *nm = &t->names[id - 1];
		if (nm->hash == h && nm->len == len && memcmp(nm->s, s, len) == 0)
			return id - 1;
		j = (j + 1) & t->mask;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->names = fk_xrealloc(t->names, t->cap * sizeof(*t->names));
	}
	struct name *nm = &t->names[t->n];
	nm->s = fk_arena_strndup(&t->arena, s, len);
	nm->len = (uint32_t)len;
	nm->hash = h;
	t->slots[j] = (uint32_t)++t->n;
	if (t->n * 2 > t->mask) {
		size_t nmask = t->mask * 2 + 1;
		uint32_t *ns = fk_bigmem_alloc((nmask + 1) * sizeof(*ns));
		for (size_t i = 0; i < t->n; i++) {
			size_t k = t->names[i].hash & nmask;
			while (ns[k])
				k = (k + 1) & nmask;
			ns[k] = (uint32_t)(i + 1);
		}
		fk_bigmem_free(t->slots, (t->mask + 1) * sizeof(*ns));
		t->slots = ns;
		t->mask = nmask;
	}
	return (uint32_t)(t->n - 1);
}

/* ---- samples ------------------------------------------------------------ */

static void
stacks_grow(struct parser *p)
{
	size_t nmask = p->stacks_mask * 2 + 1;
	struct stack_entry *ns = fk_bigmem_alloc((nmask + 1) * sizeof(*ns));
	for (size_t i = 0; i <= p->stacks_mask; i++) {
		struct stack_entry *e = &p->stacks[i];
		if (!e->used)
			continue;
		size_t j = e->hash & nmask;
		while (ns[j].used)
			j = (j + 1) & nmask;
		ns[j] = *e;
	}
	fk_bigmem_free(p->stacks, (p->stacks_mask + 1) * sizeof(*ns));
	p->stacks = ns;
	p->stacks_mask = nmask;
}

/*
 * Hash of a sample's frames and root frame.  The ids are read one at a
 * time: they were stored a moment ago, and a wider load would stall until
 * the stores are done.
 */
static inline uint64_t
stack_hash(const uint32_t *ids, size_t n, uint32_t root)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)root << 32) ^ n;
	for (size_t i = 0; i < n; i++)
		h = fk_hash_fold(h ^ ids[i], 0xbf58476d1ce4e5b9ULL);
	return fk_hash_fold(h, 0x94d049bb133111ebULL);
}

static inline int
stack_is(const struct parser *p, const struct stack_entry *e, uint64_t h,
    const uint32_t *ids, uint32_t nids, uint32_t root)
{
	if (e->hash != h || e->nids != nids || e->root != root)
		return 0;
	/* Id by id, like stack_hash(): most stacks are a few frames deep. */
	for (uint32_t i = 0; i < nids; i++)
		if (p->stack_ids.v[e->off + i] != ids[i])
			return 0;
	return 1;
}

/*
 * Record the current sample: its frames (leaf first, as they came) under
 * its root frame, the process frame.  When a --skip-after function dropped
 * that, the rootmost frame kept takes its place, so that stacks that print
 * the same are one entry (and one sum, whose overflow names its line).
 * Called by sample_end() (perf_internal.h) when a sample was started.
 */
void
fk__perf_sample_end(struct parser *p)
{
	assert(p->pname_set);
	struct u32vec *cur = &p->cur;
	if (cur->n == 0 && p->event_frame.n > 0) {
		for (size_t i = 0; i < p->event_frame.n; i++)
			u32vec_push(cur, p->event_frame.v[i]);
	}
	uint32_t nids = (uint32_t)cur->n;
	if (!p->skip_rest || nids > 0) {
		uint32_t root = !p->skip_rest ? p->pname_id : cur->v[--nids];
		uint64_t h = stack_hash(cur->v, nids, root);
		size_t j = h & p->stacks_mask;
		struct stack_entry *e;
		while ((e = &p->stacks[j])->used) {
			if (stack_is(p, e, h, cur->v, nids, root))
				break;
			j = (j + 1) & p->stacks_mask;
		}
		if (!e->used) {
			e->hash = h;
			e->off = (uint32_t)p->stack_ids.n;
			e->used = 1;
			e->nids = nids;
			e->root = root;
			e->count = 0;
			for (uint32_t i = 0; i < nids; i++)
				u32vec_push(&p->stack_ids, cur->v[i]);
			if (++p->nstacks * 2 > p->stacks_mask) {
				stacks_grow(p);
				/* Find it again in the new table. */
				j = h & p->stacks_mask;
				while (!stack_is(p, &p->stacks[j], h, cur->v, nids, root))
					j = (j + 1) & p->stacks_mask;
				e = &p->stacks[j];
			}
		}
		if (p->period > INT64_MAX - e->count) {
			if (!p->error)
				snprintf(p->errmsg, sizeof(p->errmsg),
				    "%s:%lu: sum of sample periods overflows 64 bits", p->file,
				    p->lineno + p->line_base);
			p->error = 1;
		} else {
			e->count += p->period;
		}
		p->st->samples++;
	}
	cur->n = 0;
	p->event_frame.n = 0;
	p->pname_set = 0;
	p->skip_rest = 0;
}


/* ---- output ------------------------------------------------------------- */

/* Build the text of every distinct stack into a table that merges and sorts. */
void
fk__perf_parser_emit(struct parser *p, struct fk_stack_table *out)
{
	struct sbuf *b = &p->tmp;
	for (size_t i = 0; i <= p->stacks_mask; i++) {
		struct stack_entry *e = &p->stacks[i];
		if (!e->used)
			continue;
		b->n = 0;
		/* Root first: the root frame, then the frames from the last. */
		const struct name *nm = &p->names.names[e->root];
		sbuf_add(b, nm->s, nm->len);
		for (uint32_t k = e->nids; k > 0; k--) {
			nm = &p->names.names[p->stack_ids.v[e->off + k - 1]];
			sbuf_add(b, ";", 1);
			sbuf_add(b, nm->s, nm->len);
		}
		if (fk_stack_table_add_int(out, b->s ? b->s : "", b->n, e->count) < 0)
			p->error = 1;
	}
}
