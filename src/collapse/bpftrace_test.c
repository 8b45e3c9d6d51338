#include "collapse/bpftrace.h"
#include "collapse/text_test_util.h"

static int
fold_bpftrace(void *ctx, struct fk_reader *r, struct fk_stack_table *t, FILE *out,
    struct fk_multiline_stats *st)
{
	return fk_bpftrace_collapse(*(int *)ctx, r, t, out, st);
}

static int compat = 1, fixed = 0;

static const char tuple[] =
    "Attaching 2 probes...\n"
    "@[\n"
    "        try_to_wake_up+567\n"
    "        ep_poll_callback+199\n"
    ", \n"
    "        __GI___writev+77\n"
    "        0x7f3b2a1c9e10\n"
    "        main+1291\n"
    ", nginx]: 17\n"
    "@[, swapper/0]: 9120\n"
    "@[\n"
    "        try_to_wake_up+12\n"
    "        ep_poll_callback+199\n"
    ", \n"
    "        __GI___writev+77\n"
    "        0x7f3b2a1c9e10\n"
    "        main+1291\n"
    ", nginx]: 4\n";

Test(bpftrace, tuple_key_comm_then_user_then_kernel)
{
	TEXT_ASSERT_FOLDS(text_fold(fold_bpftrace, &fixed, tuple, NULL),
	    "nginx;main;0x7f3b2a1c9e10;__GI___writev;ep_poll_callback;try_to_wake_up 21\n"
	    "swapper/0 9120\n");
}

Test(bpftrace, compat_writes_each_record_as_read)
{
	TEXT_ASSERT_FOLDS(text_fold(fold_bpftrace, &compat, tuple, NULL),
	    "nginx;main+1291;0x7f3b2a1c9e10;__GI___writev+77;, ;ep_poll_callback+199;try_to_wake_up+567 17\n"
	    "swapper/0 9120\n"
	    "nginx;main+1291;0x7f3b2a1c9e10;__GI___writev+77;, ;ep_poll_callback+199;try_to_wake_up+12 4\n");
}

Test(bpftrace, named_maps_blank_lines_and_broken_records)
{
	struct fk_multiline_stats st = { 0 };
	const char *in = "@stacks[\n    schedule+54\n\n    do_nanosleep+112\n]: 12\n"
	    "@stacks[\n    vfs_write+181\n"
	    "@stacks[\n    vfs_write+181\n]: many\n"
	    "@[\n    tcp_sendmsg+41\n";
	TEXT_ASSERT_FOLDS(text_fold(fold_bpftrace, &fixed, in, &st), "do_nanosleep;schedule 12\n");
	cr_assert_eq(st.stacks, 1);
	cr_assert_eq(st.bad, 3);
	cr_assert_eq(text_warnings, 3);
	cr_assert_str_eq(text_warned, "in.txt:11: bpftrace record without its end \"]: COUNT\" "
	    "at the end of the input; skipped");
	/* The script reads unnamed maps only. */
	TEXT_ASSERT_FOLDS(text_fold(fold_bpftrace, &compat, in, NULL), "");
}

Test(bpftrace, windows_line_endings)
{
	TEXT_ASSERT_FOLDS(text_fold(fold_bpftrace, &fixed, "@[\r\n    a+1\r\n    b+2\r\n]: 3\r\n", NULL),
	    "b;a 3\n");
	TEXT_ASSERT_FOLDS(text_fold(fold_bpftrace, &compat, "@[\r\n    a+1\r\n    b+2\r\n]: 3\r\n", NULL),
	    "b+2;a+1 3\n");
}

Test(bpftrace, empty_stack)
{
	TEXT_ASSERT_FOLDS(text_fold(fold_bpftrace, &fixed, "@[\n]: 5\n@[\n\n]: 2\n", NULL), "[no stack] 7\n");
	TEXT_ASSERT_FOLDS(text_fold(fold_bpftrace, &compat, "@[\n]: 5\n", NULL), " 5\n");
}
