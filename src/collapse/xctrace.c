/*
 * xctrace.c -- rows of a time profile, with ids remembered for refs.
 */
#include "collapse/xctrace.h"
#include "collapse/framebuf.h"
#include "core/arena.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/num.h"
#include "core/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmllib.h"

/* What an id="N" named: a frame's name, a backtrace's folded stack or a weight. */
struct item {
	int64_t id;
	const char *text;        /* in the arena; NULL for a weight */
	size_t len;
	int64_t value;
};

struct ctx {
	struct fk_instream *in;
	struct item *items;
	size_t n, cap;
	uint32_t *slots;         /* item index + 1; 0 empty */
	size_t nslots;
	struct fk_arena arena;
	struct fk_framebuf fb;
	char err[256];           /* the first XML error */
	unsigned long err_line;
};

static struct item *
item_find(const struct ctx *c, int64_t id)
{
	if (!c->nslots)
		return NULL;
	for (size_t s = fk_hash_mix((uint64_t)id) & (c->nslots - 1); c->slots[s];
	    s = (s + 1) & (c->nslots - 1))
		if (c->items[c->slots[s] - 1].id == id)
			return &c->items[c->slots[s] - 1];
	return NULL;
}

/* The item for id, new or (an id given twice) replaced. */
static struct item *
item_put(struct ctx *c, int64_t id)
{
	struct item *it = item_find(c, id);
	if (it)
		return it;
	if ((c->n + 1) * 2 > c->nslots) {
		size_t ns = c->nslots ? c->nslots * 2 : 1024;
		free(c->slots);
		c->slots = fk_xcalloc(ns, sizeof(*c->slots));
		c->nslots = ns;
		for (size_t i = 0; i < c->n; i++) {
			size_t s = fk_hash_mix((uint64_t)c->items[i].id) & (ns - 1);
			while (c->slots[s])
				s = (s + 1) & (ns - 1);
			c->slots[s] = (uint32_t)(i + 1);
		}
	}
	FK_GROW(c->items, c->cap, c->n + 1, 256);
	it = &c->items[c->n];
	memset(it, 0, sizeof(*it));
	it->id = id;
	size_t s = fk_hash_mix((uint64_t)id) & (c->nslots - 1);
	while (c->slots[s])
		s = (s + 1) & (c->nslots - 1);
	c->slots[s] = (uint32_t)++c->n;
	return it;
}

static int
read_cb(void *p, char *buf, int len)
{
	ssize_t r = fk_instream_read(p, buf, (size_t)len);
	return r < 0 ? -1 : (int)r;
}

static void
error_cb(void *p, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
	struct ctx *c = p;
	if ((sev == XML_PARSER_SEVERITY_ERROR || sev == XML_PARSER_SEVERITY_VALIDITY_ERROR) &&
	    c->err[0] == '\0') {
		snprintf(c->err, sizeof(c->err), "%s", msg);
		char *nl = strchr(c->err, '\n');
		if (nl)
			*nl = '\0';
		c->err_line = (unsigned long)FK_XML(xmlTextReaderLocatorLineNumber)(loc);
	}
}

/* An integer attribute: 1 when present and valid, 0 when absent, -1 when bad. */
static int
attr_int(xmlTextReaderPtr r, const char *name, int64_t *v)
{
	xmlChar *a = FK_XML(xmlTextReaderGetAttribute)(r, (const xmlChar *)name);
	long long x;
	const char *why;
	if (!a)
		return 0;
	int ok = fk_strtonum((const char *)a, INT64_MIN, INT64_MAX, &x, &why) == 0;
	FK_XML_FREE(a);
	*v = x;
	return ok ? 1 : -1;
}

static int
is(xmlTextReaderPtr r, const char *name)
{
	return strcmp((const char *)FK_XML(xmlTextReaderConstLocalName)(r), name) == 0;
}

