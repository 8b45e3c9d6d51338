/*
 * html.c -- the self-contained HTML viewer page (html.h).
 */
#include "render/html.h"
#include "core/error.h"
#include "core/hash.h"
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

static int
names_build(struct names *t, const struct fk_layout *l, const unsigned char *keep,
    uint32_t *frame_name)
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
		if (keep && !keep[i])
			continue;
		const struct fk_frame *f = &l->frames[i];
		const char *s = i == 0 ? "all" : f->name;
		size_t len = i == 0 ? 3 : f->len;
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
			const char *gs = t->slots[h] == 1 ? "all" : g->name;
			size_t glen = t->slots[h] == 1 ? 3 : g->len;
			if (glen == len && memcmp(gs, s, len) == 0) {
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

unsigned char *
fk_html_profile(const struct fk_layout *l, const struct fk_svg_opts *o,
    struct fk_colorer *c, int overview, size_t *n)
{
	struct bytes b = {0};
	struct names t;
	unsigned char *keep = NULL;
	uint32_t *frame_name = malloc((l->n ? l->n : 1) * sizeof(*frame_name));
	struct fk_rgb *colors = NULL;
	int per_frame = c->diffusion || l->diff || c->random;
	int rc = frame_name ? 0 : fk_error_code(FK_ERR_NOMEM, "out of memory for the HTML profile");

	memset(&t, 0, sizeof(t));
	if (rc == 0 && overview) {
		keep = malloc(l->n ? l->n : 1);
		if (!keep)
			rc = fk_error_code(FK_ERR_NOMEM, "out of memory for the HTML profile");
		for (size_t i = 0; rc == 0 && i < l->n; i++)
			keep[i] = i == 0 || fk_layout_count(l, l->frames[i].end -
			    l->frames[i].start) * l->widthpertime >= 0.1;
	}
	if (rc == 0)
		rc = names_build(&t, l, keep, frame_name);
	/* Colours in frame order, as the SVG picks them (--random draws in that order). */
	if (rc == 0 && !(colors = malloc((l->n ? l->n : 1) * sizeof(*colors))))
		rc = fk_error_code(FK_ERR_NOMEM, "out of memory for the HTML profile");
	for (size_t i = 0; rc == 0 && i < l->n; i++)
		if (!(keep && !keep[i]) && (per_frame || t.first[frame_name[i]] == i))
			colors[i] = fk_colorer_frame(c, l, &l->frames[i]);
	if (rc == 0) {
		put(&b, "FKH1", 4);
		put_uv(&b, (l->diff ? 1u : 0) | (per_frame ? 2u : 0) | (keep ? 4u : 0));
		put_uv(&b, (uint64_t)l->scale);
		rc = settings_json(&b, l, o, c);
	}
	if (rc == 0) {
		put_uv(&b, t.n);
		for (size_t k = 0; k < t.n; k++) {
			const struct fk_frame *f = &l->frames[t.first[k]];
			size_t len = t.first[k] == 0 ? 3 : f->len;
			put_uv(&b, len);
			put(&b, t.first[k] == 0 ? "all" : f->name, len);
		}
		if (!per_frame)
			for (size_t k = 0; k < t.n; k++)
				put_rgb(&b, colors[t.first[k]]);
		size_t kept = l->n;
		if (keep) {
			kept = 0;
			for (size_t i = 0; i < l->n; i++)
				kept += keep[i];
		}
		put_uv(&b, kept);
		size_t prev = 0;
		/* Where the next child of the frame at each depth starts, for the gaps. */
		int64_t *cur = calloc((size_t)l->depthmax + 2, sizeof(*cur));
		if (!cur)
			b.oom = 1;
		for (size_t i = 0; i < l->n; i++) {
			if (keep && !keep[i])
				continue;
			const struct fk_frame *f = &l->frames[i];
			put_uv(&b, f->depth);
			put_uv(&b, frame_name[i]);
			put_uv(&b, (uint64_t)(f->end - f->start));
			if (cur) {
				put_uv(&b, (uint64_t)(f->start - (f->depth ? cur[f->depth] : 0)));
				cur[f->depth] = f->end;
				cur[f->depth + 1] = f->start;
			}
			if (l->diff) {
				put_uv(&b, (uint64_t)f->before);
				put_uv(&b, (uint64_t)f->after);
				put_sv(&b, f->delta);
				put_uv(&b, f->mark);
			}
			if (per_frame)
				put_rgb(&b, colors[i]);
			if (keep) {
				put_uv(&b, i - prev);
				prev = i;
			}
		}
		free(cur);
		if (b.oom)
			rc = fk_error_code(FK_ERR_NOMEM, "out of memory for the HTML profile");
	}
	names_release(&t);
	free(keep);
	free(frame_name);
	free(colors);
	if (rc < 0) {
		free(b.p);
		return NULL;
	}
	*n = b.n;
	return b.p;
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
 * One profile as a data element: zlib-compressed when that is smaller
 * (the viewer inflates it with DecompressionStream("deflate")).
 */
static int
write_blob(FILE *out, const char *id, const unsigned char *p, size_t n)
{
	uLongf zn = compressBound(n);
	unsigned char *z = malloc(zn);
	/* Level 1 on large profiles: writing stays faster than the SVG's. */
	int level = n > (4u << 20) ? 1 : 6;
	int zipped = z && compress2(z, &zn, p, n, level) == Z_OK && zn < n;
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
	size_t n = 0, on = 0;
	unsigned char *full = NULL, *over = NULL;
	/* The overview first: --random colours are drawn in the SVG's order for the full profile. */
	if (l->n > FK_HTML_OVERVIEW_MIN && !c->random) {
		struct fk_colorer oc = *c;
		if (!(over = fk_html_profile(l, o, &oc, 1, &on)))
			return -1;
	}
	if (!(full = fk_html_profile(l, o, c, 0, &n))) {
		free(over);
		return -1;
	}
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
	if (over)
		write_blob(out, "fk-overview", over, on);
	fputs("<script>\n", out);
	fwrite(fk_asset_viewer_js, 1, fk_asset_viewer_js_len, out);
	fputs("</script>\n", out);
	write_blob(out, "fk-profile", full, n);
	fputs("</body>\n</html>\n", out);
	free(over);
	free(full);
	if (ferror(out))
		return fk_error("cannot write the HTML page");
	return 0;
}
