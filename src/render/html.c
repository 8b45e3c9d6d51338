/*
 * html.c -- the self-contained HTML viewer page (html.h).
 */
#include "render/html.h"
#include "core/bigmem.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/num.h"
#include "core/util.h"
#include "render/html_assets.h"
#include "render/json_write.h"
#include "render/style.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * A growing byte buffer.  A big one is a bigmem.h block: a profile of
 * millions of frames fills huge pages, and grows without being copied.
 */
struct bytes {
	unsigned char *p;
	size_t n, alloc;
};

static int
bytes_room(struct bytes *b, size_t k)
{
	if (b->n + k <= b->alloc)
		return 0;
	size_t a = b->alloc ? b->alloc : 4096;
	while (a < b->n + k)
		a *= 2;
	b->p = fk_bigmem_realloc(b->p, b->alloc, a);
	b->alloc = a;
	return 0;
}

static void
bytes_free(struct bytes *b)
{
	fk_bigmem_free(b->p, b->alloc);
	memset(b, 0, sizeof(*b));
}

static void
put(struct bytes *b, const void *s, size_t k)
{
	bytes_room(b, k);
	memcpy(b->p + b->n, s, k);
	b->n += k;
}

/* v at p, which has room for 10 bytes.  @return the byte after it. */
static inline unsigned char *
uv_at(unsigned char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

static void
put_uv(struct bytes *b, uint64_t v)
{
	bytes_room(b, 10);
	b->n = (size_t)(uv_at(b->p + b->n, v) - b->p);
}

static void
put_rgb(struct bytes *b, struct fk_rgb c)
{
	unsigned char x[3] = {c.r, c.g, c.b};
	put(b, x, 3);
}

/* Distinct names of the frames, numbered in order of first use. */
struct names {
	uint32_t *slots;        /* frame index + 1 of the name's first use; 0 empty */
	uint32_t *ids;          /* per slot: the name's id */
	size_t mask;
	uint32_t *first;        /* per id: the frame of first use */
	size_t n;
};

/* Number the names of l's frames into frame_name. */
static int
names_build(struct names *t, const struct fk_layout *l, uint32_t *frame_name)
{
	size_t cap = 16;
	while (cap < 2 * l->n)
		cap *= 2;
	memset(t, 0, sizeof(*t));
	t->slots = calloc(cap, sizeof(*t->slots));
	t->ids = malloc(cap * sizeof(*t->ids));
	t->first = malloc((l->n ? l->n : 1) * sizeof(*t->first));
	if (!t->slots || !t->ids || !t->first)
		return fk_error_code(FK_ERR_NOMEM, "out of memory for the HTML names");
	t->mask = cap - 1;
	for (size_t i = 0; i < l->n; i++) {
		const struct fk_frame *f = &l->frames[i];
		if (i == 0) {
			/* The root is name 0 of its own: a function called "all" is another. */
			frame_name[0] = 0;
			t->first[t->n++] = 0;
			continue;
		}
		const char *s = f->name;
		size_t len = f->len;
		size_t h = (size_t)fk_hash_bytes(s, len, 0) & t->mask;
		for (;; h = (h + 1) & t->mask) {
			if (!t->slots[h]) {
				t->slots[h] = (uint32_t)i + 1;
				t->ids[h] = (uint32_t)t->n;
				t->first[t->n++] = (uint32_t)i;
				frame_name[i] = t->ids[h];
				break;
			}
			const struct fk_frame *g = &l->frames[t->slots[h] - 1];
			if (g->len == len && memcmp(g->name, s, len) == 0) {
				frame_name[i] = t->ids[h];
				break;
			}
		}
	}
	return 0;
}

static void
names_release(struct names *t)
{
	free(t->slots);
	free(t->ids);
	free(t->first);
}

static void
json_key(FILE *m, const char *k, const char *v)
{
	fprintf(m, ",\"%s\":", k);
	if (v)
		fk_json_write_string(m, v, strlen(v));
	else
		fputs("null", m);
}

/* The settings the viewer needs, as JSON (json_write.h's strings: always valid UTF-8). */
static int
settings_json(struct bytes *b, const struct fk_layout *l, const struct fk_svg_opts *o,
    const struct fk_colorer *c)
{
	char *text = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&text, &n);
	if (!m)
		return fk_error_code(FK_ERR_NOMEM, "out of memory for the HTML settings");
	const struct fk_draw_style *s = &o->style;
	const char *title = s->title && *s->title ? s->title :
	    s->flamechart ? "Flame Chart" : l->inverted ? "Icicle Graph" : "Flame Graph";
	char bg1[8], bg2[8];
	if (fk_draw_background(s, c->palette, bg1, bg2) < 0) {
		fclose(m);
		free(text);
		return -1;
	}
	fprintf(m, "{\"v\":1");
	json_key(m, "title", title);
	json_key(m, "subtitle", s->subtitle && *s->subtitle ? s->subtitle : NULL);
	json_key(m, "notes", s->notes);
	json_key(m, "countname", o->countname);
	/* Time and bytes read as figures, as in the SVG (its data-unit). */
	json_key(m, "unit", o->unit.kind == FK_UNIT_TIME || o->unit.kind == FK_UNIT_BYTES ?
	    o->unit.name : NULL);
	json_key(m, "nametype", o->nametype);
	json_key(m, "searchcolor", o->search_color);
	json_key(m, "fonttype", s->fonttype);
	json_key(m, "uicolor", s->uicolor);
	json_key(m, "strokecolor", s->stroke_color);
	json_key(m, "bg1", bg1);
	json_key(m, "bg2", bg2);
	fprintf(m, ",\"fontsize\":%.17g,\"fontwidth\":%.17g,\"factor\":%.17g"
	    ",\"frameheight\":%.17g,\"width\":%.17g,\"dark\":%d,\"inverted\":%d"
	    ",\"flamechart\":%d,\"negate\":%d,\"difftotal\":%d,\"diffwidthmax\":%d"
	    ",\"maxdelta\":%.17g,\"before\":%.17g,\"after\":%.17g,\"timemax\":%.17g"
	    ",\"legend\":%d,\"cb\":%d}",
	    s->fontsize, s->fontwidth, o->factor, l->frame_height, l->image_width,
	    s->dark, l->inverted, s->flamechart, c->negate, l->diff_total,
	    l->diff_width_max, l->maxdelta, fk_layout_count(l, l->before),
	    fk_layout_count(l, l->after), l->timemax, l->diff && !s->no_legend,
	    c->diff_palette == FK_DIFF_CB);
	if (fclose(m) != 0) {
		free(text);
		return fk_error_code(FK_ERR_NOMEM, "out of memory for the HTML settings");
	}
	put_uv(b, n);
	put(b, text, n);
	free(text);
	return 0;
}

