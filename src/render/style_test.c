#include <criterion/criterion.h>
#include <math.h>

#include "render/layout.h"
#include "render/style.h"

static const struct fk_rgb black = {0, 0, 0}, white = {255, 255, 255};

Test(style, contrast_is_wcag_21)
{
	cr_assert_float_eq(fk_draw_contrast(black, white), 21.0, 1e-9);
	cr_assert_float_eq(fk_draw_contrast(white, black), 21.0, 1e-9);
	cr_assert_float_eq(fk_draw_contrast(white, white), 1.0, 1e-9);
	/* WCAG's own example values: #777777 on white is 4.48:1, #767676 4.54:1. */
	cr_assert_float_eq(fk_draw_contrast((struct fk_rgb){0x77, 0x77, 0x77}, white), 4.48, 0.005);
	cr_assert_float_eq(fk_draw_contrast((struct fk_rgb){0x76, 0x76, 0x76}, white), 4.54, 0.005);
	cr_assert_float_eq(fk_draw_luminance((struct fk_rgb){255, 0, 0}), 0.2126, 1e-9);
}

Test(style, label_colour_keeps_black_where_it_passes)
{
	/* flamegraph.pl's black stays on light fills ... */
	cr_assert_eq(fk_draw_label_color((struct fk_rgb){255, 200, 50}).r, 0);
	cr_assert_eq(fk_draw_label_color(white).r, 0);
	/* ... and turns white on the deepest blue and the darkest hot red. */
	cr_assert_eq(fk_draw_label_color((struct fk_rgb){0, 0, 255}).r, 255);
	cr_assert_eq(fk_draw_label_color((struct fk_rgb){205, 0, 0}).r, 255);
}

/* Any fill, from a palette, --cp file or scale: one of black and white passes. */
Test(style, some_label_colour_passes_on_every_fill)
{
	for (int r = 0; r < 256; r += 3)
		for (int g = 0; g < 256; g += 3)
			for (int b = 0; b < 256; b += 3) {
				struct fk_rgb f = {(uint8_t)r, (uint8_t)g, (uint8_t)b};
				double k = fk_draw_contrast(f, fk_draw_label_color(f));
				if (k < FK_DRAW_MIN_CONTRAST)
					cr_assert_fail("rgb(%d,%d,%d): %.2f:1", r, g, b, k);
			}
}

Test(style, outlines_need_room)
{
	cr_assert_eq(fk_draw_outline(0, 500), FK_OUTLINE_NONE);
	cr_assert_eq(fk_draw_outline(FK_FRAME_NEW, 500), FK_OUTLINE_SOLID);
	cr_assert_eq(fk_draw_outline(FK_FRAME_GONE, FK_DRAW_OUTLINE_MIN_WIDTH), FK_OUTLINE_DASHED);
	cr_assert_eq(fk_draw_outline(FK_FRAME_NEW, FK_DRAW_OUTLINE_MIN_WIDTH - 0.1), FK_OUTLINE_THIN);
	cr_assert_eq(fk_draw_outline(FK_FRAME_GONE, 0.4), FK_OUTLINE_THIN);
	cr_assert_eq(fk_draw_outline(0, 0.4), FK_OUTLINE_NONE);
}
