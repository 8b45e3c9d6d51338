/*
 * test_util.h -- helpers shared by the criterion unit tests (not part of the library).
 */
#ifndef FK_TEST_UTIL_H
#define FK_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A descriptor reading the given bytes (a temporary file, already unlinked). */
static inline int
test_fd_with(const void *data, size_t n)
{
	FILE *f = tmpfile();
	if (!f)
		abort();
	if (n && fwrite(data, 1, n, f) != n)
		abort();
	fflush(f);
	int fd = dup(fileno(f));
	fclose(f);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* Run fn writing to a memory stream and return what it wrote (caller frees). */
#define TEST_CAPTURE(out_ptr, out_len, stmt) do {                   \
	char *buf__ = NULL; size_t len__ = 0;                        \
	FILE *test_out = open_memstream(&buf__, &len__);             \
	stmt;                                                        \
	fclose(test_out);                                            \
	(out_ptr) = buf__; (out_len) = len__;                        \
} while (0)

#endif