/*
 * The profiles being written from frames as they come (a layout.h
 * visitor, or a layout's frames): the overview of the frames at least min
 * wide first, then the whole profile, as a node table (sink_tree()) or
 * frame records.  Written to a page, the whole profile goes out while it
 * is made, records as base64 in blocks of whole 3-byte groups: no buffer
 * as large as the profile (tens of MB for a million stacks, each page of
 * it zeroed by the kernel before use).  Not
 * compressed: deflate (even at level 1) doubled the writing time for a
 * 30% smaller file, and inflating it made Chromium take longer, not
 * shorter, to read the profile.
 */
struct sink {
	const struct fk_svg_opts *o;
	struct fk_colorer *c;
	FILE *out;                  /* the page; NULL: the profile stays in raw */
	int per_frame, with_over;
	int64_t min;                /* the overview's minimum width, in counts */
	struct bytes table;         /* settings, names, their colours */
	struct fk_rgb *ncolor;      /* per name, without per_frame */
	size_t nnames, nframes;
	unsigned flags;
	int tabled;                 /* the names' colours are in the table */
	int headed;                 /* the whole profile's head is written */
	int fast;                   /* sink_frame()'s fast path may be taken */
	int by_node;                /* the profile is a node table (sink_tree()) */
	struct bytes raw;           /* the whole profile, or its part not yet written */
	struct bytes over;          /* the overview's frames (its head comes last) */
	size_t nover;
	uint64_t prev_over;
	uint64_t index;             /* the whole profile's next frame */
	int64_t *cur, *ocur;        /* where the next child at each depth starts */
	size_t acur;
	int rc;
};

