#include "render/png.h"
#include "render/cairolib.h"
#include "core/error.h"
#include "render/legend.h"
#include "render/text.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#define FALLBACK_FONT "DejaVu Sans"

/* Colours. */

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

static const struct {
	const char *name;
	struct fk_rgb c;
} color_names[] = {
	{"black", {0, 0, 0}}, {"white", {255, 255, 255}},
	{"gray", {128, 128, 128}}, {"grey", {128, 128, 128}},
	{"silver", {192, 192, 192}}, {"red", {255, 0, 0}},
	{"maroon", {128, 0, 0}}, {"green", {0, 128, 0}},
	{"lime", {0, 255, 0}}, {"blue", {0, 0, 255}},
	{"navy", {0, 0, 128}}, {"yellow", {255, 255, 0}},
	{"orange", {255, 165, 0}}, {"purple", {128, 0, 128}},
	{"magenta", {255, 0, 255}}, {"fuchsia", {255, 0, 255}},
	{"cyan", {0, 255, 255}}, {"aqua", {0, 255, 255}},
	{"teal", {0, 128, 128}}, {"olive", {128, 128, 0}},
};

int
fk_png_parse_color(const char *s, struct fk_rgb *out)
{
	while (fk_is_space(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && fk_is_space(s[n - 1]))
		n--;
	if (n > 0 && s[0] == '#') {
		int v[6];
		if (n != 4 && n != 7)
			return -1;
		for (size_t i = 1; i < n; i++)
			if ((v[i - 1] = hexval((unsigned char)s[i])) < 0)
				return -1;
		if (n == 4) {
			out->r = (uint8_t)(v[0] * 17);
			out->g = (uint8_t)(v[1] * 17);
			out->b = (uint8_t)(v[2] * 17);
		} else {
			out->r = (uint8_t)(v[0] * 16 + v[1]);
			out->g = (uint8_t)(v[2] * 16 + v[3]);
			out->b = (uint8_t)(v[4] * 16 + v[5]);
		}
		return 0;
	}
	if (n > 4 && strncasecmp(s, "rgb(", 4) == 0 && s[n - 1] == ')') {
		long v[3];
		const char *p = s + 4;
		for (int i = 0; i < 3; i++) {
			char *end;
			while (*p == ' ')
				p++;
			if (!fk_is_digit(*p))
				return -1;
			errno = 0;
			v[i] = strtol(p, &end, 10);
			if (errno || v[i] > 255)
				return -1;
			p = end;
			while (*p == ' ')
				p++;
			if (*p != (i < 2 ? ',' : ')'))
				return -1;
			p++;
		}
		if (p != s + n)
			return -1;
		out->r = (uint8_t)v[0];
		out->g = (uint8_t)v[1];
		out->b = (uint8_t)v[2];
		return 0;
	}
	for (size_t i = 0; i < sizeof(color_names) / sizeof(color_names[0]); i++)
		if (strlen(color_names[i].name) == n &&
		    strncasecmp(s, color_names[i].name, n) == 0) {
			*out = color_names[i].c;
			return 0;
		}
	return -1;
}

static void
set_rgb(cairo_t *cr, struct fk_rgb c)
{
	FK_CAIRO(cairo_set_source_rgb)(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0);
}

static int
option_color(const char *what, const char *s, struct fk_rgb *out)
{
	if (fk_png_parse_color(s, out) < 0)
		return fk_error_code(FK_ERR_USAGE,
		    "cannot draw %s '%s' in a PNG (rgb(R,G,B), #rrggbb or a colour name)",
		    what, s);
	return 0;
}

/* Fonts. */

static int
generic_family(const FcChar8 *f)
{
	static const char *const g[] = {"sans-serif", "sans", "serif", "monospace",
	    "mono", "system-ui", "cursive", "fantasy"};
	for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		if (FK_CAIRO(FcStrCmpIgnoreCase)(f, (const FcChar8 *)g[i]) == 0)
			return 1;
	return 0;
}

/* The best installed match for family, or NULL when fontconfig substitutes another family. */
static FcPattern *
match_family(const char *family, int exact)
{
	FcPattern *want = FK_CAIRO(FcNameParse)((const FcChar8 *)family);
	if (!want)
		return NULL;
	FcPattern *p = FK_CAIRO(FcPatternDuplicate)(want);
	FK_CAIRO(FcConfigSubstitute)(NULL, p, FcMatchPattern);
	FK_CAIRO(FcDefaultSubstitute)(p);
	FcResult r;
	FcPattern *m = FK_CAIRO(FcFontMatch)(NULL, p, &r);
	FK_CAIRO(FcPatternDestroy)(p);
	if (m && exact) {
		/* Accept the match when it is one of the families asked for. */
		int ok = 0;
		FcChar8 *w, *got;
		for (int i = 0; !ok && FK_CAIRO(FcPatternGetString)(want, FC_FAMILY, i, &w) == FcResultMatch; i++) {
			if (generic_family(w))
				ok = 1;
			for (int j = 0; !ok && FK_CAIRO(FcPatternGetString)(m, FC_FAMILY, j, &got) == FcResultMatch; j++)
				ok = FK_CAIRO(FcStrCmpIgnoreCase)(w, got) == 0;
		}
		if (!ok) {
			FK_CAIRO(FcPatternDestroy)(m);
			m = NULL;
		}
	}
	FK_CAIRO(FcPatternDestroy)(want);
	return m;
}

/* The requested font when fontconfig has it, else DejaVu Sans (else whatever it offers). */
static cairo_font_face_t *
font_face(const char *fonttype)
{
	FcPattern *m = NULL;
	if (fonttype && *fonttype)
		m = match_family(fonttype, 1);
	if (!m)
		m = match_family(FALLBACK_FONT, 0);
	if (!m)
		return FK_CAIRO(cairo_toy_font_face_create)(FALLBACK_FONT, CAIRO_FONT_SLANT_NORMAL,
		    CAIRO_FONT_WEIGHT_NORMAL);
	cairo_font_face_t *f = FK_CAIRO(cairo_ft_font_face_create_for_pattern)(m);
	FK_CAIRO(FcPatternDestroy)(m);
	return f;
}

/* Text. */

struct scratch {
	char *p;
	size_t cap;
};

static char *
scratch_need(struct scratch *s, size_t n)
{
	if (n > s->cap) {
		s->cap = n < 256 ? 256 : n;
		s->p = fk_xrealloc(s->p, s->cap);
	}
	return s->p;
}

/* Cleaned (valid UTF-8, no controls) and NUL-terminated copy of s[0..n). */
static char *
clean_text(struct scratch *s, const char *t, size_t n)
{
	char *p = scratch_need(s, 3 * n + 3);
	p[fk_text_clean(t, n, p)] = '\0';
	return p;
}

/* The SVG's round_fixed(v, 1): what its "%.1f" coordinates read back as. */
static double
round1(double v)
{
	char tmp[64];
	fk_text_fixed(tmp, v, 1);
	return strtod(tmp, NULL);
}

/* Extent of text to the right of its origin: the larger of advance and ink. */
static double
text_right(cairo_t *cr, const char *t)
{
	cairo_text_extents_t e;
	FK_CAIRO(cairo_text_extents)(cr, t, &e);
	double ink = e.width > 0 ? e.x_bearing + e.width : 0;
	return e.x_advance > ink ? e.x_advance : ink;
}

struct ctx {
	cairo_t *cr;
	const struct fk_layout *l;
	const struct fk_draw_style *o;
	struct fk_colorer *c;
	struct scratch name, label;
	double dots;            /* width of ".." */
	int stroke;
	struct fk_rgb stroke_rgb;
};

/* "prefix of k characters" + ".." into the label scratch. */
static const char *
cut_label(struct ctx *x, const char *name, size_t n, size_t k)
{
	size_t b = fk_text_utf8_prefix(name, n, k);
	char *p = scratch_need(&x->label, b + 3);
	memcpy(p, name, b);
	memcpy(p + b, "..", 3);
	return p;
}

/*
 * The SVG's label for a frame (as many characters as fontwidth says fit,
 * ".." when cut), cut further until its glyphs end inside the frame.
 * @return the text, or NULL for none.
 */
static const char *
label(struct ctx *x, const struct fk_frame *f, double room)
{
	const struct fk_draw_style *o = x->o;
	double chars = fk_text_fit(room, o->fontsize, o->fontwidth);
	if (!(chars >= 3) || f->depth == 0)
		return NULL;
	char *name = clean_text(&x->name, f->name, f->len);
	size_t n = fk_palette_strip_annotation(name, strlen(name));
	name[n] = '\0';
	size_t nchars = fk_text_utf8_count(name, n);
	/* Room for the glyphs: from x1 + 3 to 1 pixel before the frame's end. */
	double fit = room - 4;
	size_t k;
	if (chars >= (double)nchars) {
		if (text_right(x->cr, name) <= fit)
			return name;
		k = nchars;         /* the whole name does not fit: cut */
	} else {
		k = (size_t)chars - 2;
		const char *t = cut_label(x, name, n, k);
		if (text_right(x->cr, t) <= fit)
			return t;
	}
	if (x->dots > fit)
		return NULL;
	/* The longest prefix (fewer than k characters) whose cut label fits. */
	size_t lo = 0, hi = k;   /* prefix lo fits (0: none), prefix hi does not */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (text_right(x->cr, cut_label(x, name, n, mid)) <= fit)
			lo = mid;
		else
			hi = mid;
	}
	return lo ? cut_label(x, name, n, lo) : NULL;
}

