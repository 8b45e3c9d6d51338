/*
 * collapse_fuzz.c -- libFuzzer harness for flame-collapse's Go readers
 * (goroutine dumps, debug=1 counts, pprof protobuf/gzip, pprof -raw) and
 * format detection.  The first byte picks the format and the options.
 */
#include "collapse/collapse.h"
#include "core/error.h"
#include "fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum fk_format formats[] = {
		FK_FORMAT_AUTO, FK_FORMAT_GOROUTINE, FK_FORMAT_GOROUTINE_COUNTS,
		FK_FORMAT_PPROF, FK_FORMAT_PPROF_RAW, FK_FORMAT_AUTO,
		FK_FORMAT_PPROF, FK_FORMAT_GOROUTINE,
	};
	static char label[] = "k";
	static char *labels[] = { label };

	if (size < 1)
		return 0;
	uint8_t f = data[0];
	struct fk_collapse_opts o = { 0 };
	o.format = formats[f & 7];
	o.perf.jobs = 1;
	o.go.state = (f >> 3) & 1;
	o.go.wait = (f >> 4) & 1;
	o.go.no_creator = (f >> 5) & 1;
	o.go.lines = (f >> 6) & 1;
	o.go.labels = labels;
	o.go.nlabels = (f >> 7) & 1;
	o.pprof.lines = (f >> 6) & 1;
	o.pprof.labels = labels;
	o.pprof.nlabels = (f >> 7) & 1;
	o.pprof.sample_type = (f & 0x18) == 0x18 ? "cpu" : NULL;
	int fd = fuzz_fd(data + 1, size - 1);
	struct fk_input in = { .name = "fuzz", .fd = fd };
	struct fk_collapse_stats st;
	fk_collapse(&o, &in, 1, fuzz_sink(), &st);
	fk_error_clear();
	close(fd);
	return 0;
}
