/*
 * collapse_opt.h -- flame-collapse's long options, parsed into
 * struct fk_collapse_options.
 *
 * Kept in the library so that the command stays a thin shell: the
 * command passes each getopt_long() result it does not handle itself
 * (-h, -j, -o, -v, -V, the progress options) to fk_collapse_opt_set().
 */
#ifndef FK_COLLAPSE_OPT_H
#define FK_COLLAPSE_OPT_H

#include <getopt.h>

#include "collapse/collapse.h"

/* getopt_long() codes of the long-only options; all are >= 256. */
enum {
	FK_COPT_ADDRS = 256, FK_COPT_ALL, FK_COPT_JIT, FK_COPT_KEEP_ADDRS, FK_COPT_KERNEL,
	FK_COPT_PID, FK_COPT_TID, FK_COPT_PROGRESS, FK_COPT_NO_PROGRESS, FK_COPT_SRCLINE,
	FK_COPT_STRICT, FK_COPT_COMPAT, FK_COPT_EVENT, FK_COPT_SKIP_AFTER, FK_COPT_FORMAT,
	FK_COPT_GO_STATE, FK_COPT_GO_WAIT, FK_COPT_NO_CREATOR, FK_COPT_LINES,
	FK_COPT_SAMPLE_TYPE, FK_COPT_LABEL, FK_COPT_INLINE, FK_COPT_CONTEXT,
};

/* The long options, NULL-terminated, for getopt_long(). */
extern const struct option fk_collapse_longopts[];

/*
 * Apply option code c with argument arg (kept by pointer: pass optarg).
 * @return 1 when c was applied, 0 when c is not one of these options, -1
 *         (recorded) for a bad argument.
 */
int fk_collapse_opt_set(struct fk_collapse_options *o, int c, char *arg);

/* Free the lists that fk_collapse_opt_set() allocated. */
void fk_collapse_opt_release(struct fk_collapse_options *o);

#endif
