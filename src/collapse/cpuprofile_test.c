#include "collapse/doc_test_util.h"

#define NODE(id, fn, url, line, col, kids) \
	"{\"id\":" #id ",\"callFrame\":{\"functionName\":\"" fn "\",\"scriptId\":\"1\",\"url\":\"" url \
	"\",\"lineNumber\":" #line ",\"columnNumber\":" #col "},\"hitCount\":0" kids "}"

/* The shape `node --cpu-prof` writes. */
static const char profile[] = "{\"nodes\":["
    NODE(1, "(root)", "", -1, -1, ",\"children\":[2,3,4]") ","
    NODE(2, "(program)", "", -1, -1, "") ","
    NODE(3, "main", "file:///a.js", 0, 9, ",\"children\":[5]") ","
    NODE(4, "(garbage collector)", "", -1, -1, "") ","
    NODE(5, "", "file:///a.js", 4, 2, "")
    "],\"startTime\":100,\"endTime\":900,\"samples\":[2,3,5,5,4,5],"
    "\"timeDeltas\":[10,20,30,40,50,60]}";

Test(cpuprofile, time_weights_and_frame_names)
{
	struct doc_result r = fold_doc(FK_FORMAT_CPUPROFILE, profile);
	cr_assert_eq(r.st.v8.samples, 6);
	assert_folded(r,
	    "(garbage collector) 50\n"
	    "(program) 10\n"
	    "main (file:///a.js:1:10) 20\n"
	    "main (file:///a.js:1:10);(anonymous) (file:///a.js:5:3) 130\n");
}

Test(cpuprofile, sample_counts_on_request)
{
	struct fk_collapse_opts o;
	memset(&o, 0, sizeof(o));
	o.weight = FK_WEIGHT_SAMPLES;
	struct doc_result r = fold_bytes(o, FK_FORMAT_CPUPROFILE, profile, strlen(profile));
	assert_folded(r,
	    "(garbage collector) 1\n"
	    "(program) 1\n"
	    "main (file:///a.js:1:10) 1\n"
	    "main (file:///a.js:1:10);(anonymous) (file:///a.js:5:3) 3\n");
}

Test(cpuprofile, detected_from_its_first_bytes)
{
	struct doc_result r = fold_doc(FK_FORMAT_AUTO, profile);
	cr_assert_eq(r.st.format, FK_FORMAT_CPUPROFILE);
	free(r.out);
}

/* Keys in any order: deltas before samples, samples before nodes, id after children. */
Test(cpuprofile, any_key_order)
{
	struct doc_result r = fold_doc(FK_FORMAT_CPUPROFILE,
	    "{\"timeDeltas\":[5,6,7],\"samples\":[3,3,2],\"nodes\":["
	    "{\"children\":[2],\"callFrame\":{\"functionName\":\"(root)\"},\"id\":1},"
	    "{\"callFrame\":{\"url\":\"u\",\"functionName\":\"f\"},\"id\":2,\"children\":[3]},"
	    "{\"id\":3,\"callFrame\":{\"lineNumber\":2,\"functionName\":\"g\",\"url\":\"u\"}}]}");
	assert_folded(r, "f (u) 7\nf (u);g (u:3) 11\n");
}

Test(cpuprofile, unknown_node_ids_keep_their_time_and_are_reported)
{
	struct doc_result r = fold_doc(FK_FORMAT_CPUPROFILE,
	    "{\"nodes\":[{\"id\":1,\"callFrame\":{\"functionName\":\"(root)\"},\"children\":[2]},"
	    "{\"id\":2,\"callFrame\":{\"functionName\":\"f\"},\"children\":[9]}],"
	    "\"samples\":[2,77,9],\"timeDeltas\":[1,2,3]}");
	cr_assert(strstr(r.warn, "2 node ids used but never defined") != NULL, "%s", r.warn);
	assert_folded(r, "(unknown node 77) 2\nf 1\nf;(unknown node 9) 3\n");
}

