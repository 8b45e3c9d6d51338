/*
 * cpuprofile_fuzz.c -- libFuzzer harness for flame-collapse's reader of
 * a V8 .cpuprofile (cpuprofile.c, v8prof.c, json_events.c).
 * The first byte picks the weight (and a --profile name).
 */
#include "collapse/collapse.h"
#include "core/error.h"
#include "fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct fk_collapse_opts o = { 0 };
	o.format = FK_FORMAT_CPUPROFILE;
	o.weight = data[0] & 1 ? FK_WEIGHT_SAMPLES : FK_WEIGHT_TIME;
	o.profile = data[0] & 2 ? "cpu" : NULL;
	int fd = fuzz_fd(data + 1, size - 1);
	struct fk_input in = { .name = "fuzz", .fd = fd };
	struct fk_collapse_stats st;
	fk_collapse(&o, &in, 1, fuzz_sink(), &st);
	fk_error_clear();
	close(fd);
	return 0;
}
