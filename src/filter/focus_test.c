#include "core/error.h"
#include "filter/focus.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/folded.h"
#include "core/stack_table.h"
#include "core/test_util.h"

#define table_from test_table_from

static char *
table_text(struct fk_stack_table *t)
{
	char *s;
	size_t n;
	FILE *fp = open_memstream(&s, &n);
	cr_assert_eq(fk_stack_table_write(t, fp, 1), 0);
	fclose(fp);
	return s;
}

struct run {
	struct fk_focus_opts o;
	struct fk_focus_stats st;
	char *out;
	struct fk_stack_table *res;
};

static void
set(struct run *r, enum fk_focus_step step, const char *pat)
{
	if (!r->o.sets[step])
		r->o.sets[step] = fk_filter_new(0);
	cr_assert_eq(fk_filter_add(r->o.sets[step], pat), 0);
}

static const char *
run(struct run *r, const char *input)
{
	struct fk_stack_table *in = table_from(input);
	fk_stack_table_free(r->res);
	r->res = NULL;
	cr_assert_eq(fk_focus_table(&r->o, in, &r->res, &r->st), 0);
	fk_stack_table_free(in);
	free(r->out);
	r->out = table_text(r->res);
	return r->out;
}

static void
done(struct run *r)
{
	for (int i = 0; i < FK_FOCUS_NSTEPS; i++)
		fk_filter_free(r->o.sets[i]);
	fk_stack_table_free(r->res);
	free(r->out);
}

/* A statistics weight as text, for exact comparison. */
static const char *
wtext(struct fk_num n)
{
	static char buf[FK_NUM_BUFSZ];
	fk_num_format(n.v, n.scale, buf);
	return buf;
}

static int64_t
total(struct fk_stack_table *t, int col)
{
	int64_t s;
	cr_assert_eq(fk_stack_table_total(t, col, &s), 0);
	return s;
}

static const char profile[] =
    "app;main;parse;memcpy 5\n"
    "app;main;run;compute;memcpy 7\n"
    "app;main;run;compute 11\n"
    "app;main;run;io;read_[k] 3\n"
    "app;start 1\n"
    "other;memcpy 2\n";

Test(focus, focus_keeps_stacks_with_a_match_anywhere)
{
	struct run r = { 0 };
	set(&r, FK_FOCUS_FOCUS, "memcpy");
	cr_assert_str_eq(run(&r, profile),
	    "app;main;parse;memcpy 5\n"
	    "app;main;run;compute;memcpy 7\n"
	    "other;memcpy 2\n");
	cr_assert_eq(r.st.step[FK_FOCUS_FOCUS].removed, 3);
	cr_assert_str_eq(wtext(r.st.step[FK_FOCUS_FOCUS].weight[0]), "15");
	cr_assert_str_eq(wtext(r.st.total[0]), "29");
	cr_assert_eq(r.st.stacks, 6);
	done(&r);
}

Test(focus, focus_on_root_and_middle_frames)
{
	struct run r = { 0 };
	set(&r, FK_FOCUS_FOCUS, "^other$");
	cr_assert_str_eq(run(&r, profile), "other;memcpy 2\n");
	done(&r);
	struct run r2 = { 0 };
	set(&r2, FK_FOCUS_FOCUS, "^run$");
	set(&r2, FK_FOCUS_FOCUS, "^parse$");
	cr_assert_str_eq(run(&r2, profile),
	    "app;main;parse;memcpy 5\n"
	    "app;main;run;compute 11\n"
	    "app;main;run;compute;memcpy 7\n"
	    "app;main;run;io;read_[k] 3\n");
	done(&r2);
}

Test(focus, matches_one_frame_never_the_whole_line)
{
	struct run r = { 0 };
	/* "main;run" spans two frames: no frame holds a semicolon. */
	set(&r, FK_FOCUS_FOCUS, "main;run");
	cr_assert_str_eq(run(&r, profile), "");
	done(&r);
}

