#include "collapse/pprof.h"
#include "core/error.h"
#include "core/protobuf.h"
#include "collapse/framebuf.h"
#include "core/sniff.h"
#include "core/util.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int
fk_pprof_sniff(const void *data, size_t n)
{
	const unsigned char *p = data;
	return (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) || fk_sniff_pprof(data, n);
}

int
fk_pprof_inflate(const char *name, const void *data, size_t n, size_t max,
    unsigned char **out, size_t *outlen)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 32) != Z_OK)
		return fk_error_code(FK_ERR_NOMEM, "cannot start zlib for '%s'", name);
	size_t cap = n < max / 4 ? n * 4 + 4096 : max, len = 0;
	if (cap > max)
		cap = max;
	unsigned char *buf = fk_xmalloc(cap);
	const unsigned char *in = data;
	size_t left = n;
	int zr = Z_OK;
	for (;;) {
		if (len == cap) {
			if (cap >= max) {
				inflateEnd(&z);
				free(buf);
				return fk_error("profile too large '%s': over %zu bytes decompressed",
				    name, max);
			}
			cap = cap > max / 2 ? max : cap * 2;
			buf = fk_xrealloc(buf, cap);
		}
		uInt chunk_in = left > (1u << 30) ? 1u << 30 : (uInt)left;
		size_t room = cap - len;
		uInt chunk_out = room > (1u << 30) ? 1u << 30 : (uInt)room;
		z.next_in = (Bytef *)(uintptr_t)in;
		z.avail_in = chunk_in;
		z.next_out = buf + len;
		z.avail_out = chunk_out;
		zr = inflate(&z, Z_NO_FLUSH);
		in += chunk_in - z.avail_in;
		left -= chunk_in - z.avail_in;
		len += chunk_out - z.avail_out;
		if (zr == Z_STREAM_END) {
			/* Another gzip member may follow (concatenated streams). */
			if (left > 0 && inflateReset(&z) == Z_OK)
				continue;
			break;
		}
		if (zr == Z_BUF_ERROR && left == 0) {
			inflateEnd(&z);
			free(buf);
			return fk_error("truncated profile '%s': the gzip stream ends early", name);
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			const char *why = z.msg ? z.msg : zError(zr);
			inflateEnd(&z);
			free(buf);
			return fk_error("corrupt profile '%s': gzip: %s", name, why);
		}
	}
	inflateEnd(&z);
	*out = buf;
	*outlen = len;
	return 0;
}

/* The values of a repeated integer field: one varint, or a packed run. */
struct u64vec {
	uint64_t *v;
	size_t n, cap;
};

static void
u64vec_push(struct u64vec *a, uint64_t x)
{
	FK_GROW(a->v, a->cap, a->n + 1, 16);
	a->v[a->n++] = x;
}

static int
pb_repeated(int wt, uint64_t v, struct fk_pb *sub, struct u64vec *out)
{
	if (wt == 0) {
		u64vec_push(out, v);
		return 0;
	}
	if (wt != 2)
		return -1;
	while (sub->p < sub->end) {
		uint64_t x = fk_pb_varint(sub);
		if (sub->err)
			return -1;
		u64vec_push(out, x);
	}
	return 0;
}

/* The decoded profile. */

struct pstring { const char *s; size_t n; };
struct pline { uint64_t function_id; int64_t line; };
struct ploc {
	uint64_t id, mapping_id, address;
	size_t line0, nlines;     /* its lines in profile.lines */
	size_t frame0, nframes;   /* its frames, innermost first, in the frame cache */
};
struct pfunc { uint64_t id; int64_t name, system_name, filename; };
struct pmap { uint64_t id, start, offset; int64_t filename; };
struct pspan { const unsigned char *p; size_t n; };

struct profile {
	const char *name;
	struct pstring *strs;
	size_t nstrs, capstrs;
	struct u64vec types;      /* pairs: type, unit (string indexes) */
	struct pline *lines;
	size_t nlines, caplines;
	struct ploc *locs;
	size_t nlocs, caplocs;
	struct pfunc *funcs;
	size_t nfuncs, capfuncs;
	struct pmap *maps;
	size_t nmaps, capmaps;
	struct pspan *samples;
	size_t nsamples, capsamples;
	int64_t default_type;
};