Test(cpuprofile, negative_and_huge_time_deltas)
{
	struct doc_result r = fold_doc(FK_FORMAT_CPUPROFILE,
	    "{\"nodes\":[{\"id\":1,\"callFrame\":{\"functionName\":\"f\"}}],"
	    "\"samples\":[1,1,1,1],\"timeDeltas\":[5,-3,1e3,99999999999999999999]}");
	cr_assert(strstr(r.warn, "1 negative time delta counted as 0") != NULL, "%s", r.warn);
	cr_assert(strstr(r.warn, "2 values skipped") != NULL, "%s", r.warn);
	assert_folded(r, "f 5\n");
}

Test(cpuprofile, sum_overflow_is_an_error)
{
	struct doc_result r = fold_doc(FK_FORMAT_CPUPROFILE,
	    "{\"nodes\":[{\"id\":1,\"callFrame\":{\"functionName\":\"f\"}}],"
	    "\"samples\":[1,1],\"timeDeltas\":[9223372036854775807,9223372036854775807]}");
	cr_assert_eq(r.rc, -1);
	cr_assert(strstr(fk_error_msg(), "overflows") != NULL, "%s", fk_error_msg());
	free(r.out);
}

Test(cpuprofile, missing_fields)
{
	struct doc_result r = fold_doc(FK_FORMAT_CPUPROFILE,
	    "{\"nodes\":[{\"callFrame\":{\"functionName\":\"noid\"}},{\"id\":2},"
	    "{\"id\":3,\"callFrame\":{\"functionName\":7,\"url\":null}}],"
	    "\"samples\":[2,3,3]}");
	/* No timeDeltas: samples weigh 0 by time, reported. */
	cr_assert(strstr(r.warn, "3 samples or time deltas without a partner") != NULL, "%s", r.warn);
	cr_assert(strstr(r.warn, "1 value skipped") != NULL, "%s", r.warn);
	assert_folded(r, "");
}

Test(cpuprofile, length_mismatch_counts_what_pairs)
{
	struct doc_result r = fold_doc(FK_FORMAT_CPUPROFILE,
	    "{\"nodes\":[{\"id\":1,\"callFrame\":{\"functionName\":\"f\"}}],"
	    "\"samples\":[1,1,1],\"timeDeltas\":[4,4,4,4,4]}");
	cr_assert(strstr(r.warn, "2 samples or time deltas without a partner") != NULL, "%s", r.warn);
	assert_folded(r, "f 12\n");
}

Test(cpuprofile, parent_cycle_is_left_out_not_looped)
{
	struct doc_result r = fold_doc(FK_FORMAT_CPUPROFILE,
	    "{\"nodes\":[{\"id\":1,\"callFrame\":{\"functionName\":\"a\"},\"children\":[2]},"
	    "{\"id\":2,\"callFrame\":{\"functionName\":\"b\"},\"children\":[1]},"
	    "{\"id\":3,\"callFrame\":{\"functionName\":\"c\"}}],"
	    "\"samples\":[1,3],\"timeDeltas\":[1,1]}");
	cr_assert(strstr(r.warn, "1 node left out: their parents form a cycle") != NULL, "%s", r.warn);
	assert_folded(r, "c 1\n");
}

Test(cpuprofile, truncated_json_keeps_what_came_before)
{
	const char *doc = "{\"nodes\":[{\"id\":1,\"callFrame\":{\"functionName\":\"f\"}}],"
	    "\"timeDeltas\":[3,4],\"samples\":[1,1";
	struct doc_result r = fold_doc(FK_FORMAT_CPUPROFILE, doc);
	cr_assert_eq(r.st.cut_short, 1);
	cr_assert(strstr(r.warn, "invalid JSON at byte") != NULL, "%s", r.warn);
	cr_assert(strstr(r.warn, "the rest of this input is skipped") != NULL, "%s", r.warn);
	assert_folded(r, "f 7\n");
}