Test(focus, ignore_wins_over_focus)
{
	struct run r = { 0 };
	set(&r, FK_FOCUS_FOCUS, "memcpy");
	set(&r, FK_FOCUS_IGNORE, "^parse$");
	cr_assert_str_eq(run(&r, profile),
	    "app;main;run;compute;memcpy 7\n"
	    "other;memcpy 2\n");
	cr_assert_eq(r.st.step[FK_FOCUS_IGNORE].removed, 1);
	cr_assert_str_eq(wtext(r.st.step[FK_FOCUS_IGNORE].weight[0]), "5");
	done(&r);
}

Test(focus, focus_and_ignore_partition_the_weight_exactly)
{
	const char *inputs[] = {
		profile,
		"a;b 0.1\na;c 0.2\nb;x;c 0.000000001\nq 9000000000.7\n",
		"a;b 1 2\na;c 0.5 0\nx;y;c 0 7\nz 3 3\n",
	};
	const char *pats[] = { "c", "^a$", "b|q", "zz" };
	for (size_t i = 0; i < 3; i++) {
		for (size_t p = 0; p < 4; p++) {
			struct run f = { 0 }, g = { 0 };
			set(&f, FK_FOCUS_FOCUS, pats[p]);
			set(&g, FK_FOCUS_IGNORE, pats[p]);
			run(&f, inputs[i]);
			run(&g, inputs[i]);
			struct fk_stack_table *in = table_from(inputs[i]);
			int sc = fk_stack_table_scale(in);
			cr_assert_leq(fk_stack_table_scale(f.res), sc);
			cr_assert_leq(fk_stack_table_scale(g.res), sc);
			int64_t ff = fk_pow10(sc - fk_stack_table_scale(f.res));
			int64_t gf = fk_pow10(sc - fk_stack_table_scale(g.res));
			for (int c = 0; c < fk_stack_table_ncols(in); c++) {
				cr_assert_eq(total(f.res, c) * ff + total(g.res, c) * gf, total(in, c),
				    "input %zu pattern %s column %d", i, pats[p], c);
			}
			fk_stack_table_free(in);
			done(&f);
			done(&g);
		}
	}
}

Test(focus, hide_removes_frames_and_merges)
{
	struct run r = { 0 };
	set(&r, FK_FOCUS_HIDE, "^(main|run|parse)$");
	cr_assert_str_eq(run(&r, profile),
	    "app;compute 11\n"
	    "app;compute;memcpy 7\n"
	    "app;io;read_[k] 3\n"
	    "app;memcpy 5\n"
	    "app;start 1\n"
	    "other;memcpy 2\n");
	cr_assert_eq(total(r.res, 0), 29);
	cr_assert_eq(r.st.step[FK_FOCUS_HIDE].changed, 4);
	done(&r);
}

Test(focus, hide_everything_drops_the_stack)
{
	struct run r = { 0 };
	set(&r, FK_FOCUS_HIDE, "^(other|memcpy)$");
	cr_assert_eq(strstr(run(&r, profile), "other"), NULL);
	cr_assert_eq(r.st.step[FK_FOCUS_HIDE].removed, 1);
	cr_assert_str_eq(wtext(r.st.step[FK_FOCUS_HIDE].weight[0]), "2");
	cr_assert_eq(total(r.res, 0), 27);
	done(&r);
}

Test(focus, hide_is_idempotent)
{
	struct run a = { 0 }, b = { 0 };
	set(&a, FK_FOCUS_HIDE, "m");
	set(&b, FK_FOCUS_HIDE, "m");
	char *once = strdup(run(&a, profile));
	cr_assert_str_eq(run(&b, once), once);
	free(once);
	done(&a);
	done(&b);
}

Test(focus, show_keeps_only_matching_frames)
{
	struct run r = { 0 };
	set(&r, FK_FOCUS_SHOW, "^(main|memcpy)$");
	cr_assert_str_eq(run(&r, profile),
	    "main 14\n"
	    "main;memcpy 12\n"
	    "memcpy 2\n");
	cr_assert_eq(total(r.res, 0), 28);
	cr_assert_eq(r.st.step[FK_FOCUS_SHOW].removed, 1);   /* app;start */
	done(&r);
}

