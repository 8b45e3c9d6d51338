/*
 * style.c -- drawing style defaults and the background (style.h).
 */
#include "render/style.h"
#include "core/error.h"

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
