/*
 * pprof_out.c -- a layout as a gzipped profile.proto (pprof_out.h).
 *
 * The message is encoded a piece at a time into a small buffer that is
 * compressed as it fills: the samples straight from a walk of the layout,
 * then the locations, functions and strings from the frame table.
 * profile.proto's top-level fields may come in any order.
 */
#include "render/pprof_out.h"
#include "core/error.h"
#include "core/num.h"
#include "core/protobuf.h"
#include "core/util.h"
#include "render/frame_ids.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* profile.proto field numbers. */
enum {
	PROFILE_SAMPLE_TYPE = 1, PROFILE_SAMPLE = 2, PROFILE_LOCATION = 4,
	PROFILE_FUNCTION = 5, PROFILE_STRING_TABLE = 6, PROFILE_PERIOD_TYPE = 11,
	PROFILE_PERIOD = 12, PROFILE_COMMENT = 13,
	VALUE_TYPE_TYPE = 1, VALUE_TYPE_UNIT = 2,
	SAMPLE_LOCATION_ID = 1, SAMPLE_VALUE = 2,
	LOCATION_ID = 1, LOCATION_LINE = 4,
	LINE_FUNCTION_ID = 1,
	FUNCTION_ID = 1, FUNCTION_NAME = 2, FUNCTION_SYSTEM_NAME = 3,
};

/* The fixed strings first; name k is string NAMES + k. */
enum { STR_EMPTY, STR_TYPE, STR_UNIT, STR_COMMENT, NAMES };

/* The compressed output: a gzip stream into out. */
struct gz {
	z_stream z;
	FILE *out;
	unsigned char buf[1u << 16];
};

/* Compress the bytes of b and empty it; Z_FINISH ends the stream. */
static int
gz_put(struct gz *g, struct fk_pbuf *b, int flush)
{
	g->z.next_in = b->p;
	g->z.avail_in = (uInt)b->n;
	int zr;
	do {
		g->z.next_out = g->buf;
		g->z.avail_out = sizeof(g->buf);
		zr = deflate(&g->z, flush);
		if (zr == Z_STREAM_ERROR)
			return fk_error("cannot compress the profile: zlib: %s", zError(zr));
		size_t have = sizeof(g->buf) - g->z.avail_out;
		/* A short write shows in ferror(out), which the output's commit reports. */
		if (have)
			fwrite(g->buf, 1, have, g->out);
	} while (g->z.avail_out == 0 || (flush == Z_FINISH && zr != Z_STREAM_END));
	fk_pbuf_clear(b);
	return 0;
}

/* Compress b once it holds enough to be worth a call. */
static int
gz_maybe(struct gz *g, struct fk_pbuf *b)
{
	return b->n >= (1u << 16) ? gz_put(g, b, Z_NO_FLUSH) : 0;
}

/* A ValueType message (type, unit string indexes) as field of b. */
static void
put_value_type(struct fk_pbuf *b, struct fk_pbuf *tmp, uint32_t field)
{
	fk_pbuf_clear(tmp);
	fk_pbuf_uint(tmp, VALUE_TYPE_TYPE, STR_TYPE);
	fk_pbuf_uint(tmp, VALUE_TYPE_UNIT, STR_UNIT);
	fk_pbuf_bytes(b, field, tmp->p, tmp->n);
}

/* The samples, walking the layout: one per frame with self weight. */
static int
put_samples(struct gz *g, struct fk_pbuf *b, struct fk_pbuf *tmp,
    const struct fk_layout *l, const struct fk_frame_ids *x)
{
	struct fk_frame_path p = { fk_xmalloc((l->depthmax + 1) * sizeof(*p.ids)), 0 };
	uint64_t *locs = fk_xmalloc((l->depthmax + 1) * sizeof(*locs));
	int rc = 0;
	for (size_t i = 0; i < l->n && rc == 0; i++) {
		if (i > 0)
			fk_frame_path_enter(&p, x, l, i);
		if (l->frames[i].self <= 0)
			continue;
		for (uint32_t d = 0; d < p.depth; d++)
			locs[d] = (uint64_t)p.ids[p.depth - 1 - d] + 1;
		uint64_t v = (uint64_t)l->frames[i].self;
		fk_pbuf_clear(tmp);
		fk_pbuf_packed(tmp, SAMPLE_LOCATION_ID, locs, p.depth);
		fk_pbuf_packed(tmp, SAMPLE_VALUE, &v, 1);
		fk_pbuf_bytes(b, PROFILE_SAMPLE, tmp->p, tmp->n);
		rc = gz_maybe(g, b);
	}
	free(locs);
	free(p.ids);
	return rc;
}

