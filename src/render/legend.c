/*
 * legend.c -- the differential legend's content and placement (legend.h).
 */
#include "render/legend.h"
#include "render/text.h"

#include <stdio.h>
#include <string.h>

static struct fk_legend_item *
add(struct fk_legend *lg, int swatch, struct fk_rgb fill, enum fk_outline outline,
    const char *text)
{
	struct fk_legend_item *it = &lg->items[lg->n++];
	memset(it, 0, sizeof(*it));
	it->swatch = swatch;
	it->fill = fill;
	it->outline = outline;
	snprintf(it->text, sizeof(it->text), "%s", text);
	return it;
}

/* Place the items in lines from the left margin, wrapping at the right one. */
static void
place(struct fk_legend *lg, const struct fk_layout *l, const struct fk_draw_style *s)
{
	double fs = s->fontsize, gap = fs * 0.5, spacing = fs * 1.5;
	/* Never narrower than the default estimate: the legend's text is not cut, so it must not overlap. */
	double cw = fs * (s->fontwidth > 0.59 ? s->fontwidth : 0.59);
	double line = fs + 8, left = l->xpad, right = l->image_width - l->xpad;
	double x = left, y = lg->top + 4;
	lg->swatch = fs;
	for (size_t i = 0; i < lg->n; i++) {
		struct fk_legend_item *it = &lg->items[i];
		double tw = (double)fk_text_utf8_count(it->text, strlen(it->text)) * cw;
		double w = (it->swatch ? lg->swatch + gap : 0) + tw;
		if (x > left && x + w > right) {
			x = left;
			y += line;
		}
		it->x = x;
		it->y = y;
		it->text_x = x + (it->swatch ? lg->swatch + gap : 0);
		it->text_y = y + fs - 2;
		x += w + spacing;
	}
	lg->height = y + line - lg->top + 4;
}

void
fk_legend_build(struct fk_legend *lg, const struct fk_layout *l,
    const struct fk_colorer *c, const struct fk_draw_style *s)
{
	static const struct fk_rgb white = {255, 255, 255};
	memset(lg, 0, sizeof(*lg));
	lg->top = l->image_height;
	if (!l->diff || s->no_legend)
		return;
	char t[112];
	if (!c->diffusion) {
		/* The scale's own ends, so --negate and --diff-palette show as drawn. */
		add(lg, 1, fk_palette_diff_scale(c->diff_palette, l->maxdelta, l->maxdelta,
		    c->negate), 0, "grew");
		add(lg, 1, fk_palette_diff_scale(c->diff_palette, -l->maxdelta, l->maxdelta,
		    c->negate), 0, "shrank");
		add(lg, 1, white, 0, "unchanged");
		snprintf(t, sizeof(t), "colour: change of %s samples, full at \u00b1%.2f pp of the total",
		    l->diff_total ? "total" : "self", 100 * l->maxdelta / l->timemax);
		add(lg, 0, white, 0, t);
	}
	snprintf(t, sizeof(t), "new (outlined from %g px wide)", FK_DRAW_OUTLINE_MIN_WIDTH);
	add(lg, 1, white, FK_OUTLINE_SOLID, t);
	/* Gone frames have no width unless widths are max(before, after). */
	if (l->diff_width_max)
		add(lg, 1, white, FK_OUTLINE_DASHED, "gone");
	add(lg, 0, white, 0, l->diff_width_max ? "width: max(before, after) counts"
	    : "width: after counts");
	place(lg, l, s);
}
