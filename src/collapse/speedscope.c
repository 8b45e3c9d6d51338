/*
 * speedscope.c -- profiles folded by frame index while the file streams
 * by; indexes become names at the end ("shared" may come after
 * "profiles").
 */
#include "collapse/speedscope.h"
#include "collapse/framebuf.h"
#include "collapse/json_events.h"
#include "collapse/pairq.h"
#include "core/arena.h"
#include "core/error.h"
#include "core/num.h"
#include "core/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PAIR_NONE, PAIR_STACKS, PAIR_WEIGHTS };

struct profile {
	char *name;              /* in the arena; NULL when it has none */
	char *unit;              /* in the arena; NULL when it has none ("none") */
	struct fk_stack_table *stacks;   /* keys: frame indexes as uint32_t, root first */
};

struct frame {
	const char *name;        /* in the arena */
	size_t len;
};

struct ctx {
	const struct fk_speedscope_opts *opt;
	struct fk_speedscope_stats *st;
	struct fk_arena arena;
	struct frame *frames;
	size_t nframes, fcap;
	struct profile *profiles;
	size_t nprofiles, pcap;
	/* The frame object being read. */
	char *fname, *ffile;
	size_t fnamelen, ffilelen, fnamecap, ffilecap;
	int has_fname, has_ffile;
	struct fk_num fline, fcol;
	int has_line, has_col;
	/* The profile being read. */
	struct fk_stack_table *cur;
	char *pname, *punit;
	int kind;
	struct fk_pairq q;
	uint32_t *stack;         /* a sample's frames, or the open frames of events */
	size_t depth, scap;
	/* The event object being read. */
	int ev_type;             /* 'O', 'C' or 0 */
	int64_t ev_frame;
	int has_frame, has_at;
	struct fk_num ev_at, last_at;
	int has_last;
};

static void
set_text(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	FK_GROW(*buf, *cap, n + 1, 64);
	memcpy(*buf, s, n);
	(*buf)[n] = '\0';
	*len = n;
}

/* A frame index, or -1 counted as a bad value. */
static int64_t
frame_index(struct ctx *c, enum fk_jsonev_type type, const char *s)
{
	long long v;
	const char *why;
	if (type != FK_JSONEV_NUMBER || fk_strtonum(s, 0, UINT32_MAX, &v, &why) < 0) {
		c->st->bad_values++;
		return -1;
	}
	return v;
}

static int
add_stack(struct ctx *c, const uint32_t *fr, size_t n, struct fk_num w)
{
	/* An empty sample has no frame buffer yet: its key is "". */
	return fk_stack_table_add(c->cur, n ? (const char *)fr : "", n * sizeof(*fr), &w);
}

/* A sample's stack (c->stack) and its weight w are both known. */
static int
sample_weighed(struct ctx *c, const struct fk_stack_entry *e, struct fk_num w)
{
	if (w.v < 0) {
		c->st->negative++;
		w.v = 0;
	}
	return fk_stack_table_add(c->cur, e->key, e->len, &w);
}

static int
pair_weight(struct ctx *c, struct fk_num w)
{
	int64_t e;
	if (c->kind == PAIR_NONE)
		c->kind = PAIR_WEIGHTS;
	if (c->kind == PAIR_WEIGHTS) {
		if (c->q.draining) {
			c->st->unpaired++;
			return 0;
		}
		return fk_pairq_push(&c->q, w.v) < 0 || fk_pairq_push(&c->q, w.scale) < 0 ? -1 : 0;
	}
	int r = fk_pairq_pop(&c->q, &e);
	if (r <= 0) {
		c->st->unpaired += r == 0;
		return r;
	}
	return sample_weighed(c, (const struct fk_stack_entry *)(intptr_t)e, w);
}

