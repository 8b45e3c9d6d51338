#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/palette.h"

#define S(x) x, strlen(x)

/* Reference values computed with flamegraph.pl's namehash() in Perl. */
Test(palette, namehash_matches_flamegraph_pl)
{
	cr_assert(fabs(fk_palette_namehash(S("main"), 0) - 0.36335138216015961) < 1e-12);
	cr_assert(fabs(fk_palette_namehash(S("main"), 1) - 0.85437446565973207) < 1e-12);
	cr_assert(fabs(fk_palette_namehash(S("libc.so.6`malloc"), 0) - 0.4890282131661442) < 1e-12);
	cr_assert(fabs(fk_palette_namehash(S("libc.so.6`malloc"), 1) - 0.77489629840727015) < 1e-12);
	cr_assert(fabs(fk_palette_namehash(S("do_syscall_64_[k]"), 1) - 0.62220955637883546) < 1e-12);
	/* Characters, not bytes. */
	cr_assert(fabs(fk_palette_namehash(S("\xc3\xbcmlaut"), 0) - 0.71090212469522818) < 1e-12);
	cr_assert(fabs(fk_palette_namehash(S("\xc3\xbcmlaut"), 1) - 0.62344447610905296) < 1e-12);
	cr_assert_eq(fk_palette_namehash("", 0, 0), 1.0);
}

Test(palette, default_colour_is_the_hash_colour)
{
	struct fk_colorer c;
	fk_colorer_init(&c, FK_PAL_HOT);
	struct fk_rgb a = fk_colorer_pick(&c, S("main"), 0, 0, 0);
	cr_assert(a.r == 247 && a.g == 83 && a.b == 46, "rgb(%d,%d,%d)", a.r, a.g, a.b);
	a = fk_colorer_pick(&c, S("java/lang/Thread.run"), 0, 0, 0);
	cr_assert(a.r == 243 && a.g == 104 && a.b == 41);
	/* The root ("") is rgb(255,230,55), as in every flamegraph.pl --hash graph. */
	a = fk_colorer_pick(&c, "", 0, 0, 0, 0);
	cr_assert(a.r == 255 && a.g == 230 && a.b == 55);
	/* Anagrams differ (the colour is not a sum of characters). */
	struct fk_rgb x = fk_colorer_pick(&c, S("abc"), 0, 0, 0);
	struct fk_rgb y = fk_colorer_pick(&c, S("cba"), 0, 0, 0);
	cr_assert(x.g != y.g || x.r != y.r);
}

Test(palette, gray_for_dashes_and_random_is_reproducible)
{
	struct fk_colorer c, d;
	fk_colorer_init(&c, FK_PAL_JAVA);
	struct fk_rgb g = fk_colorer_pick(&c, S("--"), 0, 0, 0);
	cr_assert(g.r == 160 && g.g == 160 && g.b == 160);
	g = fk_colorer_pick(&c, S("-"), 1, 5, 10);
	cr_assert(g.r == 200 && g.g == 200 && g.b == 200);
	fk_colorer_init(&c, FK_PAL_HOT);
	fk_colorer_init(&d, FK_PAL_HOT);
	c.random = d.random = 1;
	for (int i = 0; i < 10; i++) {
		struct fk_rgb p = fk_colorer_pick(&c, S("f"), 0, 0, 0);
		struct fk_rgb q = fk_colorer_pick(&d, S("f"), 0, 0, 0);
		cr_assert(p.r == q.r && p.g == q.g && p.b == q.b);
	}
}