/* A <weight>: its value (by ref, or its text remembered under its id). */
static int
read_weight(struct ctx *c, xmlTextReaderPtr r, struct fk_xctrace_stats *st, int64_t *w)
{
	int64_t id, v;
	long long x;
	const char *why;
	if (attr_int(r, "ref", &id) == 1) {
		struct item *it = item_find(c, id);
		if (!it || it->text) {
			st->unknown_refs++;
			return 0;
		}
		*w = it->value;
		return 1;
	}
	xmlChar *text = FK_XML(xmlTextReaderReadString)(r);
	int ok = text && fk_strtonum((const char *)text, 0, INT64_MAX, &x, &why) == 0;
	FK_XML_FREE(text);
	if (!ok) {
		st->bad_values++;
		return 0;
	}
	v = x;
	if (attr_int(r, "id", &id) == 1)
		item_put(c, id)->value = v;
	*w = v;
	return 1;
}

/* A <frame> inside a backtrace: pushed on the frame buffer (leaf first). */
static void
read_frame(struct ctx *c, xmlTextReaderPtr r, struct fk_xctrace_stats *st)
{
	int64_t id;
	char buf[48];
	if (attr_int(r, "ref", &id) == 1) {
		struct item *it = item_find(c, id);
		if (it && it->text) {
			fk_framebuf_push(&c->fb, it->text, it->len);
		} else {
			st->unknown_refs++;
			int n = snprintf(buf, sizeof(buf), "(unknown frame %" PRId64 ")", id);
			fk_framebuf_push(&c->fb, buf, (size_t)n);
		}
		return;
	}
	xmlChar *name = FK_XML(xmlTextReaderGetAttribute)(r, (const xmlChar *)"name");
	const char *s = name ? (const char *)name : "(unnamed)";
	size_t n = strlen(s);
	char *copy = fk_arena_strndup(&c->arena, s, n);
	fk_frame_clean(copy, n);
	if (!name)
		st->bad_values++;
	FK_XML_FREE(name);
	if (attr_int(r, "id", &id) == 1) {
		struct item *it = item_put(c, id);
		it->text = copy;
		it->len = n;
	}
	fk_framebuf_push(&c->fb, copy, n);
}

/*
 * A <backtrace>: its folded stack, by ref or read from its frames (and
 * remembered under its id).  @return 1 with *key and *len set, 0 for none.
 */
static int
read_backtrace(struct ctx *c, xmlTextReaderPtr r, struct fk_xctrace_stats *st, const char **key,
    size_t *len)
{
	int64_t id;
	int has_id;
	if (attr_int(r, "ref", &id) == 1) {
		struct item *it = item_find(c, id);
		if (!it || !it->text) {
			st->unknown_refs++;
			return 0;
		}
		*key = it->text;
		*len = it->len;
		return 1;
	}
	has_id = attr_int(r, "id", &id) == 1;
	fk_framebuf_clear(&c->fb);
	if (!FK_XML(xmlTextReaderIsEmptyElement)(r)) {
		int depth = FK_XML(xmlTextReaderDepth)(r);
		while (FK_XML(xmlTextReaderRead)(r) == 1 && FK_XML(xmlTextReaderDepth)(r) > depth) {
			if (FK_XML(xmlTextReaderNodeType)(r) == XML_READER_TYPE_ELEMENT &&
			    FK_XML(xmlTextReaderDepth)(r) == depth + 1 && is(r, "frame"))
				read_frame(c, r, st);
		}
	}
	if (c->fb.n == 0)
		fk_framebuf_push(&c->fb, "(no frame)", 10);
	size_t n;
	const char *k = fk_framebuf_join(&c->fb, &n);
	char *copy = fk_arena_strndup(&c->arena, k, n);
	if (has_id) {
		struct item *it = item_put(c, id);
		it->text = copy;
		it->len = n;
	}
	*key = copy;
	*len = n;
	return 1;
}

