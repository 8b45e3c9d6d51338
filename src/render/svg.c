#include "core/bigmem.h"
#include "render/svg.h"
#include "core/arena.h"
#include "core/error.h"
#include "core/hash.h"
#include "render/legend.h"
#include "render/png.h"
#include "render/svg_assets.h"
#include "render/text.h"
#include "core/util.h"
#include "core/xmllib.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


void
fk_svg_opts_init(struct fk_svg_opts *o)
{
	memset(o, 0, sizeof(*o));
	fk_draw_style_init(&o->style);
	o->countname = "samples";
	o->nametype = "Function:";
	o->search_color = "rgb(230,0,230)";
	o->factor = 1;
}

/*
 * Output buffer for the frames: a big block (bigmem.h) once it holds a
 * megabyte, so that filling it costs a huge-page fault, not 256.  Freed
 * with buf_release().
 */

struct buf {
	char *p;
	size_t n, cap;
};

static void
buf_need(struct buf *b, size_t more)
{
	if (b->n + more <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 1 << 16;
	while (cap < b->n + more) {
		if (cap > SIZE_MAX / 2)
			fk_out_of_memory(SIZE_MAX);
		cap *= 2;
	}
	b->p = fk_bigmem_realloc(b->p, b->cap, cap);
	b->cap = cap;
}

static void
buf_release(struct buf *b)
{
	fk_bigmem_free(b->p, b->cap);
	memset(b, 0, sizeof(*b));
}

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	buf_need(b, n);
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3)))
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	buf_need(b, 64);
	va_start(ap, fmt);
	int k = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
	va_end(ap);
	if (k >= 0 && (size_t)k >= b->cap - b->n) {
		buf_need(b, (size_t)k + 1);
		va_start(ap, fmt);
		vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
	}
	if (k > 0)
		b->n += (size_t)k;
}

static void
buf_fixed(struct buf *b, double v, int dec)
{
	buf_need(b, 64);
	b->n += fk_text_fixed(b->p + b->n, v, dec);
}

/* Perl's default number to string conversion (%.15g), fast for halves. */
static void
buf_num(struct buf *b, double v)
{
	if (fabs(v) < 1e15 && v * 2 == floor(v * 2)) {
		buf_fixed(b, v, v == floor(v) ? 0 : 1);
		return;
	}
	buf_printf(b, "%.15g", v);
}

static size_t
u8(char *o, unsigned v)
{
	size_t n = 0;
	if (v >= 100)
		o[n++] = (char)('0' + v / 100);
	if (v >= 10)
		o[n++] = (char)('0' + v / 10 % 10);
	o[n++] = (char)('0' + v % 10);
	return n;
}

/* "rgb(R,G,B)" */
static size_t
fk__rgb_format(char *o, struct fk_rgb c)
{
	size_t n = 0;
	memcpy(o, "rgb(", 4);
	n = 4;
	n += u8(o + n, c.r);
	o[n++] = ',';
	n += u8(o + n, c.g);
	o[n++] = ',';
	n += u8(o + n, c.b);
	o[n++] = ')';
	return n;
}

/* Escaping, once per distinct name. */

struct name_info {
	const char *raw;         /* key */
	uint32_t rawlen;
	uint64_t hash;
	char *esc;               /* cleaned, annotation stripped, escaped; arena */
	uint32_t esclen;
	uint32_t nchars;         /* characters of the cleaned stripped name */
	struct fk_rgb color;
	int has_color;
	const struct fk_nameattr_set *attrs;
};

struct name_cache {
	struct name_info *slots;
	size_t mask, n;
	struct fk_arena arena;
	char *clean;
	size_t aclean;
};

static struct name_info *
cache_slot(struct name_cache *c, const char *name, size_t len, uint64_t h)
{
	size_t i = h & c->mask;
	for (;;) {
		struct name_info *e = &c->slots[i];
		if (!e->raw || (e->hash == h && e->rawlen == len &&
		    memcmp(e->raw, name, len) == 0))
			return e;
		i = (i + 1) & c->mask;
	}
}

