#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "core/folded.h"
#include "render/layout.h"
#include "render/speedscope_out.h"
#include "core/test_util.h"

static char *
speedscope(const char *text, const char *name)
{
	struct fk_stacks st;
	struct fk_layout l;
	char *out;
	size_t len;
	int rc;
	test_export_layout(text, &st, &l);
	TEST_CAPTURE(out, len, rc = fk_speedscope_write(test_out, &l, name, NULL));
	cr_assert_eq(rc, 0, "%s", fk_error_msg());
	(void)len;
	fk_layout_release(&l);
	fk_stacks_release(&st);
	return out;
}

Test(speedscope, one_sampled_profile_over_a_shared_frame_table)
{
	char *s = speedscope("main;b;c 2\nmain;a 3\nmain;b 1\nmain;b;main 4\n", "prof");
	cr_assert_str_eq(s,
	    "{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\",\n"
	    "\"exporter\":\"flamekit\",\n\"name\":\"prof\",\n\"activeProfileIndex\":0,\n"
	    "\"shared\":{\"frames\":[\n{\"name\":\"main\"},\n{\"name\":\"a\"},\n"
	    "{\"name\":\"b\"},\n{\"name\":\"c\"}]},\n"
	    "\"profiles\":[{\"type\":\"sampled\",\"name\":\"prof\",\"unit\":\"none\","
	    "\"startValue\":0,\"endValue\":10,\n"
	    "\"samples\":[\n[0,1],\n[0,2],\n[0,2,3],\n[0,2,0]],\n"
	    "\"weights\":[3,1,2,4]}]}\n");
	free(s);
}

Test(speedscope, decimal_weights_stay_exact)
{
	char *s = speedscope("a 0.1\na;b 0.25\n", "d");
	cr_assert(strstr(s, "\"endValue\":0.35,"), "%s", s);
	cr_assert(strstr(s, "\"weights\":[0.1,0.25]"), "%s", s);
	free(s);
}

Test(speedscope, names_are_escaped)
{
	char *s = speedscope("q\"\\;bad\xff;nl\x01 1\n", "t\"\n");
	cr_assert(strstr(s, "\"name\":\"t\\\"\\n\""), "%s", s);
	cr_assert(strstr(s, "{\"name\":\"q\\\"\\\\\"},\n{\"name\":\"bad\\ufffd\"},\n"
	    "{\"name\":\"nl\\u0001\"}"), "%s", s);
	free(s);
}

Test(speedscope, differential_layouts_are_refused)
{
	struct fk_stacks st;
	struct fk_layout l;
	test_export_layout("a 1 2\n", &st, &l);
	FILE *out = fopen("/dev/null", "w");
	cr_assert_eq(fk_speedscope_write(out, &l, "x", NULL), -1);
	cr_assert(strstr(fk_error_msg(), "differential"));
	fk_error_clear();
	fclose(out);
	fk_layout_release(&l);
	fk_stacks_release(&st);
}
