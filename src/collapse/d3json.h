/*
 * d3json.h -- fold d3-flame-graph's JSON: a tree of nodes
 *	{"name": "main", "value": 12, "children": [ ... ]}
 * where value is the node's total (itself and everything below it, as
 * d3-flame-graph reads it unless told selfValue); a node's own count is
 * value minus its children's values.  A node without value is the sum
 * of its children.  The root node stands for the whole graph: its name
 * is not a frame (its own count, if any, is a stack of its name alone).
 * Values may have decimals (num.h); they are kept exact.
 *
 * The tree is read as a stream and kept as nodes (v8prof.h), so memory
 * grows with the nodes -- the distinct stacks -- and nesting is limited
 * only by FK_JSONEV_MAX_DEPTH (no recursion).
 */
#ifndef FK_D3JSON_H
#define FK_D3JSON_H

#include <stdint.h>

#include "core/instream.h"
#include "core/stack_table.h"

struct fk_d3json_stats {
	uint64_t nodes;          /* nodes read */
	uint64_t bad_values;     /* values that are not non-negative numbers */
	uint64_t short_values;   /* nodes whose value is less than their children's */
	uint64_t bad_names;      /* names that are not strings (the node is "(no name)") */
	uint64_t bad_children;   /* "children" that are not lists (nor null): nothing in them read */
};

/*
 * Fold the tree on s into t, adding to *st; problems are reported with
 * fk_warn().  JSON that ends early or goes wrong is reported with
 * fk_warn() and what came before is folded (nodes not closed yet count
 * with the values seen); *cut is set to 1 then.
 * @return 0, or -1 (recorded) on a count overflow.
 */
int fk_d3json_collapse(struct fk_instream *s, struct fk_stack_table *t, struct fk_d3json_stats *st,
    int *cut);

#endif
