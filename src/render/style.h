/*
 * style.h -- how a flame graph is drawn, whatever the format: the texts,
 * fonts and colours the SVG (svg.h) and PNG (png.h) writers share.
 * Frame colours are the palette's (palette.h); this is everything else.
 */
#ifndef FK_STYLE_H
#define FK_STYLE_H

#include "render/palette.h"

struct fk_draw_style {
	const char *title;        /* NULL: "Flame Graph" (Icicle Graph, Flame Chart) */
	const char *subtitle;     /* NULL or "": none */
	const char *notes;        /* NULL: none (SVG only) */
	const char *fonttype;     /* "Verdana" */
	double fontsize;          /* 12 */
	double fontwidth;         /* 0.59: label room per character, times fontsize */
	const char *bgcolors;     /* NULL: from the palette */
	const char *stroke_color; /* NULL: no frame outline */
	const char *uicolor;      /* NULL: black, or light with the dark theme */
	int flamechart;           /* only picks the default title */
	int dark;                 /* --theme=dark */
	int no_legend;            /* --no-legend: no legend under a differential graph */
};

/* Fill s with flamegraph.pl's defaults. */
void fk_draw_style_init(struct fk_draw_style *s);

/*
 * The two background gradient colours ("#rrggbb") for --bgcolors, the
 * palette's default, or the dark theme's; the SVG and PNG writers share it.
 * @return 0, or -1 (recorded, FK_ERR_USAGE) for an unrecognized colour.
 */
int fk_draw_background(const struct fk_draw_style *s, enum fk_palette palette,
    char bg1[8], char bg2[8]);

/*
 * WCAG 2.1 relative luminance of an sRGB colour, in [0, 1], and the
 * contrast ratio (L1 + 0.05) / (L2 + 0.05) of two colours, lighter over
 * darker, in [1, 21].
 */
double fk_draw_luminance(struct fk_rgb c);
double fk_draw_contrast(struct fk_rgb a, struct fk_rgb b);

/* WCAG 2.1 AA's minimum contrast for text of normal size. */
#define FK_DRAW_MIN_CONTRAST 4.5

/*
 * The colour of a frame label on fill: black, flamegraph.pl's, wherever it
 * has FK_DRAW_MIN_CONTRAST against the fill, else white.  One of the two
 * always has at least 4.58:1.  The SVG and PNG writers both ask here.
 */
struct fk_rgb fk_draw_label_color(struct fk_rgb fill);

/*
 * How a new or gone frame (layout.h's marks) is outlined.  A 1-pixel
 * outline needs room to read as one: on a frame narrower than
 * FK_DRAW_OUTLINE_MIN_WIDTH pixels (drawn width, at the SVG's scale) the two
 * edges would cover most of it, and rows of such frames turn into black
 * bands.  Narrow marked frames get FK_OUTLINE_THIN instead: a 0.5-pixel
 * stroke of black at 30% opacity, which darkens the frame's own fill a
 * little at its edges and never paints an area black.
 */
#define FK_DRAW_OUTLINE_MIN_WIDTH 6.0

enum fk_outline {
	FK_OUTLINE_NONE = 0,     /* not marked */
	FK_OUTLINE_SOLID,        /* new: 1 px black */
	FK_OUTLINE_DASHED,       /* gone: 1 px black, dashes of 3 and gaps of 2 */
	FK_OUTLINE_THIN,         /* new or gone, narrower than the minimum */
};

#define FK_DRAW_THIN_WIDTH 0.5
#define FK_DRAW_THIN_OPACITY 0.3

/* The outline of a frame with mark (FK_FRAME_NEW, FK_FRAME_GONE or 0) drawn width pixels wide. */
enum fk_outline fk_draw_outline(int mark, double width);

#endif
