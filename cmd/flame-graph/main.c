/*
 * flame-graph -- draw folded stacks as an interactive SVG, a PNG or an HTML viewer.
 */
#include "common/driver.h"
#include "core/error.h"
#include "flame-graph/options.h"
#include "render/graph.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: flame-graph [-hV] [--colordiffusion] [--cp] [--deterministic]\n"
    "                   [--flamechart] [--hash] [--inverted] [--negate] [--no-legend]\n"
    "                   [--no-sort] [--progress | --no-progress] [--random]\n"
    "                   [--reverse] [--strict] [--truncate-text-right]\n"
    "                   [--bgcolors color] [--colors palette] [--countname name]\n"
    "                   [--diff self | total] [--diff-palette rb | cb]\n"
    "                   [--diff-width after | max] [--encoding name]\n"
    "                   [--factor number] [--fontsize size] [--fonttype font]\n"
    "                   [--fontwidth width]\n"
    "                   [--format svg | png | html | md | txt | speedscope | pprof |\n"
    "                   json]\n"
    "                   [--height pixels] [--minwidth width] [--nameattr file]\n"
    "                   [--nametype text] [--notes text] [--palette-file file]\n"
    "                   [--scale factor] [--search-color color]\n"
    "                   [--sort name | width] [--stroke-color color]\n"
    "                   [--subtitle text] [--theme light | dark] [--title text]\n"
    "                   [--top count] [--total count] [--uicolor color]\n"
    "                   [--width pixels] [-o file] [file ...]\n";

enum {
	SVG = 1, PNG = 2, MD = 4, TXT = 8, SPEEDSCOPE = 16, PPROF = 32, JSON = 64, HTML = 128,
	PICTURE = SVG | PNG, REPORT = MD | TXT, EXPORT = SPEEDSCOPE | PPROF | JSON,
	DRAWN = PICTURE | HTML,
};
/* The formats' names, by bit number. */
static const char *const format_names[] = {
	"svg", "png", "md", "txt", "speedscope", "pprof", "json", "html",
};

static struct fk_graph_opts o;
/* The options given, in order, with the formats each has an effect on. */
static const struct fk_option *given[64];
static size_t ngiven;
static int format_given;   /* --format: the -o name does not pick the format */
/* Side files, opened before the inputs are read, and what they hold. */
static FILE *nameattr_fp, *palette_fp;
static struct fk_svg_nameattr *nameattr;
static struct fk_palette_map *map;

static int
set(const struct fk_option *opt, const char *arg)
{
	if (ngiven < sizeof given / sizeof *given)
		given[ngiven++] = opt;
	if (strcmp(opt->long_name, "format") == 0)
		format_given = 1;
	return graph_option(&o, opt->long_name, arg);
}

/* value holds the formats the option has an effect on. */
#define G(l, a, fmts, h) FK_OPT_CALLBACK(0, l, a, h, set, (void *)(fmts))
#define GC(l, a, fmts, ch, h) FK_OPT_CALLBACK_X(0, l, a, h, set, (void *)(fmts), ch, 0)

