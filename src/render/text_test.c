#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "render/text.h"

#define S(x) x, strlen(x)

Test(text, clean_replaces_bad_bytes_and_controls)
{
	char out[64];
	size_t n = fk_text_clean(S("plain \xc3\xa9\xe2\x82\xac\xf0\x9f\x94\xa5"), out);
	cr_assert_eq(n, 15);
	cr_assert(memcmp(out, "plain \xc3\xa9\xe2\x82\xac\xf0\x9f\x94\xa5", 15) == 0);
	n = fk_text_clean(S("a\x01" "b\x7f"), out);
	cr_assert_eq(n, 8);
	cr_assert(memcmp(out, "a\xef\xbf\xbd" "b\xef\xbf\xbd", 8) == 0);
	/* Stray continuation, overlong, surrogate, truncated, too large. */
	const char *bad[] = {"\x80", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\xf4\x90\x80\x80",
	    "\xef\xbf\xbe"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = fk_text_clean(bad[i], strlen(bad[i]), out);
		cr_assert_eq(n, 3 * strlen(bad[i]), "case %zu", i);
		for (size_t k = 0; k < n; k += 3)
			cr_assert(memcmp(out + k, "\xef\xbf\xbd", 3) == 0);
	}
	cr_assert_eq(fk_text_clean("", 0, out), 0);
}

Test(text, clean_shows_a_tab_as_a_blank)
{
	char out[64];
	size_t n = fk_text_clean(S("a\tb\t\x0b"), out);
	cr_assert_eq(n, 7);
	cr_assert(memcmp(out, "a b \xef\xbf\xbd", 7) == 0);
}

Test(text, fixed_formatting_matches_printf)
{
	char a[64], b[64];
	uint64_t seed = 12345;
	for (int i = 0; i < 2000000; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		double v;
		switch (i % 4) {
		case 0: v = (double)(seed >> 11) / 9007199254740992.0 * 2000; break;
		case 1: v = (double)((seed >> 40) % 200000) / 200;           /* exact ties */
			break;
		case 2: v = 10 + (double)((seed >> 20) % 1000000) * (1180.0 / 1000003); break;
		default: v = -(double)((seed >> 30) % 100000) / 1000; break;
		}
		for (int dec = 0; dec <= 2; dec++) {
			size_t n = fk_text_fixed(a, v, dec);
			snprintf(b, sizeof(b), "%.*f", dec, v);
			cr_assert_str_eq(a, b, "%.17g with %d decimals", v, dec);
			cr_assert_eq(n, strlen(b));
		}
	}
	fk_text_fixed(a, 3e17, 1);
	snprintf(b, sizeof(b), "%.1f", 3e17);
	cr_assert_str_eq(a, b);
	cr_assert_eq(fk_text_fixed(a, 1e300, 1), 63);
}

Test(text, utf8_count_and_prefix)
{
	const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\xa5z";   /* a e-acute euro fire z */
	size_t n = strlen(s);
	cr_assert_eq(fk_text_utf8_count(s, n), 5);
	cr_assert_eq(fk_text_utf8_prefix(s, n, 0), 0);
	cr_assert_eq(fk_text_utf8_prefix(s, n, 1), 1);
	cr_assert_eq(fk_text_utf8_prefix(s, n, 2), 3);
	cr_assert_eq(fk_text_utf8_prefix(s, n, 3), 6);
	cr_assert_eq(fk_text_utf8_prefix(s, n, 4), 10);
	cr_assert_eq(fk_text_utf8_prefix(s, n, 9), n);
	cr_assert_eq(fk_text_utf8_count("", 0), 0);
}

Test(text, fit_counts_whole_characters)
{
	cr_assert_eq(fk_text_fit(100, 12, 0.59), 14);   /* 100 / 7.08 = 14.1 */
	cr_assert_eq(fk_text_fit(7.08, 12, 0.5), 1);
	cr_assert_eq(fk_text_fit(0, 12, 0.59), 0);
}
