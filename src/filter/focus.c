#include "filter/focus.h"
#include "core/error.h"
#include "core/folded.h"
#include "core/folded_header.h"
#include "core/num.h"
#include "core/spill.h"

#include <stdlib.h>
#include <string.h>

#define MASK_KNOWN (UINT64_C(1) << 63)
#define MASK_FAILED (UINT64_C(1) << 62)   /* a pattern could not be matched against it */

struct frame {
	const char *s;
	size_t len;
	unsigned mask;
};

struct focus_ctx {
	const struct fk_focus_opts *o;
	struct fk_stack_table *out;
	struct fk_spill *spill;   /* instead of out when memory is bounded */
	size_t memory;
	struct fk_filter_memo *memo;
	struct fk_focus_stats *st;
	struct frame *fr;
	size_t fr_cap;
	char *buf;
	size_t buf_cap;
	/*
	 * The previous stack and its frames (end offset, mask): neighbouring
	 * lines share long prefixes, whose frames need no lookup at all.
	 */
	char *prev;
	size_t prev_len, prev_cap, pn;
	size_t *pend;
	unsigned *pmask;
};

static const char *const step_names[FK_FOCUS_NSTEPS] = {
	"focus", "ignore", "hide", "show", "show-from", "prune-from",
};

static int
step_used(const struct fk_focus_opts *o, int step)
{
	return fk_filter_size(o->sets[step]) > 0;
}

/* The set of steps whose patterns match the frame, computed once per name. */
static int
frame_mask(struct focus_ctx *c, const char *s, size_t len, unsigned *mask)
{
	int added;
	struct fk_filter_memo_entry *e = fk_filter_memo_get(c->memo, s, len, &added);
	if (e->value & MASK_KNOWN) {
		*mask = (unsigned)(e->value & ~MASK_KNOWN);
		return 0;
	}
	if (e->value == MASK_FAILED)
		return fk_error("cannot match frame '%.*s' (it failed before)",
		    len > 200 ? 200 : (int)len, s);
	unsigned m = 0;
	for (int i = 0; i < FK_FOCUS_NSTEPS; i++) {
		if (!step_used(c->o, i))
			continue;
		int r = fk_filter_match(c->o->sets[i], s, len);
		if (r < 0) {
			e->value = MASK_FAILED;   /* the pattern's cost is not paid twice */
			return -1;
		}
		if (r) {
			m |= 1u << i;
			c->st->step[i].frames++;
		}
	}
	e->value = MASK_KNOWN | m;
	*mask = m;
	return 0;
}

/* Statistics only: a sum that overflows stays at its last value. */
static void
weight_add(struct fk_num w[2], const struct fk_num *counts, int ncols)
{
	for (int i = 0; i < ncols; i++) {
		struct fk_num save = w[i];
		if (fk_num_add(&w[i], counts[i]) < 0)
			w[i] = save;
	}
}

/* Keep the frames whose bit is (want ? set : clear); @return the new count. */
static size_t
frames_keep(struct frame *fr, size_t n, unsigned bit, int want)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!!(fr[i].mask & bit) == want)
			fr[k++] = fr[i];
	return k;
}

