#include <criterion/criterion.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/error.h"
#include "core/folded.h"
#include "render/legend.h"
#include "render/svg.h"

#define S(x) x, strlen(x)

static char *render_with(const char *text, struct fk_svg_opts *so,
    struct fk_layout_opts *lo, struct fk_colorer *c);

/* Render folded lines to an SVG string (caller frees). */
static char *
render(const char *text, struct fk_svg_opts *so, struct fk_layout_opts *lo)
{
	return render_with(text, so, lo, NULL);
}

/* The same, coloured by c (NULL: the hot palette). */
static char *
render_with(const char *text, struct fk_svg_opts *so, struct fk_layout_opts *lo,
    struct fk_colorer *c)
{
	struct fk_layout_opts ldef;
	struct fk_svg_opts sdef;
	if (!lo) {
		fk_layout_opts_init(&ldef);
		lo = &ldef;
	}
	if (!so) {
		fk_svg_opts_init(&sdef);
		so = &sdef;
	}
	struct fk_stacks st;
	fk_stacks_init(&st, lo);
	char *copy = strdup(text), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t slen;
		struct fk_num c[2];
		const char *why;
		int rounded;
		int n = fk_folded_parse(line, strlen(line), st.ncols, &slen, c, &rounded, &why);
		cr_assert(n > 0);
		st.ncols = n;
		cr_assert_eq(fk_stacks_add(&st, line, slen, c), 0);
	}
	free(copy);
	struct fk_layout l;
	cr_assert_eq(fk_layout_build_stacks(&l, lo, &st), 0);
	struct fk_colorer hot;
	if (!c) {
		fk_colorer_init(&hot, FK_PAL_HOT);
		c = &hot;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	cr_assert_eq(fk_svg_write(out, &l, so, NULL, c), 0, "%s", fk_error_msg());
	fclose(out);
	fk_layout_release(&l);
	fk_stacks_release(&st);
	return buf;
}

static int
count_elements(xmlNode *n, const char *name)
{
	int k = 0;
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
			k++;
		k += count_elements(n->children, name);
	}
	return k;
}

/* Does some <title> hold exactly want? */
static int
has_title(xmlNode *n, const char *want)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "title") == 0) {
			xmlChar *t = xmlNodeGetContent(n);
			int eq = strcmp((const char *)t, want) == 0;
			xmlFree(t);
			if (eq)
				return 1;
		}
		if (has_title(n->children, want))
			return 1;
	}
	return 0;
}

Test(svg, hostile_names_stay_text)
{
	const char *in =
	    "main;</script><script>alert(1)</script> 5\n"
	    "main;]]> 3\n"
	    "main;\"onload=\"x 2\n"
	    "main;ctl\x01\x1b[31m 1\n"
	    "main;bad\xff\xc0utf 4\n"
	    "main;<!-- &amp; 2\n";
	struct fk_svg_opts so;
	fk_svg_opts_init(&so);
	so.style.title = "</title><script>alert(2)</script>";
	so.style.subtitle = "]]>";
	so.style.notes = "--> <script> --";
	so.nametype = "\"><script>";
	char *svg = render(in, &so, NULL);
	xmlDoc *doc = xmlReadMemory(svg, (int)strlen(svg), "t.svg", NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc, "output does not parse as XML");
	xmlNode *root = xmlDocGetRootElement(doc);
	cr_assert_eq(count_elements(root, "script"), 1);
	cr_assert(has_title(root->children,
	    "</script><script>alert(1)</script> (5 samples, 29.41%)"));
	cr_assert(has_title(root->children, "]]> (3 samples, 17.65%)"));
	cr_assert(has_title(root->children, "\"onload=\"x (2 samples, 11.76%)"));
	cr_assert(has_title(root->children, "ctl\xef\xbf\xbd\xef\xbf\xbd[31m (1 samples, 5.88%)"));
	cr_assert(has_title(root->children, "bad\xef\xbf\xbd\xef\xbf\xbdutf (4 samples, 23.53%)"));
	xmlFreeDoc(doc);
	free(svg);
}

