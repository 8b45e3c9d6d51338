#include <criterion/criterion.h>

#include "core/error.h"
#include "collapse/pprof_raw.h"
#include "core/test_util.h"

/* The reading: stackcollapse-go.pl's (1) or the values and whole locations (0). */
static int compat = 1;
static struct fk_pprof_raw_stats last_stats;

/* Fold text, reading lines of up to max_line bytes (0: the default); *cut counts cut inputs. */
static char *
fold_limited(const char *text, uint64_t max_line, uint64_t *cut)
{
	int fd = test_fd_with(text, strlen(text));
	struct fk_reader *r = fk_reader_new(fd, "raw.txt");
	if (max_line)
		fk_reader_set_max_line(r, max_line);
	struct fk_stack_table *t = fk_stack_table_new(1);
	char *out = NULL;
	size_t len;
	struct fk_pprof_raw_stats st = { 0 };
	if (fk_pprof_raw_collapse(compat, NULL, r, t, &st) == 0)
		TEST_CAPTURE(out, len, fk_stack_table_write(t, test_out, 1));
	(void)len;
	last_stats = st;
	*cut = st.cut_short;
	fk_stack_table_free(t);
	fk_reader_free(r);
	close(fd);
	return out;
}

static char *
fold(const char *text)
{
	uint64_t cut;
	char *out = fold_limited(text, 0, &cut);
	cr_assert_eq(cut, 0);
	return out;
}

Test(pprof_raw, names_ids_and_sums_like_stackcollapse_go)
{
	char *out = fold(
	    "PeriodType: cpu nanoseconds\n"
	    "Samples:\n"
	    "samples/count cpu/nanoseconds\n"
	    "         95  950000000: 1 2 \n"
	    "                worker:[hot]\n"
	    "          5   50000000: 1 2 \n"
	    "          3   30000000: 3 2 9 \n"
	    "Locations\n"
	    "     1: 0x4c1df2 M=1 main.burn /x/main.go:54 s=0\n"
	    "             main.inlinedCaller /x/main.go:66 s=0\n"
	    "     2: 0x4c0862 M=1 runtime/pprof.Do /x/runtime.go:40 s=0\n"
	    "     3: 0x4c1db4 main.noMapping /x/main.go:1 s=0\n"
	    "Mappings\n"
	    "     9: 0x1 M=1 after.mappings x s=0\n");
	cr_assert_not_null(out);
	/* ID 9 is defined only after Mappings, where the script stops reading. */
	cr_assert_str_eq(out,
	    "9;runtime/pprof.Do;main.noMapping 3\n"
	    "runtime/pprof.Do;main.burn 100\n");
	free(out);
}

Test(pprof_raw, single_column_lines_lose_a_digit_as_in_the_script)
{
	char *out = fold(
	    "Samples:\n"
	    "goroutine/count\n"
	    "          5: 1 2\n"
	    "         12: 1 2\n"
	    "Locations\n"
	    "     1: 0x1 M=1 a f:1 s=0\n"
	    "     2: 0x2 M=1 b f:1 s=0\n");
	cr_assert_not_null(out);
	/* "5:" does not match the script's pattern; "12:" counts 1. */
	cr_assert_str_eq(out, "b;a 1\n");
	free(out);
}

Test(pprof_raw, nothing_before_samples)
{
	char *out = fold("1 2: 3\nno samples here\n");
	cr_assert_not_null(out);
	cr_assert_str_eq(out, "");
	free(out);
}

/*
 * A line over the limit ends the input there, as in the other readers:
 * the samples before it count, the IDs named before it have their names,
 * the others stay numbers, and the cut is counted (exit status 1).
 */
Test(pprof_raw, a_line_too_long_ends_the_input_not_the_run)
{
	uint64_t cut;
	char *out = fold_limited(
	    "Samples:\n"
	    "samples/count cpu/nanoseconds\n"
	    "         95  950000000: 1 2 \n"
	    "          3   30000000: 3 2 \n"
	    "Locations\n"
	    "     2: 0x4c0862 M=1 runtime/pprof.Do /x/runtime.go:40 s=0\n"
	    "     1: 0x4c1df2 M=1 main.burn /x/main.go:54 s=0 and a name far longer than the limit\n"
	    "     3: 0x4c1db4 main.never.read /x/main.go:1 s=0\n", 60, &cut);
	cr_assert_str_eq(out, "runtime/pprof.Do;1 95\nruntime/pprof.Do;3 3\n");
	cr_assert_eq(cut, 1);
	free(out);
}

