/*
 * graph_fuzz.c -- libFuzzer harness for flame-graph: folded (or
 * differential) input through the layout and the SVG writer, then through
 * one of the export writers (speedscope, pprof, json), then through the
 * HTML writer.
 * The first two bytes pick the options, the rest is the input text.
 */
#include <stdio.h>
#include <unistd.h>

#include "core/error.h"
#include "fuzz/fuzz_util.h"
#include "render/graph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const double minwidth[] = { 0.1, 0, 5, 1 /* % */ };
	if (size < 2)
		return 0;
	uint8_t f = data[0], g = data[1];
	struct fk_graph_opts o;
	fk_graph_opts_init(&o);
	o.palette = (enum fk_palette)((f >> 4) % 17);
	o.layout.chain = o.palette == FK_PAL_CHAIN;
	if (f & 1)
		o.layout.inverted = 1;
	if (f & 2)
		o.layout.reverse = 1;
	if (f & 4)
		o.flamechart = o.svg.style.flamechart = 1;
	if (f & 8)
		o.layout.order = FK_LAYOUT_SORT_WIDTH;
	o.layout.min_width = minwidth[g & 3];
	o.layout.min_width_pct = (g & 3) == 3;
	if (g & 4)
		o.random = 1;
	if (g & 8)
		o.negate = 1;
	if (g & 16)
		o.colordiffusion = 1;
	if (g & 32)
		o.layout.total = 1000;
	if (g & 64)
		o.svg.style.subtitle = "sub<&>";
	if (g & 128)
		o.svg.style.dark = 1;
	int fd = fuzz_fd(data + 2, size - 2);
	struct fk_input in = { .name = "fuzz", .fd = fd };
	fk_graph_render(&o, &in, 1, NULL, NULL, fuzz_sink());
	fk_error_clear();
	close(fd);
	static const enum fk_graph_format exports[] = {
		FK_GRAPH_SPEEDSCOPE, FK_GRAPH_PPROF, FK_GRAPH_JSON,
	};
	o.format = exports[(f >> 4) % 3];
	fd = fuzz_fd(data + 2, size - 2);
	in.fd = fd;
	fk_graph_render(&o, &in, 1, NULL, NULL, fuzz_sink());
	fk_error_clear();
	close(fd);
	/* The HTML page: the node table, or frame records for the other layouts. */
	o.format = FK_GRAPH_HTML;
	fd = fuzz_fd(data + 2, size - 2);
	in.fd = fd;
	fk_graph_render(&o, &in, 1, NULL, NULL, fuzz_sink());
	fk_error_clear();
	close(fd);
	return 0;
}
