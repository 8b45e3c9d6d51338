/*
 * html.h -- write a laid-out flame graph as one self-contained HTML page:
 * the viewer's JavaScript and CSS from share/ (compiled in), and every
 * frame of the layout packed into a compact binary profile.
 *
 * The profile (format below) is written as base64, uncompressed (see
 * html.c), inside <script type="application/octet-stream"> elements, and
 * its node table as digits: neither holds a '<', so no frame name can end
 * the element or reach the HTML parser, and the viewer shows names only
 * as text (canvas fillText, textContent).  A Content-Security-Policy
 * forbids every network access.  For a large layout an overview (the
 * frames at least 0.1 pixel wide at full width, never compressed) comes
 * first, so the page draws it before the parser reads the whole profile.
 *
 * Profile (all integers unsigned LEB128 varints, "s" zigzag-signed):
 *   "FKH1", flags (1 differential, 2 colours per frame, 4 index map),
 *   scale (counts are value / 10^scale), len + UTF-8 JSON of the settings,
 *   names: count, then len + bytes of each (bytes as in the input; name 0
 *   is the root's, "all"; a name may be used by no frame);
 *   without flag 2 the colours of the names: 3 bytes r g b each;
 *   frames in pre-order: count, then for each: depth, name id, total,
 *   gap (its start minus the end of its previous sibling, or minus its
 *   parent's start for a first child: so a first child's gap is its
 *   parent's own count, drawn left of the children, and a later one's is
 *   0 but in flame charts and overviews);
 *   with flag 1 its before and after totals, delta (s) and mark (0, 1 new,
 *   2 gone); with flag 2 its colour (3 bytes); with flag 4 (an overview)
 *   its index in the full profile minus the previous frame's (s), or with
 *   flag 8 as well its node number in the full profile's node table.
 *
 * Node table (flag 8 without 4; from fk_html_write_stacks() when the
 * frames are sorted by name and coloured by name): after the frame count
 * (here the node count) come the root's end (--total) and the sibling
 * ranks of layout.h's fk_tree_view (count, then each); the nodes follow
 * in <script type="text/plain" id="fk-nodes">, in the tree's order (each
 * after its parent), each as three numbers in html.c's digits (5 bits a
 * character, '?'..'^' ending a number, '_'..'~' going on): how many
 * nodes back its parent is (0 for the root), its name id, its total.
 * The viewer sorts the siblings and places the frames: the writer
 * touches each node once, in memory order, and neither sorts nor walks.
 */
#ifndef FK_HTML_H
#define FK_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "render/layout.h"
#include "render/palette.h"
#include "render/stacks.h"
#include "render/svg.h"

/* Layouts with more frames than this get an overview first. */
#define FK_HTML_OVERVIEW_MIN 100000

/*
 * Write the page for l, which must keep every frame (a minimum width of
 * 0).  o gives the texts, theme and colours the SVG would use; c picks
 * the frames' colours as for the SVG.
 * @return 0, or -1 (recorded) on a write or memory error.
 */
int fk_html_write(FILE *out, const struct fk_layout *l, const struct fk_svg_opts *o,
    struct fk_colorer *c);

/*
 * Write the page for the stacks of st laid out as lo says (a minimum
 * width of 0), using st up.  Sorted by name, the frames go from the
 * prefix tree straight into the page (fk_layout_walk_stacks): the
 * overview's frames first, then the whole profile, as the node table
 * when colours go by name (else frame by frame, as it is walked), never
 * held whole; other orders build the layout first.
 * @return 0, or -1 (recorded).
 */
int fk_html_write_stacks(FILE *out, const struct fk_layout_opts *lo, struct fk_stacks *st,
    const struct fk_svg_opts *o, struct fk_colorer *c);

/*
 * The profile of l alone, uncompressed (the format above), for tests.
 * overview: only the frames at least 0.1 pixel wide, with the index map.
 * @return a malloc'd buffer the caller frees, its size in *n; NULL (recorded)
 * when out of memory.
 */
unsigned char *fk_html_profile(const struct fk_layout *l, const struct fk_svg_opts *o,
    struct fk_colorer *c, int overview, size_t *n);

#endif
