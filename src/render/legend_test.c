#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/folded.h"
#include "render/legend.h"

/* Lay out folded lines (one or two counts) with lo. */
static void
build(struct fk_stacks *st, struct fk_layout *l, const char *text,
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

static const char diff[] = "main;a 10 30\nmain;b 20 10\nmain;c 0 10\nmain;d 5 0\n";

static const struct fk_legend_item *
find(const struct fk_legend *lg, const char *prefix)
{
	for (size_t i = 0; i < lg->n; i++)
		if (strncmp(lg->items[i].text, prefix, strlen(prefix)) == 0)
			return &lg->items[i];
	return NULL;
}

static int
same(struct fk_rgb a, struct fk_rgb b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b;
}

Test(legend, says_what_colours_outlines_and_widths_mean)
{
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	struct fk_stacks st;
	struct fk_layout l;
	build(&st, &l, diff, &lo);
	struct fk_colorer c;
	fk_colorer_init(&c, FK_PAL_HOT);
	struct fk_draw_style s;
	fk_draw_style_init(&s);
	struct fk_legend lg;
	fk_legend_build(&lg, &l, &c, &s);

	cr_assert_gt(lg.n, 0);
	cr_assert_eq(lg.top, l.image_height, "the band starts below the graph");
	cr_assert_gt(lg.height, s.fontsize);
	const struct fk_legend_item *g = find(&lg, "grew"), *k = find(&lg, "shrank");
	cr_assert(g && k && g->swatch && k->swatch);
	cr_assert(same(g->fill, (struct fk_rgb){255, 0, 0}));
	cr_assert(same(k->fill, (struct fk_rgb){0, 0, 255}));
	/* maxdelta is 20 of 50 after samples: full colour at 40 pp. */
	const struct fk_legend_item *sc = find(&lg, "colour:");
	cr_assert(sc);
	cr_assert(strstr(sc->text, "self samples"), "%s", sc->text);
	cr_assert(strstr(sc->text, "40.00 pp"), "%s", sc->text);
	const struct fk_legend_item *n = find(&lg, "new");
	cr_assert(n && n->outline == FK_OUTLINE_SOLID);
	cr_assert(strstr(n->text, "6 px"), "%s", n->text);
	cr_assert_null(find(&lg, "gone"), "gone frames are not drawn with after widths");
	cr_assert(find(&lg, "width: after"));
	/* Every item inside the band and the margins. */
	for (size_t i = 0; i < lg.n; i++) {
		cr_assert_geq(lg.items[i].y, lg.top);
		cr_assert_leq(lg.items[i].y + lg.swatch, lg.top + lg.height);
		cr_assert_geq(lg.items[i].x, l.xpad);
		cr_assert_lt(lg.items[i].x, l.image_width - l.xpad);
	}
	fk_layout_release(&l);
	fk_stacks_release(&st);
}

Test(legend, follows_the_options)
{
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	lo.diff_total = 1;
	lo.diff_width_max = 1;
	lo.image_width = 300;   /* narrow: the items wrap */
	struct fk_stacks st;
	struct fk_layout l;
	build(&st, &l, diff, &lo);
	struct fk_colorer c;
	fk_colorer_init(&c, FK_PAL_HOT);
	c.negate = 1;
	c.diff_palette = FK_DIFF_CB;
	struct fk_draw_style s;
	fk_draw_style_init(&s);
	struct fk_legend lg;
	fk_legend_build(&lg, &l, &c, &s);
	/* --negate: growth is drawn in the shrink colour of the scale. */
	cr_assert(same(find(&lg, "grew")->fill, (struct fk_rgb){49, 54, 149}));
	cr_assert(same(find(&lg, "shrank")->fill, (struct fk_rgb){230, 159, 0}));
	cr_assert(strstr(find(&lg, "colour:")->text, "total samples"));
	cr_assert(find(&lg, "gone") && find(&lg, "gone")->outline == FK_OUTLINE_DASHED);
	cr_assert(find(&lg, "width: max(before, after)"));
	double lines = 0, last = -1;
	for (size_t i = 0; i < lg.n; i++)
		if (lg.items[i].y != last) {
			lines++;
			last = lg.items[i].y;
		}
	cr_assert_gt(lines, 2, "wraps at 300 pixels");

	s.no_legend = 1;
	fk_legend_build(&lg, &l, &c, &s);
	cr_assert_eq(lg.n, 0);
	cr_assert_eq(lg.height, 0);
	fk_layout_release(&l);
	fk_stacks_release(&st);
}

Test(legend, none_for_a_plain_graph)
{
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	struct fk_stacks st;
	struct fk_layout l;
	build(&st, &l, "main;a 10\nmain;b 20\n", &lo);
	struct fk_colorer c;
	fk_colorer_init(&c, FK_PAL_HOT);
	struct fk_draw_style s;
	fk_draw_style_init(&s);
	struct fk_legend lg;
	fk_legend_build(&lg, &l, &c, &s);
	cr_assert_eq(lg.n, 0);
	cr_assert_eq(lg.height, 0);
	fk_layout_release(&l);
	fk_stacks_release(&st);
}
