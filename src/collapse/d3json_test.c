#include "collapse/doc_test_util.h"

Test(d3json, value_is_the_total_of_a_node)
{
	struct doc_result r = fold_doc(FK_FORMAT_D3_JSON,
	    "{\"name\":\"root\",\"value\":20,\"children\":["
	    "{\"name\":\"main\",\"value\":15,\"children\":[{\"name\":\"a\",\"value\":5},"
	    "{\"children\":[],\"value\":7.5,\"name\":\"b\"}]},{\"name\":\"other\",\"value\":4}]}");
	cr_assert_eq(r.st.d3json.nodes, 5);
	assert_folded(r, "main 2.5\nmain;a 5\nmain;b 7.5\nother 4\nroot 1\n");
}

Test(d3json, detected_and_read_without_values_on_inner_nodes)
{
	struct doc_result r = fold_doc(FK_FORMAT_AUTO,
	    "{\"children\":[{\"name\":\"x\",\"children\":[{\"name\":\"y\",\"value\":3}]}],\"name\":\"all\"}");
	cr_assert_eq(r.st.format, FK_FORMAT_D3_JSON);
	assert_folded(r, "x;y 3\n");
}

Test(d3json, value_below_the_children_and_bad_values_are_reported)
{
	struct doc_result r = fold_doc(FK_FORMAT_D3_JSON,
	    "{\"name\":\"r\",\"children\":[{\"name\":\"p\",\"value\":1,\"children\":"
	    "[{\"name\":\"q\",\"value\":4},{\"name\":\"s\",\"value\":-2},{\"value\":1}]}]}");
	cr_assert(strstr(r.warn, "1 node with a value below") != NULL, "%s", r.warn);
	cr_assert(strstr(r.warn, "1 value skipped") != NULL, "%s", r.warn);
	assert_folded(r, "p;(no name) 1\np;q 4\n");
}

Test(d3json, deep_tree_needs_no_recursion)
{
	enum { DEPTH = 40000 };
	size_t cap = (size_t)DEPTH * 40 + 64, n = 0;
	char *doc = malloc(cap);
	for (int i = 0; i < DEPTH; i++)
		n += (size_t)sprintf(doc + n, "{\"name\":\"f\",\"value\":1,\"children\":[");
	for (int i = 0; i < DEPTH; i++)
		n += (size_t)sprintf(doc + n, "]}");
	struct fk_collapse_opts o;
	memset(&o, 0, sizeof(o));
	struct doc_result r = fold_bytes(o, FK_FORMAT_D3_JSON, doc, n);
	cr_assert_eq(r.rc, 0, "%s", fk_error_msg());
	/* The root's frame is left out: DEPTH - 1 frames "f", count 1. */
	cr_assert_eq(strlen(r.out), (size_t)(DEPTH - 1) * 2 - 1 + 3);
	free(r.out);
	free(doc);
}

Test(d3json, truncated_tree_keeps_the_nodes_seen)
{
	struct doc_result r = fold_doc(FK_FORMAT_D3_JSON,
	    "{\"name\":\"root\",\"children\":[{\"name\":\"a\",\"value\":2},{\"name\":\"b\",\"value\":3,");
	cr_assert_eq(r.st.cut_short, 1);
	assert_folded(r, "a 2\nb 3\n");
}

Test(d3json, name_that_is_no_string_is_no_name)
{
	/* Before, a number or null as name made an empty frame (" 2", ";b 4"), unreported. */
	struct doc_result r = fold_doc(FK_FORMAT_D3_JSON,
	    "{\"name\":\"root\",\"value\":10,\"children\":["
	    "{\"name\":5,\"value\":6,\"children\":[{\"name\":\"b\",\"value\":4}]},"
	    "{\"name\":null,\"value\":4}]}");
	cr_assert(strstr(r.warn, "2 names not a string") != NULL, "%s", r.warn);
	cr_assert_eq(r.st.d3json.bad_names, 2);
	assert_folded(r, "(no name) 6\n(no name);b 4\n");
}

Test(d3json, children_that_are_no_list_are_reported)
{
	/* Before, an object as "children" was passed over without a word. */
	struct doc_result r = fold_doc(FK_FORMAT_D3_JSON,
	    "{\"name\":\"root\",\"value\":5,\"children\":{\"name\":\"a\",\"value\":3}}");
	cr_assert(strstr(r.warn, "1 node whose \"children\" is not a list") != NULL, "%s", r.warn);
	cr_assert_eq(r.st.d3json.bad_children, 1);
	assert_folded(r, "root 5\n");
}

Test(d3json, null_children_are_no_children)
{
	struct doc_result r = fold_doc(FK_FORMAT_D3_JSON,
	    "{\"name\":\"root\",\"value\":5,\"children\":null}");
	cr_assert_eq(r.st.d3json.bad_children, 0);
	assert_folded(r, "root 5\n");
}
