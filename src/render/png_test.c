#include <criterion/criterion.h>

#include <cairo.h>
#include <math.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "render/layout.h"
#include "core/folded.h"
#include "render/legend.h"
#include "render/png.h"
#include "render/style.h"

/* Lay out a few stacks the way flame-graph does. */
static void
build(struct fk_stacks *st, struct fk_layout *l, const char *const *lines, size_t n)
{
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	fk_stacks_init(st, &lo);
	st->ncols = 1;
	for (size_t i = 0; i < n; i++) {
		const char *sp = strrchr(lines[i], ' ');
		struct fk_num c;
		cr_assert_eq(fk_num_parse(sp + 1, strlen(sp + 1), &c), 0);
		cr_assert_eq(fk_stacks_add(st, lines[i], (size_t)(sp - lines[i]), &c), 0);
	}
	cr_assert_eq(fk_layout_build_stacks(l, &lo, st), 0, "%s", fk_error_msg());
}

static const char *const demo[] = {
	"main;work;compute 60",
	"main;work;io 20",
	"main;idle 20",
};

/* Render to memory; returns the bytes (caller frees). */
static unsigned char *
render(const struct fk_layout *l, double scale, const struct fk_draw_style *so,
    size_t *len, int *rc)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);
	cr_assert(fp);
	struct fk_colorer c;
	fk_colorer_init(&c, FK_PAL_HOT);
	*rc = fk_png_write(fp, l, so, scale, &c);
	fclose(fp);
	return (unsigned char *)buf;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
check_header(const unsigned char *p, size_t n, uint32_t w, uint32_t h)
{
	cr_assert_gt(n, 33u);
	cr_assert_eq(memcmp(p, "\x89PNG\r\n\x1a\n", 8), 0, "PNG signature");
	cr_assert_eq(memcmp(p + 12, "IHDR", 4), 0);
	cr_assert_eq(be32(p + 16), w, "width %u, want %u", be32(p + 16), w);
	cr_assert_eq(be32(p + 20), h, "height %u, want %u", be32(p + 20), h);
	cr_assert_eq(p[24], 8, "bit depth");
	cr_assert_eq(p[25], 2, "colour type RGB");
	cr_assert_eq(p[28], 0, "not interlaced");
	cr_assert_eq(memcmp(p + n - 8, "IEND", 4), 0, "ends with IEND");
}

Test(png, header_and_size)
{
	struct fk_stacks st;
	struct fk_layout l;
	build(&st, &l, demo, 3);
	struct fk_draw_style so;
	fk_draw_style_init(&so);
	size_t n;
	int rc;
	unsigned char *p = render(&l, 1, &so, &n, &rc);
	cr_assert_eq(rc, 0, "%s", fk_error_msg());
	/* 1200 wide; 4 levels of 16 plus the paddings (36 above, 34 below). */
	cr_assert_eq(l.image_width, 1200);
	check_header(p, n, 1200, (uint32_t)l.image_height);
	cr_assert_eq(l.image_height, 4 * 16 + 36 + 34);
	free(p);
	fk_layout_release(&l);
	fk_stacks_release(&st);
}

Test(png, scale_multiplies_the_size)
{
	struct fk_stacks st;
	struct fk_layout l;
	build(&st, &l, demo, 3);
	struct fk_draw_style so;
	fk_draw_style_init(&so);
	size_t n;
	int rc;
	unsigned char *p = render(&l, 2, &so, &n, &rc);
	cr_assert_eq(rc, 0, "%s", fk_error_msg());
	check_header(p, n, 2400, 2 * (uint32_t)l.image_height);
	free(p);
	p = render(&l, 1.5, &so, &n, &rc);
	cr_assert_eq(rc, 0);
	check_header(p, n, 1800, (uint32_t)(1.5 * l.image_height + 0.999));
	free(p);
	fk_layout_release(&l);
	fk_stacks_release(&st);
}

