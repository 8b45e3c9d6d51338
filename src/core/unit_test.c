#include <criterion/criterion.h>

#include "core/unit.h"

#include <string.h>

static struct fk_unit
unit(const char *name)
{
	struct fk_unit u;
	cr_assert_eq(fk_unit_parse(&u, name, strlen(name)), 0, "%s", name);
	return u;
}

static void
assert_readable(const char *name, double v, const char *want)
{
	struct fk_unit u = unit(name);
	char buf[64];
	size_t n = fk_unit_readable(&u, v, buf, sizeof(buf));
	cr_assert_str_eq(buf, want, "%s %.17g", name, v);
	cr_assert_eq(n, strlen(want));
}

static void
assert_exact(const char *name, double v, const char *want)
{
	struct fk_unit u = unit(name);
	char buf[64];
	fk_unit_exact(&u, v, buf, sizeof(buf));
	cr_assert_str_eq(buf, want, "%s %.17g", name, v);
}

Test(unit, parses_time_bytes_counts_and_plain_counts)
{
	struct fk_unit u = unit(" nanoseconds ");
	cr_assert_eq(u.kind, FK_UNIT_TIME);
	cr_assert_eq(u.base, 1);
	cr_assert_str_eq(u.name, "nanoseconds");
	u = unit("microseconds");
	cr_assert_eq(u.kind, FK_UNIT_TIME);
	cr_assert_eq(u.base, 1e3);
	cr_assert_eq(unit("seconds").base, 1e9);
	cr_assert_eq(unit("bytes").kind, FK_UNIT_BYTES);
	u = unit("goroutines");
	cr_assert_eq(u.kind, FK_UNIT_COUNT);
	cr_assert_str_eq(u.name, "goroutines");
	cr_assert_eq(unit("count").kind, FK_UNIT_NONE);
	cr_assert_eq(unit("samples").kind, FK_UNIT_NONE);
}

Test(unit, refuses_values_that_are_not_one_word)
{
	struct fk_unit u;
	cr_assert_eq(fk_unit_parse(&u, "", 0), -1);
	cr_assert_eq(fk_unit_parse(&u, "  ", 2), -1);
	cr_assert_eq(fk_unit_parse(&u, "two words", 9), -1);
	cr_assert_eq(fk_unit_parse(&u, "a<b", 3), -1);
	cr_assert_eq(u.kind, FK_UNIT_NONE);
	char longname[FK_UNIT_MAX + 1];
	memset(longname, 'x', sizeof(longname));
	cr_assert_eq(fk_unit_parse(&u, longname, FK_UNIT_MAX), -1);
	cr_assert_eq(fk_unit_parse(&u, longname, FK_UNIT_MAX - 1), 0);
}

Test(unit, from_pprof_names_counts_by_their_type)
{
	struct fk_unit u;
	cr_assert_eq(fk_unit_from_pprof(&u, "cpu", "nanoseconds"), 0);
	cr_assert_eq(u.kind, FK_UNIT_TIME);
	cr_assert_eq(fk_unit_from_pprof(&u, "inuse_space", "bytes"), 0);
	cr_assert_eq(u.kind, FK_UNIT_BYTES);
	cr_assert_eq(fk_unit_from_pprof(&u, "goroutine", "count"), 0);
	cr_assert_eq(u.kind, FK_UNIT_COUNT);
	cr_assert_str_eq(u.name, "goroutines");
	cr_assert_eq(fk_unit_from_pprof(&u, "alloc_objects", "count"), 0);
	cr_assert_str_eq(u.name, "objects");
	cr_assert_eq(fk_unit_from_pprof(&u, "contentions", "count"), 0);
	cr_assert_str_eq(u.name, "contentions");
	cr_assert_eq(fk_unit_from_pprof(&u, "samples", "count"), 0);
	cr_assert_eq(u.kind, FK_UNIT_NONE);
	cr_assert_eq(fk_unit_from_pprof(&u, "", ""), 0);
	cr_assert_eq(u.kind, FK_UNIT_NONE);
	cr_assert_eq(fk_unit_from_pprof(&u, "cpu", "cycles"), 0);
	cr_assert_str_eq(u.name, "cycles");
	cr_assert_eq(fk_unit_from_pprof(&u, "a b", "count"), -1);
}

Test(unit, time_reads_in_the_largest_unit_below_1000)
{
	assert_readable("nanoseconds", 0, "0 ns");
	assert_readable("nanoseconds", 12, "12 ns");
	assert_readable("nanoseconds", 999, "999 ns");
	assert_readable("nanoseconds", 1000, "1 µs");
	assert_readable("nanoseconds", 1310000000, "1.31 s");
	assert_readable("nanoseconds", 10000000, "10 ms");
	assert_readable("nanoseconds", 123456789, "123 ms");
	assert_readable("nanoseconds", 12345678, "12.3 ms");
	assert_readable("microseconds", 1500, "1.5 ms");
	assert_readable("milliseconds", 2, "2 ms");
	assert_readable("seconds", 3600, "3,600 s");
	assert_readable("nanoseconds", 0.5, "0.5 ns");
}

Test(unit, rounding_up_to_1000_moves_to_the_next_unit)
{
	assert_readable("nanoseconds", 999999, "1 ms");
	assert_readable("nanoseconds", 999400, "999 µs");
	assert_readable("bytes", 999999, "1 MB");
}

Test(unit, bytes_read_in_powers_of_1000)
{
	assert_readable("bytes", 512, "512 B");
	assert_readable("bytes", 65500000, "65.5 MB");
	assert_readable("bytes", 1024, "1.02 kB");
	assert_readable("bytes", 3e12, "3 TB");
	assert_readable("bytes", 2e18, "2,000 PB");
}

Test(unit, counts_and_plain_counts_stay_exact)
{
	assert_readable("goroutines", 1051, "1,051 goroutines");
	assert_readable("count", 1310000000, "1,310,000,000");
	assert_readable("goroutines", 2.5, "2.5 goroutines");
}

Test(unit, exact_figures_carry_the_symbol_of_one_count)
{
	assert_exact("nanoseconds", 1310000000, "1,310,000,000 ns");
	assert_exact("microseconds", 1234, "1,234 µs");
	assert_exact("bytes", 68681728, "68,681,728 B");
	assert_exact("goroutines", 1051, "1,051 goroutines");
	assert_exact("count", 100, "100");
	assert_exact("bytes", 1.256, "1.26 B");
	assert_exact("bytes", 0, "0 B");
}
