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

#endif
