/*
 * stacks.c -- collecting folded stacks for a layout (stacks.h): --reverse
 * and chain rewriting, then the prefix tree (sorted orders) or the entries
 * in input order.
 */
#include "render/stacks.h"
#include "render/layout.h"
#include "render/stacks_tree.h"
#include "core/error.h"
#include "core/folded.h"
#include "core/util.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

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
	fk__tree_free(s->tree);
	fk_stack_table_free(s->chained);
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
	len = fk__trim_semicolons(stack, len);
	if (s->reverse) {
		char *d = scratch(s, len + 1);
		reverse_frames(stack, len, d);
		stack = d;
	}
	if (s->chain && !s->in_order) {
		/* Sorted as written, rewritten when laid out (stacks.h). */
		if (!s->chained)
			s->chained = fk_stack_table_new(s->ncols);
		return fk_stack_table_add(s->chained, stack, len, counts);
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
		len = fk__trim_semicolons(stack, len);
	}
	if (!s->in_order) {
		if (!s->tree) {
			s->tree = fk__tree_new(s->ncols);
			s->tree->table_first = s->table_first;
		}
		return fk__tree_add(s->tree, stack, len, counts);
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
	FK_GROW(s->list, s->alist, s->nlist + 1, 1024);
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
	struct fk_folded_stats st = { 0 };
	s->ncols = ncols;
	int rc = fk_folded_read(in, nin, &ncols, stacks_read_add, s, &st);
	if (!st.unit_mixed)
		s->unit = st.unit;
	return rc;
}

/* The chained stacks in byte order (flamegraph.pl's sort), rewritten, into s->list. */
static void
chain_entries(struct fk_stacks *s)
{
	size_t n;
	struct fk_stack_entry *const *sorted = fk_stack_table_sorted(s->chained, &n);
	FK_GROW(s->list, s->alist, n, 1024);
	for (size_t i = 0; i < n; i++) {
		size_t len = sorted[i]->len;
		char *d = scratch(s, 5 * len + 8);
		size_t dl = fk__trim_semicolons(d, chain_rewrite(sorted[i]->key, len, d));
		struct fk_stack_entry *e = fk_arena_alloc(&s->arena, sizeof(*e) + dl + 1);
		memcpy(e->key, d, dl);
		e->key[dl] = '\0';
		e->len = (uint32_t)dl;
		e->counts[0] = sorted[i]->counts[0];
		e->counts[1] = s->ncols == 2 ? sorted[i]->counts[1] : 0;
		e->hash = 0;
		s->list[i] = e;
	}
	s->nlist = n;
	s->list_scale = fk_stack_table_scale(s->chained);
}

struct fk_stack_entry *const *
fk_stacks_entries(struct fk_stacks *s, size_t *n, int *scale)
{
	if (s->chained) {
		if (s->nlist == 0)
			chain_entries(s);
		*n = s->nlist;
		*scale = s->list_scale;
		return s->list;
	}
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

