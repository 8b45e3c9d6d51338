/*
 * chrome_trace.h -- fold the CPU profiles in a Chrome Trace Event file
 * (what the Performance panel of Chrome DevTools saves, or
 * chrome://tracing with the v8.cpu_profiler category): a JSON array of
 * events, or an object whose "traceEvents" member is that array.
 *
 * Events named "Profile", "ProfileChunk" or "CpuProfile" carry a V8
 * profile in pieces: args.data.cpuProfile.nodes (with "parent" ids),
 * args.data.cpuProfile.samples and args.data.timeDeltas (v8prof.h for
 * names and weights).  The pieces with the same pid and id make one
 * profile; all profiles are folded together (their node ids stay apart).
 * Other events are skipped.  Memory grows with the nodes, and with the
 * largest single event, not with the file.
 */
#ifndef FK_CHROME_TRACE_H
#define FK_CHROME_TRACE_H

#include "collapse/v8prof.h"
#include "core/instream.h"
#include "core/stack_table.h"

/*
 * As fk_cpuprofile_collapse() (cpuprofile.h); an input without a profile
 * event is reported with fk_warn() ("no CPU profile ...").
 */
int fk_chrome_trace_collapse(enum fk_weight w, struct fk_instream *s, struct fk_stack_table *t,
    struct fk_v8_stats *st, int *cut);

#endif
