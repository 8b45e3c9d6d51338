/*
 * trim_fuzz.c -- libFuzzer harness for flame-trim: --replace expressions
 * and the trim operations on folded input.  The first byte picks the
 * options, the next line is a --replace expression (none when empty), the
 * rest is the folded input; the parity of the size picks a memory budget.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "fuzz/fuzz_util.h"
#include "filter/trim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t f = data[0];
	const uint8_t *end = data + size, *rest;
	char *expr = fuzz_first_line(data + 1, size - 1, &rest);

	struct fk_filter_subst *sub = NULL;
	if (expr[0]) {
		sub = fk_filter_subst_new(expr);
		fk_error_clear();
	}
	struct fk_trim_opts o = {
		.strip_offsets = f & 1,
		.strip_annotations = (f >> 1) & 1,
		.strip_args = (f >> 2) & 1,
		.recursion = (enum fk_trim_recursion)(((f >> 3) & 3) % 3),
		.max_depth = (f & 32) ? 3 : 0,
		.min_kind = (f & 64) ? ((f & 1) ? FK_TRIM_MIN_FRACTION : FK_TRIM_MIN_COUNT) : FK_TRIM_MIN_NONE,
		.min = (f & 1) ? (struct fk_num){ 1, 1 } : (struct fk_num){ 2, 0 },
		.drop = (f >> 7) & (f >> 6) & 1,
		.max_stacks = (f & 128) ? 2 : 0,
		.replace = &sub,
		.nreplace = sub ? 1 : 0,
		/* Odd sizes take the command's way (a budget: the tree-wide steps walk a spill),
		 * even ones the tree in memory (no budget). */
		.memory = (size & 1) ? (size_t)64 << 20 : 0,
	};
	int fd = fuzz_fd(rest, (size_t)(end - rest));
	struct fk_input in = { .name = "fuzz", .fd = fd };
	fk_trim_run(&o, &in, 1, fuzz_sink(), NULL);
	fk_filter_subst_free(sub);
	free(expr);
	fk_error_clear();
	close(fd);
	return 0;
}