#define GROW(arr, n, cap) do {                                              \
	if ((n) == (cap)) {                                                 \
		(cap) = (cap) ? (cap) * 2 : 64;                             \
		(arr) = fk_xrealloc((arr), (cap) * sizeof(*(arr)));          \
	}                                                                   \
} while (0)

static void
profile_release(struct profile *pr)
{
	free(pr->strs);
	free(pr->types.v);
	free(pr->lines);
	free(pr->locs);
	free(pr->funcs);
	free(pr->maps);
	free(pr->samples);
}

static int
corrupt(const struct profile *pr, const char *what, const struct fk_pb *b)
{
	return fk_error("corrupt profile '%s': %s at byte %zu of the protobuf data",
	    pr->name, what, (size_t)(b->p - b->base));
}

static int
parse_value_type(struct profile *pr, struct fk_pb *m)
{
	uint32_t f;
	int wt;
	uint64_t v = 0, type = 0, unit = 0;
	struct fk_pb sub;
	int got;
	while ((got = fk_pb_field(m, &f, &wt, &v, &sub)) > 0) {
		if (f == 1 && wt == 0)
			type = v;
		else if (f == 2 && wt == 0)
			unit = v;
	}
	if (got < 0)
		return -1;
	u64vec_push(&pr->types, type);
	u64vec_push(&pr->types, unit);
	return 0;
}

static int
parse_location(struct profile *pr, struct fk_pb *m)
{
	uint32_t f;
	int wt;
	uint64_t v = 0;
	struct fk_pb sub;
	int got;
	struct ploc loc = { .line0 = pr->nlines };
	while ((got = fk_pb_field(m, &f, &wt, &v, &sub)) > 0) {
		if (f == 1 && wt == 0) {
			loc.id = v;
		} else if (f == 2 && wt == 0) {
			loc.mapping_id = v;
		} else if (f == 3 && wt == 0) {
			loc.address = v;
		} else if (f == 4 && wt == 2) {
			struct pline ln = { 0, 0 };
			uint32_t lf;
			int lwt;
			uint64_t lv = 0;
			struct fk_pb lsub;
			int lgot;
			while ((lgot = fk_pb_field(&sub, &lf, &lwt, &lv, &lsub)) > 0) {
				if (lf == 1 && lwt == 0)
					ln.function_id = lv;
				else if (lf == 2 && lwt == 0)
					ln.line = (int64_t)lv;
			}
			if (lgot < 0) {
				m->p = sub.p;
				return -1;
			}
			GROW(pr->lines, pr->nlines, pr->caplines);
			pr->lines[pr->nlines++] = ln;
			loc.nlines++;
		}
	}
	if (got < 0)
		return -1;
	GROW(pr->locs, pr->nlocs, pr->caplocs);
	pr->locs[pr->nlocs++] = loc;
	return 0;
}

static int
parse_function(struct profile *pr, struct fk_pb *m)
{
	uint32_t f;
	int wt;
	uint64_t v = 0;
	struct fk_pb sub;
	int got;
	struct pfunc fn = { 0, 0, 0, 0 };
	while ((got = fk_pb_field(m, &f, &wt, &v, &sub)) > 0) {
		if (wt != 0)
			continue;
		if (f == 1)
			fn.id = v;
		else if (f == 2)
			fn.name = (int64_t)v;
		else if (f == 3)
			fn.system_name = (int64_t)v;
		else if (f == 4)
			fn.filename = (int64_t)v;
	}
	if (got < 0)
		return -1;
	GROW(pr->funcs, pr->nfuncs, pr->capfuncs);
	pr->funcs[pr->nfuncs++] = fn;
	return 0;
}

static int
parse_mapping(struct profile *pr, struct fk_pb *m)
{
	uint32_t f;
	int wt;
	uint64_t v = 0;
	struct fk_pb sub;
	int got;
	struct pmap mp = { 0, 0, 0, 0 };
	while ((got = fk_pb_field(m, &f, &wt, &v, &sub)) > 0) {
		if (wt != 0)
			continue;
		if (f == 1)
			mp.id = v;
		else if (f == 2)
			mp.start = v;
		else if (f == 4)
			mp.offset = v;
		else if (f == 5)
			mp.filename = (int64_t)v;
	}
	if (got < 0)
		return -1;
	GROW(pr->maps, pr->nmaps, pr->capmaps);
	pr->maps[pr->nmaps++] = mp;
	return 0;
}