Test(palette, multi_palettes_pick_by_annotation_and_shape)
{
	cr_assert_eq(fk_palette_resolve(FK_PAL_JAVA, S("foo_[j]")), FK_PAL_GREEN);
	cr_assert_eq(fk_palette_resolve(FK_PAL_JAVA, S("foo_[i]")), FK_PAL_AQUA);
	cr_assert_eq(fk_palette_resolve(FK_PAL_JAVA, S("Ljava/lang/Thread;::run")), FK_PAL_GREEN);
	cr_assert_eq(fk_palette_resolve(FK_PAL_JAVA, S("std::vector")), FK_PAL_YELLOW);
	cr_assert_eq(fk_palette_resolve(FK_PAL_JAVA, S("do_sys_open_[k]")), FK_PAL_ORANGE);
	cr_assert_eq(fk_palette_resolve(FK_PAL_JAVA, S("memcpy")), FK_PAL_RED);
	cr_assert_eq(fk_palette_resolve(FK_PAL_JS, S("LazyCompile:~f /app/x.js:1_[j]")), FK_PAL_GREEN);
	cr_assert_eq(fk_palette_resolve(FK_PAL_JS, S("Builtin:Call_[j]")), FK_PAL_AQUA);
	cr_assert_eq(fk_palette_resolve(FK_PAL_JS, S(" ")), FK_PAL_GREEN);
	cr_assert_eq(fk_palette_resolve(FK_PAL_PERL, S("Perl_pp_entersub")), FK_PAL_GREEN);
	cr_assert_eq(fk_palette_resolve(FK_PAL_PERL, S("Foo::bar")), FK_PAL_YELLOW);
	cr_assert_eq(fk_palette_resolve(FK_PAL_PYTHON, S("/usr/lib/python3/site-packages/x.py:f")), FK_PAL_AQUA);
	cr_assert_eq(fk_palette_resolve(FK_PAL_PYTHON, S("/usr/lib/python3.11/json/decoder.py:f")), FK_PAL_YELLOW);
	cr_assert_eq(fk_palette_resolve(FK_PAL_PYTHON, S("<built-in method time.sleep>")), FK_PAL_YELLOW);
	cr_assert_eq(fk_palette_resolve(FK_PAL_PYTHON, S("app.py:main")), FK_PAL_RED);
	cr_assert_eq(fk_palette_resolve(FK_PAL_RUST, S("core::ptr::drop")), FK_PAL_ORANGE);
	cr_assert_eq(fk_palette_resolve(FK_PAL_RUST, S("libfoo.so`std::io::copy")), FK_PAL_ORANGE);
	cr_assert_eq(fk_palette_resolve(FK_PAL_RUST, S("mycrate::run")), FK_PAL_AQUA);
	cr_assert_eq(fk_palette_resolve(FK_PAL_RUST, S("main")), FK_PAL_YELLOW);
	cr_assert_eq(fk_palette_resolve(FK_PAL_CHAIN, S("waker_[w]")), FK_PAL_AQUA);
	cr_assert_eq(fk_palette_resolve(FK_PAL_CHAIN, S("sleeper")), FK_PAL_BLUE);
	cr_assert_eq(fk_palette_resolve(FK_PAL_WAKEUP, S("x")), FK_PAL_AQUA);
}

Test(palette, names_and_backgrounds)
{
	enum fk_palette p;
	for (int i = 0; i <= FK_PAL_ORANGE; i++) {
		cr_assert_eq(fk_palette_from_name(fk_palette_name((enum fk_palette)i), &p), 0);
		cr_assert_eq((int)p, i);
	}
	cr_assert_eq(fk_palette_from_name("nope", &p), -1);
	char a[8], b[8];
	cr_assert_eq(fk_palette_background(NULL, FK_PAL_MEM, a, b), 0);
	cr_assert_str_eq(b, "#e0ffe0");
	cr_assert_eq(fk_palette_background(NULL, FK_PAL_HOT, a, b), 0);
	cr_assert_str_eq(a, "#eeeeee");
	cr_assert_str_eq(b, "#eeeeb0");
	cr_assert_eq(fk_palette_background("#123abc", FK_PAL_HOT, a, b), 0);
	cr_assert_str_eq(a, "#123abc");
	cr_assert_eq(fk_palette_background("#12", FK_PAL_HOT, a, b), -1);
}

Test(palette, differential_scale)
{
	struct fk_rgb c = fk_palette_diff(5, 10, 0);
	cr_assert(c.r == 255 && c.g == 105 && c.b == 105);
	c = fk_palette_diff(-10, 10, 0);
	cr_assert(c.r == 0 && c.g == 0 && c.b == 255);
	c = fk_palette_diff(-5, 10, 1);
	cr_assert(c.r == 255 && c.g == 105 && c.b == 105);
	c = fk_palette_diff(0, 10, 0);
	cr_assert(c.r == 255 && c.g == 255 && c.b == 255);
	/* Out of range never wraps. */
	c = fk_palette_diff(50, 10, 0);
	cr_assert(c.g == 0);
}

Test(palette, annotations_strip_only_at_the_end)
{
	cr_assert_eq(fk_palette_strip_annotation(S("foo_[k]")), 3);
	cr_assert_eq(fk_palette_strip_annotation(S("foo_[w]")), 3);
	cr_assert_eq(fk_palette_strip_annotation(S("foo_[x]")), 7);
	cr_assert_eq(fk_palette_strip_annotation(S("foo_[k]bar")), 10);
	cr_assert_eq(fk_palette_strip_annotation(S("_[j]")), 0);
}

