#include "collapse/stap.h"
#include "collapse/text_test_util.h"

static int
fold_stap(void *ctx, struct fk_reader *r, struct fk_stack_table *t, FILE *out,
    struct fk_multiline_stats *st)
{
	(void)out;
	return fk_stap_collapse(*(int *)ctx, r, t, st);
}

static int compat = 1, fixed = 0;

Test(stap, function_names_root_first)
{
	const char *in = " 0xffffffff8103ce3b : native_safe_halt+0xb/0x10 [kernel]\n"
	    " 0xffffffff8101c6a3 : default_idle+0x53/0x1d0 [kernel]\n"
	    "\t2404\n"
	    " 0xffffffff8103ce3b : native_safe_halt+0xb/0x10 [kernel]\n"
	    " 0xffffffff8101c6a3 : default_idle+0x53/0x1d0 [kernel]\n"
	    "\t96\n";
	TEXT_ASSERT_FOLDS(text_fold(fold_stap, &fixed, in, NULL), "default_idle;native_safe_halt 2500\n");
	TEXT_ASSERT_FOLDS(text_fold(fold_stap, &compat, in, NULL), "default_idle;native_safe_halt 2500\n");
}

Test(stap, default_mode_parses_what_the_script_cuts)
{
	const char *in =
	    " 0x00007f5e4ce2a1f0 : std::string::_M_append(char const*)+0x30/0x90 [/usr/lib64/libstdc++.so.6]\n"
	    " 0x00007f5e4c8f1a2d [/usr/lib64/libz.so.1+0x9a2d]\n"
	    " 0x00000000deadbeef\n"
	    " 0x0000000000401511 : a;b+0x1/0x2 [/bin/x]\n"
	    "\t5\n";
	TEXT_ASSERT_FOLDS(text_fold(fold_stap, &fixed, in, NULL),
	    "a:b;0x00000000deadbeef;/usr/lib64/libz.so.1+0x9a2d;std::string::_M_append(char const*) 5\n");
	TEXT_ASSERT_FOLDS(text_fold(fold_stap, &compat, in, NULL),
	    "a;b;0x00000000deadbeef;0x00007f5e4c8f1a2d [/usr/lib64/libz.so.1;"
	    "std::string::_M_append(char const*)+0x30/0x90 [/usr/lib64/libstdc+ 5\n");
}

Test(stap, truncated_last_record_is_reported)
{
	struct fk_multiline_stats st = { 0 };
	TEXT_ASSERT_FOLDS(text_fold(fold_stap, &fixed, " 0x1 : f+0x1/0x2 [k]\n\t3\n 0x2 : g+0x1/0x2 [k]\n", &st),
	    "f 3\n");
	cr_assert_eq(st.bad, 1);
	cr_assert_str_eq(text_warned,
	    "in.txt:3: SystemTap stack without a count at the end of the input; skipped");
}