Test(svg, frames_are_formatted_like_flamegraph_pl)
{
	char *svg = render("a;b 1\na;c 2\n", NULL, NULL);
	/* 1180 px for 3 counts: c spans 403.3..1190.0. */
	cr_assert(strstr(svg, "<title>c (2 samples, 66.67%)</title><rect x=\"403.3\" y=\"37\" "
	    "width=\"786.7\" height=\"15.0\" fill=\"rgb("), "%s", svg);
	cr_assert(strstr(svg, "<text x=\"406.33\" y=\"47.5\">c</text></g>\n"));
	cr_assert(strstr(svg, "<title>all (3 samples, 100%)</title>"));
	/* Self counts are implied for leaves and pure callers. */
	cr_assert(strstr(svg, "<g><title>a (3 samples, 100.00%)"));
	cr_assert(strstr(svg, "<g><title>b (1 samples, 33.33%)"));
	free(svg);
	svg = render("a;b 1\na 2\n", NULL, NULL);
	cr_assert(strstr(svg, "<g data-s=\"2\"><title>a (3 samples, 100.00%)"), "%s", svg);
	free(svg);
}

Test(svg, labels_truncate_by_characters)
{
	/* 1180 px, fontsize 12 * 0.59 = 7.08 px a character. */
	char *svg = render("short 1\nlong_&_name_that_will_not_fit_in_this_space_at_all_x 1\n"
	    "filler 1000\n", NULL, NULL);
	/* 1180/1002 px: no label. */
	cr_assert(strstr(svg, "<title>short (1 samples, 0.10%)</title>"));
	free(svg);
	svg = render("long_&_name_that_will_not_fit_in_this_space_at_all 50\nfiller 1000\n",
	    NULL, NULL);
	/* 56.19 px / 7.08 = 7 characters: 5 and "..". */
	cr_assert(strstr(svg, ">long_..</text>"), "%s", svg);
	free(svg);
	svg = render("a&b_c&d_efgh 50\nfiller 1000\n", NULL, NULL);
	cr_assert(strstr(svg, ">a&amp;b_c..</text>"), "%s", svg);
	free(svg);
	svg = render("kfunc_[k] 50\nfiller 1000\n", NULL, NULL);
	cr_assert(strstr(svg, ">kfunc</text>"));
	cr_assert(strstr(svg, "<title>kfunc (50 samples, 4.76%)</title>"));
	free(svg);
}

Test(svg, differential_titles_and_determinism)
{
	char *a = render("x;y 10 4\nx;z 1 6\n", NULL, NULL);
	char *b = render("x;y 10 4\nx;z 1 6\n", NULL, NULL);
	cr_assert_str_eq(a, b);
	cr_assert(strstr(a, "<title>y (4 samples, 40.00%; -60.00%)</title>"), "%s", a);
	cr_assert(strstr(a, "<title>z (6 samples, 60.00%; +50.00%)</title>"));
	cr_assert(strstr(a, "<title>x (10 samples, 100.00%; 0.00%)</title>"));
	free(a);
	free(b);
}

Test(svg, options_reach_the_document)
{
	struct fk_svg_opts so;
	fk_svg_opts_init(&so);
	so.countname = "bytes";
	so.factor = 2;
	so.style.dark = 1;
	so.encoding = "ISO-8859-1";
	char *svg = render("f\xc3\xa9 3\n", &so, NULL);
	cr_assert(strstr(svg, "encoding=\"ISO-8859-1\""));
	cr_assert(strstr(svg, "<title>f&#233; (6 bytes, 100.00%)</title>") ||
	    strstr(svg, "<title>f\xe9 (6 bytes, 100.00%)</title>"));
	cr_assert(strstr(svg, "#1e1e24"));
	xmlDoc *doc = xmlReadMemory(svg, (int)strlen(svg), "t.svg", NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc);
	xmlFreeDoc(doc);
	free(svg);
}