static int
profile_parse(struct profile *pr, const unsigned char *data, size_t n)
{
	struct fk_pb b = { data, data + n, data, 0 }, sub;
	uint32_t f;
	int wt, got;
	uint64_t v = 0;

	while ((got = fk_pb_field(&b, &f, &wt, &v, &sub)) > 0) {
		int rc = 0;
		if (wt == 2) {
			switch (f) {
			case 1: rc = parse_value_type(pr, &sub); break;
			case 2:
				GROW(pr->samples, pr->nsamples, pr->capsamples);
				pr->samples[pr->nsamples].p = sub.p;
				pr->samples[pr->nsamples++].n = (size_t)(sub.end - sub.p);
				break;
			case 3: rc = parse_mapping(pr, &sub); break;
			case 4: rc = parse_location(pr, &sub); break;
			case 5: rc = parse_function(pr, &sub); break;
			case 6:
				GROW(pr->strs, pr->nstrs, pr->capstrs);
				pr->strs[pr->nstrs].s = (const char *)sub.p;
				pr->strs[pr->nstrs++].n = (size_t)(sub.end - sub.p);
				break;
			default: break;
			}
		} else if (wt == 0 && f == 14) {
			pr->default_type = (int64_t)v;
		}
		if (rc < 0) {
			sub.base = data;
			return corrupt(pr, "bad field inside a message", &sub);
		}
	}
	if (got < 0)
		return corrupt(pr, "bad field or length", &b);
	if (pr->nstrs == 0 || pr->strs[0].n != 0)
		return fk_error("corrupt profile '%s': the string table is missing or does not "
		    "start with an empty string", pr->name);
	if (pr->types.n == 0)
		return fk_error("corrupt profile '%s': no sample types", pr->name);
	return 0;
}

static struct pstring
str_at(const struct profile *pr, int64_t i)
{
	if (i <= 0 || (uint64_t)i >= pr->nstrs)
		return (struct pstring){ "", 0 };
	return pr->strs[i];
}

static int
cmp_loc(const void *a, const void *b)
{
	const struct ploc *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
cmp_func(const void *a, const void *b)
{
	const struct pfunc *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
cmp_map(const void *a, const void *b)
{
	const struct pmap *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static const struct ploc *
find_loc(const struct profile *pr, uint64_t id)
{
	size_t lo = 0, hi = pr->nlocs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pr->locs[mid].id < id)
			lo = mid + 1;
		else if (pr->locs[mid].id > id)
			hi = mid;
		else
			return &pr->locs[mid];
	}
	return NULL;
}

static const struct pfunc *
find_func(const struct profile *pr, uint64_t id)
{
	size_t lo = 0, hi = pr->nfuncs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pr->funcs[mid].id < id)
			lo = mid + 1;
		else if (pr->funcs[mid].id > id)
			hi = mid;
		else
			return &pr->funcs[mid];
	}
	return NULL;
}

static const struct pmap *
find_map(const struct profile *pr, uint64_t id)
{
	size_t lo = 0, hi = pr->nmaps;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pr->maps[mid].id < id)
			lo = mid + 1;
		else if (pr->maps[mid].id > id)
			hi = mid;
		else
			return &pr->maps[mid];
	}
	return NULL;
}

static const char *
base_name(const char *s, size_t n, size_t *len)
{
	const char *b = s;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/')
			b = s + i + 1;
	*len = (size_t)(s + n - b);
	return b;
}