static unsigned warned;
static char warned_file[64], warned_msg[128];

static void
count_warning(void *ctx, const char *file, unsigned long line, const char *msg)
{
	(void)ctx;
	(void)line;
	warned++;
	snprintf(warned_file, sizeof(warned_file), "%s", file);
	snprintf(warned_msg, sizeof(warned_msg), "%s", msg);
}

Test(pprof_raw, no_samples_is_a_warning_naming_the_input)
{
	fk_warn_set_handler(count_warning, NULL);
	warned = 0;
	char *out = fold("PeriodType: cpu nanoseconds\nPeriod: 10000000\nSamples:\n"
	    "samples/count cpu/nanoseconds\nLocations\n     1: 0x1 M=1 main.main a.go:1 s=0\n");
	cr_assert_str_eq(out, "");
	free(out);
	cr_assert_eq(warned, 1);
	cr_assert_str_eq(warned_file, "raw.txt");
	cr_assert(strstr(warned_msg, "no samples"));
	/* With samples: no warning. */
	out = fold("Samples:\nsamples/count cpu/nanoseconds\n        133 1330000000: 1 \n"
	    "Locations\n     1: 0x1 M=1 f a.go:1 s=0\n");
	free(out);
	cr_assert_eq(warned, 1);
	fk_warn_set_handler(NULL, NULL);
}

static const char two_types[] =
    "PeriodType: cpu nanoseconds\n"
    "Samples:\n"
    "samples/count cpu/nanoseconds\n"
    "         95  950000000: 1 2 \n"
    "                worker:[hot]\n"
    "          5   50000000: 1 2 \n"
    "          3   30000000: 3 2 9 \n"
    "          0          0: 2 \n"
    "Locations\n"
    "     1: 0x4c1df2 M=1 main.burn /x/main.go:54 s=0\n"
    "             main.inlinedCaller /x/main.go:66 s=0\n"
    "     2: 0x4c0862 M=1 runtime/pprof.Do /x/runtime.go:40 s=0\n"
    "     3: 0x4c1db4 ?? \n"
    "     9: 0x4c1db8 M=1 \n"
    "Mappings\n";

Test(pprof_raw, default_reads_values_and_whole_locations)
{
	compat = 0;
	char *out = fold(two_types);
	compat = 1;
	cr_assert_not_null(out, "%s", fk_error_msg());
	/* The last column (cpu), inlined lines marked, nameless locations as addresses. */
	cr_assert_str_eq(out,
	    "0x4c1db8;runtime/pprof.Do;0x4c1db4 30000000\n"
	    "runtime/pprof.Do;main.inlinedCaller;main.burn_[i] 1000000000\n");
	free(out);
}

Test(pprof_raw, default_keeps_single_digit_groups)
{
	compat = 0;
	char *out = fold(
	    "Samples:\n"
	    "goroutine/count\n"
	    "          5: 1 2\n"
	    "        300: 1 2\n"
	    "Locations\n"
	    "     1: 0x1 M=1 a f:1 s=0\n"
	    "     2: 0x2 M=1 b f:1 s=0\n");
	compat = 1;
	cr_assert_not_null(out, "%s", fk_error_msg());
	cr_assert_str_eq(out, "b;a 305\n");
	free(out);
}

Test(pprof_raw, compat_counts_what_it_drops)
{
	char *out = fold(
	    "Samples:\n"
	    "goroutine/count\n"
	    "          5: 1 2\n"
	    "        300: 1 2\n"
	    "Locations\n"
	    "     1: 0x1 M=1 a f:1 s=0\n"
	    "             outer f:2 s=0\n"
	    "     2: 0x2 M=1 b f:1 s=0\n");
	cr_assert_not_null(out);
	cr_assert_str_eq(out, "b;a 30\n");
	cr_assert_eq(last_stats.perl_dropped, 1);
	cr_assert_eq(last_stats.perl_inline_dropped, 1);
	free(out);
}
