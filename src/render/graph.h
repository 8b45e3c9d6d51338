/*
 * graph.h -- flame-graph's job: folded stacks in, a drawn flame graph out.
 *
 * The command fills struct fk_graph_opts from its options; fk_graph_render()
 * reads the inputs, lays them out (layout.h) and writes the picture (svg.h),
 * the report (report.h) or the profile for another tool (speedscope.h,
 * pprof_out.h, json_tree.h).
 */
#ifndef FK_GRAPH_H
#define FK_GRAPH_H

#include <stdio.h>

#include "render/layout.h"
#include "render/palette.h"
#include "render/report.h"
#include "core/reader.h"
#include "render/svg.h"

enum fk_graph_format {
	FK_GRAPH_SVG = 0,
	FK_GRAPH_PNG,         /* cairo (png.h) */
	FK_GRAPH_HTML,        /* the self-contained HTML viewer (html.h): every frame */
	FK_GRAPH_MD = 16,     /* --format=md: a Markdown report (report.h) */
	FK_GRAPH_TXT,         /* --format=txt: the same report as plain text */
	FK_GRAPH_SPEEDSCOPE = 32, /* speedscope's JSON (speedscope.h) */
	FK_GRAPH_PPROF,       /* gzipped profile.proto (pprof_out.h) */
	FK_GRAPH_JSON,        /* d3-flame-graph's nested JSON (json_tree.h) */
};

struct fk_graph_opts {
	struct fk_layout_opts layout;
	struct fk_svg_opts svg;
	enum fk_palette palette;
	enum fk_diff_palette diff_palette;   /* --diff-palette: rb (default) or cb */
	enum fk_graph_format format;
	double scale;                 /* --scale, PNG only: 1 */
	int random, negate, colordiffusion, cp, flamechart, no_sort;
	size_t top;                   /* --top, rows per report table (20) */
	const char *palette_file;     /* --palette-file, "palette.map" (read and saved by the caller) */
	const char *nameattr_file;    /* --nameattr (read by the caller) */
	int no_unit;                  /* --countname or --factor: ignore the inputs' unit */
};

/* Fill o with the defaults.  Nothing is allocated: there is no release. */
void fk_graph_opts_init(struct fk_graph_opts *o);

/*
 * Check the options that the chosen format needs (PNG: colours it can
 * parse).  Call once the format is set.
 * @return 0, or -1 with a message recorded (code FK_ERR_USAGE).
 */
int fk_graph_opts_check(const struct fk_graph_opts *o);

/*
 * Whether o draws a picture (SVG, PNG or the HTML viewer) rather than a
 * report (md, txt) or an export: only pictures use --cp (and the SVG
 * --nameattr), so only then need the caller read their files.
 */
int fk_graph_draws(const struct fk_graph_opts *o);

/*
 * Whether o writes a profile for another tool (speedscope, pprof, json):
 * the whole tree, one count per stack; of the options only --reverse,
 * --title (the speedscope name) and --countname (the pprof sample type)
 * apply.
 */
int fk_graph_exports(const struct fk_graph_opts *o);

/*
 * Render the inputs to out.  Unless o->no_unit, the unit named by the
 * inputs' "# unit:" header (core/unit.h) names the counts and makes their
 * figures readable ("1.31 s", "65.5 MB") in the picture, the reports and
 * the speedscope and pprof exports.  Speedscope output is named by --title, else
 * by the base name of the one input file, else "Flame Graph".  nameattr is the --nameattr data
 * (fk_svg_nameattr_read()), or NULL.  map is the --cp palette map, or NULL
 * without --cp: it holds the colours kept from earlier graphs (the caller
 * reads the palette file into it first), and the colours of new names are
 * added to it for the caller to save.  Reports use neither.
 * @return 0, or -1 (recorded): no stacks, read or write failure.
 */
int fk_graph_render(const struct fk_graph_opts *o, const struct fk_input *in, size_t nin,
    const struct fk_svg_nameattr *nameattr, struct fk_palette_map *map, FILE *out);

#endif
