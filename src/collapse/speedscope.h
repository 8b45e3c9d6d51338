/*
 * speedscope.h -- fold speedscope's file format
 * (https://www.speedscope.app/file-format-schema.json): frames shared by
 * all profiles in "shared.frames", then "profiles", each either
 *  - "sampled": "samples" (stacks of frame indexes, root first) with
 *    "weights" (samples[i] weighs weights[i], in the profile's unit), or
 *  - "evented": "events" {"type": "O"|"C", "frame": i, "at": time}
 *    opening and closing frames; the time between two events counts for
 *    the stack open between them.
 * A frame is named "name (file:line:col)" when it has a file (line and
 * col as written, 1-based), "name" otherwise.
 *
 * Several profiles: each one's stacks go under a root frame of the
 * profile's name ("profile N" when it has none, N counting from 1), unless
 * one profile is chosen by name; a file with one profile has no root frame.
 * Memory grows with the distinct stacks of each profile; samples and
 * weights are paired through pairq.h.
 */
#ifndef FK_SPEEDSCOPE_H
#define FK_SPEEDSCOPE_H

#include <stdint.h>

#include "collapse/v8prof.h"
#include "core/instream.h"
#include "core/stack_table.h"

struct fk_speedscope_opts {
	const char *profile;     /* fold only the profiles of this name; NULL: all */
	enum fk_weight weight;   /* SAMPLES: sampled profiles count 1 per sample */
};

struct fk_speedscope_stats {
	uint64_t samples;        /* samples and events read */
	uint64_t bad_values;     /* frame indexes or weights that are not numbers of their kind */
	uint64_t unpaired;       /* samples without a weight, or weights without a sample */
	uint64_t negative;       /* negative weights or times going back, counted as 0 */
	uint64_t unbalanced;     /* close events that close no open frame, frames left open */
	uint64_t bad_frames;     /* "frames" not a list, a frame not an object, a name or file
	                          * not a string */
	uint64_t unknown_frames; /* frame indexes of stacks with no frame defined */
	char unit[48];           /* the unit of the last input's profiles folded ("none" when they differ) */
};

/*
 * Fold the file on s into t, adding to *st; problems are reported with
 * fk_warn().  JSON that ends early or goes wrong is reported with
 * fk_warn() and what came before is folded; *cut is set to 1 then.
 * @return 0, or -1 (recorded) on a count overflow, a temporary file
 *         error or when opt->profile names no profile of the file.
 */
int fk_speedscope_collapse(const struct fk_speedscope_opts *opt, struct fk_instream *s,
    struct fk_stack_table *t, struct fk_speedscope_stats *st, int *cut);

#endif
