/*
 * stap_fuzz.c -- libFuzzer harness for flame-collapse's SystemTap aggregation reader (stap.h).
 * The first byte picks --compat=perl and the options; the table is
 * written out, so that every key the reader built is read back.
 */
#include "collapse/stap.h"
#include "core/error.h"
#include "fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int compat = data[0] & 1;
	int fd = fuzz_fd(data + 1, size - 1);
	struct fk_reader *r = fk_reader_new(fd, "fuzz");
	struct fk_stack_table *t = fk_stack_table_new(1);
	struct fk_multiline_stats st = { 0 };
	if (fk_stap_collapse(compat, r, t, &st) == 0)
		fk_stack_table_write(t, fuzz_sink(), 1);
	fk_error_clear();
	fk_stack_table_free(t);
	fk_reader_free(r);
	close(fd);
	return 0;
}
