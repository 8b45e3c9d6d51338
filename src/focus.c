#include "focus.h"
#include "error.h"
#include "folded.h"
#include "num.h"

#include <stdlib.h>
#include <string.h>

#define MASK_KNOWN (UINT64_C(1) << 63)

struct frame {
	const char *s;
	size_t len;
	unsigned mask;
};

struct focus_ctx {
	const struct fk_focus_opts *o;
	struct fk_filter_memo *memo;
	struct fk_focus_stats *st;
	struct frame *fr;
	size_t fr_cap;
	char *buf;
	size_t buf_cap;
};

static const char *const step_names[FK_FOCUS_NSTEPS] = {
	"focus", "ignore", "hide", "show", "show-from", "prune-from",
};

const char *
fk_focus_step_name(enum fk_focus_step step)
{
	return step_names[step];
}

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
	unsigned m = 0;
	for (int i = 0; i < FK_FOCUS_NSTEPS; i++) {
		if (!step_used(c->o, i))
			continue;
		int r = fk_filter_match(c->o->sets[i], s, len);
		if (r < 0)
			return -1;
		if (r) {
			m |= 1u << i;
			c->st->step[i].frames++;
		}
	}
	e->value = MASK_KNOWN | m;
	*mask = m;
	return 0;
}

static void
weight_add(int64_t w[2], const int64_t *counts, int ncols)
{
	for (int i = 0; i < ncols; i++) {
		if (__builtin_add_overflow(w[i], counts[i], &w[i]))
			w[i] = INT64_MAX;
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

/*
 * Run the steps on one stack.  @return the number of frames left in c->fr
 * (0: the stack is dropped, *step set to the step that dropped it), or -1.
 */
static long
focus_stack(struct focus_ctx *c, const struct fk_stack_entry *e, int *step)
{
	const struct fk_focus_opts *o = c->o;
	size_t n = 0, pos = 0, flen;
	const char *f;
	unsigned any = 0;

	while (fk_folded_next_frame(e->key, e->len, &pos, &f, &flen)) {
		if (n == c->fr_cap) {
			c->fr_cap = c->fr_cap ? c->fr_cap * 2 : 64;
			c->fr = fk_xrealloc(c->fr, c->fr_cap * sizeof(*c->fr));
		}
		c->fr[n].s = f;
		c->fr[n].len = flen;
		if (frame_mask(c, f, flen, &c->fr[n].mask) < 0)
			return -1;
		any |= c->fr[n].mask;
		n++;
	}
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

int
fk_focus_table(const struct fk_focus_opts *o, struct fk_stack_table *in,
    struct fk_stack_table **out, struct fk_focus_stats *st)
{
	struct fk_focus_stats local;
	struct focus_ctx c = { .o = o };
	size_t n;
	int ncols = fk_stack_table_ncols(in), scale = fk_stack_table_scale(in);
	int rc = 0;

	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	st->ncols = fk_stack_table_size(in) ? ncols : 0;
	st->scale = scale;
	c.st = st;
	c.memo = fk_filter_memo_new();
	*out = fk_stack_table_new(ncols);
	struct fk_stack_entry *const *list = fk_stack_table_entries(in, &n);
	st->stacks = n;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct fk_stack_entry *e = list[i];
		int step = 0;
		weight_add(st->total, e->counts, ncols);
		long k = focus_stack(&c, e, &step);
		if (k < 0) {
			rc = -1;
			break;
		}
		if (k == 0) {
			st->step[step].removed++;
			weight_add(st->step[step].weight, e->counts, ncols);
			continue;
		}
		size_t need = e->len + 1, len = 0;
		if (need > c.buf_cap) {
			c.buf_cap = need * 2;
			c.buf = fk_xrealloc(c.buf, c.buf_cap);
		}
		for (long j = 0; j < k; j++) {
			if (j)
				c.buf[len++] = ';';
			memcpy(c.buf + len, c.fr[j].s, c.fr[j].len);
			len += c.fr[j].len;
		}
		struct fk_num counts[2] = {
			{ e->counts[0], scale }, { e->counts[1], scale },
		};
		rc = fk_stack_table_add(*out, c.buf, len, counts);
	}
	free(c.fr);
	free(c.buf);
	fk_filter_memo_free(c.memo);
	if (rc < 0) {
		fk_stack_table_free(*out);
		*out = NULL;
	}
	return rc;
}

int
fk_focus_run(const struct fk_focus_opts *o, const struct fk_input *in,
    size_t nin, FILE *out, struct fk_focus_stats *st)
{
	struct fk_stack_table *t, *res;
	if (fk_filter_read(in, nin, &t, NULL) < 0)
		return -1;
	int rc = fk_focus_table(o, t, &res, st);
	fk_stack_table_free(t);
	if (rc == 0)
		rc = fk_stack_table_write(res, out, 1);
	fk_stack_table_free(res);
	return rc;
}

static void
weight_text(const int64_t w[2], int ncols, int scale, char *buf, size_t size)
{
	char a[FK_NUM_BUFSZ], b[FK_NUM_BUFSZ];
	fk_num_format(w[0], scale, a);
	if (ncols == 2) {
		fk_num_format(w[1], scale, b);
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

	weight_text(st->total, ncols, st->scale, t, sizeof(t));
	fprintf(fp, "%sinput: %llu stacks, weight %s\n", prefix,
	    (unsigned long long)st->stacks, t);
	for (int i = 0; i < FK_FOCUS_NSTEPS; i++) {
		const struct fk_focus_step_stats *s = &st->step[i];
		if (!step_used(o, i))
			continue;
		weight_text(s->weight, ncols, st->scale, w, sizeof(w));
		fprintf(fp, "%s%s: matched %llu frame names; removed %llu stacks, "
		    "weight %s of %s; shortened %llu stacks\n", prefix, step_names[i],
		    (unsigned long long)s->frames, (unsigned long long)s->removed, w, t,
		    (unsigned long long)s->changed);
	}
}