/* Bytes of the profile held before they go out as base64 (a multiple of 3). */
#define SINK_BLOCK ((size_t)3 << 16)

static int
sink_oom(struct sink *k)
{
	if (k->rc == 0)
		k->rc = fk_error_code(FK_ERR_NOMEM, "out of memory for the HTML profile");
	return k->rc;
}

static int
sink_names(void *ctx, const struct fk_layout *l, size_t nnames, size_t nframes)
{
	struct sink *k = ctx;
	k->nnames = nnames;
	k->nframes = nframes;
	k->per_frame = k->c->diffusion || l->diff || k->c->random;
	k->flags = (l->diff ? 1u : 0) | (k->per_frame ? 2u : 0);
	/* Frames at least 0.1 pixel wide, in counts at the layout's scale. */
	double minc = ceil(0.1 / (l->widthpertime > 0 ? l->widthpertime : 1) *
	    (double)fk_pow10(l->scale));
	k->min = minc < 9e18 ? (int64_t)minc : INT64_MAX;
	if (!k->per_frame && !(k->ncolor = malloc((nnames ? nnames : 1) * sizeof(*k->ncolor))))
		return sink_oom(k);
	/* Most frames take 4 to 8 bytes; a page writes them as it goes. */
	bytes_room(&k->raw, k->out ? SINK_BLOCK + 4096 : nframes * 6 + 4096);
	if (settings_json(&k->table, l, k->o, k->c) < 0)
		return k->rc = -1;
	put_uv(&k->table, nnames);
	return 0;
}

static int
sink_name(void *ctx, const struct fk_layout *l, uint32_t id, const char *s, size_t len)
{
	struct sink *k = ctx;
	/* The root is "all"; its colour is the SVG's, from its empty name. */
	put_uv(&k->table, id == 0 ? 3 : len);
	put(&k->table, id == 0 ? "all" : s, id == 0 ? 3 : len);
	if (k->ncolor) {
		struct fk_frame f = {.name = s, .len = (uint32_t)len};
		k->ncolor[id] = fk_colorer_frame(k->c, l, &f);
	}
	return 0;
}

static void
profile_head(struct bytes *b, const struct fk_layout *l, unsigned flags,
    const struct bytes *table, size_t nframes)
{
	put(b, "FKH1", 4);
	put_uv(b, flags);
	put_uv(b, (uint64_t)l->scale);
	put(b, table->p, table->n);
	put_uv(b, nframes);
}

/*
 * The part of a frame's record every frame has: depth, name, width and the
 * gap before it; cur tracks where the next child at each depth starts.
 */
static inline unsigned char *
put_place(unsigned char *p, const struct fk_frame *f, uint32_t name, int64_t *cur)
{
	p = uv_at(p, f->depth);
	p = uv_at(p, name);
	p = uv_at(p, (uint64_t)(f->end - f->start));
	p = uv_at(p, (uint64_t)(f->start - (f->depth ? cur[f->depth] : 0)));
	cur[f->depth] = f->end;
	cur[f->depth + 1] = f->start;
	return p;
}

/* One frame's record (put_place(), then the differential and colour fields). */
static void
put_frame(struct bytes *b, const struct fk_layout *l, const struct fk_frame *f,
    uint32_t name, int64_t *cur, const unsigned char *rgb)
{
	/* At most 8 varints of 10 bytes and 3 of colour: one room check. */
	bytes_room(b, 83);
	unsigned char *p = b->p + b->n;
	p = put_place(p, f, name, cur);
	if (l->diff) {
		p = uv_at(p, (uint64_t)f->before);
		p = uv_at(p, (uint64_t)f->after);
		/* Zigzag: the sign in the lowest bit. */
		p = uv_at(p, f->delta < 0 ? ((~(uint64_t)f->delta) << 1) | 1 : (uint64_t)f->delta << 1);
		p = uv_at(p, f->mark);
	}
	if (rgb) {
		memcpy(p, rgb, 3);
		p += 3;
	}
	b->n = (size_t)(p - b->p);
}

