/*
 * pprof_out.h -- a layout as a pprof profile: gzip-compressed
 * profile.proto, as `go tool pprof` and Pyroscope read it.
 *
 * Each distinct frame name is one function (name and system name) and one
 * location with one line of that function, no address and no mapping.
 * Frame names are kept whole, annotations included: an inlined frame
 * ("name_[i]") stays a frame of its own, so that flame-collapse reads the
 * same stacks back.  Every frame with self weight is one sample: its
 * location ids leaf first, one value.  The sample type and period type are
 * (countname, unit), the period one count.
 *
 * Values are int64: integer counts are written as they are, with the unit
 * "count".  Decimal counts are scaled: with K the most decimal places of
 * any count in the input, every value is the count times 10^K, the unit
 * is "count*1e-K" (the value times 1e-K is the count) and the profile's
 * comment says so ("flamekit: each sample value is the count times 10^K, …").
 */
#ifndef FK_PPROF_OUT_H
#define FK_PPROF_OUT_H

#include <stdio.h>

#include "render/layout.h"

/*
 * Write l (one count column, every frame kept: a minimum width of 0) to
 * out.  countname names the sample type ("samples"), unit its unit (NULL:
 * "count"; "nanoseconds", "bytes"; decimal counts stay "count*1e-N").
 * @return 0, or -1 (recorded): differential layout, zlib or write failure.
 */
int fk_pprof_out_write(FILE *out, const struct fk_layout *l, const char *countname,
    const char *unit);

#endif
