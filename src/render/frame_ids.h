/*
 * frame_ids.h -- the distinct frame names of a layout, numbered: the
 * shared frame table of the speedscope writer and the functions and
 * locations of the pprof writer.
 */
#ifndef FK_FRAME_IDS_H
#define FK_FRAME_IDS_H

#include <stddef.h>
#include <stdint.h>

#include "render/layout.h"

struct fk_frame_ids {
	uint32_t *id;       /* per layout frame: its name's number (the root's is unused) */
	uint32_t *first;    /* per name: the first frame (pre-order) that has it */
	size_t n;           /* distinct names, numbered 0..n-1 in pre-order of first use */
};

/*
 * Number the names of l's frames but the root's.  Memory grows with the
 * frames of the layout.  Release with fk_frame_ids_release().
 * @return 0, or -1 (recorded) when there are more than 2^32 - 2 names.
 */
int fk_frame_ids_build(struct fk_frame_ids *x, const struct fk_layout *l);
void fk_frame_ids_release(struct fk_frame_ids *x);

/*
 * The path from the root to each frame, as a pre-order walk of a layout
 * sees it: call fk_frame_path_enter() for frames 1..l->n-1 in order; after
 * the call for frame i, path[0, depth) holds the name numbers of its
 * ancestors below the root and of itself (depth = its depth).
 */
struct fk_frame_path {
	uint32_t *ids;
	uint32_t depth;
};

/* path->ids must hold l->depthmax entries (at least 1). */
static inline void
fk_frame_path_enter(struct fk_frame_path *p, const struct fk_frame_ids *x,
    const struct fk_layout *l, size_t i)
{
	const struct fk_frame *f = &l->frames[i];
	p->ids[f->depth - 1] = x->id[i];
	p->depth = f->depth;
}

#endif