static struct name_info *
cache_get(struct name_cache *c, const char *name, size_t len,
    const struct fk_svg_nameattr *na)
{
	uint64_t h = fk_hash_bytes(name, len, 0);
	struct name_info *e = cache_slot(c, name, len, h);
	if (e->raw)
		return e;
	if (2 * (c->n + 1) > c->mask) {
		struct name_info *old = c->slots;
		size_t omask = c->mask;
		c->mask = 2 * c->mask + 1;
		c->slots = fk_bigmem_alloc((c->mask + 1) * sizeof(*c->slots));
		for (size_t i = 0; i <= omask; i++)
			if (old[i].raw)
				*cache_slot(c, old[i].raw, old[i].rawlen, old[i].hash) = old[i];
		fk_bigmem_free(old, (omask + 1) * sizeof(*old));
		e = cache_slot(c, name, len, h);
	}
	c->n++;
	e->raw = name;
	e->rawlen = (uint32_t)len;
	e->hash = h;
	if (3 * len + 1 > c->aclean) {
		c->aclean = 3 * len + 1;
		c->clean = fk_xrealloc(c->clean, c->aclean);
	}
	size_t n = fk_text_clean(name, len, c->clean);
	n = fk_palette_strip_annotation(c->clean, n);
	c->clean[n] = '\0';
	e->nchars = (uint32_t)fk_text_utf8_count(c->clean, n);
	xmlChar *x = FK_XML(xmlEncodeSpecialChars)(NULL, (const xmlChar *)c->clean);
	size_t xl = strlen((const char *)x);
	e->esc = fk_arena_strndup(&c->arena, (const char *)x, xl);
	e->esclen = (uint32_t)xl;
	FK_XML_FREE(x);
	e->attrs = fk_svg_nameattr_find(na, name, len);
	return e;
}

/*
 * Bytes of the escaped text that hold its first k characters; an entity
 * such as "&amp;" is one character.
 */
static size_t
esc_prefix(const char *s, size_t n, size_t k)
{
	size_t i = 0;
	while (i < n && k > 0) {
		if (s[i] == '&') {
			const char *semi = memchr(s + i, ';', n - i);
			i = semi ? (size_t)(semi - s) + 1 : i + 1;
		} else {
			i++;
			while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
				i++;
		}
		k--;
	}
	return i;
}

/* "1234567" -> "1,234,567" (perlfaq5). */
static void
buf_commas(struct buf *b, const char *digits)
{
	size_t n = strlen(digits), i = 0;
	if (digits[0] == '-') {
		buf_add(b, "-", 1);
		i = 1;
	}
	for (; i < n; i++) {
		buf_add(b, digits + i, 1);
		size_t left = n - i - 1;
		if (left > 0 && left % 3 == 0)
			buf_add(b, ",", 1);
	}
}

/* The value fk_text_fixed() prints, as a double (what Perl reads back). */
static double
round_fixed(char *tmp, double v, int dec)
{
	static const double pw[] = {1, 10, 100};
	size_t n = fk_text_fixed(tmp, v, dec);
	if (!(fabs(v) < 1e15))
		return strtod(tmp, NULL);
	int64_t q = 0;
	for (size_t i = tmp[0] == '-'; i < n; i++)
		if (tmp[i] != '.')
			q = q * 10 + (tmp[i] - '0');
	double r = (double)q / pw[dec];
	return tmp[0] == '-' ? -r : r;
}

/* Attribute-safe text (for nameattr values): cleaned and escaped. */
static void
buf_escaped(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	char *c = fk_xmalloc(3 * n + 1);
	n = fk_text_clean(s, n, c);
	c[n] = '\0';
	xmlChar *x = FK_XML(xmlEncodeSpecialChars)(NULL, (const xmlChar *)c);
	buf_str(b, (const char *)x);
	FK_XML_FREE(x);
	free(c);
}

/*
 * g_extra / a_extra attributes (nameattr.h checked their names), values
 * escaped; a name that skip[0, nskip) holds is written there already.
 */
static void
buf_extras(struct buf *b, const struct fk_nameattr_extra *v, size_t n,
    const struct fk_nameattr_extra *skip, size_t nskip)
{
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		for (size_t k = 0; k < nskip && !dup; k++)
			dup = strcmp(v[i].name, skip[k].name) == 0;
		if (dup)
			continue;
		buf_str(b, " ");
		buf_str(b, v[i].name);
		buf_str(b, "=\"");
		buf_escaped(b, v[i].value);
		buf_str(b, "\"");
	}
}

