/*
 * diff_fuzz.c -- libFuzzer harness for flame-diff.  The first byte picks
 * the options; the rest is BEFORE, then a line "====", then AFTER.
 */
#include <string.h>
#include <unistd.h>

#include "diff/diff.h"
#include "core/error.h"
#include "fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sep[] = "\n====\n";
	if (size < 1)
		return 0;
	const uint8_t *p = data + 1, *end = data + size;
	const uint8_t *s = memmem(p, (size_t)(end - p), sep, sizeof(sep) - 1);
	const uint8_t *a = s ? s + sizeof(sep) - 1 : end;
	if (!s)
		s = end;
	struct fk_diff_opts o = { .normalize = data[0] & 1, .strip_hex = (data[0] >> 1) & 1 };
	int fb = fuzz_fd(p, (size_t)(s - p)), fa = fuzz_fd(a, (size_t)(end - a));
	struct fk_input before = { .name = "before", .fd = fb }, after = { .name = "after", .fd = fa };
	struct fk_diff_stats st;
	fk_diff(&o, &before, &after, fuzz_sink(), &st);
	fk_error_clear();
	close(fb);
	close(fa);
	return 0;
}
