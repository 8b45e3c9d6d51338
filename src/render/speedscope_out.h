/*
 * speedscope_out.h -- a layout as a speedscope profile
 * (https://www.speedscope.app/file-format-schema.json).
 *
 * One "sampled" profile: the shared frame table holds each distinct frame
 * name once; every frame with self weight is one sample, its stack of
 * frame indexes root first, its weight the self weight, exact (decimal
 * counts are written as decimals).  The unit is "none": folded counts
 * carry no unit.  Frames with no self weight give no sample (speedscope
 * drops zero weights too), so stacks whose count is 0 add no sample.
 */
#ifndef FK_SPEEDSCOPE_OUT_H
#define FK_SPEEDSCOPE_OUT_H

#include <stdio.h>

#include "render/layout.h"

/*
 * Write l (one count column) to out.  name is the file's and the profile's
 * name.  The layout must keep every frame (a minimum width of 0).  unit is
 * the profile's unit ("nanoseconds", "bytes", ...; NULL: "none").
 * @return 0, or -1 (recorded): differential layout, or a write error.
 */
int fk_speedscope_write(FILE *out, const struct fk_layout *l, const char *name,
    const char *unit);

#endif
