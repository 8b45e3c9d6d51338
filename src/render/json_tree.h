/*
 * json_tree.h -- a layout as the nested JSON tree d3-flame-graph reads:
 * every node {"name": ..., "value": ..., "children": [...]}, where value is
 * the node's total (its own weight plus its children's, d3-flame-graph's
 * default; not its self weight) and a node without children has no
 * "children" key.  The root is named "root" and holds the whole total.
 * Siblings come in the layout's order.  Decimal counts are exact decimals.
 */
#ifndef FK_JSON_TREE_H
#define FK_JSON_TREE_H

#include <stdio.h>

#include "render/layout.h"

/*
 * Write l (one count column, every frame kept: a minimum width of 0) to
 * out, in one pre-order walk.
 * @return 0, or -1 (recorded) for a differential layout.
 */
int fk_json_tree_write(FILE *out, const struct fk_layout *l);

#endif
