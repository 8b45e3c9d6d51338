/*
 * text_test_util.h -- folding a string with one of the text readers, for
 * the unit tests of dtrace, stap, bpftrace and jstack (not part of the library).
 */
#ifndef FK_TEXT_TEST_UTIL_H
#define FK_TEXT_TEST_UTIL_H

#include <criterion/criterion.h>
#include <stdio.h>

#include "collapse/multiline.h"
#include "core/error.h"
#include "core/test_util.h"

/* The last warning, "FILE:LINE: message", and how many there were. */
static char text_warned[512];
static int text_warnings;

static void
text_keep_warning(void *ctx, const char *file, unsigned long line, const char *msg)
{
	(void)ctx;
	text_warnings++;
	snprintf(text_warned, sizeof text_warned, "%s:%lu: %s", file ? file : "", line, msg);
}

/* What a reader does with a reader, a table, the output stream and the statistics. */
typedef int text_fold_fn(void *ctx, struct fk_reader *r, struct fk_stack_table *t, FILE *out,
    struct fk_multiline_stats *st);

/*
 * Fold text with fn; return what is written: the sorted table after
 * whatever fn wrote itself (caller frees), or NULL when fn fails.
 */
static char *
text_fold(text_fold_fn *fn, void *ctx, const char *text, struct fk_multiline_stats *st)
{
	int fd = test_fd_with(text, strlen(text));
	struct fk_reader *r = fk_reader_new(fd, "in.txt");
	struct fk_multiline_stats local = { 0 };
	text_warned[0] = '\0';
	text_warnings = 0;
	fk_warn_set_handler(text_keep_warning, NULL);
	struct fk_stack_table *t = fk_stack_table_new(1);
	char *out = NULL;
	size_t len;
	int rc;
	TEST_CAPTURE(out, len, rc = fn(ctx, r, t, test_out, st ? st : &local);
	    if (rc == 0) fk_stack_table_write(t, test_out, 1));
	(void)len;
	if (rc != 0) {
		free(out);
		out = NULL;
	}
	fk_stack_table_free(t);
	fk_reader_free(r);
	close(fd);
	return out;
}

#define TEXT_ASSERT_FOLDS(out, want) do {                              \
	char *o__ = (out);                                            \
	cr_assert_not_null(o__);                                      \
	cr_assert_str_eq(o__, (want));                                \
	free(o__);                                                    \
} while (0)

#endif
