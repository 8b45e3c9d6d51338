#include <criterion/criterion.h>

#include "collapse/multiline.h"

#include <string.h>

Test(multiline, count_line_is_blanks_then_digits_to_the_end)
{
	const char *d;
	size_t n;
	cr_assert(fk_multiline_count_line("               12", 17, &d, &n));
	cr_assert_eq(n, 2);
	cr_assert_eq(d[0], '1');
	cr_assert(fk_multiline_count_line("\t2404", 5, &d, &n));
	cr_assert(fk_multiline_count_line("7", 1, &d, &n));
	cr_assert_not(fk_multiline_count_line("  12 ", 5, &d, &n));
	cr_assert_not(fk_multiline_count_line("  -5", 4, &d, &n));
	cr_assert_not(fk_multiline_count_line("   ", 3, &d, &n));
	cr_assert_not(fk_multiline_count_line("0x12", 4, &d, &n));
}

Test(multiline, strip_offset_only_takes_an_offset)
{
	size_t n;
	const char *cases[][2] = {
		{ "unix`idle+0x114", "unix`idle" },
		{ "tcp_recvmsg+808", "tcp_recvmsg" },
		{ "native_safe_halt+0xb/0x10", "native_safe_halt" },
		{ "libstdc++.so.6`0x9c1a3", "libstdc++.so.6`0x9c1a3" },
		{ "operator+", "operator+" },
		{ "a+b", "a+b" },
		{ "0xfffffd7fff2b3c4a", "0xfffffd7fff2b3c4a" },
		{ "f+0x", "f+0x" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = strlen(cases[i][0]);
		fk_multiline_strip_offset(cases[i][0], &n);
		cr_assert_eq(n, strlen(cases[i][1]), "%s", cases[i][0]);
	}
}

Test(multiline, trim)
{
	size_t n = 7;
	const char *s = fk_multiline_trim("  ab  \t", &n, 1);
	cr_assert_eq(n, 2);
	cr_assert_eq(s[0], 'a');
	n = 7;
	s = fk_multiline_trim("  ab  \t", &n, 0);
	cr_assert_eq(n, 5);
	cr_assert(fk_multiline_blank(" \t\v", 3));
	cr_assert_not(fk_multiline_blank(" x", 2));
}