static int
sample_end(struct ctx *c)
{
	struct fk_num zero = { 0, 0 }, one = { 1, 0 };
	c->st->samples++;
	if (c->opt->weight == FK_WEIGHT_SAMPLES)
		return add_stack(c, c->stack, c->depth, one);
	if (add_stack(c, c->stack, c->depth, zero) < 0)
		return -1;
	const struct fk_stack_entry *e = fk_stack_table_find(c->cur,
	    c->depth ? (const char *)c->stack : "", c->depth * sizeof(*c->stack));
	if (c->kind == PAIR_NONE)
		c->kind = PAIR_STACKS;
	if (c->kind == PAIR_STACKS) {
		if (c->q.draining) {
			c->st->unpaired++;
			return 0;
		}
		return fk_pairq_push(&c->q, (int64_t)(intptr_t)e);
	}
	int64_t v, sc;
	int r = fk_pairq_pop(&c->q, &v);
	if (r > 0)
		r = fk_pairq_pop(&c->q, &sc);
	if (r <= 0) {
		c->st->unpaired += r == 0;
		return r;
	}
	struct fk_num w = { v, (int)sc };
	return sample_weighed(c, e, w);
}

static int
event_end(struct ctx *c)
{
	c->st->samples++;
	if (!c->ev_type || !c->has_frame || !c->has_at) {
		c->st->bad_values++;
		return 0;
	}
	if (c->has_last && c->depth > 0) {
		struct fk_num dt;
		int s = c->ev_at.scale > c->last_at.scale ? c->ev_at.scale : c->last_at.scale;
		struct fk_num a = c->ev_at, b = c->last_at;
		if (fk_num_rescale(&a, s) < 0 || fk_num_rescale(&b, s) < 0)
			return fk_error("event time overflows 64 bits");
		dt.v = a.v - b.v;
		dt.scale = s;
		if (dt.v < 0) {
			c->st->negative++;
			dt.v = 0;
		}
		if (add_stack(c, c->stack, c->depth, dt) < 0)
			return -1;
	}
	c->last_at = c->ev_at;
	c->has_last = 1;
	if (c->ev_type == 'O') {
		FK_GROW(c->stack, c->scap, c->depth + 1, 64);
		c->stack[c->depth++] = (uint32_t)c->ev_frame;
	} else {
		size_t i = c->depth;
		while (i > 0 && c->stack[i - 1] != (uint32_t)c->ev_frame)
			i--;
		if (i == 0 || i != c->depth)
			c->st->unbalanced++;
		if (i > 0)
			c->depth = i - 1;
	}
	return 0;
}

static int
on_open(void *p, struct fk_jsonev *j, int is_array)
{
	struct ctx *c = p;
	if (!is_array && fk_jsonev_at(j, 0, "shared/frames/*")) {
		c->has_fname = c->has_ffile = c->has_line = c->has_col = 0;
	} else if ((!is_array && fk_jsonev_at(j, 0, "shared/frames")) ||
	    (is_array && fk_jsonev_at(j, 0, "shared/frames/*"))) {
		c->st->bad_frames++;
	} else if (!is_array && fk_jsonev_at(j, 0, "profiles/*")) {
		c->cur = fk_stack_table_new(1);
		c->pname = c->punit = NULL;
		c->kind = PAIR_NONE;
		fk_pairq_reset(&c->q);
		c->depth = 0;
		c->has_last = 0;
	} else if (is_array && c->cur && fk_jsonev_at(j, 0, "profiles/*/samples/*")) {
		c->depth = 0;
	} else if (!is_array && c->cur && fk_jsonev_at(j, 0, "profiles/*/events/*")) {
		c->ev_type = 0;
		c->has_frame = c->has_at = 0;
	}
	return 0;
}

