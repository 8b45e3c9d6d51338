/*
 * bpftrace.h -- fold bpftrace maps keyed by kstack and ustack.
 *
 * What `bpftrace -e 'profile:hz:99 { @[kstack] = count(); }'` prints at
 * exit: for each key "@[", the frames, leaf first, one a line, and
 * "]: COUNT".  A tuple key such as @[kstack, ustack, comm] prints its
 * parts one after the other, each stack on lines of its own and the
 * parts separated by ",", so the record ends ", comm]: COUNT"; it folds to
 * "comm;user frames root first;kernel frames root first".  The job of
 * stackcollapse-bpftrace.pl.  --compat=perl is byte-identical to the
 * script, which writes each record as it reads it, neither merged nor
 * sorted; the default mode merges and sorts like every other format,
 * strips the offsets ("tcp_recvmsg+808" becomes "tcp_recvmsg") so that
 * samples at different places in one function merge, reads maps with a
 * name (@stacks[), drops the "," separator lines and
 * blank lines the script keeps as frames, and reports records left
 * unfinished (flame-collapse(1) lists the fixes).
 */
#ifndef FK_BPFTRACE_H
#define FK_BPFTRACE_H

#include <stdio.h>

#include "collapse/multiline.h"

/*
 * Fold one input from r: into t, or with compat straight to out in input
 * order.  Lines outside a record are ignored.  In the default mode a
 * record whose end "]: COUNT" has no number, or that the input ends in, is
 * reported with fk_warn() and counted in st->bad.  A read error or a
 * line over the limit ends the input (fk_warn(), st->cut_short).
 * @return 0, or -1 (recorded) when a count overflows or out cannot be written.
 */
int fk_bpftrace_collapse(int compat, struct fk_reader *r, struct fk_stack_table *t, FILE *out,
    struct fk_multiline_stats *st);

#endif