/* The names are all in: the names' colours end the table, once. */
static void
table_finish(struct sink *k)
{
	if (k->tabled)
		return;
	if (k->ncolor)
		for (size_t i = 0; i < k->nnames; i++)
			put_rgb(&k->table, k->ncolor[i]);
	k->tabled = 1;
}

/*
 * Room for frames f->depth deep, and the table finished.
 * @return frame index's own colour, or NULL without per_frame.
 */
static const unsigned char *
sink_prepare(struct sink *k, const struct fk_layout *l, const struct fk_frame *f,
    uint64_t index, unsigned char rgb[3])
{
	table_finish(k);
	if (f->depth + 2 > k->acur) {
		size_t a = k->acur ? 2 * k->acur : 64;
		while (a < f->depth + 2)
			a *= 2;
		k->cur = fk_xrealloc(k->cur, a * sizeof(*k->cur));
		k->ocur = fk_xrealloc(k->ocur, a * sizeof(*k->ocur));
		k->acur = a;
	}
	if (!k->per_frame)
		return NULL;
	/* The overview's frames come twice: the same random colour both times. */
	if (k->c->random)
		fk_colorer_seek(k->c, index);
	struct fk_rgb c = fk_colorer_frame(k->c, l, f);
	rgb[0] = c.r;
	rgb[1] = c.g;
	rgb[2] = c.b;
	return rgb;
}

/* A frame of the overview, index its place among all the frames. */
static int
sink_over(void *ctx, const struct fk_layout *l, const struct fk_frame *f, uint32_t name,
    uint64_t index)
{
	struct sink *k = ctx;
	unsigned char rgb[3];
	const unsigned char *prgb = sink_prepare(k, l, f, index, rgb);
	put_frame(&k->over, l, f, name, k->ocur, prgb);
	/* Zigzag: a node table's numbers go back as well as on. */
	uint64_t d = index - k->prev_over;
	put_uv(&k->over, d >> 63 ? (~d << 1) | 1 : d << 1);
	k->prev_over = index;
	k->nover++;
	return k->rc;
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Two base64 characters per 12 bits: half the lookups of one per 6. */
static char b64pair[4096][2];

static void
b64pair_fill(void)
{
	if (b64pair[0][0])
		return;
	for (int i = 0; i < 4096; i++) {
		b64pair[i][0] = b64[i >> 6];
		b64pair[i][1] = b64[i & 63];
	}
}

/*
 * Write p[0, n) as base64, in blocks; a part of a longer text when n is a
 * multiple of 3.
 */
static void
write_base64(FILE *out, const unsigned char *p, size_t n)
{
	char buf[1 << 16];
	size_t i = 0;
	b64pair_fill();
	/* Whole groups of 3 bytes, a buffer at a time; the tail below. */
	while (n - i >= 3) {
		size_t k = 0;
		/* Two groups from one 8-byte load while 8 bytes are left. */
		for (; n - i >= 8 && k + 8 <= sizeof(buf); i += 6, k += 8) {
			uint64_t v;
			memcpy(&v, p + i, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			v = __builtin_bswap64(v);
#endif
			v >>= 16;
			memcpy(buf + k, b64pair[v >> 36], 2);
			memcpy(buf + k + 2, b64pair[(v >> 24) & 4095], 2);
			memcpy(buf + k + 4, b64pair[(v >> 12) & 4095], 2);
			memcpy(buf + k + 6, b64pair[v & 4095], 2);
		}
		for (; n - i >= 3 && k + 4 <= sizeof(buf); i += 3, k += 4) {
			uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
			memcpy(buf + k, b64pair[v >> 12], 2);
			memcpy(buf + k + 2, b64pair[v & 4095], 2);
		}
		fwrite(buf, 1, k, out);
	}
	if (i < n) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		char tail[4] = {b64[v >> 18], b64[(v >> 12) & 63],
			i + 1 < n ? b64[(v >> 6) & 63] : '=', '='};
		fwrite(tail, 1, 4, out);
	}
}

/* One profile as a data element. */
static void
write_blob(FILE *out, const char *id, const unsigned char *p, size_t n)
{
	fprintf(out, "<script type=\"application/octet-stream\" id=\"%s\" "
	    "data-encoding=\"raw\">", id);
	write_base64(out, p, n);
	fputs("</script>\n", out);
}

/* The overview: its head, then its frames. */
static unsigned char *
overview_bytes(struct sink *k, const struct fk_layout *l, size_t *n)
{
	struct bytes b = {0};
	profile_head(&b, l, k->flags | 4u | (k->by_node ? 8u : 0), &k->table, k->nover);
	put(&b, k->over.p, k->over.n);
	/* A malloc'd copy: callers free it with free(3). */
	unsigned char *p = malloc(b.n);
	if (p)
		memcpy(p, b.p, b.n);
	else
		sink_oom(k);
	*n = b.n;
	bytes_free(&b);
	return p;
}

/* The page up to the whole profile's data: the overview is complete. */
static int
page_begin(struct sink *k, const struct fk_layout *l)
{
	FILE *out = k->out;
	unsigned char *overp = NULL;
	size_t on = 0;
	if (k->with_over && !(overp = overview_bytes(k, l, &on)))
		return -1;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"flamekit flame-graph\">\n"
	    "<title>Flame graph</title>\n<style>\n", out);
	fwrite(fk_asset_viewer_css, 1, fk_asset_viewer_css_len, out);
	fprintf(out, "</style>\n</head>\n<body class=\"%s\">\n"
	    "<noscript>This flame graph needs JavaScript.</noscript>\n",
	    k->o->style.dark ? "dark" : "light");
	/*
	 * The overview is not compressed: the viewer reads it synchronously, and
	 * draws it before the parser goes on to the whole profile.
	 */
	if (k->with_over)
		write_blob(out, "fk-overview", overp, on);
	fputs("<script>\n", out);
	fwrite(fk_asset_viewer_js, 1, fk_asset_viewer_js_len, out);
	fputs("</script>\n<script type=\"application/octet-stream\" id=\"fk-profile\" "
	    "data-encoding=\"raw\">", out);
	free(overp);
	return 0;
}

