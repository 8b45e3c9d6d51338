/*
 * json_tree.c -- a layout as d3-flame-graph's nested JSON (json_tree.h).
 * The layout is in pre-order with depths, so nodes are opened as they come
 * and closed when the walk climbs back: no tree is built.
 */
#include "render/json_tree.h"
#include "core/error.h"
#include "render/json_write.h"

#include <stdint.h>

/*
 * Close the open nodes until only keep remain: the deepest one, the last
 * frame written, has no children; every other open node does.
 */
static void
close_to(FILE *out, uint32_t *open, uint32_t keep)
{
	for (int deepest = 1; *open > keep; (*open)--, deepest = 0)
		fputs(deepest ? "}" : "]}", out);
}

int
fk_json_tree_write(FILE *out, const struct fk_layout *l)
{
	if (l->diff)
		return fk_error("json output takes one count per stack, not two "
		    "(differential input)");
	uint32_t open = 0;   /* the nodes opened and not closed: the last frame's depth + 1 */
	for (size_t i = 0; i < l->n; i++) {
		const struct fk_frame *f = &l->frames[i];
		if (i > 0) {
			/* After a sibling, not after the parent's "children":[. */
			int sibling = open > f->depth;
			close_to(out, &open, f->depth);
			if (sibling)
				fputs(",\n", out);
		}
		fputs("{\"name\":", out);
		if (i == 0)
			fputs("\"root\"", out);
		else
			fk_json_write_string(out, f->name, f->len);
		fputs(",\"value\":", out);
		fk_json_write_count(out, f->end - f->start, l->scale);
		if (i + 1 < l->n && l->frames[i + 1].depth > f->depth)
			fputs(",\"children\":[\n", out);
		open = f->depth + 1;
	}
	close_to(out, &open, 0);
	putc('\n', out);
	return 0;
}
