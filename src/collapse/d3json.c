/*
 * d3json.c -- the node tree of d3-flame-graph, one open node per level.
 */
#include "collapse/d3json.h"
#include "collapse/json_events.h"
#include "collapse/v8prof.h"
#include "core/error.h"
#include "core/num.h"
#include "core/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct open_node {
	size_t level;            /* of its JSON object */
	int64_t id;
	struct fk_num value, children;
	int has_value, named;
};

struct ctx {
	struct fk_v8prof *prof;
	struct open_node *open;
	size_t n, cap;
	int64_t next_id;
	struct fk_d3json_stats *st;
};

/* a - b at the finer scale of the two; @return -1 on overflow. */
static int
num_sub(struct fk_num a, struct fk_num b, struct fk_num *out)
{
	int s = a.scale > b.scale ? a.scale : b.scale;
	if (fk_num_rescale(&a, s) < 0 || fk_num_rescale(&b, s) < 0)
		return -1;
	out->scale = s;
	return __builtin_sub_overflow(a.v, b.v, &out->v) ? -1 : 0;
}

static int
on_open(void *p, struct fk_jsonev *j, int is_array)
{
	struct ctx *c = p;
	size_t d = fk_jsonev_depth(j);
	if (is_array)
		return 0;
	if (c->n > 0 && fk_jsonev_at(j, c->open[c->n - 1].level, "children")) {
		c->st->bad_children++;   /* an object: not a list of nodes */
		return 0;
	}
	if (c->n == 0 ? d != 0 : !fk_jsonev_at(j, c->open[c->n - 1].level, "children/*"))
		return 0;
	FK_GROW(c->open, c->cap, c->n + 1, 64);
	struct open_node *o = &c->open[c->n++];
	memset(o, 0, sizeof(*o));
	o->level = d;
	o->id = c->next_id++;
	if (c->n > 1)
		fk_v8prof_set_parent(c->prof, o->id, c->open[c->n - 2].id);
	c->st->nodes++;
	return 0;
}

static int
on_scalar(void *p, struct fk_jsonev *j, enum fk_jsonev_type type, const char *s, size_t n)
{
	struct ctx *c = p;
	if (c->n == 0)
		return 0;
	struct open_node *o = &c->open[c->n - 1];
	if (fk_jsonev_at(j, o->level, "name")) {
		/* A name that is no string counts as none: "(no name)", not an empty frame. */
		if (type == FK_JSONEV_STRING) {
			fk_v8prof_define(c->prof, o->id, s, n);
			o->named = 1;
		} else {
			c->st->bad_names++;
		}
	} else if (fk_jsonev_at(j, o->level, "children")) {
		if (type != FK_JSONEV_NULL)
			c->st->bad_children++;
	} else if (fk_jsonev_at(j, o->level, "value")) {
		if (type == FK_JSONEV_NUMBER && fk_num_parse(s, n, &o->value) == 0)
			o->has_value = 1;
		else
			c->st->bad_values++;
	}
	return 0;
}

/* The node on top ends: its own count, and its total for its parent. */
static int
node_end(struct ctx *c)
{
	struct open_node *o = &c->open[--c->n];
	struct fk_num self = { 0, 0 }, total = o->has_value ? o->value : o->children;
	if (!o->named)
		fk_v8prof_define(c->prof, o->id, "(no name)", 9);
	if (o->has_value && num_sub(o->value, o->children, &self) < 0)
		return fk_error("node value overflows 64 bits");
	if (self.v < 0) {
		c->st->short_values++;
		self.v = 0;
	}
	if (self.v > 0 && fk_v8prof_add_num(c->prof, o->id, self) < 0)
		return -1;
	if (c->n > 0 && fk_num_add(&c->open[c->n - 1].children, total) < 0)
		return fk_error("node value overflows 64 bits");
	return 0;
}

static int
on_close(void *p, struct fk_jsonev *j, int is_array)
{
	struct ctx *c = p;
	if (is_array || c->n == 0 || fk_jsonev_depth(j) != c->open[c->n - 1].level)
		return 0;
	return node_end(c);
}

int
fk_d3json_collapse(struct fk_instream *s, struct fk_stack_table *t, struct fk_d3json_stats *st,
    int *cut)
{
	static const struct fk_jsonev_handler h = { .open = on_open, .scalar = on_scalar,
		.close = on_close };
	struct fk_v8_stats vst;
	struct fk_d3json_stats local;
	struct ctx c;
	const char *name = fk_instream_name(s);

	memset(&c, 0, sizeof(c));
	memset(&vst, 0, sizeof(vst));
	memset(&local, 0, sizeof(local));
	c.st = &local;
	c.prof = fk_v8prof_new();
	fk_v8prof_drop_any_root(c.prof);
	int rc = fk_jsonev_parse(s, &h, &c);
	if (rc > 0) {
		fk_warn(name, 0, "%s; the rest of this input is skipped", fk_error_msg());
		fk_error_clear();
		*cut = 1;
		rc = 0;
		while (rc == 0 && c.n > 0)
			rc = node_end(&c);
	}
	if (rc == 0)
		rc = fk_v8prof_fold(c.prof, NULL, t, &vst);
	if (rc == 0 && local.nodes == 0 && !*cut)
		fk_warn(name, 0, "no node (an object with \"name\", \"value\" and \"children\")");
	if (local.bad_values)
		fk_warn(name, 0, "%" PRIu64 " value%s skipped: not a non-negative number",
		    local.bad_values, local.bad_values == 1 ? "" : "s");
	if (local.bad_names)
		fk_warn(name, 0, "%" PRIu64 " name%s not a string (named '(no name)')",
		    local.bad_names, local.bad_names == 1 ? "" : "s");
	if (local.bad_children)
		fk_warn(name, 0, "%" PRIu64 " node%s whose \"children\" is not a list (nothing in "
		    "it is read; its value stays with the node)", local.bad_children,
		    local.bad_children == 1 ? "" : "s");
	if (local.short_values)
		fk_warn(name, 0, "%" PRIu64 " node%s with a value below the sum of their "
		    "children's (counted as 0 themselves)", local.short_values,
		    local.short_values == 1 ? "" : "s");
	st->nodes += local.nodes;
	st->bad_values += local.bad_values;
	st->short_values += local.short_values;
	st->bad_names += local.bad_names;
	st->bad_children += local.bad_children;
	free(c.open);
	fk_v8prof_free(c.prof);
	return rc;
}
