/*
 * folded.h -- the folded-stack interchange format (flamekit-folded(5)).
 *
 * "frame;frame;...;leaf COUNT" or, differential, "stack BEFORE AFTER".
 * The line is split as the Perl FlameGraph tools split it: the count is
 * what follows the last blank, and exactly one blank separates it from
 * the stack, so frames may contain and end in blanks.  Counts are
 * non-negative integers or decimals (num.h).  A line whose first character
 * is "#" is a comment; the comments before an input's first stack are its
 * header (folded_header.h).
 */
#ifndef FK_FOLDED_H
#define FK_FOLDED_H

#include <stddef.h>
#include <stdint.h>

#include "core/num.h"
#include "core/reader.h"
#include "core/unit.h"

/*
 * Split line into a stack and its counts.  want is the number of counts
 * expected: 1, 2, or 0 to take two when the stack itself ends in a count.
 * Each count is the text after the last white-space character (blanks
 * after the last count are allowed and ignored); that one character
 * separates it from the stack before it, so the stack, line[0,
 * *stack_len), keeps any other blanks it ends in.  *rounded is set to the
 * number of counts (0..2) that had more than FK_NUM_MAX_SCALE decimal
 * places and were rounded.
 * @return the number of counts parsed (1 or 2), or -1 with *why set to a
 *         static description of the problem.
 */
int fk_folded_parse(const char *line, size_t len, int want, size_t *stack_len,
    struct fk_num counts[2], int *rounded, const char **why);

/*
 * Called for each valid line: the stack (modifiable in place, NUL-terminated
 * at len) and ncols counts.  Return 0 to go on, -1 (recorded) to stop, or
 * FK_FOLDED_REFUSED (the reason recorded) when this one line cannot be
 * processed: it is reported with its file and line, and the next is read.
 */
enum { FK_FOLDED_REFUSED = 1 };
typedef int fk_folded_fn(void *ctx, char *stack, size_t len,
    const struct fk_num *counts, int ncols);

struct fk_folded_header;

struct fk_folded_stats {
	uint64_t lines;        /* valid stack lines */
	uint64_t bad_lines;    /* skipped lines that did not parse */
	uint64_t cut_short;    /* inputs not read to the end (a read error, a line too long) */
	uint64_t comments;     /* "#" lines skipped */
	uint64_t rounded;      /* counts rounded to FK_NUM_MAX_SCALE decimal places */
	/*
	 * Set by the caller: NULL, or the header that collects each input's
	 * leading comment block (folded_header.h).  Not owned.
	 */
	struct fk_folded_header *header;
	/*
	 * The unit of the counts: the value of the first "# unit:" line in
	 * the header of the first input with stacks (core/unit.h), or
	 * FK_UNIT_NONE.  unit_mixed is set, with a warning naming both
	 * inputs, when another input with stacks has another unit (none
	 * counts as samples) or a header names two.
	 */
	struct fk_unit unit;
	int unit_mixed;
};

/*
 * Read every input in turn and call fn for each valid line.  *ncols is the
 * column count to expect: 1, 2, or 0 to take it from the first valid line
 * (it is set then).  Unparsable lines are reported with fk_warn(file, line)
 * and skipped; blank lines and comments ("#" first) are skipped silently,
 * and an input's leading comments go to st->header when there is one.  An
 * input with counts rounded to FK_NUM_MAX_SCALE places gets one warning
 * that says how many.  A read error or a line over the limit ends that
 * input, reported the same way; the next one is read.
 * @return 0, or -1 (recorded) when fn fails.
 */
int fk_folded_read(const struct fk_input *in, size_t nin, int *ncols,
    fk_folded_fn *fn, void *ctx, struct fk_folded_stats *st);

/* The unit of the inputs seen so far (fk_folded_units_note()). */
struct fk_folded_units {
	struct fk_unit unit;   /* the first input's */
	const char *from;      /* its name; NULL before the first */
	int mixed;             /* another input had another unit */
};

/*
 * Note that input name (not copied: it must outlive us) has stacks
 * counted in u: the first sets us; the first that differs from it is
 * reported with fk_warn(), naming both inputs and units ("samples" for
 * FK_UNIT_NONE), and sets us->mixed.
 */
void fk_folded_units_note(struct fk_folded_units *us, const struct fk_unit *u,
    const char *name);

/*
 * Iterate over the frames of a stack: *pos starts at 0; each call sets
 * *frame and *flen to the next frame.  @return 1 while there is a frame.
 */
static inline int
fk_folded_next_frame(const char *stack, size_t len, size_t *pos,
    const char **frame, size_t *flen)
{
	if (*pos > len || len == 0)
		return 0;
	const char *s = stack + *pos;
	const char *e = (const char *)__builtin_memchr(s, ';', len - *pos);
	size_t n = e ? (size_t)(e - s) : len - *pos;
	*frame = s;
	*flen = n;
	*pos += n + 1;
	return 1;
}

#endif