struct frame_ctx {
	const struct fk_layout *l;
	const struct fk_svg_opts *o;
	struct fk_colorer *c;
	const struct fk_svg_nameattr *nameattr;
	struct name_cache cache;
	double total;            /* timemax * factor */
	const char *countname;   /* cleaned and escaped */
	int readable;            /* time or bytes: "1.31 s" in titles, exact counts in data-c */
};

static void
write_frame(struct buf *b, struct frame_ctx *fc, const struct fk_frame *f)
{
	const struct fk_layout *l = fc->l;
	const struct fk_svg_opts *o = fc->o;
	struct name_info *ni = cache_get(&fc->cache, f->name, f->len, fc->nameattr);
	double x1, x2, y1, y2;
	char t1[64], t2[64], num[64];
	fk_layout_box(l, f, &x1, &x2, &y1, &y2);

	/* The group, with facts the title does not carry. */
	const struct fk_nameattr_set *a = ni->attrs;
	if (a && a->href) {
		buf_str(b, "<a xlink:href=\"");
		buf_escaped(b, a->href);
		buf_str(b, "\" target=\"");
		buf_escaped(b, a->target ? a->target : "_top");
		buf_str(b, "\"");
		buf_extras(b, a->a_extra, a->na_extra, NULL, 0);
	} else {
		buf_str(b, "<g");
	}
	if (a && a->id) {
		buf_str(b, " id=\"");
		buf_escaped(b, a->id);
		buf_str(b, "\"");
	}
	if (a && a->class) {
		buf_str(b, " class=\"");
		buf_escaped(b, a->class);
		buf_str(b, "\"");
	}
	/* As flamegraph.pl: with a link, the <a> carries g_extra too. */
	if (a)
		buf_extras(b, a->g_extra, a->ng_extra, a->href ? a->a_extra : NULL,
		    a->href ? a->na_extra : 0);
	int64_t width = f->end - f->start;
	/* Leaves (all self) and callers without self time need no attribute. */
	int kids = f + 1 < l->frames + l->n && (f + 1)->parent == f - l->frames;
	if (f->self != (kids ? 0 : width)) {
		buf_str(b, " data-s=\"");
		buf_fixed(b, fk_layout_count(l, f->self) * o->factor, 0);
		buf_str(b, "\"");
	}
	if (f->narrow)
		buf_printf(b, " data-n=\"%u\"", f->narrow);
	if (l->diff) {
		/* Inclusive counts of both columns; the details bar shows them. */
		int dec = l->scale > 2 ? 2 : l->scale;
		buf_str(b, " data-b=\"");
		buf_fixed(b, fk_layout_count(l, f->before) * o->factor, dec);
		buf_str(b, "\" data-a=\"");
		buf_fixed(b, fk_layout_count(l, f->after) * o->factor, dec);
		buf_str(b, "\"");
		if (f->mark)
			buf_str(b, f->mark == FK_FRAME_NEW ? " data-m=\"new\"" : " data-m=\"gone\"");
	}
	double samples = round_fixed(num, fk_layout_count(l, width) * o->factor, 0);
	if (fc->readable) {
		buf_str(b, " data-c=\"");
		buf_str(b, num);
		buf_str(b, "\"");
	}
	buf_str(b, "><title>");

	/* The title, exactly as flamegraph.pl writes it, or with a readable figure. */
	char fig[64];
	if (fc->readable)
		fk_unit_readable(&o->unit, samples, fig, sizeof(fig));
	if (a && a->title) {
		buf_escaped(b, a->title);
	} else if (f->depth == 0) {
		buf_str(b, "all (");
		if (fc->readable) {
			buf_str(b, fig);
		} else {
			buf_commas(b, num);
			buf_str(b, " ");
			buf_str(b, fc->countname);
		}
		buf_str(b, ", 100%)");
	} else {
		buf_add(b, ni->esc, ni->esclen);
		buf_str(b, " (");
		if (fc->readable) {
			buf_str(b, fig);
		} else {
			buf_commas(b, num);
			buf_str(b, " ");
			buf_str(b, fc->countname);
		}
		buf_str(b, ", ");
		buf_fixed(b, 100 * samples / fc->total, 2);
		buf_str(b, "%");
		if (l->diff) {
			double d = fk_layout_count(l, f->delta);
			if (fc->c->negate)
				d = -d;
			if (d == 0)
				d = 0;   /* no "-0.00" */
			buf_str(b, d > 0 ? "; +" : "; ");
			buf_fixed(b, 100 * d / fc->total, 2);
			buf_str(b, "%");
		}
		buf_str(b, ")");
	}
	buf_str(b, "</title>");

	/* The box. */
	struct fk_rgb col;
	if (fc->c->diffusion || l->diff || fc->c->random) {
		col = fk_colorer_frame(fc->c, l, f);
	} else {
		if (!ni->has_color) {
			ni->color = fk_colorer_frame(fc->c, l, f);
			ni->has_color = 1;
		}
		col = ni->color;
	}
	double rx1 = round_fixed(t1, x1, 1);
	double rx2 = round_fixed(t2, x2, 1);
	buf_str(b, "<rect x=\"");
	buf_str(b, t1);
	buf_str(b, "\" y=\"");
	buf_num(b, y1);
	buf_str(b, "\" width=\"");
	char wbuf[64];
	fk_text_fixed(wbuf, rx2 - rx1, 1);
	buf_str(b, wbuf);
	buf_str(b, "\" height=\"");
	buf_fixed(b, y2 - y1, 1);
	buf_str(b, "\" fill=\"");
	buf_need(b, 32);
	b->n += fk__rgb_format(b->p + b->n, col);
	buf_str(b, "\" rx=\"2\" ry=\"2\"");
	/* Narrow new and gone frames: a thin stroke (style.h), set by the stylesheet. */
	if (fk_draw_outline(f->mark, strtod(wbuf, NULL)) == FK_OUTLINE_THIN)
		buf_str(b, " class=\"thin\"");
	buf_str(b, "/>");

	/* The label: as many characters as fit, ".." when cut, black or white on the fill. */
	buf_str(b, "<text x=\"");
	buf_fixed(b, x1 + 3, 2);
	buf_str(b, "\" y=\"");
	buf_num(b, 3 + (y1 + y2) / 2);
	struct fk_rgb ink = fk_draw_label_color(col);
	if (ink.r | ink.g | ink.b) {
		/* Inline: the stylesheet's black for #frames text would win over an attribute. */
		buf_str(b, "\" style=\"fill:");
		buf_need(b, 32);
		b->n += fk__rgb_format(b->p + b->n, ink);
	}
	buf_str(b, "\">");
	double chars = fk_text_fit(x2 - x1, o->style.fontsize, o->style.fontwidth);
	if (chars >= 3 && f->depth > 0) {
		if (chars >= ni->nchars) {
			buf_add(b, ni->esc, ni->esclen);
		} else {
			size_t k = (size_t)chars;
			buf_add(b, ni->esc, esc_prefix(ni->esc, ni->esclen, k - 2));
			buf_str(b, "..");
		}
	}
	buf_str(b, a && a->href ? "</text></a>\n" : "</text></g>\n");
}

