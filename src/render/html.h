/*
 * html.h -- write a laid-out flame graph as one self-contained HTML page:
 * the viewer's JavaScript and CSS from share/ (compiled in), and every
 * frame of the layout packed into a compact binary profile.
 *
 * The profile (format below) is written as base64, uncompressed (see
 * html.c), inside <script type="application/octet-stream"> elements: base64 holds no '<', so no frame name can end
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
 *   parent's start for a first child: 0 but in flame charts and overviews);
 *   with flag 1 its before and after totals, delta (s) and mark (0, 1 new,
 *   2 gone); with flag 2 its colour (3 bytes); with flag 4 the difference
 *   between its index in the full profile and the previous frame's.
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
 * overview's frames first, then the whole profile, written out as it is
 * walked and never held whole; other orders build the layout first.
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
