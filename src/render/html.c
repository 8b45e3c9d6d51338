/*
 * html.c -- the self-contained HTML viewer page (html.h).
 */
#include "render/html.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/num.h"
#include "render/html_assets.h"
#include "render/json_write.h"
#include "render/style.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

/* A growing byte buffer; a failed allocation sticks in oom. */
struct bytes {
	unsigned char *p;
	size_t n, alloc;
	int oom;
};

static int
bytes_room(struct bytes *b, size_t k)
{
	if (b->oom)
		return -1;
	if (b->n + k <= b->alloc)
		return 0;
	size_t a = b->alloc ? b->alloc : 4096;
	while (a < b->n + k)
		a *= 2;
	unsigned char *p = realloc(b->p, a);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->alloc = a;
	return 0;
}

static void
put(struct bytes *b, const void *s, size_t k)
{
	if (bytes_room(b, k) == 0) {
		memcpy(b->p + b->n, s, k);
		b->n += k;
	}
}

static void
put_uv(struct bytes *b, uint64_t v)
{
	if (bytes_room(b, 10) < 0)
		return;
	do {
		unsigned char c = v & 0x7f;
		v >>= 7;
		b->p[b->n++] = c | (v ? 0x80 : 0);
	} while (v);
}

static void
put_sv(struct bytes *b, int64_t v)
{
	put_uv(b, v < 0 ? ((~(uint64_t)v) << 1) | 1 : (uint64_t)v << 1);
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

/*
 * Number the names of l's frames into frame_name, and count the frames at
 * least min wide into *nwide (one walk over the frames for both).
 */
static int
names_build(struct names *t, const struct fk_layout *l, uint32_t *frame_name,
    int64_t min, size_t *nwide)
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
	*nwide = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct fk_frame *f = &l->frames[i];
		*nwide += i == 0 || f->end - f->start >= min;
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

/* One profile being written (the whole one, or the overview). */
struct profile {
	struct bytes b;
	int64_t *cur;     /* where the next child of the frame at each depth starts */
	size_t prev;      /* the overview: the last frame's index in the whole profile */
	size_t nframes;
};

static void
profile_head(struct profile *pr, const struct fk_layout *l, unsigned flags,
    const struct bytes *table, size_t nframes)
{
	put(&pr->b, "FKH1", 4);
	put_uv(&pr->b, flags);
	put_uv(&pr->b, (uint64_t)l->scale);
	put(&pr->b, table->p, table->n);
	put_uv(&pr->b, nframes);
	pr->cur = calloc((size_t)l->depthmax + 2, sizeof(*pr->cur));
	if (!pr->cur)
		pr->b.oom = 1;
}

static void
profile_frame(struct profile *pr, const struct fk_layout *l, size_t i, uint32_t name,
    int per_frame, struct fk_rgb col, int mapped)
{
	const struct fk_frame *f = &l->frames[i];
	struct bytes *b = &pr->b;
	if (!pr->cur)
		return;
	put_uv(b, f->depth);
	put_uv(b, name);
	put_uv(b, (uint64_t)(f->end - f->start));
	put_uv(b, (uint64_t)(f->start - (f->depth ? pr->cur[f->depth] : 0)));
	pr->cur[f->depth] = f->end;
	pr->cur[f->depth + 1] = f->start;
	if (l->diff) {
		put_uv(b, (uint64_t)f->before);
		put_uv(b, (uint64_t)f->after);
		put_sv(b, f->delta);
		put_uv(b, f->mark);
	}
	if (per_frame)
		put_rgb(b, col);
	if (mapped) {
		put_uv(b, i - pr->prev);
		pr->prev = i;
	}
}

/*
 * Both profiles in one walk: the whole one into full, and the overview
 * into over when it is not NULL.  Names and their colours are shared.
 */
static int
profiles(const struct fk_layout *l, const struct fk_svg_opts *o, struct fk_colorer *c,
    struct bytes *full, struct bytes *over)
{
	struct names t;
	struct bytes table = {0};
	struct profile pf = {0}, po = {0};
	uint32_t *frame_name = malloc((l->n ? l->n : 1) * sizeof(*frame_name));
	struct fk_rgb *ncolor = NULL;
	int per_frame = c->diffusion || l->diff || c->random;
	int rc = frame_name ? 0 : fk_error_code(FK_ERR_NOMEM, "out of memory for the HTML profile");
	/* Frames at least 0.1 pixel wide, in counts at the layout's scale. */
	double minc = ceil(0.1 / (l->widthpertime > 0 ? l->widthpertime : 1) *
	    (double)fk_pow10(l->scale));
	int64_t min = minc < 9e18 ? (int64_t)minc : INT64_MAX;
	size_t nover = 0;

	memset(&t, 0, sizeof(t));
	if (rc == 0)
		rc = names_build(&t, l, frame_name, min, &nover);
	if (rc == 0 && !per_frame && !(ncolor = malloc((t.n ? t.n : 1) * sizeof(*ncolor))))
		rc = fk_error_code(FK_ERR_NOMEM, "out of memory for the HTML profile");
	if (rc == 0) {
		rc = settings_json(&table, l, o, c);
		put_uv(&table, t.n);
		for (size_t k = 0; k < t.n; k++) {
			const struct fk_frame *f = &l->frames[t.first[k]];
			size_t len = t.first[k] == 0 ? 3 : f->len;
			put_uv(&table, len);
			put(&table, t.first[k] == 0 ? "all" : f->name, len);
			/* A name's colour is its first frame's, as the SVG caches it. */
			if (ncolor)
				ncolor[k] = fk_colorer_frame(c, l, f);
		}
		if (ncolor)
			for (size_t k = 0; k < t.n; k++)
				put_rgb(&table, ncolor[k]);
	}
	if (rc == 0) {
		unsigned flags = (l->diff ? 1u : 0) | (per_frame ? 2u : 0);
		profile_head(&pf, l, flags, &table, l->n);
		if (over)
			profile_head(&po, l, flags | 4u, &table, nover);
		for (size_t i = 0; i < l->n; i++) {
			const struct fk_frame *f = &l->frames[i];
			struct fk_rgb col = {0, 0, 0};
			if (per_frame)
				col = fk_colorer_frame(c, l, f);
			profile_frame(&pf, l, i, frame_name[i], per_frame, col, 0);
			if (over && (i == 0 || f->end - f->start >= min))
				profile_frame(&po, l, i, frame_name[i], per_frame, col, 1);
		}
		if (pf.b.oom || po.b.oom || table.oom)
			rc = fk_error_code(FK_ERR_NOMEM, "out of memory for the HTML profile");
	}
	names_release(&t);
	free(frame_name);
	free(ncolor);
	free(table.p);
	free(pf.cur);
	free(po.cur);
	*full = pf.b;
	if (over)
		*over = po.b;
	return rc;
}

unsigned char *
fk_html_profile(const struct fk_layout *l, const struct fk_svg_opts *o,
    struct fk_colorer *c, int overview, size_t *n)
{
	struct bytes full = {0}, over = {0};
	if (profiles(l, o, c, &full, overview ? &over : NULL) < 0) {
		free(full.p);
		free(over.p);
		return NULL;
	}
	if (overview) {
		free(full.p);
		full = over;
	}
	*n = full.n;
	return full.p;
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Write p[0, n) as base64, in blocks. */
static void
write_base64(FILE *out, const unsigned char *p, size_t n)
{
	char buf[4096];
	size_t k = 0;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		buf[k++] = b64[v >> 18];
		buf[k++] = b64[(v >> 12) & 63];
		buf[k++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		buf[k++] = i + 2 < n ? b64[v & 63] : '=';
		if (k + 4 > sizeof(buf)) {
			fwrite(buf, 1, k, out);
			k = 0;
		}
	}
	fwrite(buf, 1, k, out);
}

/*
 * One profile as a data element: with zip, zlib-compressed when that is
 * smaller (the viewer inflates it with DecompressionStream("deflate")).
 */
static int
write_blob(FILE *out, const char *id, const unsigned char *p, size_t n, int zip)
{
	uLongf zn = compressBound(n);
	unsigned char *z = zip ? malloc(zn) : NULL;
	/*
	 * Level 1: on these varints it compresses about as well as 6 (1% larger)
	 * in a third of the time, and writing is meant to be as fast as the SVG's.
	 */
	int zipped = z && compress2(z, &zn, p, n, 1) == Z_OK && zn < n;
	fprintf(out, "<script type=\"application/octet-stream\" id=\"%s\" "
	    "data-encoding=\"%s\" data-size=\"%zu\">", id, zipped ? "deflate" : "raw", n);
	if (zipped)
		write_base64(out, z, zn);
	else
		write_base64(out, p, n);
	fputs("</script>\n", out);
	free(z);
	return 0;
}

int
fk_html_write(FILE *out, const struct fk_layout *l, const struct fk_svg_opts *o,
    struct fk_colorer *c)
{
	struct bytes full = {0}, over = {0};
	int has_over = l->n > FK_HTML_OVERVIEW_MIN;
	if (profiles(l, o, c, &full, has_over ? &over : NULL) < 0) {
		free(full.p);
		free(over.p);
		return -1;
	}
	size_t n = full.n, on = over.n;
	unsigned char *fullp = full.p, *overp = over.p;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"flamekit flame-graph\">\n"
	    "<title>Flame graph</title>\n<style>\n", out);
	fwrite(fk_asset_viewer_css, 1, fk_asset_viewer_css_len, out);
	fprintf(out, "</style>\n</head>\n<body class=\"%s\">\n"
	    "<noscript>This flame graph needs JavaScript.</noscript>\n",
	    o->style.dark ? "dark" : "light");
	/*
	 * The overview is not compressed: the viewer reads it synchronously, and
	 * draws it before the parser goes on to the whole profile.
	 */
	if (has_over)
		write_blob(out, "fk-overview", overp, on, 0);
	fputs("<script>\n", out);
	fwrite(fk_asset_viewer_js, 1, fk_asset_viewer_js_len, out);
	fputs("</script>\n", out);
	write_blob(out, "fk-profile", fullp, n, 1);
	fputs("</body>\n</html>\n", out);
	free(overp);
	free(fullp);
	if (ferror(out))
		return fk_error("cannot write the HTML page");
	return 0;
}