/* libxml2 output into our FILE. */

static int
out_write(void *ctx, const char *p, int n)
{
	FILE *fp = ctx;
	if (n > 0 && fwrite(p, 1, (size_t)n, fp) != (size_t)n)
		return -1;
	return n;
}

static int
out_close(void *ctx)
{
	(void)ctx;
	return 0;
}

#define W(call) do { if ((call) < 0) goto fail; } while (0)

static void
css_safe(char *s)
{
	for (; *s; s++)
		if (strchr("{};<>\"\\", *s))
			*s = ' ';
}

/* Comment text must not hold "--" or end in "-". */
static char *
comment_safe(const char *s)
{
	size_t n = strlen(s);
	char *c = fk_xmalloc(6 * n + 2), *d = fk_xmalloc(6 * n + 2);
	n = fk_text_clean(s, n, c);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		d[o++] = c[i];
		if (c[i] == '-' && (i + 1 == n || c[i + 1] == '-'))
			d[o++] = ' ';
	}
	d[o] = '\0';
	free(c);
	return d;
}

static char *
text_clean(const char *s)
{
	size_t n = strlen(s);
	char *c = fk_xmalloc(3 * n + 1);
	n = fk_text_clean(s, n, c);
	c[n] = '\0';
	return c;
}

static int
write_text(xmlTextWriterPtr w, const char *id, double x, double y,
    const char *text, const char *cls)
{
	char num[64];
	W(FK_XML(xmlTextWriterStartElement)(w, BAD_CAST "text"));
	if (id)
		W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "id", BAD_CAST id));
	if (cls)
		W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "class", BAD_CAST cls));
	snprintf(num, sizeof(num), "%.2f", x);
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "x", BAD_CAST num));
	snprintf(num, sizeof(num), "%.15g", y);
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "y", BAD_CAST num));
	char *t = text_clean(text);
	int rc = FK_XML(xmlTextWriterWriteString)(w, BAD_CAST t);
	free(t);
	W(rc);
	W(FK_XML(xmlTextWriterEndElement)(w));
	W(FK_XML(xmlTextWriterWriteRaw)(w, BAD_CAST "\n"));
	return 0;