/* Parse "rgb(R,G,B)" at s.  @return 0, or -1. */
static int
parse_rgb(const char *s, struct fk_rgb *c)
{
	unsigned r, g, b;
	if (!s || sscanf(s, "rgb(%u,%u,%u)", &r, &g, &b) != 3 || r > 255 || g > 255 || b > 255)
		return -1;
	*c = (struct fk_rgb){(uint8_t)r, (uint8_t)g, (uint8_t)b};
	return 0;
}

static xmlNode *
child(xmlNode *n, const char *name)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

static xmlNode *
by_id(xmlNode *n, const char *id)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			xmlChar *v = xmlGetProp(n, BAD_CAST "id");
			int hit = v && strcmp((const char *)v, id) == 0;
			xmlFree(v);
			if (hit)
				return n;
			xmlNode *d = by_id(n->children, id);
			if (d)
				return d;
		}
	}
	return NULL;
}

/*
 * Check every frame label of an SVG against its fill, from the colours as
 * written: the rect's fill, and the text's inline style or else the
 * stylesheet's "#frames text" fill.  @return the number of labels checked.
 */
static int
check_label_contrast(const char *svg, const char *what)
{
	xmlDoc *doc = xmlReadMemory(svg, (int)strlen(svg), "t.svg", NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc, "%s: does not parse", what);
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlChar *css = xmlNodeGetContent(child(root, "style"));
	const char *rule = strstr((const char *)css, "#frames text { fill:");
	struct fk_rgb deflt;
	cr_assert(rule && parse_rgb(rule + strlen("#frames text { fill:"), &deflt) == 0,
	    "%s: no label colour in the stylesheet", what);
	xmlFree(css);
	int checked = 0;
	for (xmlNode *g = by_id(root, "frames")->children; g; g = g->next) {
		if (g->type != XML_ELEMENT_NODE)
			continue;
		xmlNode *rect = child(g, "rect"), *text = child(g, "text");
		cr_assert(rect && text);
		xmlChar *label = xmlNodeGetContent(text);
		int empty = !label[0];
		xmlFree(label);
		if (empty)
			continue;
		xmlChar *fill = xmlGetProp(rect, BAD_CAST "fill"), *style = xmlGetProp(text, BAD_CAST "style");
		struct fk_rgb bg, ink = deflt;
		cr_assert_eq(parse_rgb((const char *)fill, &bg), 0);
		if (style)
			cr_assert(strncmp((const char *)style, "fill:", 5) == 0 &&
			    parse_rgb((const char *)style + 5, &ink) == 0, "%s: style %s", what, style);
		double k = fk_draw_contrast(bg, ink);
		if (k < FK_DRAW_MIN_CONTRAST)
			cr_assert_fail("%s: label rgb(%u,%u,%u) on %s: %.2f:1", what, ink.r, ink.g,
			    ink.b, (const char *)fill, k);
		xmlFree(fill);
		xmlFree(style);
		checked++;
	}
	xmlFreeDoc(doc);
	return checked;
}

/* Stacks of three frames with names of many shapes: every hash colour and sub-palette. */
static char *
varied_stacks(void)
{
	static const char *const tails[] = {"", "_[k]", "_[j]", "_[i]", "_[w]"};
	static const char *const heads[] = {"", "java/", "org/", "std::", "core::", "a::b::",
	    "x.js/", "/usr/lib/python3.11/", "site-packages/", "<built-in", "Perl_", "L" };
	size_t cap = 1 << 16, n = 0;
	char *t = malloc(cap);
	unsigned seed = 12345;
	for (int i = 0; i < 120; i++) {
		for (int d = 0; d < 3; d++) {
			char name[64];
			int k = 0;
			for (int j = 0; j < 5; j++) {
				seed = seed * 1103515245 + 12345;
				name[k++] = (char)(' ' + 1 + (seed >> 16) % 94);
				if (name[k - 1] == ';')
					name[k - 1] = ':';
			}
			name[k] = '\0';
			n += (size_t)snprintf(t + n, cap - n, "%s%s%s%s",
			    d ? ";" : "", heads[(i + d) % 12], name, tails[(i / 3 + d) % 5]);
		}
		n += (size_t)snprintf(t + n, cap - n, " 1\n");
	}
	n += (size_t)snprintf(t + n, cap - n, "-;x 1\n--;y 1\n");
	return t;
}

