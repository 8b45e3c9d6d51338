/*
 * buildid.c -- a module file's GNU build-id, read with libelf/libdwelf.
 */
#include "symbolize/buildid.h"

#include <elfutils/libdwelf.h>
#include <gelf.h>
#include <unistd.h>

#include "core/util.h"

size_t
fk_buildid_read(const char *path, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	hex[0] = '\0';
	int fd = fk_open_regular_fd(path);
	if (fd < 0)
		return 0;
	size_t n = 0;
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	const void *bits = NULL;
	ssize_t len = e != NULL ? dwelf_elf_gnu_build_id(e, &bits) : -1;
	if (len > 0 && (size_t)len * 2 <= FK_BUILDID_MAX) {
		const unsigned char *b = bits;
		for (ssize_t i = 0; i < len; i++) {
			hex[n++] = digits[b[i] >> 4];
			hex[n++] = digits[b[i] & 15];
		}
		hex[n] = '\0';
	}
	elf_end(e);
	close(fd);
	return n;
}

int
fk_buildid_valid(const char *s, size_t n)
{
	if (n < 2 || n > FK_BUILDID_MAX || n % 2 != 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}