/* The whole profile's whole 3-byte groups out as base64; the rest stays. */
static void
raw_flush(struct sink *k)
{
	size_t n = k->raw.n - k->raw.n % 3;
	write_base64(k->out, k->raw.p, n);
	memmove(k->raw.p, k->raw.p + n, k->raw.n - n);
	k->raw.n -= n;
}

/* The page up to the whole profile (with a page), then the profile's head, with flags. */
static int
profile_start(struct sink *k, const struct fk_layout *l, unsigned flags)
{
	if (k->out && page_begin(k, l) < 0)
		return k->rc = -1;
	profile_head(&k->raw, l, flags, &k->table, k->nframes);
	k->headed = 1;
	return 0;
}

/* The rest of the whole profile's bytes as base64, and its element's end. */
static void
profile_end(struct sink *k)
{
	write_base64(k->out, k->raw.p, k->raw.n);
	k->raw.n = 0;
	fputs("</script>\n", k->out);
}

/* The rest of the whole profile, and the page's end. */
static int
page_end(struct sink *k, const struct fk_layout *l)
{
	if (!k->headed && profile_start(k, l, k->flags) < 0)
		return -1;
	/* A node table has closed its elements itself. */
	if (!k->by_node)
		profile_end(k);
	fputs("</body>\n</html>\n", k->out);
	if (ferror(k->out))
		return fk_error("cannot write the HTML page");
	return 0;
}

/* A frame the fast path in sink_frame() does not take, and the first. */
static __attribute__((noinline)) int
sink_frame_slow(struct sink *k, const struct fk_layout *l, const struct fk_frame *f,
    uint32_t name)
{
	unsigned char rgb[3];
	const unsigned char *prgb = sink_prepare(k, l, f, k->index++, rgb);
	if (!k->headed) {
		/* The overview is done: the page up to here, then the profile's head. */
		if (profile_start(k, l, k->flags) < 0)
			return k->rc;
		/* Written to a page, coloured by name: most frames take the fast path. */
		k->fast = k->out && !k->per_frame && !l->diff;
	}
	put_frame(&k->raw, l, f, name, k->cur, prgb);
	if (k->out && k->raw.n >= SINK_BLOCK)
		raw_flush(k);
	return k->rc;
}

