/*
 * folded_header.h -- the leading comment block of folded input.
 *
 * In flamekit-folded(5) a line whose first character is "#" is a comment.
 * The comments before an input's first stack are its header: metadata
 * that each stage passes on, unchanged, at the top of its own output, so
 * that it travels along a pipeline ("# KEY: VALUE" lines are reserved for
 * metadata that stages may read).  With several inputs the headers follow
 * one another in input order, and a line that an earlier input's header
 * already holds is not repeated.
 */
#ifndef FK_FOLDED_HEADER_H
#define FK_FOLDED_HEADER_H

#include <stddef.h>
#include <stdio.h>

/* Most header bytes kept; the lines past it are not passed on (a warning says so). */
#define FK_FOLDED_HEADER_MAX ((size_t)1 << 20)

struct fk_folded_header;

struct fk_folded_header *fk_folded_header_new(void);
/* Accepts NULL. */
void fk_folded_header_free(struct fk_folded_header *h);

/* The lines added from now on belong to the next input. */
void fk_folded_header_next_input(struct fk_folded_header *h);

/*
 * Add one comment line, line[0, len) without its newline.
 * @return 0, or 1 when the line is left out because the header would
 *         grow past FK_FOLDED_HEADER_MAX.
 */
int fk_folded_header_add(struct fk_folded_header *h, const char *line, size_t len);

/*
 * The header text: whole lines, each ending in "\n" (*len 0 when none).
 * Owned by h, valid until the next add or free.
 */
const char *fk_folded_header_text(const struct fk_folded_header *h, size_t *len);

/*
 * Write the header to out (nothing when h is NULL or empty).  Write
 * errors show in ferror(out), as for the stacks written after it.
 */
void fk_folded_header_write(const struct fk_folded_header *h, FILE *out);

#endif
