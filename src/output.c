#include "output.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTPUT_BUFSZ (1u << 20)

int
fk_output_open(struct fk_output *o, const char *path)
{
	static char stdout_buf[OUTPUT_BUFSZ];

	memset(o, 0, sizeof(*o));
	if (!path || strcmp(path, "-") == 0) {
		o->fp = stdout;
		setvbuf(stdout, stdout_buf, _IOFBF, sizeof(stdout_buf));
		return 0;
	}
	o->buf = fk_xmalloc(OUTPUT_BUFSZ);
	o->path = fk_xstrdup(path);
	size_t n = strlen(path);
	o->tmp = fk_xmalloc(n + 16);
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	/* Hidden temporary beside the target so rename() stays on one file system. */
	snprintf(o->tmp, n + 16, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		int e = errno;
		fk_error_errno(e, "cannot create", path);
		FK_FREE(o->tmp);
		FK_FREE(o->path);
		FK_FREE(o->buf);
		return -1;
	}
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		int e = errno;
		close(fd);
		unlink(o->tmp);
		fk_error_errno(e, "cannot open", path);
		FK_FREE(o->tmp);
		FK_FREE(o->path);
		FK_FREE(o->buf);
		return -1;
	}
	setvbuf(o->fp, o->buf, _IOFBF, OUTPUT_BUFSZ);
	return 0;
}

const char *
fk_output_name(const struct fk_output *o)
{
	return o->path ? o->path : "<stdout>";
}

int
fk_output_commit(struct fk_output *o)
{
	int rc = 0;

	if (!o->fp)
		return 0;
	if (fflush(o->fp) != 0 || ferror(o->fp))
		rc = fk_error_errno(errno ? errno : EIO, "cannot write", fk_output_name(o));
	if (o->path) {
		if (fclose(o->fp) != 0 && rc == 0)
			rc = fk_error_errno(errno, "cannot write", o->path);
		o->fp = NULL;
		if (rc == 0 && rename(o->tmp, o->path) != 0)
			rc = fk_error_errno(errno, "cannot rename into", o->path);
		if (rc != 0)
			unlink(o->tmp);
	} else {
		o->fp = NULL;
	}
	FK_FREE(o->tmp);
	FK_FREE(o->path);
	FK_FREE(o->buf);
	return rc;
}

void
fk_output_abort(struct fk_output *o)
{
	if (o->fp && o->path) {
		fclose(o->fp);
		unlink(o->tmp);
	}
	o->fp = NULL;
	FK_FREE(o->tmp);
	FK_FREE(o->path);
	FK_FREE(o->buf);
}
