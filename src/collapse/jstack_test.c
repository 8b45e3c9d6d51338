#include "collapse/jstack.h"
#include "collapse/text_test_util.h"

struct ctx {
	struct fk_jstack_opts opt;
	int compat;
};

static int
fold_jstack(void *ctx, struct fk_reader *r, struct fk_stack_table *t, FILE *out,
    struct fk_multiline_stats *st)
{
	struct ctx *c = ctx;
	(void)out;
	return fk_jstack_collapse(&c->opt, c->compat, r, t, st);
}

static const char dump[] =
    "2026-12-05 08:28:18\n"
    "Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode, sharing):\n"
    "\n"
    "Threads class SMR info:\n"
    "_java_thread_list=0x00007f059c002ad0, length=2, elements={\n"
    "0x00007f0634017ea0, 0x00007f06340f8380\n"
    "}\n"
    "\n"
    "\"pool-1-thread-2\" #14 prio=5 os_prio=0 cpu=1.0ms elapsed=1.0s tid=0x1 nid=0x2 runnable  [0x3]\n"
    "   java.lang.Thread.State: RUNNABLE\n"
    "\tat Busy.spin(Busy.java:14)\n"
    "\tat java.util.concurrent.ThreadPoolExecutor.runWorker(java.base@17/ThreadPoolExecutor.java:1136)\n"
    "\n"
    "\"main\" #1 prio=5 os_prio=0 tid=0x4 nid=0x5 in Object.wait()  [0x6]\n"
    "   java.lang.Thread.State: WAITING (on object monitor)\n"
    "\tat java.lang.Object.wait(java.base@17/Native Method)\n"
    "\t- waiting on <0x000000069ec19c48> (a java.lang.Thread)\n"
    "\n"
    "\"C2 CompilerThread0\" #7 daemon prio=9 os_prio=0 tid=0x7 nid=0x8 waiting on condition  [0x0]\n"
    "   java.lang.Thread.State: RUNNABLE\n"
    "   No compile task\n"
    "\n"
    "\"Notification Thread\" #10 daemon prio=9 os_prio=0 tid=0x9 nid=0xa runnable  [0x0]\n"
    "   java.lang.Thread.State: RUNNABLE\n"
    "\n"
    "\"acceptor\" #19 daemon prio=5 os_prio=0 tid=0xb nid=0xc runnable  [0xd]\n"
    "   java.lang.Thread.State: RUNNABLE\n"
    "\tat sun.nio.ch.Net.accept(java.base@17/Native Method)\n"
    "\tat Busy.lambda$main$2(Busy.java:45)\n"
    "\n"
    "JNI global refs: 9, weak refs: 0\n"
    "\n";

Test(jstack, running_threads_under_their_names)
{
	struct ctx c = { { 0 }, 0 };
	TEXT_ASSERT_FOLDS(text_fold(fold_jstack, &c, dump, NULL),
	    "pool-1-thread;java.util.concurrent.ThreadPoolExecutor.runWorker;Busy.spin 1\n");
	cr_assert_eq(text_warnings, 0);
	c.compat = 1;
	/* The script counts the JVM's own runnable thread and a socket accept of JDK 17. */
	TEXT_ASSERT_FOLDS(text_fold(fold_jstack, &c, dump, NULL),
	    "Notification Thread 1\n"
	    "acceptor;Busy.lambda$main$2;sun.nio.ch.Net.accept 1\n"
	    "pool-1-thread;java.util.concurrent.ThreadPoolExecutor.runWorker;Busy.spin 1\n");
}

Test(jstack, thread_state_root_frames)
{
	struct ctx c = { { .state = 1, .shorten_pkgs = 1, .thread_number = 1 }, 0 };
	TEXT_ASSERT_FOLDS(text_fold(fold_jstack, &c, dump, NULL),
	    "[NETWORK];acceptor;Busy.lambda$main$2;s.n.c.Net.accept 1\n"
	    "[RUNNABLE];pool-1-thread-2;j.u.c.ThreadPoolExecutor.runWorker;Busy.spin 1\n"
	    "[WAITING];main;j.l.Object.wait 1\n");
}

Test(jstack, no_thread_name_and_shorten_without_package)
{
	struct ctx c = { { .no_thread_name = 1, .shorten_pkgs = 1 }, 0 };
	TEXT_ASSERT_FOLDS(text_fold(fold_jstack, &c, dump, NULL), "j.u.c.ThreadPoolExecutor.runWorker;Busy.spin 1\n");
	/* The script writes an empty frame for Busy.spin (no package). */
	c.compat = 1;
	TEXT_ASSERT_FOLDS(text_fold(fold_jstack, &c, dump, NULL),
	    ";s.n.c.Net.accept 1\n"
	    "j.u.c.ThreadPoolExecutor.runWorker; 1\n");
}

Test(jstack, last_thread_without_blank_line)
{
	const char *in = "\"t\" #1 tid=0x1 nid=0x2 runnable\n"
	    "   java.lang.Thread.State: RUNNABLE\r\n"
	    "\tat a.B.c(B.java:1)\r\n";
	struct ctx c = { { 0 }, 0 };
	TEXT_ASSERT_FOLDS(text_fold(fold_jstack, &c, in, NULL), "t;a.B.c 1\n");
	c.compat = 1;
	TEXT_ASSERT_FOLDS(text_fold(fold_jstack, &c, in, NULL), "");
}

Test(jstack, unrecognized_line_in_a_block_is_reported)
{
	const char *in = "\"t\" #1 tid=0x1 nid=0x2 runnable\n"
	    "   java.lang.Thread.State: RUNNABLE\n"
	    "\tat a.B.c(B.java:1)\n"
	    "garbage here\n"
	    "\tat a.B.main(B.java:9)\n"
	    "\n";
	struct fk_multiline_stats st = { 0 };
	struct ctx c = { { 0 }, 0 };
	TEXT_ASSERT_FOLDS(text_fold(fold_jstack, &c, in, &st), "t;a.B.main;a.B.c 1\n");
	cr_assert_eq(st.bad, 1);
	cr_assert_str_eq(text_warned, "in.txt:4: unrecognized line in thread dump");
}
