#include "core/stack_table.h"
#include "core/arena.h"
#include "core/bigmem.h"
#include "core/bytes.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct fk_stack_table {
	int ncols;
	int scale;
	struct fk_arena arena;
	struct fk_stack_entry **slots;
	size_t mask;                     /* slots has mask + 1 entries */
	struct fk_stack_entry **list;    /* insertion order */
	size_t n, list_cap;
	int list_sorted;                 /* 0, or the order the list is in: 1 bytes, 2 frames */
};

struct fk_stack_table *
fk_stack_table_new(int ncols)
{
	return fk_stack_table_new_block(ncols, 0);
}

struct fk_stack_table *
fk_stack_table_new_block(int ncols, size_t block)
{
	struct fk_stack_table *t = fk_xcalloc(1, sizeof(*t));
	t->ncols = ncols == 2 ? 2 : 1;
	fk_arena_init(&t->arena, block ? block : 1u << 20);
	t->mask = 1023;
	t->slots = fk_bigmem_alloc((t->mask + 1) * sizeof(*t->slots));
	return t;
}

void
fk_stack_table_free(struct fk_stack_table *t)
{
	if (!t)
		return;
	fk_arena_release(&t->arena);
	fk_bigmem_free(t->slots, (t->mask + 1) * sizeof(*t->slots));
	free(t->list);
	free(t);
}

int
fk_stack_table_ncols(const struct fk_stack_table *t)
{
	return t->ncols;
}

int
fk_stack_table_scale(const struct fk_stack_table *t)
{
	return t->scale;
}

size_t
fk_stack_table_size(const struct fk_stack_table *t)
{
	return t->n;
}

size_t
fk_stack_table_bytes(const struct fk_stack_table *t, int next)
{
	size_t slots = (t->mask + 1) * sizeof(*t->slots);
	size_t list = t->list_cap * sizeof(*t->list);
	size_t b = t->arena.total + slots + list;

	if (next && (t->n + 1) * 2 > t->mask)
		b += 2 * slots;   /* table_grow() holds the old and the doubled index */
	if (next && t->n + 1 > t->list_cap)
		b += t->list_cap ? 2 * list : 1024 * sizeof(*t->list);   /* realloc may copy */
	return b;
}

void
fk_stack_table_clear(struct fk_stack_table *t)
{
	fk_arena_release(&t->arena);
	memset(t->slots, 0, (t->mask + 1) * sizeof(*t->slots));
	t->n = 0;
	t->scale = 0;
	t->list_sorted = 0;
}

static void
table_grow(struct fk_stack_table *t)
{
	size_t nmask = t->mask * 2 + 1;
	struct fk_stack_entry **ns = fk_bigmem_alloc((nmask + 1) * sizeof(*ns));
	for (size_t i = 0; i < t->n; i++) {
		struct fk_stack_entry *e = t->list[i];
		size_t j = e->hash & nmask;
		while (ns[j])
			j = (j + 1) & nmask;
		ns[j] = e;
	}
	fk_bigmem_free(t->slots, (t->mask + 1) * sizeof(*ns));
	t->slots = ns;
	t->mask = nmask;
}

static struct fk_stack_entry *
table_lookup(struct fk_stack_table *t, const char *key, size_t len, uint64_t h,
    int insert)
{
	size_t j = h & t->mask;
	struct fk_stack_entry *e;
	while ((e = t->slots[j])) {
		if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
			return e;
		j = (j + 1) & t->mask;
	}
	if (!insert)
		return NULL;
	e = fk_arena_alloc(&t->arena, sizeof(*e) + len + 1);
	e->hash = h;
	e->counts[0] = e->counts[1] = 0;
	e->len = (uint32_t)len;
	memcpy(e->key, key, len);
	e->key[len] = '\0';
	t->slots[j] = e;
	FK_GROW(t->list, t->list_cap, t->n + 1, 1024);
	t->list[t->n++] = e;
	t->list_sorted = 0;
	if (t->n * 2 > t->mask)
		table_grow(t);
	return e;
}

/* Raise every stored count to a new scale. */
static int
table_rescale(struct fk_stack_table *t, int scale)
{
	if (scale > FK_NUM_MAX_SCALE)
		return fk_error("count has more than %d decimal places", FK_NUM_MAX_SCALE);
	int64_t f = fk_pow10(scale - t->scale);
	for (size_t i = 0; i < t->n; i++) {
		for (int c = 0; c < t->ncols; c++) {
			if (t->list[i]->counts[c] > INT64_MAX / f)
				return fk_error("count overflows when rescaled to %d decimal places", scale);
		}
	}
	for (size_t i = 0; i < t->n; i++)
		for (int c = 0; c < t->ncols; c++)
			t->list[i]->counts[c] *= f;
	t->scale = scale;
	return 0;
}

