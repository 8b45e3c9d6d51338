/*
 * xctrace.h -- fold the XML that `xctrace export --xpath
 * '/trace-toc/run[1]/data/table[@schema="time-profile"]'` writes for an
 * Instruments Time Profiler trace.
 *
 * Under <trace-query-result>, each <row> is a sample with a <weight>
 * (nanoseconds) and a <backtrace> of <frame name="..."> elements, leaf
 * first.  An element with id="N" may be named again later as <frame
 * ref="N"/> (likewise backtraces and weights): ids are kept, so memory
 * grows with the distinct frames, weights and backtraces, not with the
 * rows.  The document is read with libxml2's streaming reader
 * (xmlTextReader).  Frame names are kept as written (Rust and C++ names
 * are not shortened, unlike inferno's collapse-xctrace).
 */
#ifndef FK_XCTRACE_H
#define FK_XCTRACE_H

#include <stdint.h>

#include "collapse/v8prof.h"
#include "core/instream.h"
#include "core/stack_table.h"

struct fk_xctrace_stats {
	uint64_t rows;           /* rows with a backtrace */
	uint64_t unknown_refs;   /* ref="N" to no earlier id="N" */
	uint64_t no_weight;      /* rows without a weight (count 0 by time) */
	uint64_t bad_values;     /* weights that are not integers, elements missing id or name */
};

/*
 * Fold the rows on s into t: each row counts its weight in nanoseconds
 * (FK_WEIGHT_TIME) or 1 (FK_WEIGHT_SAMPLES, inferno's counts), adding to
 * *st; problems are reported with fk_warn().  XML that ends early or
 * goes wrong is reported with fk_warn() and the rows before it are
 * folded; *cut is set to 1 then.
 * @return 0, or -1 (recorded) on a count overflow.
 */
int fk_xctrace_collapse(enum fk_weight w, struct fk_instream *s, struct fk_stack_table *t,
    struct fk_xctrace_stats *st, int *cut);

#endif