static int
on_scalar(void *p, struct fk_jsonev *j, enum fk_jsonev_type type, const char *s, size_t n)
{
	struct ctx *c = p;
	int str = type == FK_JSONEV_STRING, num = type == FK_JSONEV_NUMBER;
	if (fk_jsonev_depth(j) == 4 && fk_jsonev_under(j, 0, "shared/frames/*")) {
		if (str && fk_jsonev_at(j, 0, "shared/frames/*/name")) {
			set_text(&c->fname, &c->fnamelen, &c->fnamecap, s, n);
			c->has_fname = 1;
		} else if (str && fk_jsonev_at(j, 0, "shared/frames/*/file")) {
			set_text(&c->ffile, &c->ffilelen, &c->ffilecap, s, n);
			c->has_ffile = 1;
		} else if (num && fk_jsonev_at(j, 0, "shared/frames/*/line")) {
			c->has_line = fk_num_parse(s, n, &c->fline) == 0;
		} else if (num && fk_jsonev_at(j, 0, "shared/frames/*/col")) {
			c->has_col = fk_num_parse(s, n, &c->fcol) == 0;
		} else if (fk_jsonev_at(j, 0, "shared/frames/*/name") ||
		    fk_jsonev_at(j, 0, "shared/frames/*/file")) {
			c->st->bad_frames++;   /* not a string: the frame is "(anonymous)" */
		}
		return 0;
	}
	if (fk_jsonev_at(j, 0, "shared/frames") || fk_jsonev_at(j, 0, "shared/frames/*")) {
		c->st->bad_frames++;   /* a scalar where a list of frames, or a frame, goes */
		return 0;
	}
	if (!c->cur)
		return 0;
	if (fk_jsonev_at(j, 0, "profiles/*/samples/*/*")) {
		int64_t f = frame_index(c, type, s);
		if (f >= 0) {
			FK_GROW(c->stack, c->scap, c->depth + 1, 64);
			c->stack[c->depth++] = (uint32_t)f;
		}
	} else if (fk_jsonev_at(j, 0, "profiles/*/weights/*")) {
		struct fk_num w = { 0, 0 };
		int neg = num && n > 1 && s[0] == '-';
		if (!num || fk_num_parse(s + neg, n - (size_t)neg, &w) < 0)
			c->st->bad_values++;   /* still weighs its sample, as 0 */
		w.v = neg ? -w.v : w.v;
		if (c->opt->weight != FK_WEIGHT_SAMPLES)
			return pair_weight(c, w);
	} else if (fk_jsonev_at(j, 0, "profiles/*/events/*/type")) {
		c->ev_type = str && n == 1 && (s[0] == 'O' || s[0] == 'C') ? s[0] : 0;
	} else if (fk_jsonev_at(j, 0, "profiles/*/events/*/frame")) {
		c->has_frame = (c->ev_frame = frame_index(c, type, s)) >= 0;
	} else if (fk_jsonev_at(j, 0, "profiles/*/events/*/at")) {
		c->has_at = num && fk_num_parse(s, n, &c->ev_at) == 0;
		if (!c->has_at)
			c->st->bad_values++;
	} else if (str && fk_jsonev_at(j, 0, "profiles/*/name")) {
		c->pname = fk_arena_strndup(&c->arena, s, n);
	} else if (str && fk_jsonev_at(j, 0, "profiles/*/unit")) {
		c->punit = fk_arena_strndup(&c->arena, s, n);
	}
	return 0;
}

static void
frame_end(struct ctx *c, uint64_t index)
{
	char *name;
	size_t len;
	if (index >= UINT32_MAX)
		return;
	FK_GROW(c->frames, c->fcap, (size_t)index + 1, 256);
	while (c->nframes <= index)
		c->frames[c->nframes++] = (struct frame){ NULL, 0 };
	const char *fn = c->has_fname ? c->fname : "(anonymous)";
	size_t fnlen = c->has_fname ? c->fnamelen : 11;
	if (c->has_ffile) {
		char pos[2 * FK_NUM_BUFSZ + 2] = "";
		size_t k = 0;
		if (c->has_line) {
			pos[k++] = ':';
			k += fk_num_format(c->fline.v, c->fline.scale, pos + k);
			if (c->has_col) {
				pos[k++] = ':';
				k += fk_num_format(c->fcol.v, c->fcol.scale, pos + k);
			}
		}
		len = fnlen + 2 + c->ffilelen + k + 1;
		name = fk_arena_alloc(&c->arena, len + 1);
		memcpy(name, fn, fnlen);
		memcpy(name + fnlen, " (", 2);
		memcpy(name + fnlen + 2, c->ffile, c->ffilelen);
		memcpy(name + fnlen + 2 + c->ffilelen, pos, k);
		name[len - 1] = ')';
		name[len] = '\0';
	} else {
		name = fk_arena_strndup(&c->arena, fn, fnlen);
		len = fnlen;
	}
	fk_frame_clean(name, len);
	c->frames[index] = (struct frame){ name, len };
}