/*
 * An SVG <rect> with rx = ry = 2, each clamped to half its side as SVG
 * does.  The corners are the one-Bezier quarter ellipses FK_CAIRO(cairo_arc)() and
 * librsvg draw (control points at k = 4/3 (sqrt 2 - 1) of the radius),
 * without their trigonometry: this is the PNG's hot path.
 */
static void
round_rect(cairo_t *cr, double x, double y, double w, double h)
{
	const double k = 0.5522847498307936;
	double rx = 2 > w / 2 ? w / 2 : 2, ry = 2 > h / 2 ? h / 2 : 2;
	double kx = k * rx, ky = k * ry, r = x + w, b = y + h;
	FK_CAIRO(cairo_move_to)(cr, r - rx, y);
	FK_CAIRO(cairo_curve_to)(cr, r - rx + kx, y, r, y + ry - ky, r, y + ry);
	FK_CAIRO(cairo_line_to)(cr, r, b - ry);
	FK_CAIRO(cairo_curve_to)(cr, r, b - ry + ky, r - rx + kx, b, r - rx, b);
	FK_CAIRO(cairo_line_to)(cr, x + rx, b);
	FK_CAIRO(cairo_curve_to)(cr, x + rx - kx, b, x, b - ry + ky, x, b - ry);
	FK_CAIRO(cairo_line_to)(cr, x, y + ry);
	FK_CAIRO(cairo_curve_to)(cr, x, y + ry - ky, x + rx - kx, y, x + rx, y);
	FK_CAIRO(cairo_close_path)(cr);
}

