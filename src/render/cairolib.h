/*
 * cairolib.h -- cairo and fontconfig, loaded with dlopen() when a PNG is
 * drawn (core/dynlib.h).
 *
 * Linking cairo makes every run of flame-graph load it and the X11, xcb,
 * FreeType, fontconfig, PNG and pixman libraries it needs: about 20
 * libraries before main, while only --format=png uses them.  The headers
 * still give the types; each function is called through the table, with
 * the library's own name: FK_CAIRO(cairo_create)(...).
 */
#ifndef FK_CAIROLIB_H
#define FK_CAIROLIB_H

#include <cairo.h>
#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>

/* The functions png.c calls, from libcairo and from libfontconfig. */
#define FK_CAIROLIB_CAIRO(X) \
	X(cairo_arc) \
	X(cairo_close_path) \
	X(cairo_create) \
	X(cairo_curve_to) \
	X(cairo_destroy) \
	X(cairo_fill) \
	X(cairo_fill_preserve) \
	X(cairo_font_face_destroy) \
	X(cairo_font_options_create) \
	X(cairo_font_options_destroy) \
	X(cairo_font_options_set_antialias) \
	X(cairo_font_options_set_hint_metrics) \
	X(cairo_ft_font_face_create_for_pattern) \
	X(cairo_image_surface_create) \
	X(cairo_image_surface_get_data) \
	X(cairo_image_surface_get_height) \
	X(cairo_image_surface_get_stride) \
	X(cairo_image_surface_get_width) \
	X(cairo_line_to) \
	X(cairo_move_to) \
	X(cairo_paint) \
	X(cairo_pattern_add_color_stop_rgb) \
	X(cairo_pattern_create_linear) \
	X(cairo_pattern_destroy) \
	X(cairo_rectangle) \
	X(cairo_restore) \
	X(cairo_save) \
	X(cairo_scale) \
	X(cairo_set_dash) \
	X(cairo_set_font_face) \
	X(cairo_set_font_options) \
	X(cairo_set_font_size) \
	X(cairo_set_line_width) \
	X(cairo_set_source) \
	X(cairo_set_source_rgb) \
	X(cairo_set_source_rgba) \
	X(cairo_show_text) \
	X(cairo_status) \
	X(cairo_status_to_string) \
	X(cairo_stroke) \
	X(cairo_surface_destroy) \
	X(cairo_surface_flush) \
	X(cairo_surface_status) \
	X(cairo_text_extents) \
	X(cairo_toy_font_face_create)
#define FK_CAIROLIB_FC(X) \
	X(FcConfigSubstitute) \
	X(FcDefaultSubstitute) \
	X(FcFontMatch) \
	X(FcNameParse) \
	X(FcPatternDestroy) \
	X(FcPatternDuplicate) \
	X(FcPatternGetString) \
	X(FcStrCmpIgnoreCase)

struct fk_cairolib {
#define FK_CAIROLIB_SLOT(f) __typeof__(f) *f;
	FK_CAIROLIB_CAIRO(FK_CAIROLIB_SLOT)
	FK_CAIROLIB_FC(FK_CAIROLIB_SLOT)
#undef FK_CAIROLIB_SLOT
};

/*
 * The functions, loaded once per process (thread-safe).  @return them, or
 * NULL with fk_error set ("PNG output needs cairo ...").
 */
const struct fk_cairolib *fk_cairolib_get(void);
/* After fk_cairolib_get() returned them: the loaded functions. */
extern struct fk_cairolib fk__cairolib;
#define FK_CAIRO(f) (fk__cairolib.f)

#endif
