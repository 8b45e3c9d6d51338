/*
 * chrome_trace.c -- trace events, each profile piece collected on its
 * own and merged into its profile when the event ends (Chrome writes an
 * event's keys sorted, so "args" comes before "name", "id" and "pid").
 */
#include "collapse/chrome_trace.h"
#include "core/error.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define TEXT_MAX 64

struct profile {
	char key[2 * TEXT_MAX + 2];    /* pid, NUL, id */
	size_t key_len;
	struct fk_v8prof *prof;
};

struct ctx {
	struct fk_v8chunk *chunk;
	struct fk_v8prof *piece;       /* the current event's profile data */
	struct fk_v8_stats piece_st;   /* and its counts, kept if it is a profile event */
	struct fk_v8_stats *st;
	struct profile *profiles;
	size_t nprofiles, cap;
	size_t ev;                     /* level of the current event object; 0: none */
	size_t cpu, deltas;            /* levels of args.data.cpuProfile and args.data */
	char name[TEXT_MAX + 1], pid[TEXT_MAX + 1], id[TEXT_MAX + 1];
	int bad;                       /* an error stopped the parse */
};

static int
is_event(struct fk_jsonev *j)
{
	return fk_jsonev_at(j, 0, "*") || fk_jsonev_at(j, 0, "traceEvents/*");
}

static void
copy_text(char *dst, const char *s, size_t n)
{
	if (n > TEXT_MAX)
		n = TEXT_MAX;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static int
on_open(void *p, struct fk_jsonev *j, int is_array)
{
	struct ctx *c = p;
	if (is_array)
		return 0;
	if (!c->ev && is_event(j)) {
		c->ev = fk_jsonev_depth(j);
		c->cpu = c->deltas = SIZE_MAX;
		c->name[0] = c->pid[0] = c->id[0] = '\0';
		fk_v8prof_clear(c->piece);
		fk_v8chunk_begin(c->chunk, c->piece);
	} else if (c->ev && fk_jsonev_at(j, c->ev, "args/data")) {
		c->deltas = c->ev + 2;
	} else if (c->ev && fk_jsonev_at(j, c->ev, "args/data/cpuProfile")) {
		c->cpu = c->ev + 3;
	}
	return 0;
}

static int
on_scalar(void *p, struct fk_jsonev *j, enum fk_jsonev_type type, const char *s, size_t n)
{
	struct ctx *c = p;
	if (!c->ev)
		return 0;
	if (fk_jsonev_depth(j) == c->ev + 1) {
		if (fk_jsonev_at(j, c->ev, "name"))
			copy_text(c->name, s, type == FK_JSONEV_STRING ? n : 0);
		else if (fk_jsonev_at(j, c->ev, "pid"))
			copy_text(c->pid, s, n);
		else if (fk_jsonev_at(j, c->ev, "id"))
			copy_text(c->id, s, n);
		return 0;
	}
	return fk_v8chunk_scalar(c->chunk, j, c->cpu, c->deltas, type, s, n);
}

static struct fk_v8prof *
profile_for(struct ctx *c)
{
	char key[sizeof(c->profiles->key)];
	size_t pl = strlen(c->pid), il = strlen(c->id);
	memcpy(key, c->pid, pl + 1);
	memcpy(key + pl + 1, c->id, il);
	size_t kl = pl + 1 + il;
	for (size_t i = 0; i < c->nprofiles; i++)
		if (c->profiles[i].key_len == kl && memcmp(c->profiles[i].key, key, kl) == 0)
			return c->profiles[i].prof;
	FK_GROW(c->profiles, c->cap, c->nprofiles + 1, 4);
	struct profile *pr = &c->profiles[c->nprofiles++];
	memcpy(pr->key, key, kl);
	pr->key_len = kl;
	pr->prof = fk_v8prof_new();
	return pr->prof;
}

static int
on_close(void *p, struct fk_jsonev *j, int is_array)
{
	struct ctx *c = p;
	if (!c->ev || is_array)
		return 0;
	/* The object closed was at level depth (it is no longer counted). */
	if (fk_jsonev_depth(j) != c->ev) {
		if (c->cpu != SIZE_MAX)
			fk_v8chunk_close(c->chunk, j, c->cpu);
		if (fk_jsonev_depth(j) <= c->cpu)
			c->cpu = SIZE_MAX;
		if (fk_jsonev_depth(j) <= c->deltas)
			c->deltas = SIZE_MAX;
		return 0;
	}
	/* The event ended. */
	c->ev = 0;
	if (fk_v8chunk_end(c->chunk) < 0)
		return -1;
	struct fk_v8_stats piece = c->piece_st;
	memset(&c->piece_st, 0, sizeof(c->piece_st));
	if (strcmp(c->name, "ProfileChunk") != 0 && strcmp(c->name, "Profile") != 0 &&
	    strcmp(c->name, "CpuProfile") != 0)
		return 0;
	fk_v8_stats_add(c->st, &piece);
	return fk_v8prof_merge(profile_for(c), c->piece);
}

int
fk_chrome_trace_collapse(enum fk_weight w, struct fk_instream *s, struct fk_stack_table *t,
    struct fk_v8_stats *st, int *cut)
{
	static const struct fk_jsonev_handler h = { .open = on_open, .scalar = on_scalar,
		.close = on_close };
	struct fk_v8_stats local;
	struct ctx c;

	memset(&local, 0, sizeof(local));
	memset(&c, 0, sizeof(c));
	c.st = &local;
	c.chunk = fk_v8chunk_new(w, &c.piece_st);
	c.piece = fk_v8prof_new();
	int rc = fk_jsonev_parse(s, &h, &c);
	if (rc > 0) {
		fk_warn(fk_instream_name(s), 0, "%s; the rest of this input is skipped", fk_error_msg());
		fk_error_clear();
		*cut = 1;
		rc = 0;
	}
	for (size_t i = 0; i < c.nprofiles && rc == 0; i++)
		rc = fk_v8prof_fold(c.profiles[i].prof, NULL, t, &local);
	if (rc == 0 && c.nprofiles == 0 && !*cut)
		fk_warn(fk_instream_name(s), 0, "no CPU profile (Profile or ProfileChunk events) "
		    "in this trace");
	if (rc == 0)
		fk_v8_warn(fk_instream_name(s), &local);
	fk_v8_stats_add(st, &local);
	for (size_t i = 0; i < c.nprofiles; i++)
		fk_v8prof_free(c.profiles[i].prof);
	free(c.profiles);
	fk_v8prof_free(c.piece);
	fk_v8chunk_free(c.chunk);
	return rc;
}