/* Stroke the current path as an outline of kind o (style.h); clears the path. */
static void
outline(cairo_t *cr, enum fk_outline o)
{
	static const double dash[] = { 3, 2 };
	FK_CAIRO(cairo_save)(cr);
	if (o == FK_OUTLINE_THIN) {
		FK_CAIRO(cairo_set_source_rgba)(cr, 0, 0, 0, FK_DRAW_THIN_OPACITY);
		FK_CAIRO(cairo_set_line_width)(cr, FK_DRAW_THIN_WIDTH);
	} else {
		FK_CAIRO(cairo_set_source_rgb)(cr, 0, 0, 0);
		FK_CAIRO(cairo_set_line_width)(cr, 1);
		if (o == FK_OUTLINE_DASHED)
			FK_CAIRO(cairo_set_dash)(cr, dash, 2, 0);
	}
	FK_CAIRO(cairo_stroke)(cr);
	FK_CAIRO(cairo_restore)(cr);
}

static void
draw_frame(struct ctx *x, const struct fk_frame *f)
{
	cairo_t *cr = x->cr;
	double x1, x2, y1, y2;
	fk_layout_box(x->l, f, &x1, &x2, &y1, &y2);
	struct fk_rgb col = fk_colorer_frame(x->c, x->l, f);
	/* The SVG's numbers: x and width to 0.1, y as is, height to 0.1. */
	double rx1 = round1(x1);
	double w = round1(round1(x2) - rx1), h = round1(y2 - y1);
	if (w > 0 && h > 0) {
		round_rect(cr, rx1, y1, w, h);
		set_rgb(cr, col);
		if (f->mark) {
			/*
			 * As the SVG's stylesheet: new frames get a solid outline,
			 * gone ones a dashed one, narrow ones only a thin one (style.h).
			 */
			FK_CAIRO(cairo_fill_preserve)(cr);
			outline(cr, fk_draw_outline(f->mark, w));
		} else if (x->stroke) {
			FK_CAIRO(cairo_fill_preserve)(cr);
			set_rgb(cr, x->stroke_rgb);
			FK_CAIRO(cairo_stroke)(cr);
		} else {
			FK_CAIRO(cairo_fill)(cr);
		}
	}
	const char *t = label(x, f, x2 - x1);
	if (t) {
		set_rgb(cr, fk_draw_label_color(col));
		FK_CAIRO(cairo_move_to)(cr, x1 + 3, 3 + (y1 + y2) / 2);
		FK_CAIRO(cairo_show_text)(cr, t);
	}
}