Test(png, rejects_bad_scale_and_colours)
{
	struct fk_stacks st;
	struct fk_layout l;
	build(&st, &l, demo, 3);
	struct fk_draw_style so;
	fk_draw_style_init(&so);
	size_t n;
	int rc;
	unsigned char *p = render(&l, 0, &so, &n, &rc);
	cr_assert_eq(rc, -1);
	cr_assert_eq(fk_error_last(), FK_ERR_USAGE);
	fk_error_clear();
	free(p);
	p = render(&l, 100, &so, &n, &rc);   /* 120000 pixels wide: over cairo's limit */
	cr_assert_eq(rc, -1);
	fk_error_clear();
	free(p);
	so.uicolor = "not-a-colour";
	p = render(&l, 1, &so, &n, &rc);
	cr_assert_eq(rc, -1);
	cr_assert(strstr(fk_error_msg(), "not-a-colour"));
	fk_error_clear();
	free(p);
	fk_layout_release(&l);
	fk_stacks_release(&st);
}

Test(png, parses_css_colours)
{
	struct fk_rgb c;
	cr_assert_eq(fk_png_parse_color("rgb(1,2,3)", &c), 0);
	cr_assert(c.r == 1 && c.g == 2 && c.b == 3);
	cr_assert_eq(fk_png_parse_color(" rgb( 250 , 0,10 ) ", &c), 0);
	cr_assert(c.r == 250 && c.g == 0 && c.b == 10);
	cr_assert_eq(fk_png_parse_color("#a0B1c2", &c), 0);
	cr_assert(c.r == 0xa0 && c.g == 0xb1 && c.b == 0xc2);
	cr_assert_eq(fk_png_parse_color("#fff", &c), 0);
	cr_assert(c.r == 255 && c.g == 255 && c.b == 255);
	cr_assert_eq(fk_png_parse_color("Gray", &c), 0);
	cr_assert(c.r == 128);
	cr_assert_eq(fk_png_parse_color("rgb(256,0,0)", &c), -1);
	cr_assert_eq(fk_png_parse_color("rgb(1,2)", &c), -1);
	cr_assert_eq(fk_png_parse_color("#12345", &c), -1);
	cr_assert_eq(fk_png_parse_color("#12345g", &c), -1);
	cr_assert_eq(fk_png_parse_color("blurple", &c), -1);
}

/* Read a PNG back with cairo (the test's own decoder). */
struct mem {
	const unsigned char *p;
	size_t n, off;
};

static cairo_status_t
mem_read(void *closure, unsigned char *data, unsigned int len)
{
	struct mem *m = closure;
	if (m->off + len > m->n)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, m->p + m->off, len);
	m->off += len;
	return CAIRO_STATUS_SUCCESS;
}

/* Darkest channel of the pixel at (x, y). */
static int
darkest(cairo_surface_t *s, int x, int y)
{
	const unsigned char *row = cairo_image_surface_get_data(s) +
	    (size_t)y * (size_t)cairo_image_surface_get_stride(s);
	uint32_t px;
	memcpy(&px, row + 4 * x, 4);
	int r = (px >> 16) & 255, g = (px >> 8) & 255, b = px & 255;
	int m = r < g ? r : g;
	return m < b ? m : b;
}

/* Brightest channel of the pixel at (x, y). */
static int
brightest(cairo_surface_t *s, int x, int y)
{
	const unsigned char *row = cairo_image_surface_get_data(s) +
	    (size_t)y * (size_t)cairo_image_surface_get_stride(s);
	uint32_t px;
	memcpy(&px, row + 4 * x, 4);
	int r = (px >> 16) & 255, g = (px >> 8) & 255, b = px & 255;
	int m = r > g ? r : g;
	return m > b ? m : b;
}

