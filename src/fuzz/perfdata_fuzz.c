/*
 * perfdata_fuzz.c -- libFuzzer harness for the perf.data reader and its
 * folding (perf_data.c, perf_proc.c, perf_data_fold.c).  The first byte
 * picks the options, the rest is the file (file or pipe layout).
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
	struct fk_perf_opts o = {
		.include_tid = f & 1,
		.annotate_kernel = (f >> 1) & 1,
		.include_addrs = (f >> 2) & 1,
		.keep_addrs = (f >> 3) & 3,
		.jobs = 1,
		.kallsyms = "/dev/null",   /* not the 100,000 lines of /proc/kallsyms each run */
	};
	int fd = fuzz_fd(data + 1, size - 1);
	struct fk_input in = { .name = "fuzz", .fd = fd };
	struct fk_perf_stats st;
	/* Module files are looked for where no test puts them. */
	setenv("PERF_BUILDID_DIR", "/nonexistent", 1);
	fk_perf_collapse(&o, &in, 1, fuzz_sink(), &st);
	fk_perf_stats_release(&st);
	fk_error_clear();
	close(fd);
	return 0;
}
