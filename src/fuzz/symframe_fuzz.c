/*
 * symframe_fuzz.c -- libFuzzer harness for the text the symbolizer parses:
 * address frames (the --keep-addrs encodings with build-ids, Perl's
 * "[module <addr>]", kernel and JIT frames), kallsyms and perf map files.
 * The first byte picks the input: 0 frames (one per line), 1 kallsyms,
 * 2 a perf map.  Module lookups go to a directory that does not exist, and
 * the build-id cache too, so that no file outside decides the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "fuzz/fuzz_util.h"
#include "symbolize/symbolize.h"
#include "symbolize/symmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int kind = data[0] % 3;
	const char *text = (const char *)data + 1;
	size_t n = size - 1;
	if (kind > 0) {
		FILE *fp = fmemopen((void *)(uintptr_t)text, n ? n : 1, "r");
		if (fp == NULL)
			return 0;
		struct fk_symmap *m = fk_symmap_new();
		size_t bad;
		if (n == 0)
			fgetc(fp);
		if (kind == 1)
			fk_symmap_read_kallsyms(m, fp, &bad);
		else
			fk_symmap_read_perfmap(m, fp, &bad);
		fclose(fp);
		size_t len;
		for (uint64_t a = 0; a < 4; a++)
			fk_symmap_lookup(m, a * 0x1000 + 0xffffffff81000000ULL, &len);
		fk_symmap_restricted(m);
		fk_symmap_free(m);
		fk_error_clear();
		return 0;
	}
	struct fk_symbolize_opts o = {
		.demangle = 1,
		.buildid_dir = "/nonexistent-fk-fuzz",
		.kallsyms = "/nonexistent-fk-fuzz/kallsyms",
		.perf_map_dir = "/nonexistent-fk-fuzz",
	};
	struct fk_symbolizer *s = fk_symbolizer_new(&o);
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - text) : n;
		const char *out;
		size_t outlen;
		fk_symbolizer_frame(s, text + i, e - i, 42, &out, &outlen);
		fk_symbolize_root_pid(text + i, e - i);
		i = e + 1;
	}
	fk_symbolizer_free(s);
	fk_error_clear();
	return 0;
}
