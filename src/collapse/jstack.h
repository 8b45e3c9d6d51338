/*
 * jstack.h -- fold Java thread dumps (jstack, jcmd Thread.print, SIGQUIT).
 *
 * One block per thread: a header line "\"name\" #N ... nid=0x... state",
 * a "java.lang.Thread.State: STATE" line, then "at pkg.Class.method(File.java:N)"
 * frames, leaf first, with "- locked <0x...>" notes between them, ended by
 * a blank line.  Each thread counts 1, so dumps taken in a loop and folded
 * together show where threads spend their time.  The job of
 * stackcollapse-jstack.pl: only threads that run (RUNNABLE, and not in
 * epollWait or a socket read, which the script reclassifies as WAITING
 * and NETWORK; the JVM's compiler and service threads are BACKGROUND) are
 * counted, under a root frame of the thread's name without its number
 * ("pool-1-thread" for "pool-1-thread-3").  --compat=perl is
 * byte-identical to the script; the default mode also counts a last
 * thread that the input ends in, leaves out the JVM's own threads (a name
 * and a state but no Java frame), and keeps a class without a package
 * whole under --shorten-pkgs (flame-collapse(1) lists the fixes).
 */
#ifndef FK_JSTACK_H
#define FK_JSTACK_H

#include "collapse/multiline.h"

struct fk_jstack_opts {
	int state;            /* every thread, under a root frame "[STATE]" */
	int no_thread_name;   /* no thread name frame (the script's --no-include-tname) */
	int thread_number;    /* keep "-N" at the end of the name (--include-tid) */
	int shorten_pkgs;     /* "j.u.c.ThreadPoolExecutor.runWorker" (--shorten-pkgs) */
};

/*
 * Fold one dump from r into t, adding to *st.  A line inside a thread
 * block that is none of the above is reported with fk_warn() and counted
 * in st->bad; lines between blocks (the dump's preamble, "JNI global
 * refs", lock summaries) are skipped.  A read error or a line over the
 * limit ends the input (fk_warn(), st->cut_short).
 * @return 0, or -1 (recorded) on a count overflow.
 */
int fk_jstack_collapse(const struct fk_jstack_opts *opt, int compat, struct fk_reader *r,
    struct fk_stack_table *t, struct fk_multiline_stats *st);

#endif
