/*
 * debugfind.c -- where copies of a module and its debug files live, found
 * by build-id: perf's build-id cache and the .build-id trees of debug
 * directories; settings for libdwfl's debuginfod client.
 */
#include "symbolize/debugfind.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "core/util.h"

/* Seconds a debuginfod transfer may stall, unless DEBUGINFOD_TIMEOUT says otherwise. */
#define DEBUGINFOD_TIMEOUT_DEFAULT "10"

/*
 * The build-id cache directory: o->buildid_dir, $PERF_BUILDID_DIR or
 * $HOME/.debug (written into buf), or NULL.
 */
static const char *
buildid_cache_dir(const struct fk_symbolize_opts *o, char *buf, size_t size)
{
	if (o->buildid_dir != NULL)
		return o->buildid_dir;
	const char *env = getenv("PERF_BUILDID_DIR");
	if (env != NULL && *env != '\0')
		return env;
	env = getenv("HOME");
	if (env == NULL || *env == '\0')
		return NULL;
	int n = snprintf(buf, size, "%s/.debug", env);
	return n > 0 && (size_t)n < size ? buf : NULL;
}

static void
add_path(struct fk_candidate **v, size_t *n, size_t *cap, const char *a, const char *bid,
    const char *b, int debug)
{
	char path[PATH_MAX];
	int k = snprintf(path, sizeof path, "%s/.build-id/%.2s/%s%s", a, bid, bid + 2, b);
	if (k < 0 || (size_t)k >= sizeof path)
		return;
	FK_GROW(*v, *cap, *n + 1, 8);
	(*v)[*n].path = fk_xstrdup(path);
	(*v)[(*n)++].debug = debug;
}

size_t
fk_buildid_candidates(const struct fk_symbolize_opts *o, const char *bid,
    struct fk_candidate **c)
{
	struct fk_candidate *v = NULL;
	size_t n = 0, cap = 0;
	*c = NULL;
	if (strlen(bid) < 4)
		return 0;
	char home[PATH_MAX];
	const char *cache = buildid_cache_dir(o, home, sizeof home);
	if (cache != NULL) {
		/* Since perf 4.10 the link names a directory holding the module and its debug file. */
		add_path(&v, &n, &cap, cache, bid, "/elf", 0);
		add_path(&v, &n, &cap, cache, bid, "", 0);
		add_path(&v, &n, &cap, cache, bid, "/debug", 1);
	}
	for (size_t i = 0; i < o->ndebug; i++)
		add_path(&v, &n, &cap, o->debug_dirs[i], bid, ".debug", 1);
	add_path(&v, &n, &cap, "/usr/lib/debug", bid, ".debug", 1);
	*c = v;
	return n;
}

int
fk_debuginfod_setup(int progress)
{
	const char *urls = getenv("DEBUGINFOD_URLS");
	if (urls == NULL || *urls == '\0')
		return 0;
	setenv("DEBUGINFOD_TIMEOUT", DEBUGINFOD_TIMEOUT_DEFAULT, 0);
	if (progress)
		setenv("DEBUGINFOD_PROGRESS", "1", 0);
	return 1;
}

/* debuginfod's client cache: $DEBUGINFOD_CACHE_PATH, else the XDG cache, else ~/.debuginfod_client_cache. */
int
fk_debuginfod_cached(const char *path)
{
	char dir[PATH_MAX];
	const char *env = getenv("DEBUGINFOD_CACHE_PATH");
	int n = -1;
	if (env != NULL && *env != '\0')
		n = snprintf(dir, sizeof dir, "%s/", env);
	else if ((env = getenv("XDG_CACHE_HOME")) != NULL && *env != '\0')
		n = snprintf(dir, sizeof dir, "%s/debuginfod_client/", env);
	else if ((env = getenv("HOME")) != NULL) {
		struct stat st;
		n = snprintf(dir, sizeof dir, "%s/.debuginfod_client_cache", env);
		if (n < 0 || (size_t)n >= sizeof dir || stat(dir, &st) != 0)
			n = snprintf(dir, sizeof dir, "%s/.cache/debuginfod_client/", env);
		else
			n = snprintf(dir, sizeof dir, "%s/.debuginfod_client_cache/", env);
	}
	if (n < 0 || (size_t)n >= sizeof dir)
		return 0;
	/* The cache path may hold a link or "..": compare resolved paths. */
	char *real = realpath(path, NULL);
	dir[n - 1] = '\0';
	char *rdir = realpath(dir, NULL);
	int in = real != NULL && rdir != NULL && strncmp(real, rdir, strlen(rdir)) == 0 &&
	    real[strlen(rdir)] == '/';
	free(real);
	free(rdir);
	return in;
}