/* The legend (legend.h): swatches as the SVG draws them, texts in the UI colour. */
static void
draw_legend(cairo_t *cr, struct scratch *s, const struct fk_legend *lg, struct fk_rgb ui)
{
	for (size_t i = 0; i < lg->n; i++) {
		const struct fk_legend_item *it = &lg->items[i];
		if (it->swatch) {
			round_rect(cr, it->x, it->y, lg->swatch, lg->swatch);
			set_rgb(cr, it->fill);
			FK_CAIRO(cairo_fill_preserve)(cr);
			if (it->outline == FK_OUTLINE_SOLID || it->outline == FK_OUTLINE_DASHED) {
				outline(cr, it->outline);
			} else {
				FK_CAIRO(cairo_save)(cr);
				FK_CAIRO(cairo_set_source_rgb)(cr, 128 / 255.0, 128 / 255.0, 128 / 255.0);
				FK_CAIRO(cairo_set_line_width)(cr, 0.5);
				FK_CAIRO(cairo_stroke)(cr);
				FK_CAIRO(cairo_restore)(cr);
			}
		}
		set_rgb(cr, ui);
		FK_CAIRO(cairo_move_to)(cr, it->text_x, it->text_y);
		FK_CAIRO(cairo_show_text)(cr, clean_text(s, it->text, strlen(it->text)));
	}
}

/* Title and subtitle: centred at floor(width / 2), as text-anchor:middle. */
static void
draw_centered(cairo_t *cr, struct scratch *s, const char *text, double cx, double y)
{
	char *t = clean_text(s, text, strlen(text));
	cairo_text_extents_t e;
	FK_CAIRO(cairo_text_extents)(cr, t, &e);
	FK_CAIRO(cairo_move_to)(cr, cx - e.x_advance / 2, y);
	FK_CAIRO(cairo_show_text)(cr, t);
}

/* PNG encoding: zlib at a fast level, filter None (flat runs compress well). */

#define PNG_LEVEL 3

static void
put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static int
put_chunk(FILE *fp, const char *type, const unsigned char *data, size_t n)
{
	unsigned char head[8], tail[4];
	put_be32(head, (uint32_t)n);
	memcpy(head + 4, type, 4);
	uLong crc = crc32(0, head + 4, 4);
	if (n)
		crc = crc32(crc, data, (uInt)n);
	put_be32(tail, (uint32_t)crc);
	if (fwrite(head, 1, 8, fp) != 8 || (n && fwrite(data, 1, n, fp) != n) ||
	    fwrite(tail, 1, 4, fp) != 4)
		return -1;
	return 0;
}

/*
 * Write the RGB24 image s as an 8-bit RGB, non-interlaced PNG, one row
 * at a time.  @return 0, or -1 (recorded).
 */
