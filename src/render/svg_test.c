#include <criterion/criterion.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/error.h"
#include "core/folded.h"
#include "render/svg.h"

#define S(x) x, strlen(x)

/* Render folded lines to an SVG string (caller frees). */
static char *
render(const char *text, struct fk_svg_opts *so, struct fk_layout_opts *lo)
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
	struct fk_colorer c;
	fk_colorer_init(&c, FK_PAL_HOT);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	cr_assert_eq(fk_svg_write(out, &l, so, NULL, &c), 0, "%s", fk_error_msg());
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
