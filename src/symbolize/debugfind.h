/*
 * debugfind.h -- where copies of a module and its debug files live, found
 * by build-id (flame-symbolize(1), "FINDING SYMBOLS").
 *
 * For a module whose own file is absent, or differs from the build-id
 * recorded with its frames, the candidates are, in order:
 *   perf's build-id cache (--buildid-dir, $PERF_BUILDID_DIR, $HOME/.debug):
 *     DIR/.build-id/xx/REST, a link to the directory DIR/PATH/BUILDID
 *     holding "debug" (a debug file) and "elf" (the module), or in perf
 *     before 4.10 to the module copy itself;
 *   each --debug-dir, then /usr/lib/debug: DIR/.build-id/xx/REST.debug.
 * (xx is the build-id's first two hex digits, REST the others.)
 */
#ifndef FK_DEBUGFIND_H
#define FK_DEBUGFIND_H

#include <stddef.h>

#include "symbolize/symbolize.h"

/* A candidate file: a copy of the module, or a debug file. */
struct fk_candidate {
	char *path;             /* malloc'd */
	int debug;              /* a debug file (its segments hold no file offsets) */
};

/*
 * The candidate files for build-id bid (hex), in order, in *c (free each
 * path and the array).  Whether each exists is for the caller to find
 * out.  @return how many.
 */
size_t fk_buildid_candidates(const struct fk_symbolize_opts *o, const char *bid,
    struct fk_candidate **c);

/*
 * Settings for libdwfl's debuginfod client, which libdwfl loads by itself
 * (dlopen) only when DEBUGINFOD_URLS is set: a timeout unless the user
 * set one, and progress on stderr when it is a terminal.  Call before the
 * first module is opened.  @return 1 when DEBUGINFOD_URLS is set.
 */
int fk_debuginfod_setup(int progress);

/* Is path a file in debuginfod's client cache (so fetched by it)? */
int fk_debuginfod_cached(const char *path);

#endif