/* Location, function and string of each distinct name. */
static int
put_names(struct gz *g, struct fk_pbuf *b, struct fk_pbuf *tmp,
    const struct fk_layout *l, const struct fk_frame_ids *x)
{
	struct fk_pbuf line = { 0 };
	int rc = 0;
	for (size_t k = 0; k < x->n && rc == 0; k++) {
		uint64_t id = (uint64_t)k + 1;
		fk_pbuf_clear(&line);
		fk_pbuf_uint(&line, LINE_FUNCTION_ID, id);
		fk_pbuf_clear(tmp);
		fk_pbuf_uint(tmp, LOCATION_ID, id);
		fk_pbuf_bytes(tmp, LOCATION_LINE, line.p, line.n);
		fk_pbuf_bytes(b, PROFILE_LOCATION, tmp->p, tmp->n);
		fk_pbuf_clear(tmp);
		fk_pbuf_uint(tmp, FUNCTION_ID, id);
		fk_pbuf_uint(tmp, FUNCTION_NAME, NAMES + k);
		fk_pbuf_uint(tmp, FUNCTION_SYSTEM_NAME, NAMES + k);
		fk_pbuf_bytes(b, PROFILE_FUNCTION, tmp->p, tmp->n);
		rc = gz_maybe(g, b);
	}
	for (size_t k = 0; k < x->n && rc == 0; k++) {
		const struct fk_frame *f = &l->frames[x->first[k]];
		fk_pbuf_bytes(b, PROFILE_STRING_TABLE, f->name, f->len);
		rc = gz_maybe(g, b);
	}
	fk_pbuf_release(&line);
	return rc;
}

int
fk_pprof_out_write(FILE *out, const struct fk_layout *l, const char *countname,
    const char *vunit)
{
	if (l->diff)
		return fk_error("pprof output takes one count per stack, not two "
		    "(differential input)");
	struct fk_frame_ids x;
	if (fk_frame_ids_build(&x, l) < 0)
		return -1;
	struct gz *g = fk_xcalloc(1, sizeof(*g));
	g->out = out;
	/* A gzip wrapper (15 + 16) with no name and time 0: the same bytes each run. */
	if (deflateInit2(&g->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		free(g);
		fk_frame_ids_release(&x);
		return fk_error_code(FK_ERR_NOMEM, "cannot start zlib to compress the profile");
	}
	char unit[64] = "count", comment[160] = "";
	if (vunit)
		snprintf(unit, sizeof(unit), "%s", vunit);
	if (l->scale > 0) {
		snprintf(unit, sizeof(unit), "count*1e-%d", l->scale);
		snprintf(comment, sizeof(comment), "flamekit: each sample value is the count "
		    "times 10^%d, as the input has counts with %d decimal place%s",
		    l->scale, l->scale, l->scale > 1 ? "s" : "");
	}
	struct fk_pbuf b = { 0 }, tmp = { 0 };
	put_value_type(&b, &tmp, PROFILE_SAMPLE_TYPE);
	put_value_type(&b, &tmp, PROFILE_PERIOD_TYPE);
	fk_pbuf_uint(&b, PROFILE_PERIOD, (uint64_t)fk_pow10(l->scale));
	if (*comment)
		fk_pbuf_uint(&b, PROFILE_COMMENT, STR_COMMENT);
	/* The strings before the names': "", the type, the unit, the comment. */
	fk_pbuf_bytes(&b, PROFILE_STRING_TABLE, "", 0);
	fk_pbuf_bytes(&b, PROFILE_STRING_TABLE, countname, strlen(countname));
	fk_pbuf_bytes(&b, PROFILE_STRING_TABLE, unit, strlen(unit));
	fk_pbuf_bytes(&b, PROFILE_STRING_TABLE, comment, strlen(comment));
	int rc = put_samples(g, &b, &tmp, l, &x);
	if (rc == 0)
		rc = put_names(g, &b, &tmp, l, &x);
	if (rc == 0)
		rc = gz_put(g, &b, Z_FINISH);
	deflateEnd(&g->z);
	free(g);
	fk_pbuf_release(&b);
	fk_pbuf_release(&tmp);
	fk_frame_ids_release(&x);
	return rc;
}