static int
sink_frame(void *ctx, const struct fk_layout *l, const struct fk_frame *f, uint32_t name)
{
	struct sink *k = ctx;
	/*
	 * Most frames: the depth seen before, room for a record (put_frame()'s
	 * 83 bytes at most).  This runs for every frame of a million-stack
	 * profile: no calls, and the rest kept out of the way.
	 */
	if (!k->fast || f->depth + 2 > k->acur || k->raw.n + 83 > k->raw.alloc)
		return sink_frame_slow(k, l, f, name);
	unsigned char *p = k->raw.p + k->raw.n;
	int64_t *cur = k->cur;
	p = put_place(p, f, name, cur);
	k->raw.n = (size_t)(p - k->raw.p);
	k->index++;
	if (k->raw.n >= SINK_BLOCK)
		raw_flush(k);
	return 0;
}

/*
 * n in the node table's digits: 5 bits a character, the lowest first;
 * '?' to '^' end a number, '_' to '~' go on.  No '<': the text cannot end
 * its element.  At most 13 characters.
 */
static char *
digits_slow(char *p, uint64_t n)
{
	while (n >= 32) {
		*p++ = (char)('_' + (n & 31));
		n >>= 5;
	}
	*p++ = (char)('?' + n);
	return p;
}

/* The digits of every number below 2^15 (3 characters at most), their count last. */
static char digits_small[1 << 15][4];

static void
digits_fill(void)
{
	if (digits_small[0][3])
		return;
	for (uint32_t n = 0; n < 1u << 15; n++)
		digits_small[n][3] = (char)(digits_slow(digits_small[n], n) - digits_small[n]);
}

/* digits_slow() with a table for most numbers; writes 4 bytes there at least. */
static inline char *
digits_at(char *p, uint64_t n)
{
	if (n >= 1u << 15)
		return digits_slow(p, n);
	memcpy(p, digits_small[n], 4);
	return p + digits_small[n][3];
}

/*
 * The profile as a node table (layout.h's tree()): the head as base64,
 * then the nodes as digits, in their own element.  Sorting siblings and
 * placing the frames is left to the viewer: this writes each node once,
 * in memory order.
 */
static int
sink_tree(void *ctx, const struct fk_layout *l, const struct fk_tree_view *t)
{
	struct sink *k = ctx;
	table_finish(k);
	k->by_node = 1;
	if (profile_start(k, l, k->flags | 8u) < 0)
		return k->rc;
	put_uv(&k->raw, (uint64_t)t->rootend);
	put_uv(&k->raw, t->nkeys);
	for (size_t i = 0; i < t->nkeys; i++)
		put_uv(&k->raw, t->rank[i]);
	profile_end(k);
	fputs("<script type=\"text/plain\" id=\"fk-nodes\">", k->out);
	/*
	 * Each node: how far back its parent is (0: the root), its name id,
	 * its total.  Millions of nodes: the root apart, no call per node.
	 */
	char buf[1 << 16];
	digits_fill();
	char *p = digits_at(digits_at(digits_at(buf, 0), 0), (uint64_t)t->total[0]);
	for (size_t i = 1; i < t->n; i++) {
		if (p > buf + sizeof(buf) - 3 * 13) {
			fwrite(buf, 1, (size_t)(p - buf), k->out);
			p = buf;
		}
		uint64_t key = t->key[i];
		p = digits_at(p, i - (key >> 32));
		p = digits_at(p, (uint64_t)(uint32_t)key + 1);
		p = digits_at(p, (uint64_t)t->total[i]);
	}
	fwrite(buf, 1, (size_t)(p - buf), k->out);
	fputs("</script>\n", k->out);
	return k->rc;
}