/*
 * A palette file written with names holding "->" (operator->) or a NUL
 * byte reads back as written: the colour follows the last "->".
 */
Test(palette, map_round_trips_names_with_arrows_and_nul)
{
	static const char nul_name[] = {'a', '\0', 'b'};
	struct fk_palette_map *m = fk_palette_map_new();
	fk_palette_map_put(m, S("std::unique_ptr<T>::operator->"), (struct fk_rgb){1, 2, 3});
	fk_palette_map_put(m, S("a->b->c"), (struct fk_rgb){4, 5, 6});
	fk_palette_map_put(m, nul_name, sizeof(nul_name), (struct fk_rgb){7, 8, 9});
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	cr_assert_eq(fk_palette_map_write(m, out), 0);
	fclose(out);
	fk_palette_map_free(m);

	FILE *in = fmemopen(buf, len, "r");
	m = fk_palette_map_new();
	cr_assert_eq(fk_palette_map_read(m, in, "pal"), 0);
	fclose(in);
	const struct fk_rgb *x = fk_palette_map_get(m, S("std::unique_ptr<T>::operator->"));
	cr_assert(x && x->r == 1 && x->g == 2 && x->b == 3);
	x = fk_palette_map_get(m, S("a->b->c"));
	cr_assert(x && x->r == 4 && x->g == 5 && x->b == 6);
	x = fk_palette_map_get(m, nul_name, sizeof(nul_name));
	cr_assert(x && x->r == 7 && x->g == 8 && x->b == 9);
	cr_assert_null(fk_palette_map_get(m, S("a")));
	fk_palette_map_free(m);
	free(buf);
}

Test(palette, map_reads_writes_sorted_and_is_used)
{
	const char *text = "zeta->rgb(1,2,3)\nalpha->rgb(4,5,6)\ngarbage\n";
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	struct fk_palette_map *m = fk_palette_map_new();
	cr_assert_eq(fk_palette_map_read(m, in, "pal"), 0);
	fclose(in);
	const struct fk_rgb *z = fk_palette_map_get(m, S("zeta"));
	cr_assert(z && z->r == 1 && z->g == 2 && z->b == 3);

	struct fk_colorer c;
	fk_colorer_init(&c, FK_PAL_HOT);
	c.map = m;
	struct fk_rgb got = fk_colorer_pick(&c, S("zeta"), 0, 0, 0);
	cr_assert(got.r == 1 && got.g == 2 && got.b == 3);
	fk_colorer_pick(&c, S("main"), 0, 0, 0);   /* added: rgb(247,83,46) */

	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	cr_assert_eq(fk_palette_map_write(m, out), 0);
	fclose(out);
	cr_assert_str_eq(buf, "alpha->rgb(4,5,6)\nmain->rgb(247,83,46)\nzeta->rgb(1,2,3)\n");
	free(buf);
	fk_palette_map_free(m);
}

Test(palette, diff_palette_names_and_cb_ends)
{
	enum fk_diff_palette p;
	cr_assert_eq(fk_diff_palette_from_name("cb", &p), 0);
	cr_assert_eq(p, FK_DIFF_CB);
	cr_assert_eq(fk_diff_palette_from_name("rb", &p), 0);
	cr_assert_eq(p, FK_DIFF_RB);
	cr_assert_eq(fk_diff_palette_from_name("red", &p), -1);
	struct fk_rgb c = fk_palette_diff_scale(FK_DIFF_CB, 10, 10, 0);
	cr_assert(c.r == 230 && c.g == 159 && c.b == 0);
	c = fk_palette_diff_scale(FK_DIFF_CB, -99, 10, 0);
	cr_assert(c.r == 49 && c.g == 54 && c.b == 149);
	c = fk_palette_diff_scale(FK_DIFF_CB, 10, 10, 1);   /* --negate swaps */
	cr_assert(c.r == 49 && c.g == 54 && c.b == 149);
	c = fk_palette_diff_scale(FK_DIFF_CB, 0, 10, 0);
	cr_assert(c.r == 255 && c.g == 255 && c.b == 255);
	/* A small change is already tinted, as with red/blue. */
	c = fk_palette_diff_scale(FK_DIFF_CB, 0.001, 10, 0);
	cr_assert(c.b < 220 && c.r > c.b);
	/* rb is flamegraph.pl's scale, unchanged. */
	struct fk_rgb a = fk_palette_diff_scale(FK_DIFF_RB, 3, 10, 0), b = fk_palette_diff(3, 10, 0);
	cr_assert(a.r == b.r && a.g == b.g && a.b == b.b);
}

