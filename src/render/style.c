/*
 * style.c -- drawing style defaults and the background (style.h).
 */
#include "render/style.h"
#include "core/error.h"

#include "render/layout.h"

#include <math.h>
#include <string.h>

void
fk_draw_style_init(struct fk_draw_style *s)
{
	memset(s, 0, sizeof(*s));
	s->fonttype = "Verdana";
	s->fontsize = 12;
	s->fontwidth = 0.59;
}

int
fk_draw_background(const struct fk_draw_style *s, enum fk_palette palette,
    char bg1[8], char bg2[8])
{
	if (fk_palette_background(s->bgcolors, palette, bg1, bg2) < 0)
		return fk_error_code(FK_ERR_USAGE, "unrecognized background color '%s'",
		    s->bgcolors);
	if (s->dark && !s->bgcolors) {
		memcpy(bg1, "#1e1e24", 8);
		memcpy(bg2, "#2a2a33", 8);
	}
	return 0;
}

/*
 * An sRGB channel, linearised as WCAG 2.1 defines it.  Labels ask once per
 * frame, so the 256 values are computed once (rendering is single-threaded).
 */
static double
linear(uint8_t v)
{
	static double table[256];
	static int ready;
	if (!ready) {
		for (int i = 0; i < 256; i++) {
			double c = i / 255.0;
			table[i] = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
		}
		ready = 1;
	}
	return table[v];
}

double
fk_draw_luminance(struct fk_rgb c)
{
	return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double
fk_draw_contrast(struct fk_rgb a, struct fk_rgb b)
{
	double la = fk_draw_luminance(a), lb = fk_draw_luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

struct fk_rgb
fk_draw_label_color(struct fk_rgb fill)
{
	static const struct fk_rgb black = {0, 0, 0}, white = {255, 255, 255};
	return fk_draw_contrast(fill, black) >= FK_DRAW_MIN_CONTRAST ? black : white;
}

enum fk_outline
fk_draw_outline(int mark, double width)
{
	if (!mark)
		return FK_OUTLINE_NONE;
	if (width < FK_DRAW_OUTLINE_MIN_WIDTH)
		return FK_OUTLINE_THIN;
	return mark == FK_FRAME_GONE ? FK_OUTLINE_DASHED : FK_OUTLINE_SOLID;
}