static int
profile_end(struct ctx *c)
{
	int64_t v;
	int r;
	if (c->kind != PAIR_NONE) {
		uint64_t left = 0;
		while ((r = fk_pairq_pop(&c->q, &v)) > 0)
			left++;
		if (r < 0)
			return -1;
		c->st->unpaired += c->kind == PAIR_WEIGHTS ? left / 2 : left;   /* a weight is two values */
	}
	if (c->depth && c->has_last)
		c->st->unbalanced += c->depth;   /* frames never closed */
	FK_GROW(c->profiles, c->pcap, c->nprofiles + 1, 4);
	c->profiles[c->nprofiles++] = (struct profile){ c->pname, c->punit, c->cur };
	c->cur = NULL;
	return 0;
}

static int
on_close(void *p, struct fk_jsonev *j, int is_array)
{
	struct ctx *c = p;
	if (!is_array && fk_jsonev_at(j, 0, "shared/frames/*")) {
		frame_end(c, fk_jsonev_index(j, 2));
		return 0;
	}
	if (!c->cur)
		return 0;
	if (is_array && fk_jsonev_at(j, 0, "profiles/*/samples/*"))
		return sample_end(c);
	if (!is_array && fk_jsonev_at(j, 0, "profiles/*/events/*"))
		return event_end(c);
	if (!is_array && fk_jsonev_at(j, 0, "profiles/*"))
		return profile_end(c);
	return 0;
}

/* One profile's stacks into t, names for indexes, under root when not NULL. */
static int
fold_profile(struct ctx *c, struct profile *pr, const char *root, struct fk_stack_table *t)
{
	struct fk_framebuf fb = FK_FRAMEBUF_INIT;
	size_t n;
	int rc = 0, scale = fk_stack_table_scale(pr->stacks);
	struct fk_stack_entry *const *e = fk_stack_table_entries(pr->stacks, &n);
	char buf[48];
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (e[i]->counts[0] == 0)
			continue;
		const uint32_t *fr = (const uint32_t *)(const void *)e[i]->key;
		size_t nf = e[i]->len / sizeof(*fr);
		fk_framebuf_clear(&fb);
		for (size_t k = nf; k-- > 0;) {
			uint32_t f;
			memcpy(&f, fr + k, sizeof(f));
			if (f < c->nframes && c->frames[f].name) {
				fk_framebuf_push(&fb, c->frames[f].name, c->frames[f].len);
			} else {
				c->st->unknown_frames++;
				int len = snprintf(buf, sizeof(buf), "(unknown frame %" PRIu32 ")", f);
				fk_framebuf_push(&fb, buf, (size_t)len);
			}
		}
		if (root)
			fk_framebuf_push(&fb, root, strlen(root));
		if (fb.n == 0)
			fk_framebuf_push(&fb, "(no frame)", 10);
		size_t klen;
		const char *key = fk_framebuf_join(&fb, &klen);
		struct fk_num w = { e[i]->counts[0], scale };
		rc = fk_stack_table_add(t, key, klen, &w);
	}
	fk_framebuf_release(&fb);
	return rc;
}