/* Length of the common prefix of a and b. */
static size_t
common_prefix(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn, i = 0;
	while (i + 8 <= n) {
		uint64_t x, y;
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			break;
		i += 8;
	}
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/*
 * Run the steps on one stack.  @return the number of frames left in c->fr
 * (0: the stack is dropped, *step set to the step that dropped it), or -1.
 */
static long
focus_stack(struct focus_ctx *c, const char *key, size_t klen, int *step)
{
	const struct fk_focus_opts *o = c->o;
	size_t n = 0, pos = 0, flen;
	const char *f;
	unsigned any = 0;

	size_t common = common_prefix(key, klen, c->prev, c->prev_len);
	for (; n < c->pn && c->pend[n] < common; n++) {
		size_t start = n ? c->pend[n - 1] + 1 : 0;
		c->fr[n].s = key + start;
		c->fr[n].len = c->pend[n] - start;
		c->fr[n].mask = c->pmask[n];
		any |= c->pmask[n];
	}
	pos = n ? c->pend[n - 1] + 1 : 0;
	while (fk_folded_next_frame(key, klen, &pos, &f, &flen)) {
		if (n == c->fr_cap) {
			c->fr_cap = c->fr_cap ? c->fr_cap * 2 : 64;
			c->fr = fk_xrealloc(c->fr, c->fr_cap * sizeof(*c->fr));
			c->pend = fk_xrealloc(c->pend, c->fr_cap * sizeof(*c->pend));
			c->pmask = fk_xrealloc(c->pmask, c->fr_cap * sizeof(*c->pmask));
		}
		c->fr[n].s = f;
		c->fr[n].len = flen;
		if (frame_mask(c, f, flen, &c->fr[n].mask) < 0) {
			/* The frames kept for the next stack are half rewritten: forget them. */
			c->pn = 0;
			c->prev_len = 0;
			return -1;
		}
		c->pend[n] = (size_t)(f - key) + flen;
		c->pmask[n] = c->fr[n].mask;
		any |= c->fr[n].mask;
		n++;
	}
	if (klen + 1 > c->prev_cap) {
		c->prev_cap = (klen + 1) * 2;
		c->prev = fk_xrealloc(c->prev, c->prev_cap);
	}
	memcpy(c->prev, key, klen);
	c->prev_len = klen;
	c->pn = n;
	/* Focus and ignore look at the original frames; ignore wins. */
	if (step_used(o, FK_FOCUS_FOCUS) && !(any & (1u << FK_FOCUS_FOCUS))) {
		*step = FK_FOCUS_FOCUS;
		return 0;
	}
	if (any & (1u << FK_FOCUS_IGNORE)) {
		*step = FK_FOCUS_IGNORE;
		return 0;
	}
	for (int s = FK_FOCUS_HIDE; s <= FK_FOCUS_SHOW; s++) {
		if (!step_used(o, s))
			continue;
		size_t k = frames_keep(c->fr, n, 1u << s, s == FK_FOCUS_SHOW);
		if (k == 0) {
			*step = s;
			return 0;
		}
		if (k < n)
			c->st->step[s].changed++;
		n = k;
	}
	if (step_used(o, FK_FOCUS_SHOW_FROM)) {
		size_t i = 0;
		while (i < n && !(c->fr[i].mask & (1u << FK_FOCUS_SHOW_FROM)))
			i++;
		if (i == n) {
			*step = FK_FOCUS_SHOW_FROM;
			return 0;
		}
		size_t skip = o->keep_root && i > 0 ? 1 : 0;
		if (i > skip) {
			memmove(c->fr + skip, c->fr + i, (n - i) * sizeof(*c->fr));
			n -= i - skip;
			c->st->step[FK_FOCUS_SHOW_FROM].changed++;
		}
	}
	if (step_used(o, FK_FOCUS_PRUNE_FROM)) {
		size_t i = n;
		while (i > 0 && !(c->fr[i - 1].mask & (1u << FK_FOCUS_PRUNE_FROM)))
			i--;
		if (i > 0 && i < n) {
			n = i;
			c->st->step[FK_FOCUS_PRUNE_FROM].changed++;
		}
	}
	return (long)n;
}

/* Run the steps on one stack and add what is left to the output table. */
static int
focus_add(void *ctx, char *key, size_t len, const struct fk_num *counts, int ncols)
{
	struct focus_ctx *c = ctx;
	struct fk_focus_stats *st = c->st;
	int step = 0;

	if (!c->out && !c->spill) {
		if (c->memory)
			c->spill = fk_spill_new(ncols, c->memory);
		else
			c->out = fk_stack_table_new(ncols);
	}
	st->ncols = ncols;
	long k = focus_stack(c, key, len, &step);
	if (k < 0) {
		/* A pattern could not be matched (PCRE2's limits): nothing can be said of this stack. */
		st->refused++;
		return FK_FOLDED_REFUSED;
	}
	st->stacks++;
	weight_add(st->total, counts, ncols);
	if (k == 0) {
		st->step[step].removed++;
		weight_add(st->step[step].weight, counts, ncols);
		return 0;
	}
	size_t n = 0;
	if (len + 1 > c->buf_cap) {
		c->buf_cap = (len + 1) * 2;
		c->buf = fk_xrealloc(c->buf, c->buf_cap);
	}
	for (long j = 0; j < k; j++) {
		if (j)
			c->buf[n++] = ';';
		memcpy(c->buf + n, c->fr[j].s, c->fr[j].len);
		n += c->fr[j].len;
	}
	if (c->spill)
		return fk_spill_add(c->spill, c->buf, n, counts);
	return fk_stack_table_add(c->out, c->buf, n, counts);
}

static void
focus_begin(struct focus_ctx *c, const struct fk_focus_opts *o,
    struct fk_focus_stats *st)
{
	memset(c, 0, sizeof(*c));
	memset(st, 0, sizeof(*st));
	c->o = o;
	c->st = st;
	c->memo = fk_filter_memo_new();
}

/* Release the context; @return its output table (or NULL when rc < 0). */
static struct fk_stack_table *
focus_end(struct focus_ctx *c, int ncols, int rc)
{
	free(c->fr);
	free(c->buf);
	free(c->prev);
	free(c->pend);
	free(c->pmask);
	fk_filter_memo_free(c->memo);
	if (rc < 0) {
		fk_stack_table_free(c->out);
		return NULL;
	}
	return c->out ? c->out : fk_stack_table_new(ncols);
}

int
fk_focus_table(const struct fk_focus_opts *o, struct fk_stack_table *in,
    struct fk_stack_table **out, struct fk_focus_stats *st)
{
	struct fk_focus_stats local;
	struct focus_ctx c;
	int ncols = fk_stack_table_ncols(in), scale = fk_stack_table_scale(in);
	int rc = 0;
	size_t n;

	focus_begin(&c, o, st ? st : &local);
	struct fk_stack_entry *const *list = fk_stack_table_entries(in, &n);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct fk_num counts[2] = {
			{ list[i]->counts[0], scale }, { list[i]->counts[1], scale },
		};
		rc = focus_add(&c, list[i]->key, list[i]->len, counts, ncols);
		if (rc == FK_FOLDED_REFUSED) {
			fk_warn(NULL, 0, "%s; the stack is left out", fk_error_msg());
			fk_error_clear();
			rc = 0;
		}
	}
	*out = focus_end(&c, ncols, rc);
	return rc;
}

