#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "collapse/json_events.h"
#include "core/error.h"
#include "core/instream.h"
#include "core/test_util.h"

/* Each scalar as "path-matches:type:text" lines. */
struct rec {
	char log[4096];
};

static int
on_scalar(void *p, struct fk_jsonev *j, enum fk_jsonev_type t, const char *s, size_t n)
{
	struct rec *r = p;
	size_t len = strlen(r->log);
	snprintf(r->log + len, sizeof(r->log) - len, "%zu%s%s:%d:%.*s|", fk_jsonev_depth(j),
	    fk_jsonev_at(j, 0, "a/*/b") ? "@a/*/b" : "", fk_jsonev_under(j, 0, "a") ? "<a" : "",
	    (int)t, (int)n, s);
	return 0;
}

static int
parse(const char *text, size_t n, struct rec *r)
{
	memset(r, 0, sizeof(*r));
	static const struct fk_jsonev_handler h = { .scalar = on_scalar };
	struct fk_input in = { .name = "t.json", .fd = test_fd_with(text, n) };
	struct fk_instream *s = fk_instream_new(&in);
	fk_error_clear();
	int rc = fk_jsonev_parse(s, &h, r);
	fk_instream_free(s);
	close(in.fd);
	return rc;
}

Test(json_events, paths_and_types)
{
	struct rec r;
	const char *doc = "{\"a\": [{\"b\": 1.5e3}, {\"b\": \"x\\ny\", \"c\": null}], \"z\": true}";
	cr_assert_eq(parse(doc, strlen(doc), &r), 0);
	cr_assert_str_eq(r.log, "3@a/*/b<a:2:1.5e3|3@a/*/b<a:3:x\ny|3<a:0:null|1:1:true|");
}

Test(json_events, array_indexes)
{
	struct rec r;
	cr_assert_eq(parse("[10, [20], 30]", 14, &r), 0);
	cr_assert_str_eq(r.log, "1:2:10|2:2:20|1:2:30|");
}

Test(json_events, truncated_document_is_reported_with_its_offset)
{
	struct rec r;
	const char *doc = "{\"a\": [{\"b\": 1}, {\"b\": 2";
	cr_assert_eq(parse(doc, strlen(doc), &r), 1);
	cr_assert_str_eq(r.log, "3@a/*/b<a:2:1|3@a/*/b<a:2:2|");
	cr_assert(strstr(fk_error_msg(), "invalid JSON at byte") != NULL, "%s", fk_error_msg());
}

Test(json_events, syntax_error_stops_after_the_values_before_it)
{
	struct rec r;
	cr_assert_eq(parse("[1, 2, x]", 9, &r), 1);
	cr_assert_str_eq(r.log, "1:2:1|1:2:2|");
	cr_assert(strstr(fk_error_msg(), "at byte") != NULL);
}

Test(json_events, bytes_that_are_not_utf8_are_kept)
{
	struct rec r;
	cr_assert_eq(parse("[\"a\xff\xfe\"]", 7, &r), 0);
	cr_assert_str_eq(r.log, "1:3:a\xff\xfe|");
}

Test(json_events, huge_numbers_are_passed_as_text)
{
	struct rec r;
	cr_assert_eq(parse("[123456789012345678901234567890]", 32, &r), 0);
	cr_assert_str_eq(r.log, "1:2:123456789012345678901234567890|");
}

Test(json_events, nesting_deeper_than_the_limit_is_an_error_not_a_crash)
{
	size_t n = FK_JSONEV_MAX_DEPTH + 10;
	char *doc = malloc(2 * n);
	memset(doc, '[', n);
	memset(doc + n, ']', n);
	struct rec r;
	cr_assert_eq(parse(doc, 2 * n, &r), 1);
	cr_assert(strstr(fk_error_msg(), "nested deeper than") != NULL, "%s", fk_error_msg());
	free(doc);
}

Test(json_events, gzip_input_is_decompressed)
{
	unsigned char gz[256];
	size_t n = test_gzip("{\"a\": [{\"b\": 7}]}", gz, sizeof(gz));
	struct rec r;
	cr_assert_eq(parse((const char *)gz, n, &r), 0);
	cr_assert_str_eq(r.log, "3@a/*/b<a:2:7|");
}

static int
stop(void *p, struct fk_jsonev *j, enum fk_jsonev_type t, const char *s, size_t n)
{
	(void)p, (void)j, (void)t, (void)s, (void)n;
	return fk_error("handler says stop");
}

Test(json_events, a_handler_error_stops_the_parse)
{
	static const struct fk_jsonev_handler h = { .scalar = stop };
	struct fk_input in = { .name = "t.json", .fd = test_fd_with("[1, 2]", 6) };
	struct fk_instream *s = fk_instream_new(&in);
	fk_error_clear();
	cr_assert_eq(fk_jsonev_parse(s, &h, NULL), -1);
	cr_assert_str_eq(fk_error_msg(), "handler says stop");
	fk_instream_free(s);
	close(in.fd);
}