Test(png, labels_end_inside_their_frames)
{
	/* "w" is far wider than --fontwidth 0.59 says: the SVG's cut overruns. */
	static const char *const lines[] = {
		"main;b 900",
		"main;wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww 100",
	};
	struct fk_stacks st;
	struct fk_layout l;
	build(&st, &l, lines, 2);
	struct fk_draw_style so;
	fk_draw_style_init(&so);
	size_t n;
	int rc;
	unsigned char *p = render(&l, 1, &so, &n, &rc);
	cr_assert_eq(rc, 0);
	struct mem m = {p, n, 0};
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(mem_read, &m);
	cr_assert_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_flush(s);

	const struct fk_frame *f = &l.frames[l.n - 1];
	cr_assert_eq(f->name[0], 'w');
	double x1, x2, y1, y2;
	fk_layout_box(&l, f, &x1, &x2, &y1, &y2);
	cr_assert_lt(x2, 1195);
	int dark_inside = 0, dark_outside = 0;
	for (int y = (int)y1; y < (int)y2; y++) {
		for (int x = (int)x1 + 3; x < (int)x2 - 1; x++)
			dark_inside += darkest(s, x, y) < 100;
		for (int x = (int)ceil(x2); x < cairo_image_surface_get_width(s); x++)
			dark_outside += darkest(s, x, y) < 150;
	}
	cr_assert_gt(dark_inside, 20, "the label is drawn");
	cr_assert_eq(dark_outside, 0, "%d dark pixels right of the frame", dark_outside);
	cairo_surface_destroy(s);
	free(p);
	fk_layout_release(&l);
	fk_stacks_release(&st);
}

static unsigned char *
render_font(const struct fk_layout *l, const char *font, size_t *n)
{
	struct fk_draw_style so;
	fk_draw_style_init(&so);
	so.fonttype = font;
	int rc;
	unsigned char *p = render(l, 1, &so, n, &rc);
	cr_assert_eq(rc, 0);
	return p;
}

Test(png, font_falls_back_to_dejavu_sans)
{
	struct fk_stacks st;
	struct fk_layout l;
	build(&st, &l, demo, 3);
	size_t n1, n2, n3;
	unsigned char *sans = render_font(&l, "DejaVu Sans", &n1);
	unsigned char *none = render_font(&l, "No Such Font Family 4711", &n2);
	unsigned char *serif = render_font(&l, "DejaVu Serif", &n3);
	cr_assert(n1 == n2 && memcmp(sans, none, n1) == 0,
	    "an unknown family is drawn in DejaVu Sans");
	cr_assert(n1 != n3 || memcmp(sans, serif, n1) != 0,
	    "an installed family is used");
	free(sans);
	free(none);
	free(serif);
	fk_layout_release(&l);
	fk_stacks_release(&st);
}

/* Lay out folded lines of one or two counts with lo. */
static void
build_text(struct fk_stacks *st, struct fk_layout *l, const char *text,
    struct fk_layout_opts *lo)
{
	fk_stacks_init(st, lo);
	char *copy = strdup(text), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t slen;
		struct fk_num c[2];
		const char *why;
		int rounded;
		int n = fk_folded_parse(line, strlen(line), st->ncols, &slen, c, &rounded, &why);
		cr_assert(n > 0);
		st->ncols = n;
		cr_assert_eq(fk_stacks_add(st, line, slen, c), 0);
	}
	free(copy);
	cr_assert_eq(fk_layout_build_stacks(l, lo, st), 0, "%s", fk_error_msg());
}

/* Draw l coloured by c and decode the PNG again. */
static cairo_surface_t *
draw(const struct fk_layout *l, const struct fk_draw_style *so, struct fk_colorer *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	cr_assert(fp);
	cr_assert_eq(fk_png_write(fp, l, so, 1, c), 0, "%s", fk_error_msg());
	fclose(fp);
	struct mem m = {(unsigned char *)buf, len, 0};
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(mem_read, &m);
	cr_assert_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_flush(s);
	free(buf);
	return s;
}