static const struct fk_option options[] = {
	FK_OPT_GROUP("Output"),
	GC("format", "format", DRAWN | REPORT | EXPORT,
	    "svg|png|html|md|txt|speedscope|pprof|json",
	    "output format (default: from the -o name's extension, else svg)"),
	G("scale", "factor", PNG, "PNG: pixels per SVG unit (1)"),
	G("top", "count", REPORT, "md, txt: rows per table (20)"),
	GC("encoding", "name", SVG, NULL, "SVG: the encoding named in the XML declaration"),
	G("notes", "text", SVG | HTML, "SVG, HTML: notes stored in the document"),
	G("nameattr", "file", SVG, "SVG: per-function attributes (links, titles) from FILE"),
	FK_OPT_GROUP("Layout"),
	G("width", "pixels", PICTURE, "image width (1200)"),
	G("height", "pixels", DRAWN, "frame height (16)"),
	G("minwidth", "width", PICTURE, "leave out frames narrower than WIDTH pixels (or N%)"),
	G("fontsize", "size", DRAWN, "font size (12)"),
	G("fonttype", "font", DRAWN, "font family (Verdana)"),
	G("fontwidth", "width", DRAWN, "average character width, in font sizes (0.59)"),
	G("factor", "number", DRAWN | REPORT, "multiply every count by NUMBER"),
	G("total", "count", PICTURE | REPORT, "the whole is COUNT samples, not the input's sum"),
	G("inverted", NULL, DRAWN, "icicle graph: roots at the top"),
	G("reverse", NULL, DRAWN | REPORT | EXPORT, "reverse each stack: leaves become roots"),
	G("flamechart", NULL, DRAWN, "keep the input order of stacks (time on the x axis)"),
	G("no-sort", NULL, DRAWN, "keep the input order of stacks, merging neighbours"),
	GC("sort", "order", DRAWN, "name|width", "order of sibling frames (name)"),
	G("truncate-text-right", NULL, DRAWN, "cut long names on the right"),
	FK_OPT_GROUP("Text"),
	G("title", "text", DRAWN | REPORT | SPEEDSCOPE,
	    "title (\"Flame Graph\"); speedscope: the profile's name"),
	G("subtitle", "text", DRAWN, "second line under the title"),
	G("countname", "name", DRAWN | REPORT | PPROF,
	    "what counts are (\"samples\"); pprof: the sample type"),
	G("nametype", "text", DRAWN, "label of the frame under the mouse (\"Function:\")"),
	FK_OPT_GROUP("Colours"),
	GC("colors", "palette", DRAWN,
	    "hot|mem|io|wakeup|chain|java|js|perl|python|rust|red|green|blue|aqua|yellow|purple|orange",
	    "colour scheme (hot)"),
	G("bgcolors", "color", DRAWN, "background: yellow, blue, green, grey or #rrggbb"),
	G("colordiffusion", NULL, DRAWN, "colour frames by width instead of by name"),
	G("hash", NULL, DRAWN, "colours from a hash of the name (the default)"),
	G("deterministic", NULL, DRAWN, "the same as --hash"),
	G("random", NULL, DRAWN, "random colours"),
	G("cp", NULL, DRAWN, "keep colours consistent across graphs in the palette file"),
	G("palette-file", "file", DRAWN, "where --cp keeps colours (palette.map)"),
	GC("theme", "theme", DRAWN, "light|dark", "background and text colours"),
	G("uicolor", "color", DRAWN, "colour of the title and controls"),
	G("search-color", "color", SVG | HTML, "colour of matched frames in a search"),
	G("stroke-color", "color", DRAWN, "frame outline colour"),
	FK_OPT_GROUP("Differential input"),
	GC("diff", "counts", DRAWN, "self|total", "compare self or total counts"),
	GC("diff-width", "basis", DRAWN, "after|max", "frame width from the after counts or the larger"),
	GC("diff-palette", "scale", DRAWN, "rb|cb",
	    "rb: red and blue (default); cb: colour-blind safe orange and blue"),
	G("no-legend", NULL, DRAWN, "no legend under a differential graph"),
	G("negate", NULL, DRAWN, "swap the colours of growth and shrinkage"),
	FK_OPT_END(),
};

/* The output formats by file name ending; the longer of two that overlap first. */
static const struct { const char *ext; enum fk_graph_format f; int bit; } exts[] = {
	{ ".svg", FK_GRAPH_SVG, SVG }, { ".png", FK_GRAPH_PNG, PNG },
	{ ".html", FK_GRAPH_HTML, HTML }, { ".htm", FK_GRAPH_HTML, HTML },
	{ ".md", FK_GRAPH_MD, MD }, { ".txt", FK_GRAPH_TXT, TXT },
	{ ".speedscope.json", FK_GRAPH_SPEEDSCOPE, SPEEDSCOPE },
	{ ".pb.gz", FK_GRAPH_PPROF, PPROF }, { ".pprof", FK_GRAPH_PPROF, PPROF },
	{ ".json", FK_GRAPH_JSON, JSON },
};

/*
 * The format a path names: by its extension; SVG without one, and for a
 * FIFO or device whatever its name.  @return 0, or -1 for an unknown extension.
 */
