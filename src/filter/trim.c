#include "filter/trim.h"
#include "filter/trim_stream.h"
#include "core/symname.h"
#include "core/error.h"
#include "core/folded.h"
#include "core/folded_header.h"
#include "core/hash.h"
#include "core/spill.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define FRAME_GONE UINT64_MAX
#define FRAME_FAILED (UINT64_MAX - 1)   /* a --replace could not be applied to it */

size_t
fk_trim_annotation_len(const char *s, size_t n)
{
	/* "_[x]" with one to three lower-case letters, at the end. */
	if (n < 5 || s[n - 1] != ']')
		return 0;
	size_t i = n - 1;
	while (i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z' && n - 1 - (i - 1) <= 3)
		i--;
	size_t letters = n - 1 - i;
	if (letters == 0 || i < 2 || s[i - 1] != '[' || s[i - 2] != '_' || i - 2 == 0)
		return 0;
	return letters + 3;
}

/* Length of "+0xHEX" ending at s + n, or 0. */
static size_t
hex_suffix(const char *s, size_t n, char lead)
{
	size_t i = n;
	while (i > 0 && fk_is_xdigit(s[i - 1]))
		i--;
	if (i == n || i < 3 || s[i - 1] != 'x' || s[i - 2] != '0' || s[i - 3] != lead)
		return 0;
	return n - (i - 3);
}

size_t
fk_trim_offset_len(const char *s, size_t n)
{
	size_t m = n;
	size_t k = hex_suffix(s, m, '/');   /* "func+0x1f/0x80" */
	if (k) {
		size_t k2 = hex_suffix(s, m - k, '+');
		if (k2 && k2 + k < n)
			return n - k - k2;
	}
	k = hex_suffix(s, m, '+');
	if (k && k < n)
		return n - k;
	return n;
}

size_t
fk_trim_args_len(const char *s, size_t n)
{
	return fk_symname_args_start(s, n);
}

static void
buf_reserve(char **buf, size_t *cap, size_t need)
{
	if (need > *cap) {
		*cap = need < 64 ? 64 : need * 2;
		*buf = fk_xrealloc(*buf, *cap);
	}
}

long
fk_trim_frame(const struct fk_trim_opts *o, const char *s, size_t n,
    char **buf, size_t *cap)
{
	size_t ann = fk_trim_annotation_len(s, n);
	size_t base = n - ann, len;

	if (o->strip_offsets)
		base = fk_trim_offset_len(s, base);
	if (o->strip_args)
		base = fk_trim_args_len(s, base);
	if (o->strip_annotations)
		ann = 0;
	buf_reserve(buf, cap, base + ann + 1);
	memcpy(*buf, s, base);
	memcpy(*buf + base, s + n - ann, ann);
	len = base + ann;
	if (o->nreplace) {
		char *tmp = NULL;
		size_t tcap = 0, tlen;
		for (size_t i = 0; i < o->nreplace; i++) {
			if (fk_filter_subst_apply(o->replace[i], *buf, len, &tmp, &tcap, &tlen) < 0) {
				free(tmp);
				return fk_error("cannot rewrite frame '%.*s'",
				    n > 200 ? 200 : (int)n, s);
			}
			buf_reserve(buf, cap, tlen + 1);
			memcpy(*buf, tmp, tlen);
			len = tlen;
		}
		free(tmp);
	}
	for (size_t i = 0; i < len; i++)
		if ((*buf)[i] == ';')
			(*buf)[i] = ':';
	(*buf)[len] = '\0';
	return (long)len;
}

size_t
fk_trim_root(const char *s, size_t n, int drop, const char *name,
    char **buf, size_t *cap)
{
	const char *semi = memchr(s, ';', n);
	size_t root = semi ? (size_t)(semi - s) : n;
	size_t out = 0;

	if ((n == 1 && s[0] == ';') || (!drop && !name)) {
		buf_reserve(buf, cap, n + 1);
		memcpy(*buf, s, n);
		out = n;
	} else if (drop) {
		size_t rest = semi ? n - root - 1 : 0;
		buf_reserve(buf, cap, rest + 2);
		if (rest == 0) {
			(*buf)[0] = ';';
			out = 1;
		} else {
			memcpy(*buf, s + root + 1, rest);
			out = rest;
		}
	} else {
		size_t nl = strlen(name);
		buf_reserve(buf, cap, nl + (n - root) + 1);
		memcpy(*buf, name, nl);
		memcpy(*buf + nl, s + root, n - root);
		out = nl + n - root;
	}
	(*buf)[out] = '\0';
	return out;
}

/* A call tree over interned frame ids: node 0 is the (empty) root. */
struct tree {
	uint32_t *parent, *frame;
	int64_t (*cum)[2];
	uint32_t n, cap;
	uint32_t *slots;       /* node index + 1; 0 is empty */
	size_t mask;
};

static void
tree_init(struct tree *t)
{
	memset(t, 0, sizeof(*t));
	t->cap = 1024;
	t->parent = fk_xmalloc(t->cap * sizeof(*t->parent));
	t->frame = fk_xmalloc(t->cap * sizeof(*t->frame));
	t->cum = fk_xcalloc(t->cap, sizeof(*t->cum));
	t->mask = 2047;
	t->slots = fk_xcalloc(t->mask + 1, sizeof(*t->slots));
	t->parent[0] = UINT32_MAX;
	t->frame[0] = UINT32_MAX;
	t->n = 1;
}

static void
tree_release(struct tree *t)
{
	free(t->parent);
	free(t->frame);
	free(t->cum);
	free(t->slots);
}

static size_t
tree_hash(uint32_t parent, uint32_t frame)
{
	return (size_t)fk_hash_mix(((uint64_t)parent << 32) ^ frame ^ 0x9e3779b97f4a7c15ULL);
}

static void
tree_grow_slots(struct tree *t)
{
	size_t nmask = t->mask * 2 + 1;
	uint32_t *ns = fk_xcalloc(nmask + 1, sizeof(*ns));
	for (uint32_t i = 1; i < t->n; i++) {
		size_t j = tree_hash(t->parent[i], t->frame[i]) & nmask;
		while (ns[j])
			j = (j + 1) & nmask;
		ns[j] = i + 1;
	}
	free(t->slots);
	t->slots = ns;
	t->mask = nmask;
}

/* The child of parent for frame; created when create is set, else 0 when absent. */
static uint32_t
tree_child(struct tree *t, uint32_t parent, uint32_t frame, int create)
{
	size_t j = tree_hash(parent, frame) & t->mask;
	uint32_t k;
	while ((k = t->slots[j])) {
		if (t->parent[k - 1] == parent && t->frame[k - 1] == frame)
			return k - 1;
		j = (j + 1) & t->mask;
	}
	if (!create)
		return 0;
	if (t->n == t->cap) {
		t->cap *= 2;
		t->parent = fk_xrealloc(t->parent, t->cap * sizeof(*t->parent));
		t->frame = fk_xrealloc(t->frame, t->cap * sizeof(*t->frame));
		t->cum = fk_xrealloc(t->cum, t->cap * sizeof(*t->cum));
	}
	uint32_t i = t->n++;
	t->parent[i] = parent;
	t->frame[i] = frame;
	t->cum[i][0] = t->cum[i][1] = 0;
	t->slots[j] = i + 1;
	if ((size_t)t->n * 2 > t->mask)
		tree_grow_slots(t);
	return i;
}

struct trim_ctx {
	const struct fk_trim_opts *o;
	struct fk_stack_table *cur;     /* stacks after the per-stack steps */
	struct fk_spill *spill;         /* instead of cur when memory is bounded */
	size_t memory;
	enum fk_spill_order order;      /* of spill: frames for the tree-wide steps */
	struct fk_filter_memo *raw;     /* input frame -> canonical id + 1 */
	struct fk_filter_memo *names;   /* canonical frame names */
	uint32_t *ids;
	size_t ids_cap;
	uint32_t *seen;                 /* per canonical id: stamp of last stack */
	size_t seen_cap;
	uint32_t stamp;
	char *fbuf, *kbuf, *rbuf;
	size_t fcap, kcap, rcap;
};

static void
ids_push(struct trim_ctx *c, size_t n, uint32_t id)
{
	FK_GROW(c->ids, c->ids_cap, n + 1, 64);
	c->ids[n] = id;
}

/* Split key into canonical ids through the rewrites.  @return count or -1. */
static long
stack_ids(struct trim_ctx *c, const char *key, size_t len, int rewrite)
{
	size_t pos = 0, flen, n = 0;
	const char *f;
	int added;

	while (fk_folded_next_frame(key, len, &pos, &f, &flen)) {
		struct fk_filter_memo_entry *e;
		if (!rewrite) {
			e = fk_filter_memo_get(c->names, f, flen, &added);
			ids_push(c, n++, e->id);
			continue;
		}
		e = fk_filter_memo_get(c->raw, f, flen, &added);
		if (!added && e->value == FRAME_FAILED)
			return fk_error("cannot rewrite frame '%.*s' (it failed before)",
			    flen > 200 ? 200 : (int)flen, f);
		if (added) {
			long k = fk_trim_frame(c->o, f, flen, &c->fbuf, &c->fcap);
			if (k < 0) {
				e->value = FRAME_FAILED;   /* the pattern's cost is not paid twice */
				return -1;
			}
			if (k == 0) {
				e->value = FRAME_GONE;
			} else {
				struct fk_filter_memo_entry *ne =
				    fk_filter_memo_get(c->names, c->fbuf, (size_t)k, &added);
				e->value = (uint64_t)ne->id + 1;
			}
		}
		if (e->value != FRAME_GONE)
			ids_push(c, n++, (uint32_t)(e->value - 1));
	}
	return (long)n;
}

/* Join ids[0, n) (and "[other]" when other is set) into c->kbuf. */
static size_t
stack_key(struct trim_ctx *c, size_t n, int other)
{
	size_t len = 0;
	for (size_t i = 0; i <= n; i++) {
		const char *s;
		size_t sl;
		if (i < n) {
			struct fk_filter_memo_entry *e = fk_filter_memo_at(c->names, c->ids[i]);
			s = e->key;
			sl = e->len;
		} else if (other) {
			s = FK_TRIM_OTHER;
			sl = sizeof(FK_TRIM_OTHER) - 1;
		} else {
			break;
		}
		buf_reserve(&c->kbuf, &c->kcap, len + sl + 2);
		if (len)
			c->kbuf[len++] = ';';
		memcpy(c->kbuf + len, s, sl);
		len += sl;
	}
	return len;
}

static size_t
collapse_recursion(struct trim_ctx *c, size_t n)
{
	size_t k = 0;
	if (c->o->recursion == FK_TRIM_RECURSION_DIRECT) {
		for (size_t i = 0; i < n; i++)
			if (k == 0 || c->ids[k - 1] != c->ids[i])
				c->ids[k++] = c->ids[i];
		return k;
	}
	size_t nn = fk_filter_memo_size(c->names);
	if (nn > c->seen_cap) {
		c->seen = fk_xrealloc(c->seen, nn * 2 * sizeof(*c->seen));
		memset(c->seen + c->seen_cap, 0, (nn * 2 - c->seen_cap) * sizeof(*c->seen));
		c->seen_cap = nn * 2;
	}
	if (++c->stamp == 0) {
		memset(c->seen, 0, c->seen_cap * sizeof(*c->seen));
		c->stamp = 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (c->seen[c->ids[i]] == c->stamp)
			continue;
		c->seen[c->ids[i]] = c->stamp;
		c->ids[k++] = c->ids[i];
	}
	return k;
}

static int
table_add_scaled(struct fk_stack_table *t, const char *key, size_t len,
    const int64_t *v, int scale)
{
	struct fk_num counts[2] = { { v[0], scale }, { v[1], scale } };
	return fk_stack_table_add(t, key, len, counts);
}

int
fk__trim_below(const struct fk_trim_opts *o, const int64_t w[2], const int64_t total[2],
    int ncols, int scale)
{
	int considered = 0;
	for (int c = 0; c < ncols; c++) {
		__int128 lhs, rhs;
		if (o->min_kind == FK_TRIM_MIN_COUNT) {
			/* w / 10^scale < min.v / 10^min.scale */
			lhs = (__int128)w[c] * fk_pow10(o->min.scale);
			rhs = (__int128)o->min.v * fk_pow10(scale);
		} else {
			if (total[c] <= 0)
				continue;
			/* w < total * min.v / 10^min.scale */
			lhs = (__int128)w[c] * fk_pow10(o->min.scale);
			rhs = (__int128)total[c] * o->min.v;
		}
		considered = 1;
		if (lhs >= rhs)
			return 0;
	}
	return considered;
}

static int
trim_min(struct trim_ctx *c, struct fk_stack_table *in, struct fk_stack_table *out)
{
	int ncols = fk_stack_table_ncols(in), scale = fk_stack_table_scale(in);
	int64_t total[2] = { 0, 0 };
	struct tree t;
	size_t n;
	int rc = 0;

	for (int k = 0; k < ncols; k++)
		if (fk_stack_table_total(in, k, &total[k]) < 0)
			return -1;
	tree_init(&t);
	struct fk_stack_entry *const *list = fk_stack_table_entries(in, &n);
	for (size_t i = 0; i < n; i++) {
		long d = stack_ids(c, list[i]->key, list[i]->len, 0);
		uint32_t node = 0;
		for (long j = 0; j < d; j++) {
			node = tree_child(&t, node, c->ids[j], 1);
			for (int k = 0; k < ncols; k++)
				t.cum[node][k] += list[i]->counts[k];
		}
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct fk_stack_entry *e = list[i];
		long d = stack_ids(c, e->key, e->len, 0);
		uint32_t node = 0;
		long j;
		for (j = 0; j < d; j++) {
			node = tree_child(&t, node, c->ids[j], 0);
			if (fk__trim_below(c->o, t.cum[node], total, ncols, scale))
				break;
		}
		if (j == d) {
			rc = table_add_scaled(out, e->key, e->len, e->counts, scale);
			continue;
		}
		if (c->o->drop)
			continue;
		size_t len = stack_key(c, (size_t)j, j == 0);
		rc = table_add_scaled(out, c->kbuf, len, e->counts, scale);
	}
	tree_release(&t);
	return rc;
}

static int
heavier(const void *a, const void *b, void *ctx)
{
	int ncols = *(const int *)ctx;
	const struct fk_stack_entry *x = *(struct fk_stack_entry *const *)a;
	const struct fk_stack_entry *y = *(struct fk_stack_entry *const *)b;
	__int128 wx = x->counts[0], wy = y->counts[0];
	if (ncols == 2) {
		wx += x->counts[1];
		wy += y->counts[1];
	}
	if (wx != wy)
		return wx > wy ? -1 : 1;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, n);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

static int
trim_max_stacks(struct trim_ctx *c, struct fk_stack_table *in, struct fk_stack_table *out)
{
	int scale = fk_stack_table_scale(in);
	size_t n, keep = c->o->max_stacks;
	struct fk_stack_entry *const *list = fk_stack_table_entries(in, &n);
	struct fk_stack_entry **order = fk_xmalloc((n ? n : 1) * sizeof(*order));
	struct tree t;
	int rc = 0;

	memcpy(order, list, n * sizeof(*order));
	int ncols = fk_stack_table_ncols(in);
	qsort_r(order, n, sizeof(*order), heavier, &ncols);
	tree_init(&t);
	for (size_t i = 0; i < n && i < keep; i++) {
		long d = stack_ids(c, order[i]->key, order[i]->len, 0);
		uint32_t node = 0;
		for (long j = 0; j < d; j++)
			node = tree_child(&t, node, c->ids[j], 1);
		rc = table_add_scaled(out, order[i]->key, order[i]->len, order[i]->counts, scale);
		if (rc < 0)
			break;
	}
	for (size_t i = keep; i < n && rc == 0; i++) {
		long d = stack_ids(c, order[i]->key, order[i]->len, 0);
		uint32_t node = 0;
		long j;
		for (j = 0; j < d; j++) {
			uint32_t ch = tree_child(&t, node, c->ids[j], 0);
			if (ch == 0)
				break;
			node = ch;
		}
		size_t len = stack_key(c, (size_t)j, 1);
		rc = table_add_scaled(out, c->kbuf, len, order[i]->counts, scale);
	}
	tree_release(&t);
	free(order);
	return rc;
}

static int
trim_keep(struct trim_ctx *c, const char *key, size_t len, const struct fk_num *counts)
{
	if (c->spill)
		return fk_spill_add(c->spill, key, len, counts);
	return fk_stack_table_add(c->cur, key, len, counts);
}

/* Rewrites, recursion and depth for one stack, added to c->cur (or c->spill). */
static int
trim_add(void *ctx, char *key, size_t len, const struct fk_num *counts, int ncols)
{
	struct trim_ctx *c = ctx;
	const struct fk_trim_opts *o = c->o;

	if (!c->cur && !c->spill) {
		if (c->memory)
			c->spill = fk_spill_new_ordered(ncols, c->memory, c->order);
		else
			c->cur = fk_stack_table_new(ncols);
	}
	if (o->drop_root || o->rename_root) {
		len = fk_trim_root(key, len, o->drop_root, o->rename_root, &c->rbuf, &c->rcap);
		key = c->rbuf;
	}
	long d = stack_ids(c, key, len, 1);
	if (d < 0)
		return FK_FOLDED_REFUSED;   /* a --replace failed (PCRE2's limits): reported, left out */
	size_t k = (size_t)d;
	if (o->recursion != FK_TRIM_RECURSION_NONE)
		k = collapse_recursion(c, k);
	if (o->max_depth && k > o->max_depth)
		k = o->max_depth;
	/*
	 * No frame left (the input had none, or every one was rewritten to
	 * nothing): the weight stays, on the root alone, written as ";", which
	 * every reader (and flamegraph.pl) takes for a stack without frames.
	 */
	if (k == 0)
		return trim_keep(c, ";", 1, counts);
	size_t n = stack_key(c, k, 0);
	return trim_keep(c, c->kbuf, n, counts);
}

static void
trim_begin(struct trim_ctx *c, const struct fk_trim_opts *o)
{
	memset(c, 0, sizeof(*c));
	c->o = o;
	c->raw = fk_filter_memo_new();
	c->names = fk_filter_memo_new();
}

/* The tree-wide steps on c->cur, then release c.  @return the result or NULL. */
static struct fk_stack_table *
trim_end(struct trim_ctx *c, int ncols, int rc)
{
	const struct fk_trim_opts *o = c->o;
	struct fk_stack_table *cur = c->cur ? c->cur : fk_stack_table_new(ncols), *next;

	ncols = fk_stack_table_ncols(cur);
	if (rc == 0 && o->min_kind != FK_TRIM_MIN_NONE) {
		next = fk_stack_table_new(ncols);
		rc = trim_min(c, cur, next);
		fk_stack_table_free(cur);
		cur = next;
	}
	if (rc == 0 && o->max_stacks && fk_stack_table_size(cur) > o->max_stacks) {
		next = fk_stack_table_new(ncols);
		rc = trim_max_stacks(c, cur, next);
		fk_stack_table_free(cur);
		cur = next;
	}
	fk_filter_memo_free(c->raw);
	fk_filter_memo_free(c->names);
	free(c->ids);
	free(c->seen);
	free(c->fbuf);
	free(c->kbuf);
	free(c->rbuf);
	if (rc < 0) {
		fk_stack_table_free(cur);
		cur = NULL;
	}
	return cur;
}

int
fk_trim_table(const struct fk_trim_opts *o, struct fk_stack_table *in,
    struct fk_stack_table **out)
{
	struct trim_ctx c;
	int ncols = fk_stack_table_ncols(in), scale = fk_stack_table_scale(in);
	int rc = 0;
	size_t n;

	trim_begin(&c, o);
	struct fk_stack_entry *const *list = fk_stack_table_entries(in, &n);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct fk_num counts[2] = {
			{ list[i]->counts[0], scale }, { list[i]->counts[1], scale },
		};
		rc = trim_add(&c, list[i]->key, list[i]->len, counts, ncols);
		if (rc == FK_FOLDED_REFUSED) {
			fk_warn(NULL, 0, "%s; the stack is left out", fk_error_msg());
			fk_error_clear();
			rc = 0;
		}
	}
	*out = trim_end(&c, ncols, rc);
	return rc;
}

