#include "collapse/doc_test_util.h"

/* Chrome writes each event's keys sorted: args before id, name and pid. */
static const char trace[] = "{\"traceEvents\":["
    "{\"args\":{\"name\":\"CrRendererMain\"},\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":7,\"tid\":1},"
    "{\"args\":{\"data\":{\"startTime\":10}},\"id\":\"0x1\",\"name\":\"Profile\",\"ph\":\"P\",\"pid\":7},"
    "{\"args\":{\"data\":{\"cpuProfile\":{\"nodes\":["
    "{\"callFrame\":{\"functionName\":\"(root)\"},\"id\":1},"
    "{\"callFrame\":{\"functionName\":\"main\",\"url\":\"u.js\",\"lineNumber\":1,\"columnNumber\":2},"
    "\"id\":2,\"parent\":1}],\"samples\":[2,2]},\"timeDeltas\":[3,4]}},"
    "\"id\":\"0x1\",\"name\":\"ProfileChunk\",\"ph\":\"P\",\"pid\":7},"
    "{\"args\":{\"data\":{\"cpuProfile\":{\"nodes\":["
    "{\"callFrame\":{\"functionName\":\"(root)\"},\"id\":1},"
    "{\"callFrame\":{\"functionName\":\"other\"},\"id\":2,\"parent\":1}],\"samples\":[2]},"
    "\"timeDeltas\":[100]}},\"id\":\"0x1\",\"name\":\"ProfileChunk\",\"ph\":\"P\",\"pid\":8},"
    "{\"args\":{\"data\":{\"cpuProfile\":{\"nodes\":["
    "{\"callFrame\":{\"functionName\":\"leaf\"},\"id\":3,\"parent\":2}],\"samples\":[3,2]},"
    "\"timeDeltas\":[5,6]}},\"id\":\"0x1\",\"name\":\"ProfileChunk\",\"ph\":\"P\",\"pid\":7},"
    "{\"args\":{\"data\":{\"cpuProfile\":{\"nodes\":[{\"id\":1}],\"samples\":[1]},\"timeDeltas\":[1]}},"
    "\"name\":\"SomethingElse\",\"ph\":\"X\",\"pid\":7}"
    "],\"metadata\":{\"x\":{\"y\":[1]}}}";

Test(chrome_trace, chunks_make_profiles_by_pid_and_id)
{
	struct doc_result r = fold_doc(FK_FORMAT_CHROME_TRACE, trace);
	cr_assert_eq(r.st.v8.samples, 5);
	assert_folded(r, "main (u.js:2:3) 13\nmain (u.js:2:3);leaf 5\nother 100\n");
}

Test(chrome_trace, detected_in_object_and_array_form)
{
	struct doc_result r = fold_doc(FK_FORMAT_AUTO, trace);
	cr_assert_eq(r.st.format, FK_FORMAT_CHROME_TRACE);
	free(r.out);
	r = fold_doc(FK_FORMAT_AUTO, "[{\"name\":\"ProfileChunk\",\"ph\":\"P\",\"pid\":1,\"id\":\"1\","
	    "\"args\":{\"data\":{\"cpuProfile\":{\"nodes\":[{\"id\":1,\"callFrame\":"
	    "{\"functionName\":\"x\"}}],\"samples\":[1]},\"timeDeltas\":[2]}}}]");
	cr_assert_eq(r.st.format, FK_FORMAT_CHROME_TRACE);
	assert_folded(r, "x 2\n");
}

Test(chrome_trace, trace_without_profile_is_reported)
{
	struct doc_result r = fold_doc(FK_FORMAT_CHROME_TRACE,
	    "[{\"name\":\"RunTask\",\"ph\":\"X\",\"ts\":1,\"dur\":2}]");
	cr_assert(strstr(r.warn, "no CPU profile") != NULL, "%s", r.warn);
	assert_folded(r, "");
}

Test(chrome_trace, truncated_trace_keeps_the_chunks_before)
{
	char doc[sizeof(trace)];
	/* Cut inside the last ProfileChunk of pid 7 ("leaf"). */
	const char *cut = strstr(trace, "\"leaf\"");
	size_t n = (size_t)(cut - trace);
	memcpy(doc, trace, n);
	struct fk_collapse_opts o;
	memset(&o, 0, sizeof(o));
	struct doc_result r = fold_bytes(o, FK_FORMAT_CHROME_TRACE, doc, n);
	cr_assert_eq(r.st.cut_short, 1);
	assert_folded(r, "main (u.js:2:3) 7\nother 100\n");
}