/* Push the frames of one location, innermost line first. */
static void
push_location(const struct profile *pr, const struct fk_pprof_opts *opt,
    const struct ploc *loc, uint64_t id, struct fk_framebuf *fb)
{
	char tmp[64];
	if (!loc || loc->nlines == 0) {
		const struct pmap *mp = loc && loc->mapping_id ? find_map(pr, loc->mapping_id) : NULL;
		if (!loc) {
			snprintf(tmp, sizeof(tmp), "[location %" PRIu64 "]", id);
			fk_framebuf_push(fb, tmp, strlen(tmp));
		} else if (mp && str_at(pr, mp->filename).n) {
			struct pstring fname = str_at(pr, mp->filename);
			snprintf(tmp, sizeof(tmp), "+0x%" PRIx64, loc->address - mp->start + mp->offset);
			fk_framebuf_push_parts(fb, fname.s, fname.n, tmp, strlen(tmp));
		} else {
			snprintf(tmp, sizeof(tmp), "0x%" PRIx64, loc->address);
			fk_framebuf_push(fb, tmp, strlen(tmp));
		}
		return;
	}
	for (size_t k = 0; k < loc->nlines; k++) {
		const struct pline *ln = &pr->lines[loc->line0 + k];
		const struct pfunc *fn = find_func(pr, ln->function_id);
		struct pstring name = fn ? str_at(pr, fn->name) : (struct pstring){ "", 0 };
		if (fn && name.n == 0)
			name = str_at(pr, fn->system_name);
		if (name.n == 0) {
			snprintf(tmp, sizeof(tmp), "0x%" PRIx64, loc->address);
			name.s = tmp;
			name.n = strlen(tmp);
		}
		fk_framebuf_push(fb, name.s, name.n);
		if (opt->lines && fn) {
			struct pstring file = str_at(pr, fn->filename);
			size_t bl;
			const char *b = base_name(file.s, file.n, &bl);
			char num[32];
			snprintf(num, sizeof(num), ":%" PRId64, ln->line);
			fk_framebuf_append(fb, ":", 1);
			fk_framebuf_append(fb, b, bl);
			fk_framebuf_append(fb, num, strlen(num));
		}
		if (k + 1 < loc->nlines)
			fk_framebuf_append(fb, "_[i]", 4);
	}
}

/* Push "[key=value]" (or "[no key]") for a label key. */
static int
push_label(const struct profile *pr, const char *key, const struct pspan *s,
    struct fk_framebuf *fb)
{
	struct fk_pb b = { s->p, s->p + s->n, s->p, 0 }, sub;
	uint32_t f;
	int wt, got;
	uint64_t v = 0;
	size_t klen = strlen(key);
	while ((got = fk_pb_field(&b, &f, &wt, &v, &sub)) > 0) {
		if (f != 3 || wt != 2)
			continue;
		int64_t k = 0, str = 0, num = 0;
		uint32_t lf;
		int lwt;
		uint64_t lv = 0;
		struct fk_pb lsub;
		while (fk_pb_field(&sub, &lf, &lwt, &lv, &lsub) > 0) {
			if (lwt != 0)
				continue;
			if (lf == 1)
				k = (int64_t)lv;
			else if (lf == 2)
				str = (int64_t)lv;
			else if (lf == 3)
				num = (int64_t)lv;
		}
		if (sub.err)
			return -1;
		struct pstring ks = str_at(pr, k);
		if (ks.n != klen || memcmp(ks.s, key, klen) != 0)
			continue;
		fk_framebuf_push_parts(fb, "[", 1, key, klen);
		fk_framebuf_append(fb, "=", 1);
		if (str) {
			struct pstring vs = str_at(pr, str);
			fk_framebuf_append(fb, vs.s, vs.n);
		} else {
			char tmp[32];
			snprintf(tmp, sizeof(tmp), "%" PRId64, num);
			fk_framebuf_append(fb, tmp, strlen(tmp));
		}
		fk_framebuf_append(fb, "]", 1);
		return 0;
	}
	if (got < 0)
		return -1;
	fk_framebuf_push_parts(fb, "[no ", 4, key, klen);
	fk_framebuf_append(fb, "]", 1);
	return 0;
}

/*
 * The decimal places of unit "count*1e-K", the unit flame-graph
 * --format=pprof gives counts it stored times 10^K (render/pprof_out.c);
 * 0 for any other unit.
 */
static int
count_scale(const char *unit)
{
	static const char pre[] = "count*1e-";
	if (strncmp(unit, pre, sizeof(pre) - 1) != 0)
		return 0;
	const char *d = unit + sizeof(pre) - 1;
	if (d[0] < '1' || d[0] > '9' || d[1] != '\0' || d[0] - '0' > FK_NUM_MAX_SCALE)
		return 0;
	return d[0] - '0';
}