static int
format_from_path(const char *path, enum fk_graph_format *f)
{
	struct stat st;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t n = strlen(base);
	*f = FK_GRAPH_SVG;
	if (!dot || dot == base)
		return 0;
	/* A name that is all extension (".json") has none. */
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		size_t k = strlen(exts[i].ext);
		if (n > k && strcasecmp(base + n - k, exts[i].ext) == 0) {
			*f = exts[i].f;
			return 0;
		}
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return 0;
	return -1;
}

static int
format_bit(enum fk_graph_format f)
{
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
		if (exts[i].f == f)
			return exts[i].bit;
	return SVG;
}

static int
run(struct fk_run *r, int argc, char **argv)
{
	int bad = 0, rc;
	const char *path = r->output && strcmp(r->output, "-") != 0 ? r->output : NULL;

	if (!format_given && path && format_from_path(path, &o.format) < 0)
		return fk_run_usage(r, "cannot tell the format of '%s' from its name "
		    "(.svg, .png, .html, .md, .txt, .speedscope.json, .pb.gz, .pprof or .json); "
		    "choose with --format", path);
	if (fk_graph_opts_check(&o) < 0)
		return fk_run_usage(r, "%s", fk_error_msg());
	for (size_t i = 0; i < ngiven; i++)
		if (!((int)(intptr_t)given[i]->value & format_bit(o.format)))
			fk_run_warn(r, "--%s has no effect on %s output", given[i]->long_name,
			    format_names[__builtin_ctz((unsigned)format_bit(o.format))]);

	/* Open everything before reading (pledge-shaped). */
	if (o.nameattr_file && !(nameattr_fp = fk_cli_open_regular(o.nameattr_file, 1, &bad)))
		return FK_RUN_FAILED;
	if (o.cp && !(palette_fp = fk_cli_open_regular(o.palette_file, 0, &bad)) && bad)
		return FK_RUN_FAILED;
	rc = fk_run_open(r, argc, argv);
	if (rc == 0 && (o.format == FK_GRAPH_PNG || o.format == FK_GRAPH_PPROF) &&
	    isatty(fileno(r->out)))
		rc = fk_error("refusing to write %s to a terminal; use -o file",
		    o.format == FK_GRAPH_PNG ? "PNG" : "a pprof profile");
	/* --nameattr and the --cp palette are read only for a picture. */
	if (rc == 0 && nameattr_fp && fk_graph_draws(&o))
		nameattr = fk_svg_nameattr_read(nameattr_fp, o.nameattr_file);
	if (rc == 0 && o.cp && fk_graph_draws(&o)) {
		map = fk_palette_map_new();
		if (palette_fp)
			rc = fk_palette_map_read(map, palette_fp, o.palette_file);
	}
	if (rc == 0)
		rc = fk_graph_render(&o, r->in, r->nin, nameattr, map, r->out);
	return rc;
}

/* After the graph is written: keep the colours for the next one, whole or not at all. */
static int
done(struct fk_run *r, int status)
{
	(void)r;
	if (status == FK_EXIT_OK && map) {
		struct fk_output pal;
		int rc = fk_output_open(&pal, o.palette_file);
		if (rc == 0)
			rc = fk_palette_map_write(map, pal.fp);
		if (fk_cli_finish(&pal, rc) != FK_EXIT_OK)
			status = FK_EXIT_FAILURE;
	}
	if (palette_fp)
		fclose(palette_fp);
	if (nameattr_fp)
		fclose(nameattr_fp);
	fk_svg_nameattr_free(nameattr);
	fk_palette_map_free(map);
	return status;
}

int
main(int argc, char **argv)
{
	static const struct fk_cmd cmd = { "flame-graph", usage,
		"Draw folded stacks as a flame graph (SVG, PNG or an HTML viewer) or as a\n"
		"Markdown or text report, or write them for speedscope, pprof or\n"
		"d3-flame-graph (see flame-graph(1)).",
		options, run, done, FK_CMD_FOLDED_INPUT };
	fk_graph_opts_init(&o);
	return fk_cmd_main(&cmd, argc, argv);
}