fail:
	return -1;
}

static int
attr_num(xmlTextWriterPtr w, const char *name, double v)
{
	char num[64];
	snprintf(num, sizeof(num), "%.15g", v);
	return FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST name, BAD_CAST num);
}

static int
attr_str(xmlTextWriterPtr w, const char *name, const char *v)
{
	char *t = text_clean(v);
	int rc = FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST name, BAD_CAST t);
	free(t);
	return rc;
}

/* The legend (legend.h) as <g id="legend">: swatches and texts in the UI colour. */
static int
write_legend(xmlTextWriterPtr w, const struct fk_legend *lg)
{
	char col[32];
	W(FK_XML(xmlTextWriterStartElement)(w, BAD_CAST "g"));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "id", BAD_CAST "legend"));
	W(FK_XML(xmlTextWriterWriteRaw)(w, BAD_CAST "\n"));
	for (size_t i = 0; i < lg->n; i++) {
		const struct fk_legend_item *it = &lg->items[i];
		if (it->swatch) {
			W(FK_XML(xmlTextWriterStartElement)(w, BAD_CAST "rect"));
			W(attr_num(w, "x", it->x));
			W(attr_num(w, "y", it->y));
			W(attr_num(w, "width", lg->swatch));
			W(attr_num(w, "height", lg->swatch));
			col[fk__rgb_format(col, it->fill)] = '\0';
			W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "fill", BAD_CAST col));
			int framed = it->outline == FK_OUTLINE_SOLID || it->outline == FK_OUTLINE_DASHED;
			W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "stroke",
			    BAD_CAST (framed ? "rgb(0,0,0)" : "rgb(128,128,128)")));
			W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "stroke-width",
			    BAD_CAST (framed ? "1" : "0.5")));
			if (it->outline == FK_OUTLINE_DASHED)
				W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "stroke-dasharray", BAD_CAST "3,2"));
			W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "rx", BAD_CAST "2"));
			W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "ry", BAD_CAST "2"));
			W(FK_XML(xmlTextWriterEndElement)(w));
		}
		W(write_text(w, NULL, it->text_x, it->text_y, it->text, NULL));
	}
	W(FK_XML(xmlTextWriterEndElement)(w));
	W(FK_XML(xmlTextWriterWriteRaw)(w, BAD_CAST "\n"));
	return 0;
fail:
	return -1;
}

