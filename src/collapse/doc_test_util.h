/*
 * doc_test_util.h -- fold a JSON or XML document given as bytes, for the
 * criterion tests of the document readers (not part of the library).
 */
#ifndef FK_DOC_TEST_UTIL_H
#define FK_DOC_TEST_UTIL_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collapse/collapse.h"
#include "core/error.h"
#include "core/test_util.h"

struct doc_result {
	char *out;           /* folded output (caller frees) */
	int rc;              /* fk_collapse()'s */
	struct fk_collapse_stats st;
	char warn[4096];     /* every warning, one per line */
};

static char doc_warnings[4096];

static void
doc_warn(void *ctx, const char *file, unsigned long line, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)line;
	size_t n = strlen(doc_warnings);
	snprintf(doc_warnings + n, sizeof(doc_warnings) - n, "%s\n", msg);
}

/* Fold data[0, n) as format f (AUTO: detected) with opt's other settings. */
static inline struct doc_result
fold_bytes(struct fk_collapse_opts opt, enum fk_format f, const void *data, size_t n)
{
	struct doc_result r;
	size_t len;
	memset(&r, 0, sizeof(r));
	doc_warnings[0] = '\0';
	fk_warn_set_handler(doc_warn, NULL);
	fk_error_clear();
	opt.format = f;
	/* The stacks are what these tests check; the unit header has goldens of its own. */
	opt.no_header = 1;
	struct fk_input in = { .name = "doc", .fd = test_fd_with(data, n) };
	TEST_CAPTURE(r.out, len, r.rc = fk_collapse(&opt, &in, 1, test_out, &r.st));
	(void)len;
	close(in.fd);
	memcpy(r.warn, doc_warnings, sizeof(r.warn));
	return r;
}

static inline struct doc_result
fold_doc(enum fk_format f, const char *text)
{
	struct fk_collapse_opts opt;
	memset(&opt, 0, sizeof(opt));
	return fold_bytes(opt, f, text, strlen(text));
}

#define assert_folded(r, want) do {                                             \
	cr_assert_eq((r).rc, 0, "rc %d: %s", (r).rc, fk_error_msg());                \
	cr_assert_str_eq((r).out, (want), "warnings: %s", (r).warn);                 \
	free((r).out);                                                              \
} while (0)

#endif
