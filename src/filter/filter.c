#include "filter/filter.h"
#include "core/arena.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdlib.h>
#include <string.h>

struct fk_filter {
	unsigned flags;
	pcre2_code **code;
	size_t n, cap;
	pcre2_match_data *md;
};

/* Record pcre2's text for a compile error at offset off in pattern. */
static int
filter_compile_error(const char *pattern, int err, PCRE2_SIZE off)
{
	PCRE2_UCHAR msg[256];
	if (pcre2_get_error_message(err, msg, sizeof(msg)) < 0)
		strcpy((char *)msg, "unknown error");
	return fk_error_code(FK_ERR_USAGE, "bad pattern '%s': %s at offset %zu",
	    pattern, (const char *)msg, (size_t)off);
}

static pcre2_code *
filter_compile(const char *pattern, size_t len, uint32_t opts, const char *shown)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)pattern, len, opts, &err, &off, NULL);
	if (!c) {
		filter_compile_error(shown, err, off);
		return NULL;
	}
	/* Without JIT support pcre2_match() interprets: slower, same answers. */
	(void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
	return c;
}

struct fk_filter *
fk_filter_new(unsigned flags)
{
	struct fk_filter *f = fk_xcalloc(1, sizeof(*f));
	f->flags = flags;
	return f;
}

void
fk_filter_free(struct fk_filter *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		pcre2_code_free(f->code[i]);
	free(f->code);
	pcre2_match_data_free(f->md);
	free(f);
}

int
fk_filter_add(struct fk_filter *f, const char *pattern)
{
	uint32_t opts = 0;
	if (f->flags & FK_FILTER_ICASE)
		opts |= PCRE2_CASELESS;
	if (f->flags & FK_FILTER_EXACT)
		opts |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;
	if (f->flags & FK_FILTER_LITERAL)
		opts |= PCRE2_LITERAL;
	pcre2_code *c = filter_compile(pattern, strlen(pattern), opts, pattern);
	if (!c)
		return -1;
	FK_GROW(f->code, f->cap, f->n + 1, 4);
	f->code[f->n++] = c;
	if (!f->md) {
		f->md = pcre2_match_data_create(1, NULL);
		if (!f->md)
			return fk_error_code(FK_ERR_NOMEM, "cannot allocate match data");
	}
	return 0;
}

size_t
fk_filter_size(const struct fk_filter *f)
{
	return f ? f->n : 0;
}

int
fk_filter_match(struct fk_filter *f, const char *s, size_t n)
{
	if (!f)
		return 0;
	for (size_t i = 0; i < f->n; i++) {
		int rc = pcre2_match(f->code[i], (PCRE2_SPTR)s, n, 0, 0, f->md, NULL);
		if (rc >= 0)
			return 1;
		if (rc != PCRE2_ERROR_NOMATCH) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(rc, msg, sizeof(msg));
			return fk_error("cannot match frame '%.*s': %s",
			    n > 200 ? 200 : (int)n, s, (const char *)msg);
		}
	}
	return 0;
}

struct fk_filter_subst {
	pcre2_code *code;
	pcre2_match_data *md;
	char *repl;
	size_t repl_len;
	uint32_t opts;
};

/*
 * Copy one delimited part of expr starting at *p into out (malloc'd):
 * a backslash before the delimiter quotes it, other backslashes stay.
 */
static int
subst_part(const char **p, char delim, char **out, size_t *outlen)
{
	const char *s = *p;
	size_t n = 0;
	char *b = fk_xmalloc(strlen(s) + 1);
	for (; *s && *s != delim; s++) {
		if (s[0] == '\\' && s[1] == delim)
			s++;
		b[n++] = *s;
	}
	b[n] = '\0';
	if (*s != delim) {
		free(b);
		return -1;
	}
	*p = s + 1;
	*out = b;
	*outlen = n;
	return 0;
}

struct fk_filter_subst *
fk_filter_subst_new(const char *expr)
{
	const char *p = expr;
	char *re = NULL, *repl = NULL;
	size_t re_len, repl_len;
	uint32_t copts = 0, sopts = 0;

	if (p[0] != 's' || p[1] == '\0' || p[1] == '\\' || p[1] == '\n' ||
	    (p[1] >= '0' && p[1] <= '9') || (p[1] >= 'a' && p[1] <= 'z') ||
	    (p[1] >= 'A' && p[1] <= 'Z')) {
		fk_error_code(FK_ERR_USAGE, "bad replacement '%s': expected s/regex/replacement/", expr);
		return NULL;
	}
	char delim = p[1];
	p += 2;
	if (subst_part(&p, delim, &re, &re_len) < 0 ||
	    subst_part(&p, delim, &repl, &repl_len) < 0) {
		free(re);
		fk_error_code(FK_ERR_USAGE, "bad replacement '%s': expected s/regex/replacement/", expr);
		return NULL;
	}
	for (; *p; p++) {
		switch (*p) {
		case 'g':
			sopts |= PCRE2_SUBSTITUTE_GLOBAL;
			break;
		case 'i':
			copts |= PCRE2_CASELESS;
			break;
		case 'x':
			copts |= PCRE2_EXTENDED;
			break;
		default:
			free(re);
			free(repl);
			fk_error_code(FK_ERR_USAGE, "bad replacement '%s': unknown flag '%c'", expr, *p);
			return NULL;
		}
	}
	pcre2_code *c = filter_compile(re, re_len, copts, re);
	free(re);
	if (!c) {
		free(repl);
		return NULL;
	}
	struct fk_filter_subst *s = fk_xcalloc(1, sizeof(*s));
	s->code = c;
	s->md = pcre2_match_data_create_from_pattern(c, NULL);
	s->repl = repl;
	s->repl_len = repl_len;
	s->opts = sopts;
	if (!s->md) {
		fk_filter_subst_free(s);
		fk_error_code(FK_ERR_NOMEM, "cannot allocate match data");
		return NULL;
	}
	/* Check the replacement's syntax now, so a bad one is a usage error. */
	char *buf = NULL;
	size_t cap = 0, len;
	if (fk_filter_subst_apply(s, "", 0, &buf, &cap, &len) < 0) {
		free(buf);
		fk_filter_subst_free(s);
		fk_error_code(FK_ERR_USAGE, "bad replacement '%s'", expr);
		return NULL;
	}
	free(buf);
	return s;
}