Test(cpuprofile, names_with_semicolons_and_newlines_stay_one_frame)
{
	struct doc_result r = fold_doc(FK_FORMAT_CPUPROFILE,
	    "{\"nodes\":[{\"id\":1,\"callFrame\":{\"functionName\":\"a;b\\nc\\u0000d\"}}],"
	    "\"samples\":[1],\"timeDeltas\":[2]}");
	assert_folded(r, "a:b c d 2\n");
}

/* A deep chain of nodes: the tree is walked without recursion. */
Test(cpuprofile, deep_node_chain)
{
	enum { DEPTH = 200000 };
	size_t cap = (size_t)DEPTH * 80 + 100, n = 0;
	char *doc = malloc(cap);
	n += (size_t)sprintf(doc + n, "{\"nodes\":[");
	for (int i = 1; i <= DEPTH; i++)
		n += (size_t)sprintf(doc + n, "%s{\"id\":%d,\"callFrame\":{\"functionName\":\"f\"}%s%d}",
		    i > 1 ? "," : "", i, i > 1 ? ",\"parent\":" : ",\"x\":", i - 1);
	n += (size_t)sprintf(doc + n, "],\"samples\":[%d],\"timeDeltas\":[1]}", DEPTH);
	struct fk_collapse_opts o;
	memset(&o, 0, sizeof(o));
	struct doc_result r = fold_bytes(o, FK_FORMAT_CPUPROFILE, doc, n);
	cr_assert_eq(r.rc, 0, "%s", fk_error_msg());
	cr_assert_eq(strlen(r.out), (size_t)DEPTH * 2 + 2, "got %zu bytes", strlen(r.out));
	free(r.out);
	free(doc);
}

/* More samples than the pairing queue holds in memory. */
Test(cpuprofile, many_samples_before_their_deltas)
{
	enum { N = 200000 };
	size_t cap = (size_t)N * 8 + 200, n = 0;
	char *doc = malloc(cap);
	n += (size_t)sprintf(doc + n, "{\"nodes\":[{\"id\":1,\"callFrame\":{\"functionName\":\"a\"}},"
	    "{\"id\":2,\"callFrame\":{\"functionName\":\"b\"}}],\"samples\":[");
	for (int i = 0; i < N; i++)
		n += (size_t)sprintf(doc + n, "%s%d", i ? "," : "", 1 + i % 2);
	n += (size_t)sprintf(doc + n, "],\"timeDeltas\":[");
	for (int i = 0; i < N; i++)
		n += (size_t)sprintf(doc + n, "%s%d", i ? "," : "", i % 2 ? 3 : 1);
	n += (size_t)sprintf(doc + n, "]}");
	struct fk_collapse_opts o;
	memset(&o, 0, sizeof(o));
	struct doc_result r = fold_bytes(o, FK_FORMAT_CPUPROFILE, doc, n);
	assert_folded(r, "a 100000\nb 300000\n");
	free(doc);
}

Test(cpuprofile, duplicate_node_ids_are_reported)
{
	/* Before, the second node 3 silently took the samples of the first ("leaf"). */
	struct doc_result r = fold_doc(FK_FORMAT_CPUPROFILE,
	    "{\"nodes\":[{\"id\":1,\"callFrame\":{\"functionName\":\"(root)\"},\"children\":[2]},"
	    "{\"id\":2,\"callFrame\":{\"functionName\":\"main\"},\"children\":[3]},"
	    "{\"id\":3,\"callFrame\":{\"functionName\":\"leaf\"}},"
	    "{\"id\":3,\"callFrame\":{\"functionName\":\"dup\"}}],"
	    "\"samples\":[3,2],\"timeDeltas\":[5,7]}");
	cr_assert_eq(r.st.v8.duplicates, 1);
	cr_assert(strstr(r.warn, "1 node with the id of an earlier node") != NULL, "%s", r.warn);
	assert_folded(r, "main 7\nmain;dup 5\n");
}
