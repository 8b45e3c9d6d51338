#include "core/output.h"
#include "core/error.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * A quarter of a megabyte: its pages are touched only as far as output
 * fills it and then reused, so a big output costs at most 64 page faults
 * for it, and a small one a page or two.
 */
#define OUTPUT_BUFSZ (256u << 10)

/*
 * Temporary files that a signal must not leave behind.  The handler only
 * calls unlink(2), raise(2) and sigaction(2), which are async-signal-safe.
 */
#define OUTPUT_MAX_PENDING 4
static char pending[OUTPUT_MAX_PENDING][4096];
static volatile sig_atomic_t pending_used[OUTPUT_MAX_PENDING];
static int handlers_installed;
static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

static void cleanup_pending(void);

static void
cleanup_on_signal(int sig)
{
	cleanup_pending();
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(sig, &sa, NULL);
	raise(sig);
}

/* Out of memory: the same cleanup as for a signal, then exit. */
static void
cleanup_pending(void)
{
	for (int i = 0; i < OUTPUT_MAX_PENDING; i++)
		if (pending_used[i])
			unlink(pending[i]);
}

static void
pending_add(const char *path)
{
	if (!handlers_installed) {
		fk_error_set_cleanup(cleanup_pending);
		struct sigaction sa, old;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = cleanup_on_signal;
		sigemptyset(&sa.sa_mask);
		for (size_t i = 0; i < sizeof(cleanup_signals) / sizeof(cleanup_signals[0]); i++) {
			/* Leave signals that the parent told us to ignore alone. */
			if (sigaction(cleanup_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
				continue;
			sigaction(cleanup_signals[i], &sa, NULL);
		}
		handlers_installed = 1;
	}
	for (int i = 0; i < OUTPUT_MAX_PENDING; i++) {
		if (!pending_used[i] && strlen(path) < sizeof(pending[i])) {
			strcpy(pending[i], path);
			pending_used[i] = 1;
			return;
		}
	}
}

static void
pending_remove(const char *path)
{
	for (int i = 0; i < OUTPUT_MAX_PENDING; i++)
		if (pending_used[i] && strcmp(pending[i], path) == 0)
			pending_used[i] = 0;
}

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
	struct stat st;
	int exists = stat(path, &st) == 0;
	if (exists && S_ISDIR(st.st_mode)) {
		fk_error_errno(EISDIR, "cannot write", path);
		FK_FREE(o->buf);
		return -1;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		/* A device, FIFO or socket is written to, not replaced. */
		o->fp = fopen(path, "w");
		if (!o->fp) {
			fk_error_errno(errno, "cannot open", path);
			FK_FREE(o->buf);
			return -1;
		}
		o->path = fk_xstrdup(path);
		setvbuf(o->fp, o->buf, _IOFBF, OUTPUT_BUFSZ);
		return 0;
	}
	/* Through a symbolic link, the file it names is the one replaced. */
	char *real = exists ? realpath(path, NULL) : NULL;
	o->path = real ? real : fk_xstrdup(path);
	path = o->path;
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
	pending_add(o->tmp);
	if (exists) {
		/* The replacement keeps the file's mode (and, run as root, its owner). */
		fchmod(fd, st.st_mode & 07777);
		if (geteuid() == 0)
			(void)fchown(fd, st.st_uid, st.st_gid);
	} else {
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		int e = errno;
		close(fd);
		unlink(o->tmp);
		pending_remove(o->tmp);
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
		if (o->tmp) {   /* else written in place */
			if (rc == 0 && rename(o->tmp, o->path) != 0)
				rc = fk_error_errno(errno, "cannot rename into", o->path);
			if (rc != 0)
				unlink(o->tmp);
			pending_remove(o->tmp);
		}
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
		if (o->tmp) {
			unlink(o->tmp);
			pending_remove(o->tmp);
		}
	}
	o->fp = NULL;
	FK_FREE(o->tmp);
	FK_FREE(o->path);
	FK_FREE(o->buf);
}