void
fk_filter_subst_free(struct fk_filter_subst *s)
{
	if (!s)
		return;
	pcre2_code_free(s->code);
	pcre2_match_data_free(s->md);
	free(s->repl);
	free(s);
}

int
fk_filter_subst_apply(struct fk_filter_subst *s, const char *in, size_t n,
    char **buf, size_t *cap, size_t *outlen)
{
	for (;;) {
		if (*cap < 64) {
			*cap = 64;
			*buf = fk_xrealloc(*buf, *cap);
		}
		PCRE2_SIZE olen = *cap;
		int rc = pcre2_substitute(s->code, (PCRE2_SPTR)in, n, 0,
		    s->opts | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH, s->md, NULL,
		    (PCRE2_SPTR)s->repl, s->repl_len, (PCRE2_UCHAR *)*buf, &olen);
		if (rc == PCRE2_ERROR_NOMEMORY) {
			*cap = olen + 1;
			*buf = fk_xrealloc(*buf, *cap);
			continue;
		}
		if (rc < 0) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(rc, msg, sizeof(msg));
			return fk_error_code(FK_ERR_USAGE, "%s", (const char *)msg);
		}
		*outlen = olen;
		return rc > 0;
	}
}

struct fk_filter_memo {
	struct fk_arena arena;
	struct fk_filter_memo_entry **slots;
	size_t mask;
	struct fk_filter_memo_entry **list;
	size_t n, cap;
};

struct fk_filter_memo *
fk_filter_memo_new(void)
{
	struct fk_filter_memo *m = fk_xcalloc(1, sizeof(*m));
	fk_arena_init(&m->arena, 1u << 16);
	m->mask = 255;
	m->slots = fk_xcalloc(m->mask + 1, sizeof(*m->slots));
	return m;
}

void
fk_filter_memo_free(struct fk_filter_memo *m)
{
	if (!m)
		return;
	fk_arena_release(&m->arena);
	free(m->slots);
	free(m->list);
	free(m);
}

static void
memo_grow(struct fk_filter_memo *m)
{
	size_t nmask = m->mask * 2 + 1;
	struct fk_filter_memo_entry **ns = fk_xcalloc(nmask + 1, sizeof(*ns));
	for (size_t i = 0; i < m->n; i++) {
		size_t j = m->list[i]->hash & nmask;
		while (ns[j])
			j = (j + 1) & nmask;
		ns[j] = m->list[i];
	}
	free(m->slots);
	m->slots = ns;
	m->mask = nmask;
}

struct fk_filter_memo_entry *
fk_filter_memo_get(struct fk_filter_memo *m, const char *key, size_t len, int *added)
{
	uint64_t h = fk_hash_bytes(key, len, 0);
	size_t j = h & m->mask;
	struct fk_filter_memo_entry *e;

	while ((e = m->slots[j])) {
		if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0) {
			*added = 0;
			return e;
		}
		j = (j + 1) & m->mask;
	}
	if (len > UINT32_MAX || m->n >= UINT32_MAX)
		abort();
	e = fk_arena_alloc(&m->arena, sizeof(*e) + len + 1);
	e->hash = h;
	e->value = 0;
	e->id = (uint32_t)m->n;
	e->len = (uint32_t)len;
	memcpy(e->key, key, len);
	e->key[len] = '\0';
	m->slots[j] = e;
	FK_GROW(m->list, m->cap, m->n + 1, 256);
	m->list[m->n++] = e;
	if (m->n * 2 > m->mask)
		memo_grow(m);
	*added = 1;
	return e;
}

size_t
fk_filter_memo_size(const struct fk_filter_memo *m)
{
	return m->n;
}

struct fk_filter_memo_entry *
fk_filter_memo_at(const struct fk_filter_memo *m, uint32_t id)
{
	return m->list[id];
}

static int
read_add(void *ctx, char *stack, size_t len, const struct fk_num *counts, int ncols)
{
	struct fk_stack_table **t = ctx;
	if (!*t)
		*t = fk_stack_table_new(ncols);
	return fk_stack_table_add(*t, stack, len, counts);
}

int
fk_filter_read(const struct fk_input *in, size_t nin, struct fk_stack_table **out,
    struct fk_folded_stats *st)
{
	struct fk_stack_table *t = NULL;
	int ncols = 0;
	if (st) {
		struct fk_folded_header *h = st->header;
		memset(st, 0, sizeof(*st));
		st->header = h;
	}
	if (fk_folded_read(in, nin, &ncols, read_add, &t, st) < 0) {
		fk_stack_table_free(t);
		return -1;
	}
	*out = t ? t : fk_stack_table_new(1);
	return 0;
}
