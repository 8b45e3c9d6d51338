#include <criterion/criterion.h>

#include "collapse/framebuf.h"

Test(framebuf, joins_root_first_and_cleans_semicolons)
{
	struct fk_framebuf b = FK_FRAMEBUF_INIT;
	size_t len;
	fk_framebuf_push(&b, "leaf", 4);
	fk_framebuf_append(&b, "_[i]", 4);
	fk_framebuf_push_parts(&b, "mid", 3, ";x", 2);
	fk_framebuf_push(&b, "root", 4);
	const char *k = fk_framebuf_join(&b, &len);
	cr_assert_str_eq(k, "root;mid:x;leaf_[i]");
	cr_assert_eq(len, strlen(k));
	fk_framebuf_clear(&b);
	k = fk_framebuf_join(&b, &len);
	cr_assert_str_eq(k, "");
	cr_assert_eq(len, 0);
	/* Many frames: the buffers grow. */
	for (int i = 0; i < 1000; i++)
		fk_framebuf_push(&b, "abcdefgh", 8);
	k = fk_framebuf_join(&b, &len);
	cr_assert_eq(len, 1000 * 9 - 1);
	fk_framebuf_release(&b);
}

Test(framebuf, empty_frame_first)
{
	/* Found by the fuzzer: an empty first frame touched a buffer not yet allocated. */
	struct fk_framebuf b = FK_FRAMEBUF_INIT;
	size_t len;
	fk_framebuf_push(&b, "", 0);
	fk_framebuf_push(&b, "root", 4);
	const char *k = fk_framebuf_join(&b, &len);
	cr_assert_str_eq(k, "root;");
	cr_assert_eq(len, 5);
	fk_framebuf_release(&b);
}

Test(framebuf, only_empty_frames)
{
	/* Found by the fuzzer: joining frames that are all empty read a buffer not yet allocated. */
	struct fk_framebuf b = FK_FRAMEBUF_INIT;
	size_t len;
	fk_framebuf_push(&b, "", 0);
	fk_framebuf_push(&b, "", 0);
	const char *k = fk_framebuf_join(&b, &len);
	cr_assert_str_eq(k, ";");
	cr_assert_eq(len, 1);
	fk_framebuf_release(&b);
}