/* One <row>: @return 0, or -1 on a count overflow. */
static int
read_row(struct ctx *c, xmlTextReaderPtr r, enum fk_weight w, struct fk_stack_table *t,
    struct fk_xctrace_stats *st)
{
	const char *key = NULL;
	size_t len = 0;
	int64_t weight = 0;
	int has_weight = 0, has_stack = 0;
	if (FK_XML(xmlTextReaderIsEmptyElement)(r))
		return 0;
	int depth = FK_XML(xmlTextReaderDepth)(r);
	while (FK_XML(xmlTextReaderRead)(r) == 1 && FK_XML(xmlTextReaderDepth)(r) > depth) {
		if (FK_XML(xmlTextReaderNodeType)(r) != XML_READER_TYPE_ELEMENT ||
		    FK_XML(xmlTextReaderDepth)(r) != depth + 1)
			continue;
		if (is(r, "weight"))
			has_weight = read_weight(c, r, st, &weight);
		else if (is(r, "backtrace"))
			has_stack = read_backtrace(c, r, st, &key, &len);
	}
	if (!has_stack)
		return 0;
	st->rows++;
	if (w == FK_WEIGHT_SAMPLES)
		return fk_stack_table_add_int(t, key, len, 1);
	if (!has_weight)
		st->no_weight++;
	return fk_stack_table_add_int(t, key, len, has_weight ? weight : 0);
}

int
fk_xctrace_collapse(enum fk_weight w, struct fk_instream *s, struct fk_stack_table *t,
    struct fk_xctrace_stats *st, int *cut)
{
	struct fk_xctrace_stats local;
	struct ctx c;
	const char *name = fk_instream_name(s);
	int rc = 0, r, seen_root = 0;

	if (fk_xmllib_get("xctrace input") == NULL)
		return -1;
	memset(&c, 0, sizeof(c));
	memset(&local, 0, sizeof(local));
	c.in = s;
	fk_arena_init(&c.arena, 64 << 10);
	xmlTextReaderPtr xr = FK_XML(xmlReaderForIO)(read_cb, NULL, s, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!xr) {
		fk_arena_release(&c.arena);
		return fk_error("out of memory");
	}
	FK_XML(xmlTextReaderSetErrorHandler)(xr, error_cb, &c);
	while (rc == 0 && (r = FK_XML(xmlTextReaderRead)(xr)) == 1) {
		if (FK_XML(xmlTextReaderNodeType)(xr) != XML_READER_TYPE_ELEMENT)
			continue;
		if (FK_XML(xmlTextReaderDepth)(xr) == 0) {
			seen_root = is(xr, "trace-query-result");
			if (!seen_root) {
				fk_warn(name, 0, "not xctrace output: the root element is <%s>, not "
				    "<trace-query-result>", (const char *)FK_XML(xmlTextReaderConstLocalName)(xr));
				break;
			}
		} else if (seen_root && is(xr, "row")) {
			rc = read_row(&c, xr, w, t, &local);
		}
	}
	if (rc == 0 && r < 0) {
		const char *why = fk_error_msg();
		if (c.err[0])
			fk_warn(name, c.err_line, "invalid XML: %s; the rest of this input is skipped",
			    c.err);
		else
			fk_warn(name, 0, "%s; the rest of this input is skipped",
			    why && *why ? why : "invalid XML");
		fk_error_clear();
		*cut = 1;
	}
	FK_XML(xmlFreeTextReader)(xr);
	if (local.unknown_refs)
		fk_warn(name, 0, "%" PRIu64 " ref%s to no earlier id", local.unknown_refs,
		    local.unknown_refs == 1 ? "" : "s");
	if (local.no_weight)
		fk_warn(name, 0, "%" PRIu64 " row%s without a weight counted as 0 "
		    "(--weight=samples counts rows)", local.no_weight, local.no_weight == 1 ? "" : "s");
	if (local.bad_values)
		fk_warn(name, 0, "%" PRIu64 " weight%s or frame%s without a valid value or name",
		    local.bad_values, local.bad_values == 1 ? "" : "s", local.bad_values == 1 ? "" : "s");
	st->rows += local.rows;
	st->unknown_refs += local.unknown_refs;
	st->no_weight += local.no_weight;
	st->bad_values += local.bad_values;
	free(c.items);
	free(c.slots);
	fk_framebuf_release(&c.fb);
	fk_arena_release(&c.arena);
	return rc;
}
