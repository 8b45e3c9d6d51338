/*
 * fuzz_util.h -- helpers for the libFuzzer harnesses (src/NAME_fuzz.c).
 */
#ifndef FK_FUZZ_UTIL_H
#define FK_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A descriptor that reads exactly these bytes (an anonymous memory file). */
static inline int
fuzz_fd(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz", 0);
	if (fd < 0)
		abort();
	size_t off = 0;
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);
		if (n <= 0)
			abort();
		off += (size_t)n;
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/*
 * Split data[0, size) at its first newline: the first line is returned as
 * a malloc'd string (the caller frees it), *rest points past the newline.
 */
static inline char *
fuzz_first_line(const uint8_t *data, size_t size, const uint8_t **rest)
{
	const uint8_t *end = data + size;
	const uint8_t *nl = memchr(data, '\n', size);
	if (!nl)
		nl = end;
	*rest = nl < end ? nl + 1 : end;
	return strndup((const char *)data, (size_t)(nl - data));
}

/* Output that goes nowhere but still goes through stdio. */
static inline FILE *
fuzz_sink(void)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	return sink;
}

#endif