Test(png, narrow_new_frames_do_not_turn_black)
{
	/* 400 new frames about 0.8 px wide in a row, one wide new frame beside them. */
	size_t cap = 1 << 15, n = 0;
	char *in = malloc(cap);
	n += (size_t)snprintf(in + n, cap - n, "main;kept 500 500\nmain;wide 0 500\n");
	for (int i = 0; i < 400; i++)
		n += (size_t)snprintf(in + n, cap - n, "main;kept;n%03d 0 1\n", i);
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	lo.diff_width_max = 1;
	struct fk_stacks st;
	struct fk_layout l;
	build_text(&st, &l, in, &lo);
	struct fk_draw_style so;
	fk_draw_style_init(&so);
	struct fk_colorer c;
	fk_colorer_init(&c, FK_PAL_HOT);
	cairo_surface_t *s = draw(&l, &so, &c);

	double nx1 = 1e9, nx2 = 0, ny = 0, wx1 = 0, wy1 = 0, wy2 = 0;
	for (size_t i = 0; i < l.n; i++) {
		const struct fk_frame *f = &l.frames[i];
		double x1, x2, y1, y2;
		fk_layout_box(&l, f, &x1, &x2, &y1, &y2);
		if (f->mark && f->len == 4 && f->name[0] == 'n') {
			cr_assert_lt(x2 - x1, FK_DRAW_OUTLINE_MIN_WIDTH);
			nx1 = x1 < nx1 ? x1 : nx1;
			nx2 = x2 > nx2 ? x2 : nx2;
			ny = (y1 + y2) / 2;
		} else if (f->mark && f->len == 4) {
			cr_assert_geq(x2 - x1, FK_DRAW_OUTLINE_MIN_WIDTH);
			wx1 = x1;
			wy1 = y1;
			wy2 = y2;
		}
	}
	cr_assert_gt(nx2 - nx1, 300, "the narrow frames span %.0f px", nx2 - nx1);
	/* Across the narrow frames, at mid height: the fill shows, never black. */
	int dark = 0;
	for (int x = (int)nx1 + 2; x < (int)nx2 - 2; x++)
		dark += darkest(s, x, (int)ny) < 60;
	cr_assert_eq(dark, 0, "%d near-black pixels across the narrow new frames", dark);
	/* The wide one keeps its black outline: its left edge is dark all down. */
	int edge = 0;
	for (int y = (int)wy1 + 3; y < (int)wy2 - 3; y++)
		edge += darkest(s, (int)floor(wx1), y) < 60 || darkest(s, (int)floor(wx1) + 1, y) < 60;
	cr_assert_eq(edge, (int)wy2 - 3 - ((int)wy1 + 3), "outline of the wide new frame");
	cairo_surface_destroy(s);
	fk_layout_release(&l);
	fk_stacks_release(&st);
	free(in);
}

/* A pixel of the frame's own box that is light: a white label on a dark fill. */
Test(png, label_turns_white_on_deep_blue)
{
	static const char in[] = "main;shrunk 100 10\nmain;grown 10 100\n";
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	struct fk_stacks st;
	struct fk_layout l;
	build_text(&st, &l, in, &lo);
	struct fk_draw_style so;
	fk_draw_style_init(&so);
	struct fk_colorer c;
	fk_colorer_init(&c, FK_PAL_HOT);
	cairo_surface_t *s = draw(&l, &so, &c);
	const struct fk_frame *f = &l.frames[l.n - 1];
	cr_assert_eq(f->name[0], 's');
	struct fk_rgb fill = fk_colorer_frame(&c, &l, f);
	cr_assert(fill.r == 0 && fill.g == 0 && fill.b == 255);
	double x1, x2, y1, y2;
	fk_layout_box(&l, f, &x1, &x2, &y1, &y2);
	int light = 0, dark = 0;
	for (int y = (int)y1 + 1; y < (int)y2 - 1; y++)
		for (int x = (int)x1 + 3; x < (int)x1 + 60; x++) {
			light += darkest(s, x, y) > 200;
			dark += brightest(s, x, y) < 60;
		}
	cr_assert_gt(light, 20, "a white label on the blue frame");
	cr_assert_eq(dark, 0, "no black label pixels");
	cairo_surface_destroy(s);
	fk_layout_release(&l);
	fk_stacks_release(&st);
}