/*
 * Colour-vision deficiency simulation: Machado, Oliveira and Fernandes
 * (2009), "A Physiologically-based Model for Simulation of Color Vision
 * Deficiency", IEEE TVCG 15(6), matrices for severity 1.0, applied to
 * linear sRGB.  Then CIELAB (D65).
 */
static const double protan[3][3] = {
	{0.152286, 1.052583, -0.204868},
	{0.114503, 0.786281, 0.099216},
	{-0.003882, -0.048116, 1.051998},
};
static const double deutan[3][3] = {
	{0.367322, 0.860646, -0.227968},
	{0.280085, 0.672501, 0.047413},
	{-0.011820, 0.042940, 0.968881},
};

static double
srgb_linear(uint8_t v)
{
	double c = v / 255.0;
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double
lab_f(double t)
{
	return t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116;
}

/* CIELAB of c as seen with deficiency m. */
static void
simulate_lab(const double m[3][3], struct fk_rgb c, double lab[3])
{
	double l[3] = {srgb_linear(c.r), srgb_linear(c.g), srgb_linear(c.b)}, s[3];
	for (int i = 0; i < 3; i++) {
		s[i] = m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2];
		s[i] = s[i] < 0 ? 0 : s[i] > 1 ? 1 : s[i];
	}
	double X = 0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2];
	double Y = 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
	double Z = 0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2];
	double fx = lab_f(X / 0.95047), fy = lab_f(Y), fz = lab_f(Z / 1.08883);
	lab[0] = 116 * fy - 16;
	lab[1] = 500 * (fx - fy);
	lab[2] = 200 * (fy - fz);
}

/*
 * The smallest separation of grew and shrank shades of the same size
 * (|delta| from 10% to 100% of the full-colour change), seen by a protanope
 * and a deuteranope: *de is the least CIE76 colour difference (Delta E*ab),
 * *dl the least lightness difference (Delta L*).
 */
static void
cvd_separation(enum fk_diff_palette p, double *de, double *dl)
{
	static const double steps[] = {0.1, 0.25, 0.5, 0.75, 1.0};
	const double (*ms[2])[3] = {protan, deutan};
	*de = *dl = 1e9;
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
			double g[3], s[3];
			simulate_lab(ms[k], fk_palette_diff_scale(p, steps[i], 1, 0), g);
			simulate_lab(ms[k], fk_palette_diff_scale(p, -steps[i], 1, 0), s);
			double e = sqrt((g[0] - s[0]) * (g[0] - s[0]) + (g[1] - s[1]) * (g[1] - s[1]) +
			    (g[2] - s[2]) * (g[2] - s[2]));
			double d = fabs(g[0] - s[0]);
			if (e < *de)
				*de = e;
			if (d < *dl)
				*dl = d;
		}
}

/*
 * Protanopes and deuteranopes keep lightness and the blue-yellow axis.  On
 * small fields (the thin frames of a flame graph) blue-yellow
 * discrimination drops sharply, so lightness is the cue to rely on: cb's
 * grew and shrank shades must differ by at least 7.5 L* (and 30 Delta E) at
 * every step.  Red and blue keep a large Delta E but nearly the same
 * lightness for a protanope (under 1 L* at half scale): they fail the
 * lightness bar, which is what the test is for.
 */
Test(palette, cb_scale_survives_protanopia_and_deuteranopia)
{
	double cb_de, cb_dl, rb_de, rb_dl;
	cvd_separation(FK_DIFF_CB, &cb_de, &cb_dl);
	cvd_separation(FK_DIFF_RB, &rb_de, &rb_dl);
	cr_assert_geq(cb_de, 30, "cb: Delta E %.1f", cb_de);
	cr_assert_geq(cb_dl, 7.5, "cb: Delta L* %.1f", cb_dl);
	cr_assert_lt(rb_dl, 7.5, "rb: Delta L* %.1f passes too", rb_dl);
	cr_assert_gt(cb_dl, 4 * rb_dl, "cb %.1f vs rb %.1f L*", cb_dl, rb_dl);
}
