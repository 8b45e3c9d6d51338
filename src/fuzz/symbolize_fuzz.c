/*
 * symbolize_fuzz.c -- libFuzzer harness for ELF/DWARF input through the
 * symbolize module.  The input is the module file: it is written to a
 * temporary file and a few addresses in it are resolved ("PATH+0xADDR"
 * frames), with inline chains and file:line on or off by the input size.
 * The addresses are fixed ones plus one taken from the input's last bytes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "fuzz/fuzz_util.h"
#include "symbolize/symbolize.h"
#include "symbolize/libdw_leak.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], path[96];

static void
cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!path[0]) {
		/* Memory-backed when possible: a disk file costs writeback per run. */
		const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(dir, sizeof dir, "%s/fk-symfuzz.XXXXXX", base);
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof path, "%s/module.so", dir);
		atexit(cleanup);
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		abort();
	for (size_t off = 0; off < size;) {
		ssize_t n = write(fd, data + off, size - off);
		if (n <= 0)
			abort();
		off += (size_t)n;
	}
	close(fd);

	uint64_t tail = 0;
	for (size_t i = size > 4 ? size - 4 : 0; i < size; i++)
		tail = tail << 8 | data[i];
	const uint64_t addrs[] = { 0, 0x234, 0x244, 0x264, 0x1034, 0x1044, tail };
	struct fk_symbolize_opts o = {
		.inline_frames = size & 1,
		.lines = (size >> 1) & 1,
		.demangle = 1,
	};
	struct fk_symbolizer *s = fk_symbolizer_new(&o);
	char frame[160];
	for (size_t i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
		int n = snprintf(frame, sizeof frame, "%s+0x%llx", path,
		    (unsigned long long)addrs[i]);
		const char *out;
		size_t outlen;
		fk_symbolizer_frame(s, frame, (size_t)n, -1, &out, &outlen);
	}
	fk_symbolizer_free(s);
	fk_error_clear();
	return 0;
}