static int
write_png(cairo_surface_t *s, FILE *fp)
{
	int w = FK_CAIRO(cairo_image_surface_get_width)(s), h = FK_CAIRO(cairo_image_surface_get_height)(s);
	int stride = FK_CAIRO(cairo_image_surface_get_stride)(s);
	const unsigned char *px = FK_CAIRO(cairo_image_surface_get_data)(s);
	unsigned char ihdr[13];
	put_be32(ihdr, (uint32_t)w);
	put_be32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;      /* bits per channel */
	ihdr[9] = 2;      /* RGB */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	errno = 0;
	if (fwrite("\x89PNG\r\n\x1a\n", 1, 8, fp) != 8 || put_chunk(fp, "IHDR", ihdr, 13) < 0)
		return fk_error_errno(errno ? errno : EIO, "cannot write", "PNG");

	z_stream z;
	memset(&z, 0, sizeof(z));
	if (deflateInit(&z, PNG_LEVEL) != Z_OK)
		return fk_error_code(FK_ERR_NOMEM, "cannot start the PNG compressor");
	size_t rowlen = 1 + 3 * (size_t)w, outcap = 1 << 17;
	unsigned char *row = fk_xmalloc(rowlen), *obuf = fk_xmalloc(outcap);
	int rc = 0;
	z.next_out = obuf;
	z.avail_out = (uInt)outcap;
	for (int y = 0; y <= h && rc == 0; y++) {
		int flush = Z_NO_FLUSH;
		if (y < h) {
			const uint32_t *src = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
			unsigned char *d = row;
			*d++ = 0;   /* filter None */
			for (int x = 0; x < w; x++) {
				uint32_t v = src[x];
				*d++ = (unsigned char)(v >> 16);
				*d++ = (unsigned char)(v >> 8);
				*d++ = (unsigned char)v;
			}
			z.next_in = row;
			z.avail_in = (uInt)rowlen;
		} else {
			flush = Z_FINISH;
		}
		for (;;) {
			int zr = deflate(&z, flush);
			if (zr == Z_STREAM_ERROR) {
				rc = fk_error_code(FK_ERR_NOMEM, "cannot compress the PNG");
				break;
			}
			if (z.avail_out == 0 || (zr == Z_STREAM_END && z.avail_out < outcap)) {
				if (put_chunk(fp, "IDAT", obuf, outcap - z.avail_out) < 0) {
					rc = fk_error_errno(errno ? errno : EIO, "cannot write", "PNG");
					break;
				}
				z.next_out = obuf;
				z.avail_out = (uInt)outcap;
			}
			if (zr == Z_STREAM_END || (flush == Z_NO_FLUSH && z.avail_in == 0 &&
			    z.avail_out > 0))
				break;
		}
	}
	deflateEnd(&z);
	free(row);
	free(obuf);
	if (rc == 0 && put_chunk(fp, "IEND", NULL, 0) < 0)
		rc = fk_error_errno(errno ? errno : EIO, "cannot write", "PNG");
	return rc;
}

static struct fk_rgb
hex_rgb(const char *s)
{
	struct fk_rgb c = {0, 0, 0};
	fk_png_parse_color(s, &c);
	return c;
}