static int
choose_type(const struct profile *pr, const struct fk_pprof_opts *opt,
    struct fk_pprof_stats *st, size_t *col, int *scale)
{
	size_t ntypes = pr->types.n / 2;
	*col = ntypes - 1;
	if (opt->sample_type) {
		size_t want = strlen(opt->sample_type);
		char list[512] = "";
		size_t ll = 0;
		for (size_t i = 0; i < ntypes; i++) {
			struct pstring t = str_at(pr, (int64_t)pr->types.v[2 * i]);
			if (t.n == want && memcmp(t.s, opt->sample_type, want) == 0) {
				*col = i;
				goto found;
			}
			int w = snprintf(list + ll, sizeof(list) - ll, "%s%.*s", i ? ", " : "",
			    (int)(t.n > 64 ? 64 : t.n), t.s);
			if (w > 0 && (size_t)w < sizeof(list) - ll)
				ll += (size_t)w;
		}
		return fk_error("no sample type '%s' in '%s' (it has: %s)", opt->sample_type,
		    pr->name, list);
	}
	if (pr->default_type > 0)
		for (size_t i = 0; i < ntypes; i++)
			if ((int64_t)pr->types.v[2 * i] == pr->default_type)
				*col = i;
found:;
	struct pstring t = str_at(pr, (int64_t)pr->types.v[2 * *col]);
	struct pstring u = str_at(pr, (int64_t)pr->types.v[2 * *col + 1]);
	snprintf(st->sample_type, sizeof(st->sample_type), "%.*s", (int)(t.n > 63 ? 63 : t.n), t.s);
	snprintf(st->unit, sizeof(st->unit), "%.*s", (int)(u.n > 63 ? 63 : u.n), u.s);
	*scale = count_scale(st->unit);
	if (*scale > 0)
		snprintf(st->unit, sizeof(st->unit), "count");
	return 0;
}

/*
 * The frames of every location, made once: samples refer to the same few
 * locations over and over.  IDs index a table directly when they are dense
 * (they usually are 1..N).
 */
struct loc_cache {
	struct fk_framebuf frames;
	uint32_t *index;          /* id -> position in locs + 1; NULL: search */
	uint64_t nindex;
};

static void
loc_cache_build(struct profile *pr, const struct fk_pprof_opts *opt, struct loc_cache *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < pr->nlocs; i++) {
		struct ploc *loc = &pr->locs[i];
		loc->frame0 = c->frames.n;
		push_location(pr, opt, loc, loc->id, &c->frames);
		loc->nframes = c->frames.n - loc->frame0;
	}
	uint64_t max = pr->nlocs ? pr->locs[pr->nlocs - 1].id : 0;
	if (pr->nlocs && pr->nlocs < UINT32_MAX && max <= 4 * (uint64_t)pr->nlocs + 1024) {
		c->nindex = max + 1;
		c->index = fk_xcalloc((size_t)c->nindex, sizeof(*c->index));
		for (size_t i = 0; i < pr->nlocs; i++)
			c->index[pr->locs[i].id] = (uint32_t)(i + 1);
	}
}

static void
loc_cache_release(struct loc_cache *c)
{
	fk_framebuf_release(&c->frames);
	free(c->index);
}

static const struct ploc *
lookup_loc(const struct profile *pr, const struct loc_cache *c, uint64_t id)
{
	if (c->index)
		return id < c->nindex && c->index[id] ? &pr->locs[c->index[id] - 1] : NULL;
	return find_loc(pr, id);
}

