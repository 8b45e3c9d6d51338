/*
 * nameattr_fuzz.c -- libFuzzer harness for flame-graph --nameattr files:
 * the input is the file, applied to a small fixed graph whose frames the
 * dictionary names.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "fuzz/fuzz_util.h"
#include "render/graph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char graph[] =
    "main;foo;bar 3\n"
    "main;foo;baz_[k] 2\n"
    "main;qux;<&\"'> 1\n"
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
	struct fk_svg_nameattr *na = fk_svg_nameattr_read(fp, "fuzz");
	int fd = fuzz_fd((const uint8_t *)graph, sizeof(graph) - 1);
	struct fk_input in = { .name = "graph", .fd = fd };
	fk_graph_render(&o, &in, 1, na, NULL, fuzz_sink());
	fk_svg_nameattr_free(na);
	fk_error_clear();
	close(fd);
	fclose(fp);
	return 0;
}
