#include "render/graph.h"
#include "render/html.h"
#include "core/error.h"
#include "core/num.h"
#include "render/json_tree.h"
#include "render/png.h"
#include "render/pprof_out.h"
#include "render/speedscope_out.h"

#include <stdlib.h>
#include <string.h>


void
fk_graph_opts_init(struct fk_graph_opts *o)
{
	memset(o, 0, sizeof(*o));
	fk_layout_opts_init(&o->layout);
	fk_svg_opts_init(&o->svg);
	o->palette = FK_PAL_HOT;
	o->palette_file = "palette.map";
	o->top = 20;
	o->scale = 1;
}

/*
 * The inputs' unit in the picture: a named count is the count name
 * ("goroutines"), time and bytes read as figures ("1.31 s").
 */
static void
use_unit(struct fk_svg_opts *so, const struct fk_unit *u)
{
	so->unit = *u;
	if (u->kind == FK_UNIT_COUNT)
		so->countname = so->unit.name;
	else if (u->kind == FK_UNIT_TIME)
		so->countname = "time";
	else if (u->kind == FK_UNIT_BYTES)
		so->countname = "bytes";
}

/* --format=md|txt: the report instead of a picture. */
static int
render_report(const struct fk_input *in, size_t nin, const struct fk_graph_opts *o,
    FILE *out)
{
	struct fk_report_opts ro;
	fk_report_opts_init(&ro);
	ro.format = o->format == FK_GRAPH_MD ? FK_REPORT_MARKDOWN : FK_REPORT_TEXT;
	ro.top = o->top;
	ro.countname = o->svg.countname;
	ro.title = o->svg.style.title;
	struct fk_report *r = fk_report_new();
	int rc = fk_report_read(r, in, nin);
	if (!o->no_unit)
		ro.unit = fk_report_unit(r);
	if (rc == 0)
		rc = fk_report_write(r, out, &ro);
	fk_report_free(r);
	return rc;
}

int
fk_graph_exports(const struct fk_graph_opts *o)
{
	return o->format == FK_GRAPH_SPEEDSCOPE || o->format == FK_GRAPH_PPROF ||
	    o->format == FK_GRAPH_JSON;
}

/* The speedscope profile's name: --title, the one input's base name, or "Flame Graph". */
static const char *
export_name(const struct fk_graph_opts *o, const struct fk_input *in, size_t nin)
{
	if (o->svg.style.title)
		return o->svg.style.title;
	if (nin == 1 && strcmp(in[0].name, "-") != 0) {
		const char *slash = strrchr(in[0].name, '/');
		if (!slash || slash[1])
			return slash ? slash + 1 : in[0].name;
	}
	return "Flame Graph";
}

/*
 * --format=speedscope|pprof|json: the whole tree, sorted by name, with no
 * frame left out for being narrow.
 */
static int
render_export(const struct fk_input *in, size_t nin, const struct fk_graph_opts *o,
    FILE *out)
{
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	lo.reverse = o->layout.reverse;
	lo.min_width = 0;
	struct fk_stacks st;
	struct fk_layout l;
	fk_stacks_init(&st, &lo);
	int rc = fk_stacks_read(&st, in, nin, 0);
	if (rc == 0 && st.ncols == 2)
		rc = fk_error("%s output takes one count per stack; this input has two "
		    "(differential)", o->format == FK_GRAPH_SPEEDSCOPE ? "speedscope" :
		    o->format == FK_GRAPH_PPROF ? "pprof" : "json");
	/* Time and bytes are units the formats know; a named count names the pprof type. */
	struct fk_svg_opts so = o->svg;
	const char *unit = NULL;
	if (!o->no_unit) {
		use_unit(&so, &st.unit);
		if (st.unit.kind == FK_UNIT_TIME || st.unit.kind == FK_UNIT_BYTES)
			unit = st.unit.name;
		if (st.unit.kind == FK_UNIT_BYTES)
			so.countname = "space";
	}
	if (rc == 0 && (rc = fk_layout_build_stacks(&l, &lo, &st)) == 0) {
		if (o->format == FK_GRAPH_SPEEDSCOPE)
			rc = fk_speedscope_write(out, &l, export_name(o, in, nin), unit);
		else if (o->format == FK_GRAPH_PPROF)
			rc = fk_pprof_out_write(out, &l, so.countname, unit);
		else
			rc = fk_json_tree_write(out, &l);
		fk_layout_release(&l);
	}
	fk_stacks_release(&st);
	return rc;
}

int
fk_graph_opts_check(const struct fk_graph_opts *o)
{
	struct fk_rgb c;
	if (o->format == FK_GRAPH_PNG && o->svg.style.uicolor &&
	    fk_png_parse_color(o->svg.style.uicolor, &c) < 0)
		return fk_error_code(FK_ERR_USAGE, "invalid --uicolor '%s' for PNG "
		    "(rgb(R,G,B), #rrggbb or a colour name)", o->svg.style.uicolor);
	if (o->format == FK_GRAPH_PNG && o->svg.style.stroke_color &&
	    fk_png_parse_color(o->svg.style.stroke_color, &c) < 0)
		return fk_error_code(FK_ERR_USAGE, "invalid --stroke-color '%s' for PNG "
		    "(rgb(R,G,B), #rrggbb or a colour name)", o->svg.style.stroke_color);
	return 0;
}

int
fk_graph_draws(const struct fk_graph_opts *o)
{
	return o->format != FK_GRAPH_MD && o->format != FK_GRAPH_TXT && !fk_graph_exports(o);
}

int
fk_graph_render(const struct fk_graph_opts *o, const struct fk_input *in, size_t nin,
    const struct fk_svg_nameattr *nameattr, struct fk_palette_map *map, FILE *out)
{
	if (fk_graph_exports(o))
		return render_export(in, nin, o, out);
	if (!fk_graph_draws(o))
		return render_report(in, nin, o, out);
	struct fk_layout_opts lo = o->layout;
	if (o->flamechart || o->no_sort)
		lo.order = FK_LAYOUT_INPUT_ORDER;
	lo.has_subtitle = o->svg.style.subtitle && *o->svg.style.subtitle;
	lo.font_size = o->svg.style.fontsize;
	/* The HTML viewer zooms into any frame: it keeps them all. */
	if (o->format == FK_GRAPH_HTML)
		lo.min_width = 0;

	struct fk_colorer c;
	fk_colorer_init(&c, o->palette);
	c.random = o->random;
	c.negate = o->negate;
	c.diffusion = o->colordiffusion;
	c.diff_palette = o->diff_palette;
	c.map = map;

	struct fk_stacks st;
	struct fk_layout l;
	fk_stacks_init(&st, &lo);
	int rc = fk_stacks_read(&st, in, nin, 0);
	struct fk_svg_opts so = o->svg;
	if (!o->no_unit)
		use_unit(&so, &st.unit);
	if (rc == 0 && o->format == FK_GRAPH_HTML) {
		rc = fk_html_write_stacks(out, &lo, &st, &so, &c);
	} else if (rc == 0) {
		rc = fk_layout_build_stacks(&l, &lo, &st);
		if (rc == 0) {
			if (o->format == FK_GRAPH_PNG)
				rc = fk_png_write(out, &l, &so.style, o->scale, &c);
			else
				rc = fk_svg_write(out, &l, &so, nameattr, &c);
			fk_layout_release(&l);
		}
	}
	fk_stacks_release(&st);
	return rc;
}