int
fk_stack_table_add(struct fk_stack_table *t, const char *key, size_t len,
    const struct fk_num *counts)
{
	int64_t v[2] = {0, 0};

	if (len > UINT32_MAX)
		return fk_error("stack of %zu bytes is too long", len);
	for (int c = 0; c < t->ncols; c++) {
		if (counts[c].scale > t->scale && table_rescale(t, counts[c].scale) < 0)
			return -1;
	}
	for (int c = 0; c < t->ncols; c++) {
		struct fk_num x = counts[c];
		if (fk_num_rescale(&x, t->scale) < 0)
			return fk_error("count overflows");
		v[c] = x.v;
	}
	struct fk_stack_entry *e = table_lookup(t, key, len, fk_hash_bytes(key, len, 0), 1);
	for (int c = 0; c < t->ncols; c++) {
		if (v[c] > INT64_MAX - e->counts[c])
			return fk_error("count overflows 64 bits");
		e->counts[c] += v[c];
	}
	return 0;
}

int
fk_stack_table_add_hashed(struct fk_stack_table *t, const char *key, size_t len,
    uint64_t hash, int64_t count)
{
	if (len > UINT32_MAX)
		return fk_error("stack of %zu bytes is too long", len);
	if (t->scale) {
		if (count > INT64_MAX / fk_pow10(t->scale))
			return fk_error("count overflows");
		count *= fk_pow10(t->scale);
	}
	struct fk_stack_entry *e = table_lookup(t, key, len, hash, 1);
	if (count > INT64_MAX - e->counts[0])
		return fk_error("count overflows 64 bits");
	e->counts[0] += count;
	return 0;
}

int
fk_stack_table_add_int(struct fk_stack_table *t, const char *key, size_t len,
    int64_t count)
{
	return fk_stack_table_add_hashed(t, key, len, fk_hash_bytes(key, len, 0), count);
}

const struct fk_stack_entry *
fk_stack_table_find(const struct fk_stack_table *t, const char *key, size_t len)
{
	return table_lookup((struct fk_stack_table *)t, key, len,
	    fk_hash_bytes(key, len, 0), 0);
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct fk_stack_entry *x = *(struct fk_stack_entry *const *)a;
	const struct fk_stack_entry *y = *(struct fk_stack_entry *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, n);
	if (c)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/* The entries sorted by cmp; order names it in list_sorted, so a second call sorts nothing. */
static struct fk_stack_entry *const *
sorted_by(struct fk_stack_table *t, size_t *n, int (*cmp)(const void *, const void *),
    int order)
{
	if (t->list_sorted != order && t->n > 1) {
		qsort(t->list, t->n, sizeof(*t->list), cmp);
		t->list_sorted = order;
	}
	*n = t->n;
	return t->list;
}

struct fk_stack_entry *const *
fk_stack_table_sorted(struct fk_stack_table *t, size_t *n)
{
	return sorted_by(t, n, entry_cmp, 1);
}

int
fk_stack_key_cmp_frames(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn, i = 0;

	/* The first differing byte, a word at a time: keys share long prefixes. */
	for (; i + 8 <= n; i += 8) {
		uint64_t x = fk_load_u64(a + i) ^ fk_load_u64(b + i);
		if (x) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			i += (size_t)__builtin_ctzll(x) / 8;
#else
			i += (size_t)__builtin_clzll(x) / 8;
#endif
			goto differ;
		}
	}
	for (; i < n; i++)
		if (a[i] != b[i])
			goto differ;
	return (an > bn) - (an < bn);
differ:
	if (a[i] == ';')
		return -1;
	if (b[i] == ';')
		return 1;
	return (unsigned char)a[i] < (unsigned char)b[i] ? -1 : 1;
}

static int
entry_cmp_frames(const void *a, const void *b)
{
	const struct fk_stack_entry *x = *(struct fk_stack_entry *const *)a;
	const struct fk_stack_entry *y = *(struct fk_stack_entry *const *)b;
	return fk_stack_key_cmp_frames(x->key, x->len, y->key, y->len);
}

struct fk_stack_entry *const *
fk_stack_table_sorted_frames(struct fk_stack_table *t, size_t *n)
{
	return sorted_by(t, n, entry_cmp_frames, 2);
}

struct fk_stack_entry *const *
fk_stack_table_entries(struct fk_stack_table *t, size_t *n)
{
	*n = t->n;
	return t->list;
}

int
fk_stack_table_total(const struct fk_stack_table *t, int col, int64_t *sum)
{
	int64_t s = 0;
	for (size_t i = 0; i < t->n; i++) {
		int64_t v = t->list[i]->counts[col];
		if (v > INT64_MAX - s)
			return fk_error("total count overflows 64 bits");
		s += v;
	}
	*sum = s;
	return 0;
}

int
fk_stack_table_write(struct fk_stack_table *t, FILE *out, int sorted)
{
	size_t n;
	struct fk_stack_entry *const *list = sorted ? fk_stack_table_sorted(t, &n)
	    : fk_stack_table_entries(t, &n);
	char buf[FK_NUM_BUFSZ + 1];

	for (size_t i = 0; i < n; i++) {
		const struct fk_stack_entry *e = list[i];
		fwrite(e->key, 1, e->len, out);
		for (int c = 0; c < t->ncols; c++) {
			size_t k = fk_num_format(e->counts[c], t->scale, buf + 1);
			buf[0] = ' ';
			fwrite(buf, 1, k + 1, out);
		}
		if (putc('\n', out) == EOF)
			break;
	}
	if (ferror(out))
		return fk_error_errno(errno, "cannot write", "output");
	return 0;
}