int
fk_png_write(FILE *out, const struct fk_layout *l, const struct fk_draw_style *o,
    double scale, struct fk_colorer *c)
{
	if (!(scale >= FK_PNG_SCALE_MIN && scale <= FK_PNG_SCALE_MAX))
		return fk_error_code(FK_ERR_USAGE, "invalid scale %g", scale);
	if (fk_cairolib_get() == NULL)
		return -1;
	char bg1[8], bg2[8];
	if (fk_draw_background(o, c->palette, bg1, bg2) < 0)
		return -1;
	struct fk_rgb ui = {0, 0, 0};
	if (o->dark)
		ui = (struct fk_rgb){220, 220, 220};
	if (o->uicolor && option_color("--uicolor", o->uicolor, &ui) < 0)
		return -1;
	struct ctx x = {.l = l, .o = o, .c = c};
	if (o->stroke_color) {
		if (option_color("--stroke-color", o->stroke_color, &x.stroke_rgb) < 0)
			return -1;
		x.stroke = 1;
	}

	struct fk_legend lg;
	fk_legend_build(&lg, l, c, o);
	/* The legend takes a band below the graph; the frames keep their places. */
	double W = l->image_width, H = l->image_height + lg.height;
	double pw = ceil(W * scale - 1e-9), ph = ceil(H * scale - 1e-9);
	if (pw > FK_PNG_MAX_SIDE || ph > FK_PNG_MAX_SIDE)
		return fk_error_code(FK_ERR_INPUT,
		    "image too large for PNG: %.0f x %.0f pixels (at most %d a side); "
		    "use a smaller --width, --height or --scale, or --minwidth to drop "
		    "deep narrow stacks", pw, ph, FK_PNG_MAX_SIDE);
	if (pw < 1)
		pw = 1;
	if (ph < 1)
		ph = 1;

	cairo_surface_t *s = FK_CAIRO(cairo_image_surface_create)(CAIRO_FORMAT_RGB24, (int)pw, (int)ph);
	if (FK_CAIRO(cairo_surface_status)(s) != CAIRO_STATUS_SUCCESS) {
		FK_CAIRO(cairo_surface_destroy)(s);
		return fk_error_code(FK_ERR_NOMEM, "cannot create a %.0f x %.0f image", pw, ph);
	}
	cairo_t *cr = FK_CAIRO(cairo_create)(s);
	x.cr = cr;
	FK_CAIRO(cairo_scale)(cr, scale, scale);

	/* The background: the SVG's gradient over a W x H rect (width to 0.1). */
	cairo_pattern_t *g = FK_CAIRO(cairo_pattern_create_linear)(0, 0, 0, round1(H));
	struct fk_rgb c1 = hex_rgb(bg1), c2 = hex_rgb(bg2);
	FK_CAIRO(cairo_pattern_add_color_stop_rgb)(g, 0.05, c1.r / 255.0, c1.g / 255.0, c1.b / 255.0);
	FK_CAIRO(cairo_pattern_add_color_stop_rgb)(g, 0.95, c2.r / 255.0, c2.g / 255.0, c2.b / 255.0);
	FK_CAIRO(cairo_set_source_rgb)(cr, 0, 0, 0);
	FK_CAIRO(cairo_paint)(cr);
	FK_CAIRO(cairo_rectangle)(cr, 0, 0, round1(W), round1(H));
	FK_CAIRO(cairo_set_source)(cr, g);
	FK_CAIRO(cairo_fill)(cr);
	FK_CAIRO(cairo_pattern_destroy)(g);

	/* Text: grey antialiasing, unhinted metrics so widths scale with --scale. */
	cairo_font_face_t *face = font_face(o->fonttype);
	FK_CAIRO(cairo_set_font_face)(cr, face);
	cairo_font_options_t *fo = FK_CAIRO(cairo_font_options_create)();
	FK_CAIRO(cairo_font_options_set_antialias)(fo, CAIRO_ANTIALIAS_GRAY);
	FK_CAIRO(cairo_font_options_set_hint_metrics)(fo, CAIRO_HINT_METRICS_OFF);
	FK_CAIRO(cairo_set_font_options)(cr, fo);
	FK_CAIRO(cairo_font_options_destroy)(fo);

	struct scratch tmp = {0};
	const char *title = o->title;
	if (!title || !*title)
		title = o->flamechart ? "Flame Chart" : l->inverted ? "Icicle Graph" : "Flame Graph";
	set_rgb(cr, ui);
	FK_CAIRO(cairo_set_font_size)(cr, o->fontsize + 5);
	draw_centered(cr, &tmp, title, floor(W / 2), o->fontsize * 2);
	FK_CAIRO(cairo_set_font_size)(cr, o->fontsize);
	if (o->subtitle && *o->subtitle)
		draw_centered(cr, &tmp, o->subtitle, floor(W / 2), o->fontsize * 4);
	draw_legend(cr, &tmp, &lg, ui);
	free(tmp.p);

	/* The frames, in the SVG's order (later ones paint over earlier ones). */
	x.dots = text_right(cr, "..");
	if (x.stroke)
		FK_CAIRO(cairo_set_line_width)(cr, 0.5);
	for (size_t i = 0; i < l->n; i++)
		draw_frame(&x, &l->frames[i]);
	free(x.name.p);
	free(x.label.p);

	cairo_status_t st = FK_CAIRO(cairo_status)(cr);
	FK_CAIRO(cairo_destroy)(cr);
	FK_CAIRO(cairo_font_face_destroy)(face);
	int rc = 0;
	if (st != CAIRO_STATUS_SUCCESS) {
		rc = fk_error_code(FK_ERR_NOMEM, "cannot draw the PNG: %s",
		    FK_CAIRO(cairo_status_to_string)(st));
	} else {
		FK_CAIRO(cairo_surface_flush)(s);
		rc = write_png(s, out);
		if (rc == 0 && ferror(out))
			rc = fk_error_errno(errno ? errno : EIO, "cannot write", "PNG");
	}
	FK_CAIRO(cairo_surface_destroy)(s);
	return rc;
}

/*
 * LeakSanitizer: fontconfig 2.14 loses a few hundred bytes while it parses
 * its configuration (FcInitLoadConfigAndFonts), once per process.  Not
 * ours to free; without these hooks every ASan run of a PNG would fail.
 * LSan reads them at start-up; other builds never call them.
 */
const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

/* ... and says nothing about it, so stderr stays clean for the golden tests. */
const char *__lsan_default_options(void);
const char *
__lsan_default_options(void)
{
	return "print_suppressions=0";
}