Test(svg, every_label_meets_wcag_aa_in_every_palette_and_theme)
{
	char *in = varied_stacks();
	int total = 0;
	for (int pal = FK_PAL_HOT; pal <= FK_PAL_ORANGE + 1; pal++) {
		for (int mode = 0; mode < 4; mode++) {
			int dark = mode & 1, random = mode >> 1;
			struct fk_svg_opts so;
			fk_svg_opts_init(&so);
			so.style.dark = dark;
			struct fk_layout_opts lo;
			fk_layout_opts_init(&lo);
			lo.image_width = 122 * 40;   /* room for a label on every frame */
			struct fk_colorer c;
			/* One past the palettes: --colordiffusion. */
			fk_colorer_init(&c, pal > FK_PAL_ORANGE ? FK_PAL_HOT : (enum fk_palette)pal);
			c.diffusion = pal > FK_PAL_ORANGE;
			/* --random reaches the dark ends that name hashes never give. */
			c.random = random;
			char *svg = render_with(in, &so, &lo, &c);
			char what[64];
			snprintf(what, sizeof(what), "%s%s, %s%s",
			    pal > FK_PAL_ORANGE ? "colordiffusion " : "",
			    fk_palette_name(c.palette), dark ? "dark" : "light",
			    random ? ", random" : "");
			int k = check_label_contrast(svg, what);
			cr_assert_geq(k, 360, "%s: only %d labels", what, k);
			total += k;
			free(svg);
		}
	}
	free(in);
	cr_assert_gt(total, 20000);
}

Test(svg, every_label_meets_wcag_aa_in_every_differential_shade)
{
	/* Changes from -50 to +50 in steps of 1, new and gone frames: every shade. */
	size_t cap = 1 << 14, n = 0;
	char *in = malloc(cap);
	for (int i = -50; i <= 50; i++)
		n += (size_t)snprintf(in + n, cap - n, "main;f%03d %d %d\n", i + 50, 60, 60 + i);
	n += (size_t)snprintf(in + n, cap - n, "main;new 0 40\nmain;gone 40 0\n");
	int shades = 0;
	for (int pal = FK_DIFF_RB; pal <= FK_DIFF_CB; pal++)
		for (int mode = 0; mode < 8; mode++) {
			struct fk_svg_opts so;
			fk_svg_opts_init(&so);
			so.style.dark = mode & 1;
			struct fk_layout_opts lo;
			fk_layout_opts_init(&lo);
			lo.image_width = 104 * 40;
			lo.diff_total = (mode >> 1) & 1;
			lo.diff_width_max = 1;
			struct fk_colorer c;
			fk_colorer_init(&c, FK_PAL_HOT);
			c.diff_palette = (enum fk_diff_palette)pal;
			c.negate = (mode >> 2) & 1;
			char *svg = render_with(in, &so, &lo, &c);
			char what[64];
			snprintf(what, sizeof(what), "%s, mode %d", pal ? "cb" : "rb", mode);
			int k = check_label_contrast(svg, what);
			cr_assert_geq(k, 102, "%s: only %d labels", what, k);
			/* Both ends of the scale were drawn, white labels among them. */
			cr_assert(strstr(svg, "style=\"fill:rgb(255,255,255)\""), "%s", what);
			shades += k;
			free(svg);
		}
	free(in);
	cr_assert_gt(shades, 1600);
}

