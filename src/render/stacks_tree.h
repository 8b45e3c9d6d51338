/*
 * stacks_tree.h -- private to render/stacks.c, render/tree.c and
 * render/layout.c: the prefix tree that sorted layouts collect stacks
 * into, and the small helpers those files share inline.
 */
#ifndef FK_STACKS_TREE_H
#define FK_STACKS_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/num.h"

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

#define KEY_PARENT(k) ((uint32_t)((k) >> 32))
#define KEY_NAME(k) ((uint32_t)(k))

/* An empty tree for stacks of ncols (1 or 2) counts. */
struct fk__tree *fk__tree_new(int ncols);
/* Accepts NULL. */
void fk__tree_free(struct fk__tree *t);
/*
 * Add one stack (already reversed and rewritten as configured) with
 * t->ncols counts.  It may wait in a batch: fk__tree_flush() adds those.
 * @return 0, or -1 (recorded) on overflow or too many frames.
 */
int fk__tree_add(struct fk__tree *t, const char *stack, size_t len,
    const struct fk_num *counts);
/* Add the stacks waiting in a batch.  @return 0, or -1 (recorded). */
int fk__tree_flush(struct fk__tree *t);
/*
 * The tree is complete: give back what only adding needed (the lookup
 * tables, the children lists) and trim the node arrays to t->n.  Nothing
 * may be added afterwards.
 */
void fk__tree_compact(struct fk__tree *t);

/* Trailing empty frames vanish, as with Perl's split. */
static inline size_t
fk__trim_semicolons(const char *p, size_t len)
{
	while (len > 0 && p[len - 1] == ';')
		len--;
	return len;
}


#endif
