#include <criterion/criterion.h>

#include "core/num.h"

Test(num, parses_integers_and_decimals)
{
	struct fk_num n;
	cr_assert_eq(fk_num_parse("123", 3, &n), 0);
	cr_assert_eq(n.v, 123);
	cr_assert_eq(n.scale, 0);
	cr_assert_eq(fk_num_parse("1.50", 4, &n), 0);
	cr_assert_eq(n.v, 15);
	cr_assert_eq(n.scale, 1);
	cr_assert_eq(fk_num_parse("3.", 2, &n), 0);
	cr_assert_eq(n.v, 3);
	cr_assert_eq(n.scale, 0);
	cr_assert_eq(fk_num_parse(".25", 3, &n), 0);
	cr_assert_eq(n.v, 25);
	cr_assert_eq(n.scale, 2);
}

Test(num, rejects_non_counts)
{
	struct fk_num n;
	const char *bad[] = { "", ".", "-1", "+1", "1e5", "12a", "1.2.3", " 1", "0x10",
	    "99999999999999999999", "9223372036.8547758075", "9223372036.854775807999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(fk_num_parse(bad[i], strlen(bad[i]), &n), -1, "accepted '%s'", bad[i]);
}

/* Issue 25: places past the ninth are rounded half to even, not refused. */
Test(num, rounds_past_nine_places_half_to_even)
{
	static const struct { const char *s; int64_t v; int scale; } cases[] = {
		{ "0.30000000000000004", 3, 1 },
		{ "14.2343983248722834234", 14234398325, 9 },
		{ "0.1234567894", 123456789, 9 },
		{ "0.1234567896", 12345679, 8 },
		{ "0.1234567885", 123456788, 9 },      /* half: to the even 8 */
		{ "0.1234567875", 123456788, 9 },      /* half: to the even 8 */
		{ "0.12345678850000000001", 123456789, 9 },   /* more than half */
		{ "0.99999999950", 1, 0 },             /* carries into the integer */
		{ "0.0000000004", 0, 0 },
		{ "7.00000000000000000000000001", 7, 0 },
		{ "9223372036.8547758065", INT64_MAX - 1, 9 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fk_num n;
		cr_assert_eq(fk_num_parse(cases[i].s, strlen(cases[i].s), &n), 1, "%s", cases[i].s);
		cr_assert_eq(n.v, cases[i].v, "%s: %lld", cases[i].s, (long long)n.v);
		cr_assert_eq(n.scale, cases[i].scale, "%s: scale %d", cases[i].s, n.scale);
	}
	/* Nine places, or more that are zeros, are exact. */
	struct fk_num n;
	cr_assert_eq(fk_num_parse("0.123456789", 11, &n), 0);
	cr_assert_eq(fk_num_parse("0.123456789000", 14, &n), 0);
	cr_assert_eq(n.v, 123456789);
}

Test(num, int64_limits)
{
	struct fk_num n;
	cr_assert_eq(fk_num_parse("9223372036854775807", 19, &n), 0);
	cr_assert_eq(n.v, INT64_MAX);
	cr_assert_eq(fk_num_parse("9223372036854775808", 19, &n), -1);
}

Test(num, adds_exactly)
{
	struct fk_num a = { 1, 1 }, b = { 2, 1 };   /* 0.1 + 0.2 */
	cr_assert_eq(fk_num_add(&a, b), 0);
	char buf[FK_NUM_BUFSZ];
	fk_num_format(a.v, a.scale, buf);
	cr_assert_str_eq(buf, "0.3");
	struct fk_num big = { INT64_MAX, 0 }, one = { 1, 0 };
	cr_assert_eq(fk_num_add(&big, one), -1);
}

Test(num, formats_shortest)
{
	char buf[FK_NUM_BUFSZ];
	fk_num_format(300, 2, buf);
	cr_assert_str_eq(buf, "3");
	fk_num_format(5, 3, buf);
	cr_assert_str_eq(buf, "0.005");
	fk_num_format(0, 0, buf);
	cr_assert_str_eq(buf, "0");
	fk_num_format(-25, 1, buf);
	cr_assert_str_eq(buf, "-2.5");
	fk_num_format(INT64_MAX, 0, buf);
	cr_assert_str_eq(buf, "9223372036854775807");
}

Test(num, strtonum)
{
	long long v;
	const char *e;
	cr_assert_eq(fk_strtonum("42", 0, 100, &v, &e), 0);
	cr_assert_eq(v, 42);
	cr_assert_eq(fk_strtonum("101", 0, 100, &v, &e), -1);
	cr_assert_str_eq(e, "too large");
	cr_assert_eq(fk_strtonum("-1", 0, 100, &v, &e), -1);
	cr_assert_str_eq(e, "too small");
	cr_assert_eq(fk_strtonum("4x", 0, 100, &v, &e), -1);
	cr_assert_str_eq(e, "invalid");
	cr_assert_eq(fk_strtonum("", 0, 100, &v, &e), -1);
}
