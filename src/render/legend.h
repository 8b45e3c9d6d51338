/*
 * legend.h -- what a differential flame graph's colours, outlines and
 * widths mean, as a list of placed items under the picture.
 *
 * The content and its placement are decided here, once, so that every
 * picture format (SVG, PNG, and any later one) says the same: the colour
 * of growth and of shrinkage in the chosen scale, the change that gets
 * full colour (in percentage points of the whole), the outlines of new and
 * gone frames, and which counts the widths show.  The legend takes a band
 * of its own below the graph: the frames keep their coordinates and the
 * image grows by the band's height.
 */
#ifndef FK_LEGEND_H
#define FK_LEGEND_H

#include <stddef.h>

#include "render/layout.h"
#include "render/palette.h"
#include "render/style.h"

#define FK_LEGEND_MAX_ITEMS 8

struct fk_legend_item {
	int swatch;               /* draw a swatch before the text */
	struct fk_rgb fill;       /* the swatch's fill */
	enum fk_outline outline;  /* FK_OUTLINE_SOLID or _DASHED: drawn as a frame's; else a thin grey border */
	double x, y;              /* the swatch's top left corner (or the text's start, without one) */
	double text_x, text_y;    /* the text's baseline start */
	char text[112];           /* UTF-8 */
};

struct fk_legend {
	struct fk_legend_item items[FK_LEGEND_MAX_ITEMS];
	size_t n;                 /* 0: no legend */
	double top;               /* y of the band: the layout's image height */
	double height;            /* of the band; 0 without a legend */
	double swatch;            /* side of a swatch */
};

/*
 * Fill lg for layout l coloured by c in style s: a legend for differential
 * layouts unless s->no_legend, else an empty one (n and height 0).  Items
 * are placed left to right from l->xpad and wrap to a new line where the
 * next would pass the right margin (text widths estimated as the labels'
 * are, fontsize * fontwidth per character, but at least the default 0.59).
 */
void fk_legend_build(struct fk_legend *lg, const struct fk_layout *l,
    const struct fk_colorer *c, const struct fk_draw_style *s);

#endif