int
fk_trim_run(const struct fk_trim_opts *o, const struct fk_input *in,
    size_t nin, FILE *out, struct fk_folded_stats *st)
{
	/* Every operand failed to open: there is nothing to write, not an empty result. */
	if (nin == 0)
		return fk_error("no input could be read");
	struct fk_folded_stats local = { 0 };
	struct trim_ctx c;
	int ncols = 0;

	if (!st)
		st = &local;
	st->header = fk_folded_header_new();
	trim_begin(&c, o);
	/*
	 * The tree-wide steps walk the stacks sorted frame by frame, from
	 * memory or from runs on disk (trim_stream.h): half the budget for
	 * the input's stacks, half for what the steps write.
	 */
	int tree = o->min_kind != FK_TRIM_MIN_NONE || o->max_stacks;
	size_t half = o->memory / 2 ? o->memory / 2 : o->memory;
	c.memory = tree ? half : o->memory;
	c.order = tree ? FK_SPILL_FRAMES : FK_SPILL_BYTES;
	int rc = fk_folded_read(in, nin, &ncols, trim_add, &c, st);
	struct fk_spill *spill = c.spill;
	struct fk_stack_table *res = trim_end(&c, 1, rc);
	if (res && spill && fk_spill_finish(spill) < 0) {
		fk_stack_table_free(res);
		res = NULL;
	}
	if (res && spill && tree) {
		struct fk_spill *walked = spill;   /* fk_trim_stream() frees it */
		if (fk_trim_stream(o, walked, ncols, half, &spill) < 0) {
			fk_stack_table_free(res);
			res = NULL;
		}
	}
	if (res) {
		fk_folded_header_write(st->header, out);
		rc = spill ? fk_spill_write(spill, out, NULL) : fk_stack_table_write(res, out, 1);
	} else {
		rc = -1;
	}
	fk_spill_free(spill);
	fk_stack_table_free(res);
	fk_folded_header_free(st->header);
	st->header = NULL;
	return rc;
}
