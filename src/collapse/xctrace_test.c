#include "collapse/doc_test_util.h"

/* Rows with id= elements and later ref= back-references. */
static const char doc[] =
    "<?xml version=\"1.0\"?>\n<trace-query-result>\n<node><schema name=\"time-profile\"/>\n"
    "<row><weight id=\"1\" fmt=\"1.00 ms\">1000000</weight><backtrace id=\"2\">"
    "<frame id=\"3\" name=\"leaf&amp;co\" addr=\"0x1\"><binary id=\"9\" name=\"x\"/></frame>"
    "<frame id=\"4\" name=\"main\"/></backtrace></row>\n"
    "<row><weight ref=\"1\"/><backtrace ref=\"2\"/></row>\n"
    "<row><weight id=\"5\">250</weight><backtrace id=\"6\"><frame ref=\"4\"/></backtrace></row>\n"
    "<row><weight ref=\"5\"/><backtrace id=\"7\"><frame name=\"x;y\"/><frame ref=\"3\"/>"
    "<frame ref=\"40\"/></backtrace></row>\n"
    "<row><sentinel/></row>\n"
    "</node>\n</trace-query-result>\n";

Test(xctrace, rows_weights_and_back_references)
{
	struct doc_result r = fold_doc(FK_FORMAT_AUTO, doc);
	cr_assert_eq(r.st.format, FK_FORMAT_XCTRACE);
	cr_assert(strstr(r.warn, "1 ref to no earlier id") != NULL, "%s", r.warn);
	assert_folded(r, "(unknown frame 40);leaf&co;x:y 250\nmain 250\nmain;leaf&co 2000000\n");
}

Test(xctrace, rows_counted_on_request)
{
	struct fk_collapse_opts o;
	memset(&o, 0, sizeof(o));
	o.weight = FK_WEIGHT_SAMPLES;
	struct doc_result r = fold_bytes(o, FK_FORMAT_XCTRACE, doc, strlen(doc));
	assert_folded(r, "(unknown frame 40);leaf&co;x:y 1\nmain 1\nmain;leaf&co 2\n");
}

Test(xctrace, truncated_xml_keeps_the_rows_before)
{
	const char *cut = strstr(doc, "<row><weight id=\"5\"");
	struct fk_collapse_opts o;
	memset(&o, 0, sizeof(o));
	struct doc_result r = fold_bytes(o, FK_FORMAT_XCTRACE, doc, (size_t)(cut - doc) + 12);
	cr_assert_eq(r.st.cut_short, 1);
	cr_assert(strstr(r.warn, "invalid XML") != NULL, "%s", r.warn);
	assert_folded(r, "main;leaf&co 2000000\n");
}

Test(xctrace, other_xml_is_not_read_as_rows)
{
	struct doc_result r = fold_doc(FK_FORMAT_XCTRACE, "<?xml version=\"1.0\"?><svg><row/></svg>");
	cr_assert(strstr(r.warn, "not xctrace output") != NULL, "%s", r.warn);
	assert_folded(r, "");
}

Test(xctrace, entities_are_not_expanded_from_outside)
{
	struct doc_result r = fold_doc(FK_FORMAT_XCTRACE,
	    "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
	    "<trace-query-result><node><row><weight>1</weight><backtrace><frame name=\"&e;\"/>"
	    "</backtrace></row></node></trace-query-result>");
	cr_assert(strstr(r.out, "root:") == NULL, "%s", r.out);
	free(r.out);
}
