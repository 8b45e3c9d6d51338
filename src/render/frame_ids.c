/*
 * frame_ids.c -- numbering the distinct frame names of a layout
 * (frame_ids.h): an open-addressing table of names by their hash.
 */
#include "render/frame_ids.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

int
fk_frame_ids_build(struct fk_frame_ids *x, const struct fk_layout *l)
{
	memset(x, 0, sizeof(*x));
	x->id = fk_xcalloc(l->n ? l->n : 1, sizeof(*x->id));
	size_t afirst = 0;
	size_t mask = 1023;
	while (mask < 2 * l->n)
		mask = 2 * mask + 1;
	uint32_t *slots = fk_xcalloc(mask + 1, sizeof(*slots));   /* name number + 1 */
	for (size_t i = 1; i < l->n; i++) {
		const struct fk_frame *f = &l->frames[i];
		size_t j = (size_t)fk_hash_bytes(f->name, f->len, 0) & mask;
		uint32_t v;
		for (; (v = slots[j]) != 0; j = (j + 1) & mask) {
			const struct fk_frame *g = &l->frames[x->first[v - 1]];
			if (g->len == f->len && memcmp(g->name, f->name, f->len) == 0)
				break;
		}
		if (!v) {
			if (x->n >= UINT32_MAX - 1) {
				free(slots);
				fk_frame_ids_release(x);
				return fk_error("too many distinct frame names");
			}
			FK_GROW(x->first, afirst, x->n + 1, 1024);
			x->first[x->n] = (uint32_t)i;
			v = slots[j] = (uint32_t)++x->n;
		}
		x->id[i] = v - 1;
	}
	free(slots);
	return 0;
}

void
fk_frame_ids_release(struct fk_frame_ids *x)
{
	free(x->id);
	free(x->first);
	memset(x, 0, sizeof(*x));
}
