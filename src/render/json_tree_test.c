#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "core/folded.h"
#include "render/json_tree.h"
#include "render/layout.h"
#include "core/test_util.h"

static char *
tree(const char *text)
{
	struct fk_stacks st;
	struct fk_layout l;
	char *out;
	size_t len;
	int rc;
	test_export_layout(text, &st, &l);
	TEST_CAPTURE(out, len, rc = fk_json_tree_write(test_out, &l));
	cr_assert_eq(rc, 0, "%s", fk_error_msg());
	(void)len;
	fk_layout_release(&l);
	fk_stacks_release(&st);
	return out;
}

Test(json_tree, values_are_totals_and_leaves_have_no_children)
{
	char *s = tree("main;b;c 2\nmain;a 3\nmain;b 1\nx 4\n");
	cr_assert_str_eq(s,
	    "{\"name\":\"root\",\"value\":10,\"children\":[\n"
	    "{\"name\":\"main\",\"value\":6,\"children\":[\n"
	    "{\"name\":\"a\",\"value\":3},\n"
	    "{\"name\":\"b\",\"value\":3,\"children\":[\n"
	    "{\"name\":\"c\",\"value\":2}]}]},\n"
	    "{\"name\":\"x\",\"value\":4}]}\n");
	free(s);
}

Test(json_tree, deep_then_shallow_closes_every_level)
{
	char *s = tree("a;b;c;d 1\ne 0.5\n");
	cr_assert_str_eq(s,
	    "{\"name\":\"root\",\"value\":1.5,\"children\":[\n"
	    "{\"name\":\"a\",\"value\":1,\"children\":[\n"
	    "{\"name\":\"b\",\"value\":1,\"children\":[\n"
	    "{\"name\":\"c\",\"value\":1,\"children\":[\n"
	    "{\"name\":\"d\",\"value\":1}]}]}]},\n"
	    "{\"name\":\"e\",\"value\":0.5}]}\n");
	free(s);
}

Test(json_tree, names_are_escaped)
{
	char *s = tree("a\xe2\x80\xa8;\"\\\tx 1\n");
	cr_assert(strstr(s, "\"name\":\"a\\u2028\""), "%s", s);
	cr_assert(strstr(s, "\"name\":\"\\\"\\\\\\tx\""), "%s", s);
	free(s);
}