static void
warn_counts(const char *name, const struct fk_speedscope_stats *st)
{
	if (st->bad_values)
		fk_warn(name, 0, "%" PRIu64 " value%s skipped: a frame index, weight or event "
		    "field of the wrong kind", st->bad_values, st->bad_values == 1 ? "" : "s");
	if (st->unpaired)
		fk_warn(name, 0, "%" PRIu64 " sample%s or weight%s without a partner (samples and "
		    "weights differ in length; such samples count 0)", st->unpaired,
		    st->unpaired == 1 ? "" : "s", st->unpaired == 1 ? "" : "s");
	if (st->negative)
		fk_warn(name, 0, "%" PRIu64 " negative weight%s or time%s going back, counted as 0",
		    st->negative, st->negative == 1 ? "" : "s", st->negative == 1 ? "" : "s");
	if (st->bad_frames)
		fk_warn(name, 0, "%" PRIu64 " frame field%s of the wrong kind (\"frames\" not a "
		    "list, a frame not an object, a name or file not a string)", st->bad_frames,
		    st->bad_frames == 1 ? "" : "s");
	if (st->unknown_frames)
		fk_warn(name, 0, "%" PRIu64 " frame index%s in stacks with no frame defined, named "
		    "'(unknown frame N)'", st->unknown_frames, st->unknown_frames == 1 ? "" : "es");
	if (st->unbalanced)
		fk_warn(name, 0, "%" PRIu64 " event%s closing a frame that is not open, or frames "
		    "never closed", st->unbalanced, st->unbalanced == 1 ? "" : "s");
}

int
fk_speedscope_collapse(const struct fk_speedscope_opts *opt, struct fk_instream *s,
    struct fk_stack_table *t, struct fk_speedscope_stats *st, int *cut)
{
	static const struct fk_jsonev_handler h = { .open = on_open, .scalar = on_scalar,
		.close = on_close };
	struct fk_speedscope_stats local;
	struct ctx c;
	const char *name = fk_instream_name(s);

	memset(&c, 0, sizeof(c));
	memset(&local, 0, sizeof(local));
	c.opt = opt;
	c.st = &local;
	fk_arena_init(&c.arena, 64 << 10);
	int rc = fk_jsonev_parse(s, &h, &c);
	if (rc > 0) {
		fk_warn(name, 0, "%s; the rest of this input is skipped", fk_error_msg());
		fk_error_clear();
		*cut = 1;
		rc = c.cur ? profile_end(&c) : 0;
	}
	size_t chosen = 0;
	const char *unit = NULL;   /* of the profiles folded */
	int mixed = 0;
	for (size_t i = 0; i < c.nprofiles; i++)
		if (!opt->profile || (c.profiles[i].name && strcmp(c.profiles[i].name, opt->profile) == 0))
			chosen++;
	if (rc == 0 && opt->profile && chosen == 0 && !*cut)
		rc = fk_error("no profile named '%s' in '%s'", opt->profile, name);
	if (rc == 0 && c.nprofiles == 0 && !*cut)
		fk_warn(name, 0, "no profile in this speedscope file");
	for (size_t i = 0; i < c.nprofiles && rc == 0; i++) {
		struct profile *pr = &c.profiles[i];
		char nbuf[32];
		const char *root = NULL;
		if (opt->profile && (!pr->name || strcmp(pr->name, opt->profile) != 0))
			continue;
		if (!opt->profile && c.nprofiles > 1) {
			snprintf(nbuf, sizeof(nbuf), "profile %zu", i + 1);
			root = pr->name && *pr->name ? pr->name : nbuf;
		}
		rc = fold_profile(&c, pr, root, t);
		/*
		 * The profiles folded together have a unit when they share one;
		 * else none (each is under a root frame of its own name).
		 */
		const char *u = pr->unit ? pr->unit : "none";
		if (!unit)
			unit = u;
		else if (strcmp(unit, u) != 0)
			mixed = 1;
	}
	snprintf(st->unit, sizeof(st->unit), "%s", mixed || !unit ? "none" : unit);
	warn_counts(name, &local);
	st->samples += local.samples;
	st->bad_values += local.bad_values;
	st->unpaired += local.unpaired;
	st->negative += local.negative;
	st->unbalanced += local.unbalanced;
	st->bad_frames += local.bad_frames;
	st->unknown_frames += local.unknown_frames;
	for (size_t i = 0; i < c.nprofiles; i++)
		fk_stack_table_free(c.profiles[i].stacks);
	fk_stack_table_free(c.cur);
	free(c.profiles);
	free(c.frames);
	free(c.fname);
	free(c.ffile);
	free(c.stack);
	fk_pairq_release(&c.q);
	fk_arena_release(&c.arena);
	return rc;
}
