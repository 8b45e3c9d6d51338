/*
 * frame_ids.c -- numbering the distinct frame names of a layout
 * (frame_ids.h): open-addressing tables by name pointer and by name bytes.
 */
#include "render/frame_ids.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/*
 * Two tables.  Names from the prefix tree are interned, so one pointer
 * stands for one name and the first table, by pointer, finds almost every
 * frame without reading its name.  A pointer not seen before is looked up
 * by the name's bytes in the second, so equal names with different
 * pointers still get one number.
 */
struct ptr_slot {
	const char *name;
	uint32_t len, id;
};

static size_t
ptr_hash(const char *name, uint32_t len)
{
	return (size_t)fk_hash_mix((uint64_t)(uintptr_t)name ^ len);
}

/*
 * Both tables are sized by the names, not the frames (there are far fewer),
 * so that they stay in cache: twice as large once half full.
 */
static void
grow(struct fk_frame_ids *x, const struct fk_layout *l, struct ptr_slot **ptrs,
    uint32_t **slots, size_t *mask)
{
	struct ptr_slot *old = *ptrs;
	size_t omask = *mask;
	*mask = 2 * omask + 1;
	*ptrs = fk_xcalloc(*mask + 1, sizeof(**ptrs));
	for (size_t i = 0; i <= omask; i++)
		if (old[i].name) {
			size_t p = ptr_hash(old[i].name, old[i].len) & *mask;
			while ((*ptrs)[p].name)
				p = (p + 1) & *mask;
			(*ptrs)[p] = old[i];
		}
	free(old);
	free(*slots);
	*slots = fk_xcalloc(*mask + 1, sizeof(**slots));
	for (uint32_t k = 0; k < x->n; k++) {
		const struct fk_frame *g = &l->frames[x->first[k]];
		size_t j = (size_t)fk_hash_bytes(g->name, g->len, 0) & *mask;
		while ((*slots)[j])
			j = (j + 1) & *mask;
		(*slots)[j] = k + 1;
	}
}

int
fk_frame_ids_build(struct fk_frame_ids *x, const struct fk_layout *l)
{
	memset(x, 0, sizeof(*x));
	x->id = fk_xcalloc(l->n ? l->n : 1, sizeof(*x->id));
	size_t afirst = 0, nptrs = 0, mask = 1023;
	struct ptr_slot *ptrs = fk_xcalloc(mask + 1, sizeof(*ptrs));
	uint32_t *slots = fk_xcalloc(mask + 1, sizeof(*slots));   /* name number + 1 */
	int rc = 0;
	for (size_t i = 1; i < l->n; i++) {
		const struct fk_frame *f = &l->frames[i];
		size_t p = ptr_hash(f->name, f->len) & mask;
		for (; ptrs[p].name; p = (p + 1) & mask)
			if (ptrs[p].name == f->name && ptrs[p].len == f->len)
				break;
		if (ptrs[p].name) {
			x->id[i] = ptrs[p].id;
			continue;
		}
		size_t j = (size_t)fk_hash_bytes(f->name, f->len, 0) & mask;
		uint32_t v;
		for (; (v = slots[j]) != 0; j = (j + 1) & mask) {
			const struct fk_frame *g = &l->frames[x->first[v - 1]];
			if (g->len == f->len && memcmp(g->name, f->name, f->len) == 0)
				break;
		}
		if (!v) {
			if (x->n >= UINT32_MAX - 1) {
				rc = fk_error("too many distinct frame names");
				break;
			}
			FK_GROW(x->first, afirst, x->n + 1, 1024);
			x->first[x->n] = (uint32_t)i;
			v = slots[j] = (uint32_t)++x->n;
		}
		x->id[i] = v - 1;
		ptrs[p] = (struct ptr_slot){ f->name, f->len, v - 1 };
		/* Distinct pointers are at least as many as names. */
		if (2 * ++nptrs > mask)
			grow(x, l, &ptrs, &slots, &mask);
	}
	free(ptrs);
	free(slots);
	if (rc < 0)
		fk_frame_ids_release(x);
	return rc;
}

void
fk_frame_ids_release(struct fk_frame_ids *x)
{
	free(x->id);
	free(x->first);
	memset(x, 0, sizeof(*x));
}
