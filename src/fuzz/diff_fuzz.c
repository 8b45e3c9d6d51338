/*
 * diff_fuzz.c -- libFuzzer harness for flame-diff.  The first byte picks
 * the options (normalize, strip hex, drop or rename the root, repeated
 * runs); the rest is BEFORE, then a line "====", then AFTER.  Repeated runs
 * read each side twice and run the test and the report.
 */
#include <string.h>
#include <unistd.h>

#include "diff/diff.h"
#include "diff/shares.h"
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
	struct fk_diff_opts o = { .normalize = data[0] & 1, .strip_hex = (data[0] >> 1) & 1,
		.drop_root = (data[0] >> 2) & 1, .root_name = (data[0] >> 3) & 1 ? "app" : NULL };
	if (data[0] & 16) {
		struct fk_input in[4] = { { 0 } };
		for (int i = 0; i < 4; i++) {
			in[i].name = i < 2 ? "before" : "after";
			in[i].fd = i < 2 ? fuzz_fd(p, (size_t)(s - p)) : fuzz_fd(a, (size_t)(end - a));
		}
		o.shares = fk_diff_shares_new(2, 2);
		if (fk_diff_runs(&o, in, 2, 2, fuzz_sink(), NULL, NULL) == 0 &&
		    fk_diff_shares_test(o.shares, 0.95) == 0) {
			const struct fk_diff_fn *const *rows;
			fk_diff_shares_grown(o.shares, 1, &rows);
			fk_diff_shares_write(o.shares, fuzz_sink(), FK_DIFF_REPORT_MARKDOWN, 20);
		}
		fk_diff_shares_free(o.shares);
		fk_error_clear();
		for (int i = 0; i < 4; i++)
			close(in[i].fd);
		return 0;
	}
	int fb = fuzz_fd(p, (size_t)(s - p)), fa = fuzz_fd(a, (size_t)(end - a));
	struct fk_input before = { .name = "before", .fd = fb }, after = { .name = "after", .fd = fa };
	struct fk_diff_stats st;
	fk_diff(&o, &before, &after, fuzz_sink(), &st);
	fk_error_clear();
	close(fb);
	close(fa);
	return 0;
}
