/*
 * options.c -- flame-graph's options by long name, into struct fk_graph_opts.
 *
 * The names and their checks are the command's (flamegraph.pl's and
 * inferno's spellings); the library takes the filled struct.
 */
#include "flame-graph/options.h"
#include "core/error.h"
#include "core/num.h"
#include "render/png.h"
#include "render/svg.h"

#include <string.h>

/* A number in [min, max]: bigger ones only make NaN and infinite coordinates. */
static int
number(const char *name, const char *arg, double min, double max, double *out)
{
	double v;
	if (!arg || fk_strtod(arg, &v) < 0 || !(v >= min && v <= max))
		return fk_error_code(FK_ERR_USAGE, "invalid --%s '%s' (from %g to %g)", name,
		    arg ? arg : "", min, max);
	*out = v;
	return 0;
}

static int
pixels(const char *name, const char *arg, double *out)
{
	long long v;
	const char *why;
	if (!arg || fk_strtonum(arg, 1, 1000000, &v, &why) < 0)
		return fk_error_code(FK_ERR_USAGE, "invalid --%s '%s': %s", name,
		    arg ? arg : "", arg ? why : "missing");
	*out = (double)v;
	return 0;
}

int
graph_option(struct fk_graph_opts *o, const char *n, const char *arg)
{
	struct fk_layout_opts *l = &o->layout;
	struct fk_svg_opts *s = &o->svg;
	struct fk_draw_style *d = &o->svg.style;
#define IS(x) (strcmp(n, x) == 0)
	if (IS("title")) d->title = arg;
	else if (IS("subtitle")) d->subtitle = arg;
	else if (IS("width")) return pixels(n, arg, &l->image_width);
	else if (IS("height")) return pixels(n, arg, &l->frame_height);
	else if (IS("fonttype")) d->fonttype = arg;
	else if (IS("fontsize")) {
		if (number(n, arg, 0.001, 1000, &d->fontsize) < 0)
			return -1;
		l->font_size = d->fontsize;
	} else if (IS("fontwidth")) return number(n, arg, 0.001, 100, &d->fontwidth);
	else if (IS("minwidth")) {
		size_t k = strlen(arg);
		char buf[64];
		l->min_width_pct = k > 0 && arg[k - 1] == '%';
		if (k >= sizeof(buf))
			return fk_error_code(FK_ERR_USAGE, "invalid --minwidth '%s'", arg);
		memcpy(buf, arg, k + 1);
		if (l->min_width_pct)
			buf[k - 1] = '\0';
		if (strspn(buf, "0123456789.") != strlen(buf) || !buf[0])
			return fk_error_code(FK_ERR_USAGE, "invalid --minwidth '%s'", arg);
		if (number(n, buf, 0, l->min_width_pct ? 100 : 1000000, &l->min_width) < 0) {
			fk_error_clear();
			return fk_error_code(FK_ERR_USAGE, "invalid --minwidth '%s' (from 0 to %s)",
			    arg, l->min_width_pct ? "100%" : "1000000 pixels");
		}
		return 0;
	} else if (IS("countname")) {
		s->countname = arg;
		o->no_unit = 1;   /* the user says what counts are */
	}
	else if (IS("nametype")) s->nametype = arg;
	else if (IS("colors")) {
		if (fk_palette_from_name(arg, &o->palette) < 0)
			return fk_error_code(FK_ERR_USAGE, "unknown palette '%s'", arg);
		l->chain = o->palette == FK_PAL_CHAIN;
	} else if (IS("bgcolors")) {
		char a[8], b[8];
		if (fk_palette_background(arg, o->palette, a, b) < 0)
			return fk_error_code(FK_ERR_USAGE, "unrecognized background color '%s'", arg);
		d->bgcolors = arg;
	} else if (IS("hash") || IS("deterministic")) o->random = 0;
	else if (IS("random")) o->random = 1;
	else if (IS("cp")) o->cp = 1;
	else if (IS("palette-file")) o->palette_file = arg;
	else if (IS("reverse")) l->reverse = 1;
	else if (IS("inverted")) l->inverted = 1;
	else if (IS("flamechart")) o->flamechart = d->flamechart = 1;
	else if (IS("no-sort")) o->no_sort = 1;
	else if (IS("negate")) o->negate = 1;
	else if (IS("notes")) d->notes = arg;
	else if (IS("factor")) {
		o->no_unit = 1;
		return number(n, arg, 0, 1e15, &s->factor);
	}
	else if (IS("total")) return number(n, arg, 0, 1e19, &l->total);
	else if (IS("nameattr")) o->nameattr_file = arg;
	else if (IS("encoding")) {
		if (fk_svg_check_encoding(arg) < 0)
			return -1;
		s->encoding = arg;
	}
	else if (IS("search-color")) s->search_color = arg;
	else if (IS("stroke-color")) d->stroke_color = arg;
	else if (IS("uicolor")) d->uicolor = arg;
	else if (IS("truncate-text-right")) { /* flamegraph.pl's way, the default */ }
	else if (IS("colordiffusion")) o->colordiffusion = 1;
	else if (IS("sort")) {
		if (strcmp(arg, "name") == 0) l->order = FK_LAYOUT_SORT_NAME;
		else if (strcmp(arg, "width") == 0) l->order = FK_LAYOUT_SORT_WIDTH;
		else return fk_error_code(FK_ERR_USAGE, "invalid --sort '%s' (name or width)", arg);
	} else if (IS("theme")) {
		if (strcmp(arg, "light") == 0) d->dark = 0;
		else if (strcmp(arg, "dark") == 0) d->dark = 1;
		else return fk_error_code(FK_ERR_USAGE, "invalid --theme '%s' (light or dark)", arg);
	} else if (IS("format")) {
		if (strcmp(arg, "svg") == 0)
			o->format = FK_GRAPH_SVG;
		else if (strcmp(arg, "md") == 0)
			o->format = FK_GRAPH_MD;
		else if (strcmp(arg, "txt") == 0)
			o->format = FK_GRAPH_TXT;
		else if (strcmp(arg, "png") == 0)
			o->format = FK_GRAPH_PNG;
		else if (strcmp(arg, "speedscope") == 0)
			o->format = FK_GRAPH_SPEEDSCOPE;
		else if (strcmp(arg, "pprof") == 0)
			o->format = FK_GRAPH_PPROF;
		else if (strcmp(arg, "json") == 0)
			o->format = FK_GRAPH_JSON;
		else if (strcmp(arg, "html") == 0)
			o->format = FK_GRAPH_HTML;
		else
			return fk_error_code(FK_ERR_USAGE, "invalid --format '%s' "
			    "(svg, png, html, md, txt, speedscope, pprof or json)", arg);
	} else if (IS("top")) {
		long long v;
		const char *why;
		if (!arg || fk_strtonum(arg, 1, 1000000, &v, &why) < 0)
			return fk_error_code(FK_ERR_USAGE, "invalid --top '%s': %s",
			    arg ? arg : "", arg ? why : "missing");
		o->top = (size_t)v;
	} else if (IS("diff")) {
		if (strcmp(arg, "self") == 0) l->diff_total = 0;
		else if (strcmp(arg, "total") == 0) l->diff_total = 1;
		else return fk_error_code(FK_ERR_USAGE, "invalid --diff '%s' (self or total)", arg);
	} else if (IS("diff-width")) {
		if (strcmp(arg, "after") == 0) l->diff_width_max = 0;
		else if (strcmp(arg, "max") == 0) l->diff_width_max = 1;
		else return fk_error_code(FK_ERR_USAGE, "invalid --diff-width '%s' (after or max)", arg);
	} else if (IS("diff-palette")) {
		if (fk_diff_palette_from_name(arg, &o->diff_palette) < 0)
			return fk_error_code(FK_ERR_USAGE, "invalid --diff-palette '%s' (rb or cb)", arg);
	} else if (IS("no-legend")) d->no_legend = 1;
	else if (IS("scale")) {
		double v;
		if (!arg || fk_strtod(arg, &v) < 0 || !(v >= FK_PNG_SCALE_MIN && v <= FK_PNG_SCALE_MAX))
			return fk_error_code(FK_ERR_USAGE, "invalid --scale '%s' (%g to %g)",
			    arg ? arg : "", FK_PNG_SCALE_MIN, FK_PNG_SCALE_MAX);
		o->scale = v;
	} else
		return fk_error_code(FK_ERR_USAGE, "unknown option --%s", n);
#undef IS
	return 0;
}