static void
sink_init(struct sink *k, FILE *out, const struct fk_svg_opts *o, struct fk_colorer *c,
    int with_over)
{
	memset(k, 0, sizeof(*k));
	k->out = out;
	k->o = o;
	k->c = c;
	k->with_over = with_over;
}

static void
sink_release(struct sink *k)
{
	bytes_free(&k->table);
	free(k->ncolor);
	bytes_free(&k->raw);
	bytes_free(&k->over);
	free(k->cur);
	free(k->ocur);
}

/* The frames of l into k, names numbered in order of first use. */
static int
sink_layout(struct sink *k, const struct fk_layout *l)
{
	struct names t;
	uint32_t *frame_name = malloc((l->n ? l->n : 1) * sizeof(*frame_name));
	memset(&t, 0, sizeof(t));
	if (!frame_name)
		return sink_oom(k);
	int rc = names_build(&t, l, frame_name);
	if (rc == 0)
		rc = sink_names(k, l, t.n, l->n);
	for (size_t i = 0; i < t.n && rc == 0; i++) {
		const struct fk_frame *f = &l->frames[t.first[i]];
		rc = sink_name(k, l, (uint32_t)i, f->name, f->len);
	}
	for (size_t i = 0; i < l->n && rc == 0 && k->with_over; i++) {
		const struct fk_frame *f = &l->frames[i];
		if (i == 0 || f->end - f->start >= k->min)
			rc = sink_over(k, l, f, frame_name[i], i);
	}
	for (size_t i = 0; i < l->n && rc == 0; i++)
		rc = sink_frame(k, l, &l->frames[i], frame_name[i]);
	names_release(&t);
	free(frame_name);
	return rc;
}

unsigned char *
fk_html_profile(const struct fk_layout *l, const struct fk_svg_opts *o,
    struct fk_colorer *c, int overview, size_t *n)
{
	struct sink k;
	unsigned char *p = NULL;
	sink_init(&k, NULL, o, c, overview);
	if (sink_layout(&k, l) == 0) {
		if (overview) {
			p = overview_bytes(&k, l, n);
		} else if ((p = malloc(k.raw.n ? k.raw.n : 1))) {
			memcpy(p, k.raw.p, k.raw.n);
			*n = k.raw.n;
		} else {
			sink_oom(&k);
		}
	}
	sink_release(&k);
	return p;
}

int
fk_html_write(FILE *out, const struct fk_layout *l, const struct fk_svg_opts *o,
    struct fk_colorer *c)
{
	struct sink k;
	sink_init(&k, out, o, c, l->n > FK_HTML_OVERVIEW_MIN);
	int rc = sink_layout(&k, l);
	if (rc == 0)
		rc = page_end(&k, l);
	sink_release(&k);
	return rc;
}

/* The visitor's frame count decides the overview only once it is known. */
static int64_t
walk_over_min(void *ctx, const struct fk_layout *l, size_t nframes)
{
	struct sink *k = ctx;
	(void)l;
	k->with_over = nframes > FK_HTML_OVERVIEW_MIN;
	return k->with_over ? k->min : -1;
}

int
fk_html_write_stacks(FILE *out, const struct fk_layout_opts *lo, struct fk_stacks *st,
    const struct fk_svg_opts *o, struct fk_colorer *c)
{
	struct fk_layout l;
	int rc;
	memset(&l, 0, sizeof(l));
	if (!fk_layout_can_walk(lo, st)) {
		rc = fk_layout_build_stacks(&l, lo, st);
		if (rc == 0) {
			rc = fk_html_write(out, &l, o, c);
			fk_layout_release(&l);
		}
		return rc;
	}
	struct sink k;
	sink_init(&k, out, o, c, 0);
	/* Colours by frame (not by name) need the whole frame: no node table. */
	struct fk_layout_visitor v = {&k, sink_names, sink_name, sink_frame, walk_over_min,
		sink_over, c->diffusion || c->random ? NULL : sink_tree};
	rc = fk_layout_walk_stacks(&l, lo, st, &v);
	if (rc == 0)
		rc = page_end(&k, &l);
	fk_layout_release(&l);
	sink_release(&k);
	return rc;
}
