#include "collapse/doc_test_util.h"

/* Profiles before the shared frames, as the keys may come in any order. */
static const char file[] =
    "{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\",\"profiles\":["
    "{\"type\":\"sampled\",\"name\":\"cpu\",\"unit\":\"milliseconds\",\"startValue\":0,"
    "\"endValue\":10,\"samples\":[[0,1,2],[0,1,2],[0,1,3],[0,1],[0]],"
    "\"weights\":[1,2,3.5,4,0.25]},"
    "{\"type\":\"evented\",\"name\":\"ev\",\"unit\":\"none\",\"startValue\":0,\"endValue\":10,"
    "\"events\":[{\"type\":\"O\",\"frame\":0,\"at\":0},{\"type\":\"O\",\"frame\":1,\"at\":1},"
    "{\"type\":\"C\",\"frame\":1,\"at\":4},{\"at\":10,\"type\":\"C\",\"frame\":0}]}],"
    "\"shared\":{\"frames\":[{\"name\":\"main\"},{\"name\":\"p;q\",\"file\":\"x.js\",\"line\":3,"
    "\"col\":4},{\"name\":\"c\"},{\"name\":\"d\",\"file\":\"y.c\"}]}}";

Test(speedscope, sampled_and_evented_under_their_names)
{
	struct doc_result r = fold_doc(FK_FORMAT_AUTO, file);
	cr_assert_eq(r.st.format, FK_FORMAT_SPEEDSCOPE);
	assert_folded(r,
	    "cpu;main 0.25\n"
	    "cpu;main;p:q (x.js:3:4) 4\n"
	    "cpu;main;p:q (x.js:3:4);c 3\n"
	    "cpu;main;p:q (x.js:3:4);d (y.c) 3.5\n"
	    "ev;main 7\n"
	    "ev;main;p:q (x.js:3:4) 3\n");
}

Test(speedscope, one_profile_by_name_and_by_sample_count)
{
	struct fk_collapse_opts o;
	memset(&o, 0, sizeof(o));
	o.profile = "cpu";
	o.weight = FK_WEIGHT_SAMPLES;
	struct doc_result r = fold_bytes(o, FK_FORMAT_SPEEDSCOPE, file, strlen(file));
	assert_folded(r, "main 1\nmain;p:q (x.js:3:4) 1\nmain;p:q (x.js:3:4);c 2\n"
	    "main;p:q (x.js:3:4);d (y.c) 1\n");
}

Test(speedscope, unknown_profile_name_is_an_error)
{
	struct fk_collapse_opts o;
	memset(&o, 0, sizeof(o));
	o.profile = "nope";
	struct doc_result r = fold_bytes(o, FK_FORMAT_SPEEDSCOPE, file, strlen(file));
	cr_assert_eq(r.rc, -1);
	cr_assert(strstr(fk_error_msg(), "no profile named 'nope'") != NULL, "%s", fk_error_msg());
	free(r.out);
}

Test(speedscope, weights_before_samples_and_hostile_values)
{
	struct doc_result r = fold_doc(FK_FORMAT_SPEEDSCOPE,
	    "{\"shared\":{\"frames\":[{\"name\":\"a\"}]},\"profiles\":[{\"type\":\"sampled\","
	    "\"weights\":[2,-1,5,9],\"samples\":[[0],[0],[0,7],[\"x\"],[0]]}]}");
	cr_assert(strstr(r.warn, "1 negative weight") != NULL, "%s", r.warn);
	cr_assert(strstr(r.warn, "1 sample or weight without a partner") != NULL, "%s", r.warn);
	cr_assert(strstr(r.warn, "1 value skipped") != NULL, "%s", r.warn);
	assert_folded(r, "(no frame) 9\na 2\na;(unknown frame 7) 5\n");
}

Test(speedscope, unbalanced_events_are_reported)
{
	struct doc_result r = fold_doc(FK_FORMAT_SPEEDSCOPE,
	    "{\"shared\":{\"frames\":[{\"name\":\"a\"},{\"name\":\"b\"}]},\"profiles\":[{\"type\":\"evented\","
	    "\"events\":[{\"type\":\"O\",\"frame\":0,\"at\":0},{\"type\":\"C\",\"frame\":1,\"at\":2},"
	    "{\"type\":\"O\",\"frame\":1,\"at\":3},{\"type\":\"O\",\"frame\":0,\"at\":5}]}]}");
	/* One close of a frame not open, three frames never closed. */
	cr_assert(strstr(r.warn, "4 events closing a frame that is not open") != NULL, "%s", r.warn);
	assert_folded(r, "a 3\na;b 2\n");
}

/* A profile whose first sample is empty (found by the fuzzer). */
Test(speedscope, empty_first_sample)
{
	struct doc_result r = fold_doc(FK_FORMAT_SPEEDSCOPE,
	    "{\"shared\":{\"frames\":[{\"name\":\"a\"}]},\"profiles\":[{\"type\":\"sampled\","
	    "\"samples\":[[],[0]],\"weights\":[2,3]}]}");
	assert_folded(r, "(no frame) 2\na 3\n");
}

Test(speedscope, frames_of_the_wrong_kind_are_reported)
{
	/* Before, "frames": 5 and a frame {"name": 5} were passed over without a word. */
	struct doc_result r = fold_doc(FK_FORMAT_SPEEDSCOPE,
	    "{\"shared\":{\"frames\":5},\"profiles\":[{\"type\":\"sampled\",\"unit\":\"none\","
	    "\"samples\":[[0,1]],\"weights\":[2]}]}");
	cr_assert(strstr(r.warn, "1 frame field of the wrong kind") != NULL, "%s", r.warn);
	cr_assert(strstr(r.warn, "2 frame indexes in stacks with no frame defined") != NULL,
	    "%s", r.warn);
	cr_assert_eq(r.st.speedscope.bad_frames, 1);
	assert_folded(r, "(unknown frame 0);(unknown frame 1) 2\n");

	r = fold_doc(FK_FORMAT_SPEEDSCOPE,
	    "{\"shared\":{\"frames\":[{\"name\":5},{\"name\":\"b\",\"file\":[]}]},\"profiles\":"
	    "[{\"type\":\"sampled\",\"unit\":\"none\",\"samples\":[[0,1]],\"weights\":[2]}]}");
	cr_assert(strstr(r.warn, "1 frame field of the wrong kind") != NULL, "%s", r.warn);
	cr_assert_eq(r.st.speedscope.unknown_frames, 0);
	assert_folded(r, "(anonymous);b 2\n");
}
