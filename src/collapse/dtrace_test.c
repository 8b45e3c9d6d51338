#include "collapse/dtrace.h"
#include "collapse/text_test_util.h"

static int
fold_dtrace(void *ctx, struct fk_reader *r, struct fk_stack_table *t, FILE *out,
    struct fk_multiline_stats *st)
{
	(void)out;
	return fk_dtrace_collapse(*(int *)ctx, r, t, st);
}

static int compat = 1, fixed = 0;

static const char header[] =
    "CPU     ID                    FUNCTION:NAME\n"
    "  0  64091                        :tick-60s \n"
    "\n";

Test(dtrace, folds_root_first_and_merges)
{
	const char *in = "CPU     ID                    FUNCTION:NAME\n"
	    "  0  64091                        :tick-60s \n\n\n"
	    "              unix`i86_mwait+0xd\n"
	    "              unix`idle+0x114\n"
	    "             1641\n\n"
	    "              unix`i86_mwait+0xd\n"
	    "              unix`idle+0x114\n"
	    "               59\n";
	TEXT_ASSERT_FOLDS(text_fold(fold_dtrace, &fixed, in, NULL), "unix`idle;unix`i86_mwait 1700\n");
	TEXT_ASSERT_FOLDS(text_fold(fold_dtrace, &compat, in, NULL), "unix`idle;unix`i86_mwait 1700\n");
}

Test(dtrace, compat_skips_three_lines_the_default_mode_only_the_header)
{
	/* dtrace -q: no header; the script loses the first frames. */
	const char *in = "\n  a`leaf+0x1\n  a`mid+0x2\n  a`root+0x3\n  4\n";
	TEXT_ASSERT_FOLDS(text_fold(fold_dtrace, &compat, in, NULL), "a`root 4\n");
	TEXT_ASSERT_FOLDS(text_fold(fold_dtrace, &fixed, in, NULL), "a`root;a`mid;a`leaf 4\n");
}

Test(dtrace, inline_chains_cxx_arguments_and_offsets)
{
	char in[1024];
	snprintf(in, sizeof in, "%s%s", header,
	    "  z`zfs_write+0x2d6->z`dmu_tx_wait\n"
	    "  app`ns::Ledger::sum<Money>(std::vector<Money> const&)+0x5f\n"
	    "  libstdc++.so.6`0x9c1a3\n"
	    "  Lcom/ex/W;.run\n"
	    "  Loader`load+0x4\n"
	    "  2\n");
	TEXT_ASSERT_FOLDS(text_fold(fold_dtrace, &fixed, in, NULL),
	    "Loader`load;com/ex/W:.run;libstdc++.so.6`0x9c1a3;app`ns::Ledger::sum<Money>;"
	    "z`zfs_write;z`dmu_tx_wait_[i] 2\n");
	TEXT_ASSERT_FOLDS(text_fold(fold_dtrace, &compat, in, NULL),
	    "oader`load;com/ex/W:.run;libstdc+;app`ns::Ledger::sum<Money>(std::vector;z`zfs_write 2\n");
}

Test(dtrace, empty_stack_and_missing_count)
{
	char in[512];
	snprintf(in, sizeof in, "%s%s", header, "\n                4\n\n  a`f+0x1\n  a`g+0x2\n");
	struct fk_multiline_stats st = { 0 };
	TEXT_ASSERT_FOLDS(text_fold(fold_dtrace, &fixed, in, &st), "[no stack] 4\n");
	cr_assert_eq(st.stacks, 1);
	cr_assert_eq(st.bad, 1);
	cr_assert_str_eq(text_warned, "in.txt:7: DTrace stack without a count at the end of the input; skipped");
	TEXT_ASSERT_FOLDS(text_fold(fold_dtrace, &compat, in, NULL), " 4\n");
}

Test(dtrace, windows_line_endings_read_as_unix_ones)
{
	TEXT_ASSERT_FOLDS(text_fold(fold_dtrace, &fixed,
	    "CPU ID FUNCTION:NAME\r\n  0  1  :tick\r\n\r\n  a`f+0x1\r\n  a`g\r\n  3\r\n", NULL),
	    "a`g;a`f 3\n");
}

Test(dtrace, count_overflow_is_an_error_with_the_line)
{
	char in[512];
	snprintf(in, sizeof in, "%s%s", header, "  a`f\n  99999999999999999999999\n");
	cr_assert_null(text_fold(fold_dtrace, &fixed, in, NULL));
	cr_assert_str_eq(fk_error_msg(), "in.txt:5: count too large");
	fk_error_clear();
}
