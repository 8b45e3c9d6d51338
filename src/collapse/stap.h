/*
 * stap.h -- fold SystemTap aggregations printed with print_backtrace() or
 * print_ubacktrace() (print_stack(), print_ustack()).
 *
 * Each stack is its frames, leaf first, one
 * " 0xADDR : function+0xOFF/0xSIZE [module]" a line, then a line holding
 * the count, as a script like
 *   foreach (s in stacks-) { print_stack(s); printf("\t%d\n", @count(stacks[s])) }
 * writes it (multiline.h).  The job of stackcollapse-stap.pl: the function
 * name of each frame.  --compat=perl is byte-identical to the script; the
 * default mode parses the frame instead of cutting at the last '+' and
 * " : ", and keeps an unresolved frame " 0xADDR [module+0xOFF]" as
 * "module+0xOFF" for flame-symbolize (flame-collapse(1) lists the fixes).
 */
#ifndef FK_STAP_H
#define FK_STAP_H

#include "collapse/multiline.h"

/*
 * Fold one input from r into t (multiline.h's fk_multiline_collapse()).
 * @return 0, or -1 (recorded) when a count overflows.
 */
int fk_stap_collapse(int compat, struct fk_reader *r, struct fk_stack_table *t,
    struct fk_multiline_stats *st);

#endif
