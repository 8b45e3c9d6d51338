/*
 * svg.h -- write a laid-out flame graph as an interactive SVG document.
 *
 * The skeleton (declaration, defs, style, script, titles) goes through
 * libxml2's xmlTextWriter; the frames, which are most of the bytes, are
 * formatted into one large buffer with every distinct name cleaned and
 * escaped once.  The JavaScript and CSS in share/ are compiled in.
 * Frame titles read exactly as flamegraph.pl writes them.
 */
#ifndef FK_SVG_H
#define FK_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "render/layout.h"
#include "render/palette.h"

struct fk_svg_opts {
	const char *title;        /* NULL: "Flame Graph" (Icicle Graph, Flame Chart) */
	const char *subtitle;     /* NULL or "": none */
	const char *fonttype;     /* "Verdana" */
	double fontsize;          /* 12 */
	double fontwidth;         /* 0.59 */
	const char *countname;    /* "samples" */
	const char *nametype;     /* "Function:" */
	const char *notes;        /* NULL: none */
	const char *encoding;     /* NULL: UTF-8 without a declaration attribute */
	const char *bgcolors;     /* NULL: from the palette */
	const char *search_color; /* "rgb(230,0,230)" */
	const char *stroke_color; /* NULL: no frame outline */
	const char *uicolor;      /* NULL: black, or light with the dark theme */
	double factor;            /* 1 */
	int flamechart;           /* only picks the default title */
	int dark;                 /* --theme=dark */
	int colordiffusion;       /* colour by width (wider is redder) */
	struct fk_svg_nameattr *nameattr;   /* NULL or per-function attributes */
};

void fk_svg_opts_init(struct fk_svg_opts *o);

/*
 * Write the document for l.  c picks the colours; palette files it holds
 * are updated.  @return 0, or -1 (recorded) on a write error.
 */
/*
 * The two background gradient colours ("#rrggbb") for --bgcolors, the
 * palette's default, or the dark theme's; the SVG and PNG writers share it.
 * @return 0, or -1 (recorded, FK_ERR_USAGE) for an unrecognized colour.
 */
int fk_svg_background(const struct fk_svg_opts *o, enum fk_palette palette, char bg1[8], char bg2[8]);

int fk_svg_write(FILE *out, const struct fk_layout *l, const struct fk_svg_opts *o,
    struct fk_colorer *c);

/*
 * Per-function attributes (flamegraph.pl --nameattr): lines of
 * "function<TAB>key=value<TAB>...".  Keys title, id, class, href and target
 * are used; others are skipped with a warning.
 */
struct fk_svg_nameattr;
struct fk_svg_nameattr *fk_svg_nameattr_read(FILE *fp, const char *fname);
void fk_svg_nameattr_free(struct fk_svg_nameattr *na);

#endif