/* Rect widths and classes of the marked frames of an SVG. */
static void
check_outlines(const char *svg, int *thin, int *outlined)
{
	xmlDoc *doc = xmlReadMemory(svg, (int)strlen(svg), "t.svg", NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc);
	*thin = *outlined = 0;
	for (xmlNode *g = by_id(xmlDocGetRootElement(doc), "frames")->children; g; g = g->next) {
		if (g->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *m = xmlGetProp(g, BAD_CAST "data-m");
		xmlNode *rect = child(g, "rect");
		xmlChar *w = xmlGetProp(rect, BAD_CAST "width"), *cls = xmlGetProp(rect, BAD_CAST "class");
		double width = strtod((const char *)w, NULL);
		int is_thin = cls && strcmp((const char *)cls, "thin") == 0;
		if (!m)
			cr_assert(!is_thin, "unmarked frames are never thin");
		else if (width < FK_DRAW_OUTLINE_MIN_WIDTH) {
			cr_assert(is_thin, "%s frame %.1f px wide is outlined", m, width);
			(*thin)++;
		} else {
			cr_assert(!is_thin, "%s frame %.1f px wide lost its outline", m, width);
			(*outlined)++;
		}
		xmlFree(m);
		xmlFree(w);
		xmlFree(cls);
	}
	xmlFreeDoc(doc);
}

/* Many narrow new and gone frames (--diff-width=max), and a few wide ones. */
static char *
narrow_marked_stacks(void)
{
	size_t cap = 1 << 16, n = 0;
	char *in = malloc(cap);
	n += (size_t)snprintf(in + n, cap - n, "main;kept 3000 3000\nmain;wide_new 0 1500\n"
	    "main;wide_gone 800 0\nmain;kept;mid 0 12\nmain;kept;seven 0 40\n");
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(in + n, cap - n, "main;kept;n%03d;deeper 0 %d\n", i, 1 + i % 3);
	for (int i = 0; i < 200; i++)
		n += (size_t)snprintf(in + n, cap - n, "main;g%03d 1 0\n", i);
	return in;
}

Test(svg, narrow_new_and_gone_frames_are_not_outlined)
{
	char *in = narrow_marked_stacks();
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	lo.diff_width_max = 1;
	char *svg = render(in, NULL, &lo);
	int thin, outlined;
	check_outlines(svg, &thin, &outlined);
	cr_assert_geq(thin, 800, "%d thin", thin);   /* 300 new pairs, 200 gone: under 1 px each */
	cr_assert_geq(outlined, 3, "%d outlined", outlined);
	/* The stylesheet gives thin ones the light stroke, and the script the threshold. */
	cr_assert(strstr(svg, "[data-m] &gt; rect.thin { stroke-width:0.5; stroke-opacity:0.3;"));
	cr_assert(strstr(svg, "data-outlinemin=\"6\""));
	free(svg);
	free(in);
}

Test(svg, legend_adds_a_band_and_moves_no_frame)
{
	static const char in[] = "main;a 10 30\nmain;b 20 10\nmain;c 0 10\n";
	struct fk_svg_opts so;
	fk_svg_opts_init(&so);
	char *with = render(in, &so, NULL);
	so.style.no_legend = 1;
	char *without = render(in, &so, NULL);
	cr_assert(strstr(with, "<g id=\"legend\">"));
	cr_assert(strstr(with, ">grew</text>") && strstr(with, ">shrank</text>"));
	cr_assert_null(strstr(without, "id=\"legend\""));
	/* The frames are the same bytes, the image taller. */
	const char *fa = strstr(with, "<g id=\"frames\">"), *fb = strstr(without, "<g id=\"frames\">");
	const char *ea = strstr(fa, "</g>\n</g>"), *eb = strstr(fb, "</g>\n</g>");
	cr_assert(ea && eb);
	cr_assert_eq(ea - fa, eb - fb);
	cr_assert_eq(memcmp(fa, fb, (size_t)(ea - fa)), 0);
	double ha, hb;
	cr_assert_eq(sscanf(strstr(with, " height=\"") + 9, "%lf", &ha), 1);
	cr_assert_eq(sscanf(strstr(without, " height=\"") + 9, "%lf", &hb), 1);
	cr_assert_gt(ha, hb + 12);
	/* Non-differential input: no legend, whatever the option. */
	char *plain = render("main;a 1\n", NULL, NULL);
	cr_assert_null(strstr(plain, "id=\"legend\""));
	free(plain);
	free(with);
	free(without);
}
