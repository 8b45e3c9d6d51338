/*
 * palette_fuzz.c -- libFuzzer harness for flame-graph --cp palette map
 * files: the input is read as the map, a small fixed graph is coloured
 * through it and the updated map is written back out.
 */
#include <stdio.h>
#include <unistd.h>

#include "core/error.h"
#include "fuzz/fuzz_util.h"
#include "render/graph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char graph[] =
    "main;foo;bar 3\n"
    "main;foo;baz_[k] 2\n"
    "main;qux 1\n"
    "main;java/lang/Thread.run_[j] 4\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	FILE *fp = fmemopen((void *)data, size, "r");
	if (!fp)
		return 0;
	struct fk_graph_opts o;
	fk_graph_opts_init(&o);
	o.cp = 1;
	o.palette = (size & 1) ? FK_PAL_JAVA : FK_PAL_HOT;
	struct fk_palette_map *map = fk_palette_map_new();
	int fd = fuzz_fd((const uint8_t *)graph, sizeof(graph) - 1);
	struct fk_input in = { .name = "graph", .fd = fd };
	if (fk_palette_map_read(map, fp, "fuzz") == 0 &&
	    fk_graph_render(&o, &in, 1, NULL, map, fuzz_sink()) == 0)
		fk_palette_map_write(map, fuzz_sink());
	fk_palette_map_free(map);
	fk_error_clear();
	close(fd);
	fclose(fp);
	return 0;
}
