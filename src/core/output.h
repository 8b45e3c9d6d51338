/*
 * output.h -- whole-or-nothing output files.
 *
 * fk_output_open() with a path writes into a temporary file in the same
 * directory; fk_output_commit() renames it over the path, so a failed run
 * never leaves a half-written file.  The replacement keeps the mode of the
 * file it replaces, and a symbolic link is followed (the file it names is
 * replaced, the link stays).  A path that names a device, FIFO or socket
 * is written to directly: it cannot be replaced whole.  With NULL or "-"
 * it writes to stdout.
 */
#ifndef FK_OUTPUT_H
#define FK_OUTPUT_H

#include <stdio.h>

struct fk_output {
	FILE *fp;       /* write here */
	char *path;     /* final name, NULL for stdout */
	char *tmp;      /* temporary name, NULL for stdout */
	char *buf;      /* stdio buffer */
};

/* @return 0, or -1 (recorded) when the temporary file cannot be created. */
int fk_output_open(struct fk_output *o, const char *path);
/*
 * Flush, close and move into place.  @return 0, or -1 on a write error
 * (recorded; code FK_ERR_PIPE when the reader went away), in which case the
 * temporary file is removed.
 */
int fk_output_commit(struct fk_output *o);
/* Discard: close and remove the temporary file.  Safe after commit. */
void fk_output_abort(struct fk_output *o);
/* Display name for messages. */
const char *fk_output_name(const struct fk_output *o);

#endif
