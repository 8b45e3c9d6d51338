/*
 * flame-graph -- draw folded stacks as an interactive SVG or a PNG flame graph.
 */
#include <getopt.h>
#include <stdio.h>

#include "common/cli.h"
#include "core/error.h"
#include "render/graph.h"
#include "core/output.h"

static const char usage[] =
    "usage: flame-graph [--colordiffusion] [--cp] [--deterministic] [--flamechart]\n"
    "                   [--hash] [--inverted] [--negate] [--no-sort] [--random]\n"
    "                   [--reverse] [--truncate-text-right] [--bgcolors color]\n"
    "                   [--colors palette] [--countname name] [--diff self | total]\n"
    "                   [--diff-width after | max] [--encoding name]\n"
    "                   [--factor number] [--fontsize size] [--fonttype font]\n"
    "                   [--fontwidth width] [--format svg | png | md | txt]\n"
    "                   [--height pixels] [--minwidth width] [--nameattr file]\n"
    "                   [--nametype text] [--notes text] [--palette-file file]\n"
    "                   [--scale factor] [--search-color color]\n"
    "                   [--sort name | width] [--stroke-color color]\n"
    "                   [--subtitle text] [--theme light | dark] [--title text]\n"
    "                   [--top count] [--total count] [--uicolor color]\n"
    "                   [--width pixels] [-o file] [file ...]\n";

enum { OPT_HELP = 1000, OPT_VERSION, OPT_OTHER };

static const struct option longopts[] = {
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{"output", required_argument, NULL, 'o'},
	/* Everything else is handed to fk_graph_option() by name. */
	{"colordiffusion", no_argument, NULL, OPT_OTHER},
	{"cp", no_argument, NULL, OPT_OTHER},
	{"deterministic", no_argument, NULL, OPT_OTHER},
	{"flamechart", no_argument, NULL, OPT_OTHER},
	{"hash", no_argument, NULL, OPT_OTHER},
	{"inverted", no_argument, NULL, OPT_OTHER},
	{"negate", no_argument, NULL, OPT_OTHER},
	{"no-sort", no_argument, NULL, OPT_OTHER},
	{"random", no_argument, NULL, OPT_OTHER},
	{"reverse", no_argument, NULL, OPT_OTHER},
	{"truncate-text-right", no_argument, NULL, OPT_OTHER},
	{"bgcolors", required_argument, NULL, OPT_OTHER},
	{"colors", required_argument, NULL, OPT_OTHER},
	{"countname", required_argument, NULL, OPT_OTHER},
	{"diff", required_argument, NULL, OPT_OTHER},
	{"diff-width", required_argument, NULL, OPT_OTHER},
	{"encoding", required_argument, NULL, OPT_OTHER},
	{"factor", required_argument, NULL, OPT_OTHER},
	{"fontsize", required_argument, NULL, OPT_OTHER},
	{"fonttype", required_argument, NULL, OPT_OTHER},
	{"fontwidth", required_argument, NULL, OPT_OTHER},
	{"format", required_argument, NULL, OPT_OTHER},
	{"height", required_argument, NULL, OPT_OTHER},
	{"minwidth", required_argument, NULL, OPT_OTHER},
	{"nameattr", required_argument, NULL, OPT_OTHER},
	{"nametype", required_argument, NULL, OPT_OTHER},
	{"notes", required_argument, NULL, OPT_OTHER},
	{"palette-file", required_argument, NULL, OPT_OTHER},
	{"scale", required_argument, NULL, OPT_OTHER},
	{"search-color", required_argument, NULL, OPT_OTHER},
	{"sort", required_argument, NULL, OPT_OTHER},
	{"stroke-color", required_argument, NULL, OPT_OTHER},
	{"subtitle", required_argument, NULL, OPT_OTHER},
	{"theme", required_argument, NULL, OPT_OTHER},
	{"title", required_argument, NULL, OPT_OTHER},
	{"top", required_argument, NULL, OPT_OTHER},
	{"total", required_argument, NULL, OPT_OTHER},
	{"uicolor", required_argument, NULL, OPT_OTHER},
	{"width", required_argument, NULL, OPT_OTHER},
	{NULL, 0, NULL, 0},
};

int
main(int argc, char **argv)
{
	struct fk_graph_opts o;
	const char *outpath = NULL;
	int ch, idx;

	fk_cli_init("flame-graph", 10, argv);
	fk_graph_opts_init(&o);
	while ((ch = getopt_long(argc, argv, "o:", longopts, &idx)) != -1) {
		switch (ch) {
		case 'o': outpath = optarg; break;
		case OPT_HELP: fputs(usage, stdout); return FK_EXIT_OK;
		case OPT_VERSION: return fk_cli_version();
		case OPT_OTHER:
			if (fk_graph_option(&o, longopts[idx].name, optarg) < 0)
				return fk_cli_usage_error(usage, "%s", fk_error_msg());
			break;
		default: return fk_cli_usage_error(usage, NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (fk_graph_output_path(&o, outpath) < 0)
		return fk_cli_usage_error(usage, "%s", fk_error_msg());

	/* Open everything before reading (pledge-shaped). */
	int status = FK_EXIT_OK, bad = 0;
	FILE *nameattr_fp = NULL, *palette_fp = NULL;
	if (o.nameattr_file && !(nameattr_fp = fk_cli_open_regular(o.nameattr_file, 1, &bad)))
		return FK_EXIT_FAILURE;
	if (o.cp && !(palette_fp = fk_cli_open_regular(o.palette_file, 0, &bad)) && bad) {
		if (nameattr_fp)
			fclose(nameattr_fp);
		return FK_EXIT_FAILURE;
	}
	struct fk_svg_nameattr *nameattr = NULL;
	struct fk_palette_map *map = NULL;
	size_t nin, failed;
	struct fk_input *in = fk_cli_open_inputs(argc, argv, &nin, &failed);
	struct fk_output out;
	if (fk_output_open(&out, outpath) < 0) {
		fk_cli_print_error();
		status = FK_EXIT_FAILURE;
	} else {
		/* --nameattr and the --cp palette are read only for a picture. */
		int rc = 0;
		if (nameattr_fp && fk_graph_draws(&o))
			nameattr = fk_svg_nameattr_read(nameattr_fp, o.nameattr_file);
		if (o.cp && fk_graph_draws(&o)) {
			map = fk_palette_map_new();
			if (palette_fp)
				rc = fk_palette_map_read(map, palette_fp, o.palette_file);
		}
		/* What could be read is drawn; unreadable inputs and skipped lines still fail. */
		if (rc == 0)
			rc = fk_graph_render(in, nin, &o, nameattr, map, out.fp);
		status = fk_cli_finish(&out, rc);
		fk_cli_warning_summary("bad lines");
		if (status == FK_EXIT_OK && (failed || fk_cli_warnings()))
			status = FK_EXIT_FAILURE;
	}
	if (status == FK_EXIT_OK && map) {
		/* Keep the colours for the next graph, whole or not at all. */
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
	fk_cli_close_inputs(in, nin);
	fk_svg_nameattr_free(nameattr);
	fk_palette_map_free(map);
	return status;
}
