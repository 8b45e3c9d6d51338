/*
 * svg.h -- write a laid-out flame graph as an interactive SVG document.
 *
 * The skeleton (declaration, defs, style, script, titles) goes through
 * libxml2's xmlTextWriter; the frames, which are most of the bytes, are
 * formatted into one large buffer with every distinct name cleaned and
 * escaped once.  The JavaScript and CSS in share/ are compiled in.
 * Frame titles read exactly as flamegraph.pl writes them (unless the
 * counts have a unit of time or bytes: see fk_svg_opts).  Labels are black
 * or white by contrast with their fill, narrow new/gone frames are only
 * thinly outlined, and a differential graph gets a legend below the frames
 * (style.h, legend.h), as in the PNG.
 */
#ifndef FK_SVG_H
#define FK_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "render/layout.h"
#include "render/nameattr.h"
#include "render/palette.h"
#include "render/style.h"
#include "core/unit.h"

struct fk_svg_opts {
	struct fk_draw_style style;   /* what the PNG draws the same way */
	const char *countname;    /* "samples" */
	const char *nametype;     /* "Function:" */
	const char *encoding;     /* NULL: UTF-8 without a declaration attribute */
	const char *search_color; /* "rgb(230,0,230)" */
	double factor;            /* 1 */
	/*
	 * The counts' unit (FK_UNIT_NONE: countname).  Time and bytes make
	 * titles read "name (1.31 s, 45.00%)", each frame then carrying its
	 * exact count for the script (data-c), which shows both; a named
	 * count ("goroutines") is the count name.
	 */
	struct fk_unit unit;
};

void fk_svg_opts_init(struct fk_svg_opts *o);

/*
 * Write the document for l.  c picks the colours (palette.h), nameattr
 * (NULL: none) adds per-function attributes to the frames.
 * @return 0, or -1 (recorded) on a write error.
 */
int fk_svg_write(FILE *out, const struct fk_layout *l, const struct fk_svg_opts *o,
    const struct fk_svg_nameattr *nameattr, struct fk_colorer *c);

/*
 * Check that libxml2 can write the document in encoding name (--encoding).
 * @return 0, or -1 with a usage error recorded.
 */
int fk_svg_check_encoding(const char *name);


#endif
