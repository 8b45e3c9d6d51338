/*
 * cpuprofile.h -- fold a Chrome DevTools / V8 .cpuprofile (what
 * `node --cpu-prof` writes and DevTools saves): one JSON object with
 * "nodes", "samples" and "timeDeltas" (v8prof.h for the frame names and
 * the weights).  The document is read as a stream (json_events.h).
 */
#ifndef FK_CPUPROFILE_H
#define FK_CPUPROFILE_H

#include "collapse/v8prof.h"
#include "core/instream.h"
#include "core/stack_table.h"

/*
 * Fold the profile on s into t, adding its counts to *st.  Problems in
 * the data (unknown node ids, negative deltas, ...) are reported with
 * fk_warn() and counted in st.  JSON that ends early or goes wrong is
 * reported with fk_warn() ("...; the rest of this input is skipped") and
 * what was read before it is folded; *cut is set to 1 then.
 * @return 0, or -1 (recorded) on a count overflow or a temporary file error.
 */
int fk_cpuprofile_collapse(enum fk_weight w, struct fk_instream *s, struct fk_stack_table *t,
    struct fk_v8_stats *st, int *cut);

#endif
