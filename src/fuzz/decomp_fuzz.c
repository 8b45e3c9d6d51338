/*
 * decomp_fuzz.c -- libFuzzer harness for gzip and xz input: the bytes are
 * read as an input through the reader (which decompresses them when they
 * start with a magic), and decoded from memory as for format detection.
 */
#include "core/decomp.h"
#include "core/error.h"
#include "core/reader.h"
#include "core/sniff.h"
#include "fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char head[FK_SNIFF_PEEK];
	enum fk_decomp_kind k = fk_decomp_detect(data, size);
	if (k != FK_DECOMP_NONE)
		fk_sniff(head, fk_decomp_head(k, data, size, head, sizeof(head)));
	int fd = fuzz_fd(data, size);
	struct fk_reader *r = fk_reader_new(fd, "fuzz");
	fk_reader_set_max_line(r, 1 << 20);
	char *line;
	size_t len;
	while (fk_reader_line(r, &line, &len) > 0)
		;
	fk_reader_free(r);
	fk_error_clear();
	close(fd);
	return 0;
}
