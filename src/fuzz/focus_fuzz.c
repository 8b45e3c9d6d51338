/*
 * focus_fuzz.c -- libFuzzer harness for flame-focus: a pattern applied by
 * one or two steps to folded input.  The first byte picks the steps and
 * the pattern flags, the next line is the pattern, the rest is the input.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "filter/focus.h"
#include "fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t f = data[0];
	const uint8_t *end = data + size, *rest;
	char *pat = fuzz_first_line(data + 1, size - 1, &rest);

	unsigned flags = (f >> 5) & 7;  /* ICASE, EXACT, LITERAL */
	struct fk_filter *set = fk_filter_new(flags);
	if (fk_filter_add(set, pat) < 0) {
		fk_error_clear();
		fk_filter_free(set);
		free(pat);
		return 0;
	}
	struct fk_focus_opts o = { .keep_root = (f >> 4) & 1 };
	o.sets[(f & 7) % FK_FOCUS_NSTEPS] = set;
	if (f & 8)  /* a second step with the same pattern */
		o.sets[((f & 7) + 3) % FK_FOCUS_NSTEPS] = set;
	int fd = fuzz_fd(rest, (size_t)(end - rest));
	struct fk_input in = { .name = "fuzz", .fd = fd };
	struct fk_focus_stats st;
	fk_focus_run(&o, &in, 1, fuzz_sink(), &st);
	fk_filter_free(set);
	free(pat);
	fk_error_clear();
	close(fd);
	return 0;
}
