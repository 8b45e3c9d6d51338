/*
 * layout_fuzz.c -- libFuzzer harness for the prefix tree behind sorted
 * layouts: every input is collected twice, once as flame-graph does
 * (children lists, switching to the table on input in random order) and
 * once through the table from the first stack, and both must accept the
 * same lines, fail on the same line, and lay out the same frames.  The
 * first byte picks the options, the rest is folded (or differential)
 * input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/folded.h"
#include "render/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
same_frames(const struct fk_layout *a, const struct fk_layout *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++) {
		const struct fk_frame *x = &a->frames[i], *y = &b->frames[i];
		if (x->len != y->len || memcmp(x->name, y->name, x->len) != 0 ||
		    x->depth != y->depth || x->parent != y->parent || x->start != y->start ||
		    x->end != y->end || x->self != y->self || x->delta != y->delta ||
		    x->before != y->before || x->after != y->after || x->narrow != y->narrow ||
		    x->mark != y->mark)
			return 0;
	}
	return 1;
}

/* What differs, for whoever runs the reproducer. */
static void
print_frames(const char *what, const struct fk_layout *l)
{
	fprintf(stderr, "%s: %zu frames\n", what, l->n);
	for (size_t i = 0; i < l->n; i++) {
		const struct fk_frame *x = &l->frames[i];
		fprintf(stderr, "  [%zu] '%.*s' depth %u parent %lld %lld..%lld self %lld\n", i,
		    (int)x->len, x->name, x->depth, (long long)x->parent, (long long)x->start,
		    (long long)x->end, (long long)x->self);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t f = data[0];
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	o.reverse = f & 1;
	o.chain = (f >> 1) & 1;
	if (f & 4)
		o.min_width = 0;
	struct fk_stacks s[2];
	fk_stacks_init(&s[0], &o);
	fk_stacks_init(&s[1], &o);
	s[1].table_first = 1;
	int ncols = 0, rc[2] = {0, 0};
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	while (p < end && rc[0] == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		size_t slen;
		struct fk_num counts[2];
		const char *why;
		int rounded;
		int n = fk_folded_parse(p, len, ncols, &slen, counts, &rounded, &why);
		if (n > 0) {
			ncols = n;
			for (int k = 0; k < 2; k++) {
				s[k].ncols = n;
				rc[k] = fk_stacks_add(&s[k], p, slen, counts);
				fk_error_clear();
			}
			if (rc[0] != rc[1])
				abort();   /* one collection refused a line the other took */
		}
		p += len + 1;
	}
	if (rc[0] == 0) {
		struct fk_layout l[2];
		memset(l, 0, sizeof(l));
		for (int k = 0; k < 2; k++) {
			rc[k] = fk_layout_build_stacks(&l[k], &o, &s[k]);
			fk_error_clear();
		}
		if (rc[0] != rc[1] || (rc[0] == 0 && !same_frames(&l[0], &l[1]))) {
			fprintf(stderr, "lists: %d, table: %d\n", rc[0], rc[1]);
			print_frames("lists", &l[0]);
			print_frames("table", &l[1]);
			abort();
		}
		for (int k = 0; k < 2; k++)
			fk_layout_release(&l[k]);
	}
	fk_stacks_release(&s[0]);
	fk_stacks_release(&s[1]);
	return 0;
}
