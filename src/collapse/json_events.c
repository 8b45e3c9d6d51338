/*
 * json_events.c -- yajl's callbacks turned into positioned events.
 */
#include "collapse/json_events.h"
#include "core/error.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#define KEY_MAX 31

struct level {
	uint64_t index;          /* arrays: the element being read */
	unsigned char is_array;
	unsigned char key_len;   /* objects: KEY_MAX + 1 for a key too long to match */
	char key[KEY_MAX + 1];
};

struct fk_jsonev {
	const struct fk_jsonev_handler *h;
	void *ctx;
	struct level *lv;
	size_t depth, cap;
	uint64_t base;           /* bytes handed to yajl before the current chunk */
	yajl_handle y;
	int too_deep;
	int handler_failed;
	int at_end;              /* the input ended: nothing more was consumed */
};

size_t
fk_jsonev_depth(const struct fk_jsonev *j)
{
	return j->depth;
}

uint64_t
fk_jsonev_index(const struct fk_jsonev *j, size_t level)
{
	return level < j->depth && j->lv[level].is_array ? j->lv[level].index : 0;
}

uint64_t
fk_jsonev_offset(const struct fk_jsonev *j)
{
	return j->base + (j->y && !j->at_end ? yajl_get_bytes_consumed(j->y) : 0);
}

static int
match(const struct fk_jsonev *j, size_t level, const char *path, int prefix)
{
	size_t i = level;
	const char *p = path;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (i >= j->depth)
			return 0;
		const struct level *l = &j->lv[i];
		if (n == 1 && p[0] == '*') {
			if (!l->is_array)
				return 0;
		} else if (l->is_array || l->key_len != n || memcmp(l->key, p, n) != 0) {
			return 0;
		}
		i++;
		p += n + (e != NULL);
	}
	return prefix ? i <= j->depth : i == j->depth;
}

int
fk_jsonev_at(const struct fk_jsonev *j, size_t level, const char *path)
{
	return match(j, level, path, 0);
}

int
fk_jsonev_under(const struct fk_jsonev *j, size_t level, const char *path)
{
	return match(j, level, path, 1);
}

/* A value ended: the next one in an array has the next index. */
static void
value_done(struct fk_jsonev *j)
{
	if (j->depth && j->lv[j->depth - 1].is_array)
		j->lv[j->depth - 1].index++;
}

static int
call_result(struct fk_jsonev *j, int rc)
{
	if (rc < 0)
		j->handler_failed = 1;
	return rc == 0;
}

static int
scalar(struct fk_jsonev *j, enum fk_jsonev_type t, const char *s, size_t n)
{
	int rc = j->h->scalar ? j->h->scalar(j->ctx, j, t, s, n) : 0;
	value_done(j);
	return call_result(j, rc);
}

static int
on_null(void *c)
{
	return scalar(c, FK_JSONEV_NULL, "null", 4);
}

static int
on_bool(void *c, int v)
{
	return scalar(c, FK_JSONEV_BOOL, v ? "true" : "false", v ? 4 : 5);
}

static int
on_number(void *c, const char *s, size_t n)
{
	char buf[64];
	if (n >= sizeof(buf)) {
		/* Longer than any number a profile holds; handlers reject it by its text. */
		memcpy(buf, s, sizeof(buf) - 1);
		buf[sizeof(buf) - 2] = 'x';
		n = sizeof(buf) - 1;
	} else {
		memcpy(buf, s, n);
	}
	buf[n] = '\0';
	return scalar(c, FK_JSONEV_NUMBER, buf, n);
}

static int
on_string(void *c, const unsigned char *s, size_t n)
{
	return scalar(c, FK_JSONEV_STRING, (const char *)s, n);
}

static int
open_container(struct fk_jsonev *j, int is_array)
{
	if (j->depth >= FK_JSONEV_MAX_DEPTH) {
		j->too_deep = 1;
		return 0;
	}
	int rc = j->h->open ? j->h->open(j->ctx, j, is_array) : 0;
	if (rc < 0)
		return call_result(j, rc);
	FK_GROW(j->lv, j->cap, j->depth + 1, 64);
	struct level *l = &j->lv[j->depth++];
	l->index = 0;
	l->is_array = (unsigned char)is_array;
	l->key_len = KEY_MAX + 1;
	return 1;
}

static int
close_container(struct fk_jsonev *j, int is_array)
{
	j->depth--;
	int rc = j->h->close ? j->h->close(j->ctx, j, is_array) : 0;
	value_done(j);
	return call_result(j, rc);
}

static int
on_start_map(void *c)
{
	return open_container(c, 0);
}

static int
on_end_map(void *c)
{
	return close_container(c, 0);
}

static int
on_start_array(void *c)
{
	return open_container(c, 1);
}

static int
on_end_array(void *c)
{
	return close_container(c, 1);
}

static int
on_key(void *c, const unsigned char *s, size_t n)
{
	struct fk_jsonev *j = c;
	struct level *l = &j->lv[j->depth - 1];
	if (n <= KEY_MAX) {
		memcpy(l->key, s, n);
		l->key_len = (unsigned char)n;
	} else {
		l->key_len = KEY_MAX + 1;
	}
	return 1;
}

static const yajl_callbacks callbacks = {
	.yajl_null = on_null,
	.yajl_boolean = on_bool,
	.yajl_number = on_number,
	.yajl_string = on_string,
	.yajl_start_map = on_start_map,
	.yajl_map_key = on_key,
	.yajl_end_map = on_end_map,
	.yajl_start_array = on_start_array,
	.yajl_end_array = on_end_array,
};

/* yajl's message for a syntax error, on one line. */
static void
syntax_error(struct fk_jsonev *j, const unsigned char *buf, size_t n)
{
	unsigned char *msg = yajl_get_error(j->y, 0, buf, n);
	char *m = (char *)msg, *nl;
	while (*m == ' ' || *m == '\n')
		m++;
	if ((nl = strchr(m, '\n')) != NULL)
		*nl = '\0';
	if (j->too_deep)
		fk_error("invalid JSON at byte %llu: nested deeper than %d levels",
		    (unsigned long long)fk_jsonev_offset(j), FK_JSONEV_MAX_DEPTH);
	else
		fk_error("invalid JSON at byte %llu: %s", (unsigned long long)fk_jsonev_offset(j), m);
	yajl_free_error(j->y, msg);
}

int
fk_jsonev_parse(struct fk_instream *s, const struct fk_jsonev_handler *h, void *ctx)
{
	enum { CHUNK = 64 << 10 };
	struct fk_jsonev j = { .h = h, .ctx = ctx };
	unsigned char *buf = fk_xmalloc(CHUNK);
	int rc = 0;

	j.y = yajl_alloc(&callbacks, NULL, &j);
	if (!j.y) {
		free(buf);
		return fk_error("out of memory");
	}
	yajl_config(j.y, yajl_dont_validate_strings, 1);
	for (;;) {
		ssize_t n = fk_instream_read(s, buf, CHUNK);
		if (n < 0) {
			rc = 1;
			break;
		}
		j.at_end = n == 0;
		yajl_status st = n > 0 ? yajl_parse(j.y, buf, (size_t)n) : yajl_complete_parse(j.y);
		if (st == yajl_status_client_canceled && j.handler_failed) {
			rc = -1;
			break;
		}
		if (st != yajl_status_ok) {
			syntax_error(&j, buf, n > 0 ? (size_t)n : 0);
			rc = 1;
			break;
		}
		if (n == 0)
			break;
		j.base += (uint64_t)n;
	}
	yajl_free(j.y);
	free(j.lv);
	free(buf);
	return rc;
}