static int
fold_samples(const struct profile *pr, const struct fk_pprof_opts *opt, size_t col,
    int scale, const struct loc_cache *cache, struct fk_stack_table *t, struct fk_pprof_stats *st)
{
	struct u64vec ids = { 0 }, vals = { 0 };
	struct fk_framebuf fb = FK_FRAMEBUF_INIT;
	size_t ntypes = pr->types.n / 2;
	int rc = 0;

	for (size_t i = 0; i < pr->nsamples && rc == 0; i++) {
		const struct pspan *s = &pr->samples[i];
		struct fk_pb b = { s->p, s->p + s->n, s->p, 0 }, sub;
		uint32_t f;
		int wt, got;
		uint64_t v = 0;
		ids.n = vals.n = 0;
		while ((got = fk_pb_field(&b, &f, &wt, &v, &sub)) > 0) {
			if (f == 1 && pb_repeated(wt, v, &sub, &ids) < 0)
				got = -1;
			else if (f == 2 && pb_repeated(wt, v, &sub, &vals) < 0)
				got = -1;
			if (got < 0)
				break;
		}
		if (got < 0) {
			rc = fk_error("corrupt profile '%s': bad field in sample %zu", pr->name, i + 1);
			break;
		}
		if (vals.n != ntypes) {
			rc = fk_error("corrupt profile '%s': sample %zu has %zu values for %zu sample types",
			    pr->name, i + 1, vals.n, ntypes);
			break;
		}
		int64_t value = (int64_t)vals.v[col];
		if (value == 0)
			continue;
		if (value < 0) {
			st->skipped++;
			continue;
		}
		fk_framebuf_clear(&fb);
		for (size_t k = 0; k < ids.n; k++) {
			const struct ploc *loc = lookup_loc(pr, cache, ids.v[k]);
			if (!loc) {
				push_location(pr, opt, NULL, ids.v[k], &fb);
				continue;
			}
			const struct fk_framebuf *c = &cache->frames;
			for (size_t j = loc->frame0; j < loc->frame0 + loc->nframes; j++)
				fk_framebuf_push(&fb, c->text + c->off[j], c->off[j + 1] - c->off[j]);
		}
		if (ids.n == 0)
			fk_framebuf_push(&fb, "[no stack]", 10);
		for (size_t k = opt->nlabels; k-- > 0;)
			if (push_label(pr, opt->labels[k], s, &fb) < 0) {
				rc = fk_error("corrupt profile '%s': bad label in sample %zu", pr->name, i + 1);
				break;
			}
		if (rc < 0)
			break;
		size_t kl;
		const char *key = fk_framebuf_join(&fb, &kl);
		struct fk_num count = { value, scale };
		if ((scale ? fk_stack_table_add(t, key, kl, &count) :
		    fk_stack_table_add_int(t, key, kl, value)) < 0)
			rc = fk_error("in '%s'", pr->name);
		st->samples++;
	}
	free(ids.v);
	free(vals.v);
	fk_framebuf_release(&fb);
	return rc;
}

int
fk_pprof_collapse(const struct fk_pprof_opts *opt, const char *name, const void *data,
    size_t n, struct fk_stack_table *t, struct fk_pprof_stats *st)
{
	struct fk_pprof_stats local;
	unsigned char *plain = NULL;
	const unsigned char *bytes = data;
	struct profile pr;
	size_t col;
	int rc, scale = 0;

	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	memset(&pr, 0, sizeof(pr));
	pr.name = fk_display_name(name);
	if (n >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) {
		if (fk_pprof_inflate(pr.name, data, n, FK_PPROF_MAX_SIZE, &plain, &n) < 0)
			return -1;
		bytes = plain;
	}
	if (n == 0) {
		free(plain);
		return fk_error("empty profile '%s'", pr.name);
	}
	rc = profile_parse(&pr, bytes, n);
	if (rc == 0) {
		if (pr.nlocs)
			qsort(pr.locs, pr.nlocs, sizeof(*pr.locs), cmp_loc);
		if (pr.nfuncs)
			qsort(pr.funcs, pr.nfuncs, sizeof(*pr.funcs), cmp_func);
		if (pr.nmaps)
			qsort(pr.maps, pr.nmaps, sizeof(*pr.maps), cmp_map);
		rc = choose_type(&pr, opt, st, &col, &scale);
	}
	if (rc == 0) {
		struct loc_cache cache;
		loc_cache_build(&pr, opt, &cache);
		rc = fold_samples(&pr, opt, col, scale, &cache, t, st);
		loc_cache_release(&cache);
	}
	if (rc == 0 && st->skipped)
		fk_warn(pr.name, 0, "%" PRIu64 " samples with a negative %s value skipped",
		    st->skipped, st->sample_type);
	profile_release(&pr);
	free(plain);
	return rc;
}
