/*
 * perf_fuzz.c -- libFuzzer harness for the perf script collapser.
 * The first byte picks the options, the rest is the input text.
 */
#include "core/error.h"
#include "fuzz/fuzz_util.h"
#include "collapse/perf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t f = data[0];
	char *skip[] = { "main" };
	struct fk_perf_opts o = {
		.include_pid = f & 1,
		.include_tid = (f >> 1) & 1,
		.annotate_kernel = (f >> 2) & 1,
		.annotate_jit = (f >> 2) & 1,
		.include_addrs = (f >> 3) & 1,
		/* 2 (all) when --srcline is off and bit 7 is set, else 1, or 3 (raw) with bit 6. */
		.keep_addrs = !((f >> 4) & 1) ? 0 : ((f >> 7) & 1) && !((f >> 5) & 1) ? 2
		    : 1 + 2 * ((f >> 6) & 1),
		.srcline = (f >> 5) & 1,
		.compat_perl = (f >> 6) & 1,
		.skip_after = skip,
		.nskip_after = (f >> 7) & 1,
		.jobs = 1,
	};
	int fd = fuzz_fd(data + 1, size - 1);
	struct fk_input in = { .name = "fuzz", .fd = fd };
	struct fk_perf_stats st;
	fk_perf_collapse(&o, &in, 1, fuzz_sink(), &st);
	fk_error_clear();
	close(fd);
	return 0;
}
