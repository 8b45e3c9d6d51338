#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/test_util.h"
#include "render/json_write.h"

static char *
json(const char *s, size_t n)
{
	char *out;
	size_t len;
	TEST_CAPTURE(out, len, fk_json_write_string(test_out, s, n));
	(void)len;
	return out;
}

#define CHECK(in, want) do {                                          \
	char *got__ = json(in, sizeof(in) - 1);                       \
	cr_assert_str_eq(got__, want);                                \
	free(got__);                                                  \
} while (0)

Test(json_write, plain_and_utf8_text_is_copied)
{
	CHECK("main", "\"main\"");
	CHECK("", "\"\"");
	CHECK("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5",
	    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5\"");
	CHECK("a\x7f" "b", "\"a\x7f" "b\"");   /* DEL is legal in JSON */
}

Test(json_write, quotes_backslashes_and_controls_are_escaped)
{
	CHECK("a\"b\\c", "\"a\\\"b\\\\c\"");
	CHECK("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	CHECK("x\x01y\x1f", "\"x\\u0001y\\u001f\"");
	CHECK("nul\0end", "\"nul\\u0000end\"");
}

Test(json_write, line_and_paragraph_separators_are_escaped)
{
	CHECK("a\xe2\x80\xa8" "b\xe2\x80\xa9", "\"a\\u2028b\\u2029\"");
}

Test(json_write, invalid_utf8_becomes_one_replacement_per_byte)
{
	CHECK("a\xff" "b", "\"a\\ufffdb\"");
	CHECK("\x80", "\"\\ufffd\"");                       /* stray continuation */
	CHECK("\xc0\xaf", "\"\\ufffd\\ufffd\"");            /* overlong '/' */
	CHECK("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""); /* a surrogate */
	CHECK("\xe2\x82", "\"\\ufffd\\ufffd\"");            /* cut short at the end */
	CHECK("\xe2\x82x", "\"\\ufffd\\ufffdx\"");          /* cut short by ASCII */
	CHECK("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");   /* past U+10FFFF */
}

Test(json_write, counts_are_exact_decimals)
{
	char *out;
	size_t len;
	TEST_CAPTURE(out, len, (fk_json_write_count(test_out, 12, 0),
	    fputc(' ', test_out), fk_json_write_count(test_out, 25, 2),
	    fputc(' ', test_out), fk_json_write_count(test_out, 5, 3),
	    fputc(' ', test_out), fk_json_write_count(test_out, 1500, 3)));
	cr_assert_str_eq(out, "12 0.25 0.005 1.5");
	(void)len;
	free(out);
}