/*
 * The PNG's label colours are the shared style code's: for every palette
 * and differential shade, the fill fk_colorer_frame() gives and the label
 * fk_draw_label_color() picks meet 4.5:1 (the SVG test checks the same
 * colours as written in the document).
 */
Test(png, shared_label_colours_meet_wcag_aa)
{
	size_t cap = 1 << 15, n = 0;
	char *in = malloc(cap);
	for (int i = -50; i <= 50; i++)
		n += (size_t)snprintf(in + n, cap - n, "main;f%03d;g%d 60 %d\n", i + 50, i, 60 + i);
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	struct fk_stacks st;
	struct fk_layout l;
	build_text(&st, &l, in, &lo);
	struct fk_rgb white = {255, 255, 255};
	int whites = 0;
	for (int scheme = FK_DIFF_RB; scheme <= FK_DIFF_CB; scheme++)
		for (int negate = 0; negate < 2; negate++) {
			struct fk_colorer c;
			fk_colorer_init(&c, FK_PAL_HOT);
			c.diff_palette = (enum fk_diff_palette)scheme;
			c.negate = negate;
			for (size_t i = 0; i < l.n; i++) {
				struct fk_rgb fill = fk_colorer_frame(&c, &l, &l.frames[i]);
				struct fk_rgb ink = fk_draw_label_color(fill);
				cr_assert_geq(fk_draw_contrast(fill, ink), FK_DRAW_MIN_CONTRAST);
				whites += ink.r == white.r && ink.g == white.g;
			}
		}
	cr_assert_gt(whites, 20);
	/* Palettes, with random values over the whole range. */
	for (int p = FK_PAL_HOT; p <= FK_PAL_ORANGE; p++) {
		struct fk_colorer c;
		fk_colorer_init(&c, (enum fk_palette)p);
		c.random = 1;
		for (int i = 0; i < 2000; i++) {
			struct fk_rgb fill = fk_colorer_pick(&c, "x", 1, 0, 0, 0);
			cr_assert_geq(fk_draw_contrast(fill, fk_draw_label_color(fill)), FK_DRAW_MIN_CONTRAST);
		}
	}
	fk_layout_release(&l);
	fk_stacks_release(&st);
	free(in);
}

Test(png, legend_grows_the_image_of_a_differential_graph_only)
{
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	struct fk_stacks st;
	struct fk_layout l;
	build_text(&st, &l, "main;a 10 30\nmain;b 20 10\n", &lo);
	struct fk_draw_style so;
	fk_draw_style_init(&so);
	struct fk_colorer c;
	fk_colorer_init(&c, FK_PAL_HOT);
	struct fk_legend lg;
	fk_legend_build(&lg, &l, &c, &so);
	cairo_surface_t *s = draw(&l, &so, &c);
	cr_assert_eq(cairo_image_surface_get_height(s), (int)ceil(l.image_height + lg.height));
	cr_assert_gt(lg.height, 0);
	/* The grew swatch is drawn in the band, in the scale's red. */
	const struct fk_legend_item *it = &lg.items[0];
	int px = (int)(it->x + lg.swatch / 2), py = (int)(it->y + lg.swatch / 2);
	uint32_t v;
	memcpy(&v, cairo_image_surface_get_data(s) + (size_t)py * (size_t)cairo_image_surface_get_stride(s) + 4 * (size_t)px, 4);
	cr_assert_eq(v & 0xffffff, 0xff0000u, "swatch pixel %06x", v & 0xffffff);
	cairo_surface_destroy(s);
	so.no_legend = 1;
	s = draw(&l, &so, &c);
	cr_assert_eq(cairo_image_surface_get_height(s), (int)ceil(l.image_height));
	cairo_surface_destroy(s);
	fk_layout_release(&l);
	fk_stacks_release(&st);
}