Test(focus, show_from_cuts_rootward_of_the_root_most_match)
{
	struct run r = { 0 };
	set(&r, FK_FOCUS_SHOW_FROM, "^(run|compute)$");
	cr_assert_str_eq(run(&r, profile),
	    "run;compute 11\n"
	    "run;compute;memcpy 7\n"
	    "run;io;read_[k] 3\n");
	cr_assert_eq(r.st.step[FK_FOCUS_SHOW_FROM].removed, 3);
	cr_assert_str_eq(wtext(r.st.step[FK_FOCUS_SHOW_FROM].weight[0]), "8");
	done(&r);
}

Test(focus, show_from_keep_root)
{
	struct run r = { 0 };
	set(&r, FK_FOCUS_SHOW_FROM, "^compute$");
	r.o.keep_root = 1;
	cr_assert_str_eq(run(&r, profile),
	    "app;compute 11\n"
	    "app;compute;memcpy 7\n");
	done(&r);
	struct run r2 = { 0 };
	set(&r2, FK_FOCUS_SHOW_FROM, "^app$");
	r2.o.keep_root = 1;
	run(&r2, profile);
	cr_assert_eq(total(r2.res, 0), 27);   /* only other;memcpy has no match */
	cr_assert_eq(r2.st.step[FK_FOCUS_SHOW_FROM].changed, 0);
	done(&r2);
}

Test(focus, show_from_on_the_leaf)
{
	struct run r = { 0 };
	set(&r, FK_FOCUS_SHOW_FROM, "^read_\\[k\\]$");
	cr_assert_str_eq(run(&r, profile), "read_[k] 3\n");
	done(&r);
}

Test(focus, prune_from_cuts_leafward_of_the_leaf_most_match)
{
	struct run r = { 0 };
	set(&r, FK_FOCUS_PRUNE_FROM, "^(main|run)$");
	cr_assert_str_eq(run(&r, profile),
	    "app;main 5\n"
	    "app;main;run 21\n"
	    "app;start 1\n"
	    "other;memcpy 2\n");
	cr_assert_eq(total(r.res, 0), 29);
	cr_assert_eq(r.st.step[FK_FOCUS_PRUNE_FROM].changed, 4);
	done(&r);
}

Test(focus, steps_run_in_pprof_order)
{
	/* hide runs before show-from: a hidden frame cannot be the new root. */
	struct run r = { 0 };
	set(&r, FK_FOCUS_HIDE, "^run$");
	set(&r, FK_FOCUS_SHOW_FROM, "^run$");
	cr_assert_str_eq(run(&r, profile), "");
	cr_assert_eq(r.st.step[FK_FOCUS_SHOW_FROM].removed, 6);
	done(&r);
	/* focus looks at the original frames, before hide removes them. */
	struct run r2 = { 0 };
	set(&r2, FK_FOCUS_FOCUS, "^parse$");
	set(&r2, FK_FOCUS_HIDE, "^parse$");
	cr_assert_str_eq(run(&r2, profile), "app;main;memcpy 5\n");
	done(&r2);
	/* show-from then prune-from on the same stack. */
	struct run r3 = { 0 };
	set(&r3, FK_FOCUS_SHOW_FROM, "^main$");
	set(&r3, FK_FOCUS_PRUNE_FROM, "^run$");
	cr_assert_str_eq(run(&r3, profile),
	    "main;parse;memcpy 5\n"
	    "main;run 21\n");
	done(&r3);
}

