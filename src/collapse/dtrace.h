/*
 * dtrace.h -- fold DTrace aggregations keyed by stack(), ustack() or jstack().
 *
 * What `dtrace -n '... { @[ustack()] = count(); }'` prints at exit: the
 * frames of each stack, leaf first, one "module`function+0xOFFSET" a line,
 * then a line holding the count (multiline.h).  The job of
 * stackcollapse.pl: offsets are stripped, C++ argument lists dropped
 * ("ns::f(int)" becomes "ns::f"), a frame "a->b" of inlined functions
 * becomes "a;b_[i]".  --compat=perl is byte-identical to the script,
 * which also skips the first three lines of the input whatever they hold;
 * the default mode skips only DTrace's header and fixes the script's
 * mistakes (flame-collapse(1) lists them).
 */
#ifndef FK_DTRACE_H
#define FK_DTRACE_H

#include "collapse/multiline.h"

/*
 * Fold one input from r into t (multiline.h's fk_multiline_collapse()).
 * @return 0, or -1 (recorded) when a count overflows.
 */
int fk_dtrace_collapse(int compat, struct fk_reader *r, struct fk_stack_table *t,
    struct fk_multiline_stats *st);

#endif
