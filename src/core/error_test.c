#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"

Test(error, context_goes_in_front)
{
	fk_error_clear();
	cr_assert_str_eq(fk_error_msg(), "");
	cr_assert_eq(fk_error_last(), FK_ERR_NONE);
	cr_assert_eq(fk_error("line %d: bad count", 3), -1);
	cr_assert_eq(fk_error("reading '%s'", "a.txt"), -1);
	cr_assert_str_eq(fk_error_msg(), "reading 'a.txt': line 3: bad count");
	cr_assert_eq(fk_error_last(), FK_ERR_INPUT);
	fk_error_clear();
	cr_assert_str_eq(fk_error_msg(), "");
}

Test(error, specific_codes_stick)
{
	fk_error_clear();
	fk_error_errno(ENOENT, "cannot open", "x");
	cr_assert_str_eq(fk_error_msg(), "cannot open 'x': No such file or directory");
	cr_assert_eq(fk_error_last(), FK_ERR_IO);
	/* Context added later does not make an I/O error an input error. */
	fk_error("while folding");
	cr_assert_eq(fk_error_last(), FK_ERR_IO);
	fk_error_clear();
	fk_error_errno(EPIPE, "cannot write", "output");
	cr_assert_eq(fk_error_last(), FK_ERR_PIPE);
	fk_error_clear();
	fk_error_code(FK_ERR_USAGE, "bad %s", "argument");
	cr_assert_eq(fk_error_last(), FK_ERR_USAGE);
	fk_error_clear();
}

Test(error, long_messages_are_cut)
{
	char big[4091];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	fk_error_clear();
	fk_error("%s", big);
	fk_error("outer");
	cr_assert_eq(strlen(fk_error_msg()), 4095);
	cr_assert_eq(strncmp(fk_error_msg(), "outer: xxx", 10), 0);
	fk_error_clear();
}

struct seen {
	int calls;
	char file[32], msg[64];
	unsigned long line;
};

static void
record(void *ctx, const char *file, unsigned long line, const char *msg)
{
	struct seen *s = ctx;
	s->calls++;
	snprintf(s->file, sizeof(s->file), "%s", file ? file : "");
	snprintf(s->msg, sizeof(s->msg), "%s", msg);
	s->line = line;
}

Test(error, warnings_go_to_the_handler)
{
	struct seen s = { 0 };
	fk_warn(NULL, 0, "discarded: no handler");
	fk_warn_set_handler(record, &s);
	fk_warn("in.txt", 7, "bad line %d", 7);
	fk_warn_set_handler(NULL, NULL);
	fk_warn("in.txt", 8, "discarded again");
	cr_assert_eq(s.calls, 1);
	cr_assert_str_eq(s.file, "in.txt");
	cr_assert_eq(s.line, 7);
	cr_assert_str_eq(s.msg, "bad line 7");
}

Test(error, handler_can_be_put_back_after_a_quiet_try)
{
	struct seen s = { 0 };
	void *ctx = NULL;
	fk_warn_set_handler(record, &s);
	fk_warn_fn *fn = fk_warn_get_handler(&ctx);
	fk_warn_set_handler(NULL, NULL);
	fk_warn("in.txt", 1, "muted");
	fk_warn_set_handler(fn, ctx);
	fk_warn("in.txt", 2, "heard");
	fk_warn_set_handler(NULL, NULL);
	cr_assert_eq(fn, record);
	cr_assert_eq(ctx, &s);
	cr_assert_eq(s.calls, 1);
	cr_assert_str_eq(s.msg, "heard");
}

struct worker {
	char before[64], after_error[64], after_clear[64];
	enum fk_error_code code;
};

static void *
worker_run(void *arg)
{
	struct worker *w = arg;
	snprintf(w->before, sizeof(w->before), "%s", fk_error_msg());
	fk_error_errno(EIO, "cannot read", "chunk");
	snprintf(w->after_error, sizeof(w->after_error), "%s", fk_error_msg());
	w->code = fk_error_last();
	fk_error_clear();
	snprintf(w->after_clear, sizeof(w->after_clear), "%s", fk_error_msg());
	return NULL;
}

/* flame-collapse -j: each thread has a sink of its own. */
Test(error, the_sink_is_per_thread)
{
	fk_error_clear();
	fk_error("main's own");
	pthread_t t[4];
	struct worker w[4];
	memset(w, 0, sizeof(w));
	for (int i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, worker_run, &w[i]), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 4; i++) {
		cr_assert_str_eq(w[i].before, "");
		cr_assert_str_eq(w[i].after_error, "cannot read 'chunk': Input/output error");
		cr_assert_eq(w[i].code, FK_ERR_IO);
		cr_assert_str_eq(w[i].after_clear, "");
	}
	cr_assert_str_eq(fk_error_msg(), "main's own");
	cr_assert_eq(fk_error_last(), FK_ERR_INPUT);
	fk_error_clear();
}