Test(focus, differential_columns_travel_together)
{
	struct run r = { 0 };
	set(&r, FK_FOCUS_PRUNE_FROM, "^b$");
	cr_assert_str_eq(run(&r, "a;b;c 1 2\na;b;d 0.5 0\na;x 0 7\n"),
	    "a;b 1.5 2\n"
	    "a;x 0 7\n");
	cr_assert_eq(fk_stack_table_ncols(r.res), 2);
	done(&r);
	struct run r2 = { 0 };
	set(&r2, FK_FOCUS_IGNORE, "^x$");
	run(&r2, "a;b;c 1 2\na;b;d 0.5 0\na;x 0 7\n");
	cr_assert_str_eq(wtext(r2.st.step[FK_FOCUS_IGNORE].weight[0]), "0");
	cr_assert_str_eq(wtext(r2.st.step[FK_FOCUS_IGNORE].weight[1]), "7");
	done(&r2);
}

Test(focus, decimal_weights_kept_to_the_unit)
{
	struct run r = { 0 };
	set(&r, FK_FOCUS_HIDE, "^b$");
	cr_assert_str_eq(run(&r, "a;b;c 0.000000001\na;c 0.1\nq 9000000000\n"),
	    "a;c 0.100000001\n"
	    "q 9000000000\n");
	done(&r);
}

Test(focus, frames_with_metacharacters_spaces_and_arrows)
{
	const char *in =
	    "java;Foo$$Lambda$1.run;a->b [x] (y) 4\n"
	    "java;operator new(unsigned long);malloc 6\n";
	struct run r = { 0 };
	r.o.sets[FK_FOCUS_SHOW_FROM] = fk_filter_new(FK_FILTER_LITERAL | FK_FILTER_EXACT);
	cr_assert_eq(fk_filter_add(r.o.sets[FK_FOCUS_SHOW_FROM], "a->b [x] (y)"), 0);
	cr_assert_str_eq(run(&r, in), "a->b [x] (y) 4\n");
	done(&r);
	struct run r2 = { 0 };
	set(&r2, FK_FOCUS_FOCUS, "^operator new\\(");
	cr_assert_str_eq(run(&r2, in), "java;operator new(unsigned long);malloc 6\n");
	done(&r2);
}

Test(focus, empty_input_and_empty_result)
{
	struct run r = { 0 };
	set(&r, FK_FOCUS_FOCUS, "x");
	cr_assert_str_eq(run(&r, ""), "");
	cr_assert_eq(r.st.stacks, 0);
	cr_assert_eq(r.st.ncols, 0);
	cr_assert_str_eq(run(&r, "a 1\n"), "");
	done(&r);
}

Test(focus, stats_report_names_each_step)
{
	struct run r = { 0 };
	set(&r, FK_FOCUS_FOCUS, "memcpy");
	set(&r, FK_FOCUS_PRUNE_FROM, "compute");
	run(&r, profile);
	char *s;
	size_t n;
	FILE *fp = open_memstream(&s, &n);
	fk_focus_stats_write(&r.o, &r.st, fp, "p: ");
	fclose(fp);
	cr_assert_str_eq(s,
	    "p: input: 6 stacks, weight 29\n"
	    "p: focus: matched 1 frame names; removed 3 stacks, weight 15 of 29; shortened 0 stacks\n"
	    "p: prune-from: matched 1 frame names; removed 0 stacks, weight 0 of 29; shortened 1 stacks\n");
	free(s);
	done(&r);
}

Test(focus, neighbouring_lines_share_prefixes_but_not_frames)
{
	/* Each line starts like the one before, with frame boundaries moved. */
	struct run r = { 0 };
	r.o.sets[FK_FOCUS_FOCUS] = fk_filter_new(FK_FILTER_EXACT);
	cr_assert_eq(fk_filter_add(r.o.sets[FK_FOCUS_FOCUS], "c"), 0);
	cr_assert_str_eq(run(&r, "a;c 1\na;cd 2\na;c;x 4\na;c 8\na 16\nab;c 32\nab;c 64\nab;cc;c 128\n"),
	    "a;c 9\na;c;x 4\nab;c 96\nab;cc;c 128\n");
	cr_assert_eq(r.st.step[FK_FOCUS_FOCUS].removed, 2);
	done(&r);
}
