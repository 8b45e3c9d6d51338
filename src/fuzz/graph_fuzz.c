/*
 * graph_fuzz.c -- libFuzzer harness for flame-graph: folded (or
 * differential) input through the layout and the SVG writer.
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
	static const char *const minwidth[] = { "0.1", "0", "5", "1%" };
	if (size < 2)
		return 0;
	uint8_t f = data[0], g = data[1];
	struct fk_graph_opts o;
	fk_graph_opts_init(&o);
	fk_graph_option(&o, "colors", fk_palette_name((enum fk_palette)((f >> 4) % 17)));
	if (f & 1)
		fk_graph_option(&o, "inverted", NULL);
	if (f & 2)
		fk_graph_option(&o, "reverse", NULL);
	if (f & 4)
		fk_graph_option(&o, "flamechart", NULL);
	if (f & 8)
		fk_graph_option(&o, "sort", "width");
	fk_graph_option(&o, "minwidth", minwidth[g & 3]);
	if (g & 4)
		fk_graph_option(&o, "random", NULL);
	if (g & 8)
		fk_graph_option(&o, "negate", NULL);
	if (g & 16)
		fk_graph_option(&o, "colordiffusion", NULL);
	if (g & 32)
		fk_graph_option(&o, "total", "1000");
	if (g & 64)
		fk_graph_option(&o, "subtitle", "sub<&>");
	if (g & 128)
		fk_graph_option(&o, "theme", "dark");
	int fd = fuzz_fd(data + 2, size - 2);
	struct fk_input in = { "fuzz", fd };
	fk_graph_render(&in, 1, &o, NULL, NULL, fuzz_sink());
	fk_error_clear();
	close(fd);
	return 0;
}
