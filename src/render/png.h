/*
 * png.h -- draw a laid-out flame graph as a PNG image with cairo.
 *
 * The picture is the static part of what svg.h writes for the same layout
 * and options: the background gradient, the title and subtitle, every frame
 * rectangle at the SVG's (rounded) coordinates in the same colour, and the
 * frame labels cut by the SVG's rule and coloured by the same contrast rule,
 * the same outlines, and a differential graph's legend (style.h, legend.h).
 * The interactive controls (Search,
 * ic, Reset Zoom) are left out.  Text goes through fontconfig: the
 * requested font family when it is installed, else DejaVu Sans; a label is
 * cut further, by measured glyph extents, when the SVG's character count
 * would spill past its frame.  The image is encoded here with zlib (a fast
 * level, row by row), not with cairo's libpng writer, which compresses
 * harder and costs as much as the drawing.
 */
#ifndef FK_PNG_H
#define FK_PNG_H

#include <stdio.h>

#include "render/layout.h"
#include "render/palette.h"
#include "render/style.h"

#define FK_PNG_SCALE_MIN 0.1
#define FK_PNG_SCALE_MAX 10.0
#define FK_PNG_MAX_SIDE 32767   /* cairo's limit for an image surface */

/*
 * Draw l at scale times its size (the image is ceil(width * scale) by
 * ceil(height * scale) pixels) and write it to out as an 8-bit RGB PNG.
 * The texts, fonts and colours come from style (the SVG's; notes, which
 * only the SVG carries, are ignored), and c picks the frame colours as for
 * the SVG.  Memory is the image plus a few
 * buffers: nothing is kept per frame.
 * @return 0, or -1 (recorded): an image too large for cairo, a colour
 * that cannot be drawn, or a write error (FK_ERR_PIPE for EPIPE).
 */
int fk_png_write(FILE *out, const struct fk_layout *l, const struct fk_draw_style *style,
    double scale, struct fk_colorer *c);

/*
 * Parse a CSS colour as the SVG options take them: "rgb(R,G,B)",
 * "#rgb", "#rrggbb", or a basic colour keyword (black, white, gray, ...).
 * @return 0, or -1 (nothing recorded) when s is none of these.
 */
int fk_png_parse_color(const char *s, struct fk_rgb *out);

#endif
