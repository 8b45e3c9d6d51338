/*
 * folded_fuzz.c -- libFuzzer harness for folded-stack input (one or two
 * counts, leading comments), through the stack table and back out.
 */
#include "core/error.h"
#include "core/folded.h"
#include "core/folded_header.h"
#include "fuzz/fuzz_util.h"
#include "core/stack_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
add(void *ctx, char *stack, size_t len, const struct fk_num *counts, int ncols)
{
	struct fk_stack_table **t = ctx;
	if (!*t)
		*t = fk_stack_table_new(ncols);
	if (fk_stack_table_ncols(*t) != ncols)
		return 0;
	return fk_stack_table_add(*t, stack, len, counts);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int ncols = data[0] % 3;
	int fd = fuzz_fd(data + 1, size - 1);
	struct fk_input in = { .name = "fuzz", .fd = fd };
	struct fk_stack_table *t = NULL;
	struct fk_folded_stats st = { 0 };
	st.header = fk_folded_header_new();
	if (fk_folded_read(&in, 1, &ncols, add, &t, &st) == 0 && t) {
		fk_folded_header_write(st.header, fuzz_sink());
		fk_stack_table_write(t, fuzz_sink(), 1);
		int64_t total;
		fk_stack_table_total(t, 0, &total);
	}
	fk_stack_table_free(t);
	fk_folded_header_free(st.header);
	fk_error_clear();
	close(fd);
	return 0;
}
