#include "core/util.h"
#include "core/error.h"
#include "core/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

void *
fk__grow(void *p, size_t *cap, size_t need, size_t size, size_t first)
{
	size_t c = *cap;
	while (c < need)
		c = c == 0 ? first : c > SIZE_MAX / 2 ? need : 2 * c;
	/*
	 * An impossible size ends the program as running out of memory does,
	 * without asking realloc() (a sanitizer's allocator aborts on it).
	 */
	if (c > SIZE_MAX / size)
		fk_out_of_memory(SIZE_MAX);
	p = fk_xrealloc(p, c * size);
	*cap = c;
	return p;
}

void
fk_lines_init(struct fk_lines *l, FILE *fp)
{
	l->fp = fp;
	l->buf = NULL;
	l->cap = 0;
	l->lineno = 0;
}

ssize_t
fk_lines_next(struct fk_lines *l, char **line)
{
	ssize_t n = getline(&l->buf, &l->cap, l->fp);
	if (n < 0)
		return -1;
	if (++l->lineno == 1)
		n = (ssize_t)fk_drop_bom(l->buf, (size_t)n);
	while (n > 0 && (l->buf[n - 1] == '\n' || l->buf[n - 1] == '\r'))
		n--;
	l->buf[n] = '\0';
	*line = l->buf;
	return n;
}

void
fk_lines_release(struct fk_lines *l)
{
	FK_FREE(l->buf);
	l->cap = 0;
}

int
fk_open_regular_fd(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return -1;
	if (!S_ISREG(st.st_mode)) {
		errno = 0;
		return -1;
	}
	/* O_NONBLOCK: a path swapped for a FIFO after stat() must not hang. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = 0;
		return -1;
	}
	/* Reads block as usual again (it changes nothing for a regular file). */
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

FILE *
fk_open_regular(const char *path, int *missing)
{
	if (missing)
		*missing = 0;
	int fd = fk_open_regular_fd(path);
	if (fd < 0) {
		int e = errno;
		if (e == 0)
			return fk_error_code(FK_ERR_IO, "cannot read '%s': not a regular file", path), NULL;
		if (missing)
			*missing = e == ENOENT;
		return fk_error_errno(e, "cannot open", path), NULL;
	}
	FILE *fp = fdopen(fd, "r");
	if (!fp) {
		int e = errno;
		close(fd);
		return fk_error_errno(e, "cannot open", path), NULL;
	}
	return fp;
}