int
fk_focus_run(const struct fk_focus_opts *o, const struct fk_input *in,
    size_t nin, FILE *out, struct fk_focus_stats *st)
{
	/* Every operand failed to open: there is nothing to write, not an empty result. */
	if (nin == 0)
		return fk_error("no input could be read");
	struct fk_focus_stats local;
	struct fk_folded_stats fst = { 0 };
	struct focus_ctx c;
	int ncols = 0;

	focus_begin(&c, o, st ? st : &local);
	c.memory = o->memory;
	fst.header = fk_folded_header_new();
	int rc = fk_folded_read(in, nin, &ncols, focus_add, &c, &fst);
	struct fk_spill *spill = c.spill;
	struct fk_stack_table *res = focus_end(&c, 1, rc);
	if (rc == 0 && spill)
		rc = fk_spill_finish(spill);   /* a full disk shows before any output */
	if (rc == 0) {
		fk_folded_header_write(fst.header, out);
		rc = spill ? fk_spill_write(spill, out, NULL) : fk_stack_table_write(res, out, 1);
	}
	fk_spill_free(spill);
	fk_stack_table_free(res);
	fk_folded_header_free(fst.header);
	return rc;
}

static void
weight_text(const struct fk_num w[2], int ncols, char *buf, size_t size)
{
	char a[FK_NUM_BUFSZ], b[FK_NUM_BUFSZ];
	fk_num_format(w[0].v, w[0].scale, a);
	if (ncols == 2) {
		fk_num_format(w[1].v, w[1].scale, b);
		snprintf(buf, size, "%s/%s", a, b);
	} else {
		snprintf(buf, size, "%s", a);
	}
}

void
fk_focus_stats_write(const struct fk_focus_opts *o,
    const struct fk_focus_stats *st, FILE *fp, const char *prefix)
{
	char w[2 * FK_NUM_BUFSZ + 2], t[2 * FK_NUM_BUFSZ + 2];
	int ncols = st->ncols ? st->ncols : 1;

	weight_text(st->total, ncols, t, sizeof(t));
	fprintf(fp, "%sinput: %llu stacks, weight %s\n", prefix,
	    (unsigned long long)st->stacks, t);
	if (st->refused)
		fprintf(fp, "%sleft out: %llu stacks a pattern could not be matched against\n", prefix,
		    (unsigned long long)st->refused);
	for (int i = 0; i < FK_FOCUS_NSTEPS; i++) {
		const struct fk_focus_step_stats *s = &st->step[i];
		if (!step_used(o, i))
			continue;
		weight_text(s->weight, ncols, w, sizeof(w));
		fprintf(fp, "%s%s: matched %llu frame names; removed %llu stacks, "
		    "weight %s of %s; shortened %llu stacks\n", prefix, step_names[i],
		    (unsigned long long)s->frames, (unsigned long long)s->removed, w, t,
		    (unsigned long long)s->changed);
	}
}
