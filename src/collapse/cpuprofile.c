/*
 * cpuprofile.c -- a .cpuprofile: the V8 chunk collector at the top level.
 */
#include "collapse/cpuprofile.h"
#include "core/error.h"

#include <string.h>

struct ctx {
	struct fk_v8chunk *chunk;
};

static int
on_scalar(void *p, struct fk_jsonev *j, enum fk_jsonev_type type, const char *s, size_t n)
{
	struct ctx *c = p;
	return fk_v8chunk_scalar(c->chunk, j, 0, SIZE_MAX, type, s, n);
}

static int
on_close(void *p, struct fk_jsonev *j, int is_array)
{
	struct ctx *c = p;
	if (!is_array)
		fk_v8chunk_close(c->chunk, j, 0);
	return 0;
}

int
fk_cpuprofile_collapse(enum fk_weight w, struct fk_instream *s, struct fk_stack_table *t,
    struct fk_v8_stats *st, int *cut)
{
	static const struct fk_jsonev_handler h = { .scalar = on_scalar, .close = on_close };
	struct fk_v8_stats local;
	struct fk_v8prof *prof = fk_v8prof_new();
	struct ctx c;

	memset(&local, 0, sizeof(local));
	c.chunk = fk_v8chunk_new(w, &local);
	fk_v8chunk_begin(c.chunk, prof);
	int rc = fk_jsonev_parse(s, &h, &c);
	if (rc > 0) {
		fk_warn(fk_instream_name(s), 0, "%s; the rest of this input is skipped", fk_error_msg());
		fk_error_clear();
		*cut = 1;
		rc = 0;
	}
	if (rc == 0)
		rc = fk_v8chunk_end(c.chunk);
	if (rc == 0)
		rc = fk_v8prof_fold(prof, NULL, t, &local);
	if (rc == 0)
		fk_v8_warn(fk_instream_name(s), &local);
	fk_v8_stats_add(st, &local);
	fk_v8chunk_free(c.chunk);
	fk_v8prof_free(prof);
	return rc;
}