int
fk_svg_write(FILE *out, const struct fk_layout *l, const struct fk_svg_opts *o,
    const struct fk_svg_nameattr *nameattr, struct fk_colorer *c)
{
	if (fk_xmllib_get("SVG output") == NULL)
		return -1;
	xmlCharEncodingHandlerPtr enc = NULL;
	if (o->encoding && strcasecmp(o->encoding, "utf-8") != 0 &&
	    strcasecmp(o->encoding, "utf8") != 0) {
		/*
		 * libxml2's "UTF-16" handler writes its byte order mark twice;
		 * its UTF-16LE one writes the mark once, which "UTF-16" needs.
		 */
		int utf16 = strcasecmp(o->encoding, "utf-16") == 0 || strcasecmp(o->encoding, "utf16") == 0;
		enc = FK_XML(xmlFindCharEncodingHandler)(utf16 ? "UTF-16LE" : o->encoding);
		if (!enc)
			return fk_error_code(FK_ERR_USAGE, "unknown encoding '%s'", o->encoding);
	}
	char bg1[8], bg2[8];
	if (fk_draw_background(&o->style, c->palette, bg1, bg2) < 0)
		return -1;

	xmlOutputBufferPtr ob = FK_XML(xmlOutputBufferCreateIO)(out_write, out_close, out, enc);
	if (!ob)
		return fk_error_code(FK_ERR_NOMEM, "cannot create the SVG writer");
	xmlTextWriterPtr w = FK_XML(xmlNewTextWriter)(ob);
	if (!w) {
		FK_XML(xmlOutputBufferClose)(ob);
		return fk_error_code(FK_ERR_NOMEM, "cannot create the SVG writer");
	}
	struct frame_ctx fc = {.l = l, .o = o, .c = c, .nameattr = nameattr};
	struct buf b = {0};
	char num[64];
	const char *title = o->style.title;
	if (!title || !*title)
		title = o->style.flamechart ? "Flame Chart" : l->inverted ? "Icicle Graph" : "Flame Graph";
	int has_sub = o->style.subtitle && *o->style.subtitle;
	const char *ui = o->style.uicolor ? o->style.uicolor : o->style.dark ? "rgb(220,220,220)" : "rgb(0,0,0)";
	struct fk_legend lg;
	fk_legend_build(&lg, l, c, &o->style);
	/* The graph's height, and the image's with the legend's band below it. */
	double W_ = l->image_width, Hg = l->image_height, H = Hg + lg.height;

	W(FK_XML(xmlTextWriterStartDocument)(w, "1.0", enc ? o->encoding : NULL, "no"));
	W(FK_XML(xmlTextWriterWriteDTD)(w, BAD_CAST "svg", BAD_CAST "-//W3C//DTD SVG 1.1//EN",
	    BAD_CAST "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd", NULL));
	W(FK_XML(xmlTextWriterWriteRaw)(w, BAD_CAST "\n"));
	W(FK_XML(xmlTextWriterStartElement)(w, BAD_CAST "svg"));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "version", BAD_CAST "1.1"));
	W(attr_num(w, "width", W_));
	W(attr_num(w, "height", H));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "onload", BAD_CAST "init(evt)"));
	snprintf(num, sizeof(num), "0 0 %.15g %.15g", W_, H);
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "viewBox", BAD_CAST num));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "xmlns", BAD_CAST "http://www.w3.org/2000/svg"));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "xmlns:xlink",
	    BAD_CAST "http://www.w3.org/1999/xlink"));
	/* Settings for the script. */
	W(attr_num(w, "data-xpad", l->xpad));
	W(attr_num(w, "data-fontsize", o->style.fontsize));
	W(attr_num(w, "data-fontwidth", o->style.fontwidth));
	W(attr_num(w, "data-inverted", l->inverted));
	W(attr_num(w, "data-factor", o->factor));
	W(attr_str(w, "data-nametype", o->nametype));
	W(attr_str(w, "data-countname", o->countname));
	if (o->unit.kind == FK_UNIT_TIME || o->unit.kind == FK_UNIT_BYTES)
		W(attr_str(w, "data-unit", o->unit.name));
	W(attr_str(w, "data-searchcolor", o->search_color));
	{
		/* The label colour on a search match, when the search colour is one the writers parse. */
		struct fk_rgb sc;
		if (fk_png_parse_color(o->search_color, &sc) == 0) {
			char ink[32];
			ink[fk__rgb_format(ink, fk_draw_label_color(sc))] = '\0';
			W(attr_str(w, "data-searchlabel", ink));
		}
	}
	W(attr_num(w, "data-outlinemin", FK_DRAW_OUTLINE_MIN_WIDTH));
	W(FK_XML(xmlTextWriterWriteRaw)(w, BAD_CAST "\n"));
	W(FK_XML(xmlTextWriterWriteComment)(w, BAD_CAST " Flame graph stack visualization, made by "
	    "flamekit; frame layout and titles follow "
	    "https://github.com/brendangregg/FlameGraph "));
	W(FK_XML(xmlTextWriterWriteRaw)(w, BAD_CAST "\n"));
	if (o->style.notes) {
		char *n = comment_safe(o->style.notes);
		size_t nl = strlen(n) + 16;
		char *t = fk_xmalloc(nl);
		snprintf(t, nl, " NOTES: %s ", n);
		int rc = FK_XML(xmlTextWriterWriteComment)(w, BAD_CAST t);
		free(n);
		free(t);
		W(rc);
		W(FK_XML(xmlTextWriterWriteRaw)(w, BAD_CAST "\n"));
	}

	/* defs: the background gradient. */
	W(FK_XML(xmlTextWriterStartElement)(w, BAD_CAST "defs"));
	W(FK_XML(xmlTextWriterStartElement)(w, BAD_CAST "linearGradient"));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "id", BAD_CAST "background"));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "y1", BAD_CAST "0"));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "y2", BAD_CAST "1"));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "x1", BAD_CAST "0"));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "x2", BAD_CAST "0"));
	W(FK_XML(xmlTextWriterStartElement)(w, BAD_CAST "stop"));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "stop-color", BAD_CAST bg1));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "offset", BAD_CAST "5%"));
	W(FK_XML(xmlTextWriterEndElement)(w));
	W(FK_XML(xmlTextWriterStartElement)(w, BAD_CAST "stop"));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "stop-color", BAD_CAST bg2));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "offset", BAD_CAST "95%"));
	W(FK_XML(xmlTextWriterEndElement)(w));
	W(FK_XML(xmlTextWriterEndElement)(w));
	W(FK_XML(xmlTextWriterEndElement)(w));
	W(FK_XML(xmlTextWriterWriteRaw)(w, BAD_CAST "\n"));

	/* style: settings first, then the shared stylesheet. */
	{
		char *font = text_clean(o->style.fonttype), *uic = text_clean(ui);
		char *stroke = o->style.stroke_color ? text_clean(o->style.stroke_color) : NULL;
		css_safe(font);
		css_safe(uic);
		if (stroke)
			css_safe(stroke);
		struct buf css = {0};
		buf_printf(&css, "\ntext { font-family:%s; font-size:%.15gpx; fill:%s; }\n"
		    "#title { font-size:%.15gpx; }\n#frames text { fill:rgb(0,0,0); }\n",
		    font, o->style.fontsize, uic, o->style.fontsize + 5);
		if (stroke)
			buf_printf(&css, "#frames rect { stroke:%s; stroke-width:0.5; }\n", stroke);
		buf_add(&css, (const char *)fk_asset_css, fk_asset_css_len);
		buf_add(&css, "", 1);
		free(font);
		free(uic);
		free(stroke);
		int rc = FK_XML(xmlTextWriterStartElement)(w, BAD_CAST "style");
		if (rc >= 0)
			rc = FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "type", BAD_CAST "text/css");
		if (rc >= 0)
			rc = FK_XML(xmlTextWriterWriteString)(w, BAD_CAST css.p);
		if (rc >= 0)
			rc = FK_XML(xmlTextWriterEndElement)(w);
		buf_release(&css);
		W(rc);
		W(FK_XML(xmlTextWriterWriteRaw)(w, BAD_CAST "\n"));
	}

	/* script: our own, checked at build time to hold no "]]>". */
	W(FK_XML(xmlTextWriterStartElement)(w, BAD_CAST "script"));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "type", BAD_CAST "text/ecmascript"));
	W(FK_XML(xmlTextWriterStartCDATA)(w));
	W(FK_XML(xmlTextWriterWriteRawLen)(w, fk_asset_js, (int)fk_asset_js_len));
	W(FK_XML(xmlTextWriterEndCDATA)(w));
	W(FK_XML(xmlTextWriterEndElement)(w));
	W(FK_XML(xmlTextWriterWriteRaw)(w, BAD_CAST "\n"));

	/* Background, titles and the interactive text. */
	W(FK_XML(xmlTextWriterStartElement)(w, BAD_CAST "rect"));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "x", BAD_CAST "0.0"));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "y", BAD_CAST "0"));
	snprintf(num, sizeof(num), "%.1f", W_);
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "width", BAD_CAST num));
	snprintf(num, sizeof(num), "%.1f", H);
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "height", BAD_CAST num));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "fill", BAD_CAST "url(#background)"));
	W(FK_XML(xmlTextWriterEndElement)(w));
	W(FK_XML(xmlTextWriterWriteRaw)(w, BAD_CAST "\n"));
	double fs = o->style.fontsize;
	W(write_text(w, "title", floor(W_ / 2), fs * 2, title, NULL));
	if (has_sub)
		W(write_text(w, "subtitle", floor(W_ / 2), fs * 4, o->style.subtitle, NULL));
	W(write_text(w, "details", l->xpad, Hg - l->ypad2 / 2, " ", NULL));
	W(write_text(w, "unzoom", l->xpad, fs * 2, "Reset Zoom", "hide"));
	W(write_text(w, "search", W_ - l->xpad - 100, fs * 2, "Search", NULL));
	W(write_text(w, "ignorecase", W_ - l->xpad - 16, fs * 2, "ic", NULL));
	W(write_text(w, "matched", W_ - l->xpad - 100, Hg - l->ypad2 / 2, " ", NULL));

	/* The frames, most of the document, through one buffer. */
	W(FK_XML(xmlTextWriterStartElement)(w, BAD_CAST "g"));
	W(FK_XML(xmlTextWriterWriteAttribute)(w, BAD_CAST "id", BAD_CAST "frames"));
	W(FK_XML(xmlTextWriterWriteRaw)(w, BAD_CAST "\n"));
	fc.total = l->timemax * o->factor;
	fc.readable = o->unit.kind == FK_UNIT_TIME || o->unit.kind == FK_UNIT_BYTES;
	{
		char *cn = text_clean(o->countname);
		xmlChar *x = FK_XML(xmlEncodeSpecialChars)(NULL, BAD_CAST cn);
		free(cn);
		fc.countname = (const char *)x;
	}
	fc.cache.mask = 1023;
	fc.cache.slots = fk_bigmem_alloc((fc.cache.mask + 1) * sizeof(*fc.cache.slots));
	fk_arena_init(&fc.cache.arena, 1u << 18);
	int rc = 0;
	for (size_t i = 0; i < l->n && rc >= 0; i++) {
		write_frame(&b, &fc, &l->frames[i]);
		if (b.n >= (1u << 20) || i + 1 == l->n) {
			rc = FK_XML(xmlTextWriterWriteRawLen)(w, BAD_CAST b.p, (int)b.n);
			b.n = 0;
		}
	}
	FK_XML_FREE((xmlChar *)fc.countname);
	fk_bigmem_free(fc.cache.slots, (fc.cache.mask + 1) * sizeof(*fc.cache.slots));
	free(fc.cache.clean);
	fk_arena_release(&fc.cache.arena);
	buf_release(&b);
	W(rc);
	W(FK_XML(xmlTextWriterEndElement)(w));
	W(FK_XML(xmlTextWriterWriteRaw)(w, BAD_CAST "\n"));
	if (lg.n)
		W(write_legend(w, &lg));
	W(FK_XML(xmlTextWriterEndElement)(w));
	W(FK_XML(xmlTextWriterEndDocument)(w));
	FK_XML(xmlFreeTextWriter)(w);
	if (ferror(out))
		return fk_error_errno(errno ? errno : EIO, "cannot write", "SVG");
	return 0;
fail:
	FK_XML(xmlFreeTextWriter)(w);
	return fk_error_errno(errno ? errno : EIO, "cannot write", "SVG");
}

int
fk_svg_check_encoding(const char *name)
{
	if (fk_xmllib_get("--encoding") == NULL)
		return -1;
	xmlCharEncodingHandlerPtr h = FK_XML(xmlFindCharEncodingHandler)(name);
	if (!h)
		return fk_error_code(FK_ERR_USAGE, "unknown encoding '%s'", name);
	FK_XML(xmlCharEncCloseFunc)(h);
	return 0;
}
