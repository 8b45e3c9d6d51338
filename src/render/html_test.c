#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "core/error.h"
#include "core/folded.h"
#include "render/html.h"
#include "render/layout.h"
#include "core/test_util.h"

/* A reader of the profile format html.h describes. */
struct rd {
	const unsigned char *p, *end;
};

static uint64_t
uv(struct rd *r)
{
	uint64_t v = 0;
	int shift = 0;
	unsigned char b;
	do {
		cr_assert(r->p < r->end, "profile cut short");
		b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	return v;
}

static const unsigned char *
bytes(struct rd *r, size_t n)
{
	cr_assert(r->end - r->p >= (ptrdiff_t)n, "profile cut short");
	const unsigned char *p = r->p;
	r->p += n;
	return p;
}

struct decoded {
	unsigned flags;
	char *settings;
	size_t nnames;
	char **names;
	size_t nframes;
	uint64_t *depth, *name, *total, *gap, *index;
	uint64_t *before, *after, *delta, *mark;   /* differential */
	unsigned char (*rgb)[3];      /* per frame, from the name's or the frame's */
	uint64_t *pos;                /* a node table's: node i is frame pos[i] */
};

/* A number of the node table's digits (html.c's digits_at()). */
static uint64_t
digits(const char **q)
{
	uint64_t v = 0;
	for (int shift = 0;; shift += 5) {
		unsigned char c = (unsigned char)*(*q)++;
		cr_assert(c >= '?' && c <= '~', "not a digit: %#x", c);
		cr_assert_lt(shift, 64);
		v |= (uint64_t)((c - '?') & 31) << shift;
		if (c < '_')
			return v;
	}
}

struct ranked {
	uint64_t key;
	size_t node;
};

static int
cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	return (x->key > y->key) - (x->key < y->key);
}

/*
 * A node table (flag 8) as the viewer reads it: siblings sorted by rank,
 * then laid out in pre-order, into d's frames as the frame records give them.
 */
static void
nodes_to_frames(struct decoded *d, const char *text, uint64_t rootend, const uint64_t *rank,
    size_t nkeys, unsigned char (*ncol)[3])
{
	size_t n = d->nframes;
	cr_assert_gt(n, 0);
	uint64_t *par = calloc(n, 8), *nm = calloc(n, 8), *tot = calloc(n, 8), *self = calloc(n, 8);
	const char *q = text;
	for (size_t i = 0; i < n; i++) {
		uint64_t back = digits(&q);
		cr_assert_eq(back == 0, i == 0, "node %zu: only the root has no parent", i);
		cr_assert_leq(back, i);
		par[i] = i - back;
		nm[i] = digits(&q);
		cr_assert_lt(nm[i], d->nnames);
		cr_assert_eq(nm[i] == 0, i == 0, "node %zu: name 0 is the root's", i);
		tot[i] = self[i] = digits(&q);
	}
	cr_assert_eq(*q, '\0', "digits after the nodes");
	for (size_t i = 1; i < n; i++) {
		cr_assert_geq(self[par[i]], tot[i], "node %zu: more than its parent", i);
		self[par[i]] -= tot[i];
	}
	/* Children by parent, in rank order. */
	size_t *off = calloc(n + 1, sizeof(size_t)), *kids = calloc(n, sizeof(size_t));
	for (size_t i = 1; i < n; i++)
		off[par[i] + 1]++;
	for (size_t i = 0; i < n; i++)
		off[i + 1] += off[i];
	size_t *fill = calloc(n + 1, sizeof(size_t));
	for (size_t u = 0; u <= n; u++)
		fill[u] = off[u];
	for (size_t i = 1; i < n; i++)
		kids[fill[par[i]]++] = i;
	uint64_t *key = calloc(n, 8);
	for (size_t i = 1; i < n; i++) {
		size_t k = 2 * (nm[i] - 1) + (self[i] == 0);
		cr_assert_lt(k, nkeys);
		key[i] = rank[k];
	}
	struct ranked *g = calloc(n, sizeof(*g));
	for (size_t u = 0; u < n; u++) {
		size_t m = off[u + 1] - off[u];
		for (size_t a = 0; a < m; a++)
			g[a] = (struct ranked){key[kids[off[u] + a]], kids[off[u] + a]};
		qsort(g, m, sizeof(*g), cmp_ranked);
		for (size_t a = 0; a < m; a++) {
			cr_assert(a == 0 || g[a - 1].key != g[a].key, "siblings of one rank");
			kids[off[u] + a] = g[a].node;
		}
	}
	free(g);
	/* Pre-order: a stack of (node, depth). */
	size_t *stk = calloc(2 * n, sizeof(size_t)), sp = 0, at = 0;
	stk[sp++] = 0;
	stk[sp++] = 0;
	d->pos = calloc(n, 8);
	while (sp) {
		size_t depth = stk[--sp], u = stk[--sp];
		d->pos[u] = at;
		d->depth[at] = depth;
		d->name[at] = nm[u];
		d->total[at] = u ? tot[u] : rootend;
		/* A first child starts after its parent's own count; later ones at the end of the last. */
		d->gap[at] = u && kids[off[par[u]]] == u ? self[par[u]] : 0;
		memcpy(d->rgb[at], ncol[nm[u]], 3);
		at++;
		for (size_t k = off[u + 1]; k-- > off[u];) {
			stk[sp++] = kids[k];
			stk[sp++] = depth + 1;
		}
	}
	cr_assert_eq(at, n);
	free(par);
	free(nm);
	free(tot);
	free(self);
	free(off);
	free(kids);
	free(fill);
	free(key);
	free(stk);
}

/* nodes: the page's node table, for a profile that has one. */
static void
decode(const unsigned char *p, size_t n, struct decoded *d, const char *nodes)
{
	struct rd r = {p, p + n};
	memset(d, 0, sizeof(*d));
	cr_assert(n > 4 && memcmp(p, "FKH1", 4) == 0);
	r.p += 4;
	d->flags = (unsigned)uv(&r);
	(void)uv(&r);   /* scale */
	size_t sl = uv(&r);
	d->settings = strndup((const char *)bytes(&r, sl), sl);
	d->nnames = uv(&r);
	cr_assert_leq(d->nnames, n);
	d->names = calloc(d->nnames, sizeof(*d->names));
	for (size_t k = 0; k < d->nnames; k++) {
		size_t len = uv(&r);
		d->names[k] = strndup((const char *)bytes(&r, len), len);
	}
	unsigned char (*ncol)[3] = calloc(d->nnames, 3);
	if (!(d->flags & 2))
		for (size_t k = 0; k < d->nnames; k++)
			memcpy(ncol[k], bytes(&r, 3), 3);
	d->nframes = uv(&r);
	cr_assert_leq(d->nframes, n);
	uint64_t **cols[] = {&d->depth, &d->name, &d->total, &d->gap, &d->index, &d->before,
		&d->after, &d->delta, &d->mark};
	for (size_t c = 0; c < sizeof(cols) / sizeof(*cols); c++)
		*cols[c] = calloc(d->nframes + 1, sizeof(uint64_t));
	d->rgb = calloc(d->nframes + 1, 3);
	if ((d->flags & 12) == 8) {
		uint64_t rootend = uv(&r);
		size_t nkeys = uv(&r);
		cr_assert_eq(nkeys, 2 * (d->nnames - 1));
		uint64_t *rank = calloc(nkeys + 1, 8);
		for (size_t k = 0; k < nkeys; k++)
			rank[k] = uv(&r);
		cr_assert_eq(r.p, r.end, "bytes after the ranks");
		cr_assert(nodes, "a node table, but no nodes");
		nodes_to_frames(d, nodes, rootend, rank, nkeys, ncol);
		free(rank);
		free(ncol);
		return;
	}
	uint64_t prev = 0;
	for (size_t i = 0; i < d->nframes; i++) {
		d->depth[i] = uv(&r);
		d->name[i] = uv(&r);
		cr_assert_lt(d->name[i], d->nnames);
		d->total[i] = uv(&r);
		d->gap[i] = uv(&r);
		if (d->flags & 1) {
			d->before[i] = uv(&r);
			d->after[i] = uv(&r);
			d->delta[i] = uv(&r);
			d->mark[i] = uv(&r);
		}
		if (d->flags & 2)
			memcpy(d->rgb[i], bytes(&r, 3), 3);
		else
			memcpy(d->rgb[i], ncol[d->name[i]], 3);
		if (d->flags & 4) {
			uint64_t z = uv(&r);
			d->index[i] = prev += z & 1 ? ~(z >> 1) : z >> 1;
		}
	}
	cr_assert_eq(r.p, r.end, "bytes after the frames");
	free(ncol);
}

static void
decoded_free(struct decoded *d)
{
	free(d->settings);
	for (size_t k = 0; k < d->nnames; k++)
		free(d->names[k]);
	free(d->names);
	uint64_t *cols[] = {d->depth, d->name, d->total, d->gap, d->index, d->before,
		d->after, d->delta, d->mark};
	for (size_t c = 0; c < sizeof(cols) / sizeof(*cols); c++)
		free(cols[c]);
	free(d->rgb);
	free(d->pos);
}

/* want (NULL: not asked): the SVG's colour of each frame, from a fresh colourer. */
static void
profile_of(const char *text, int overview, struct decoded *d, struct fk_rgb *want)
{
	struct fk_stacks st;
	struct fk_layout l;
	struct fk_svg_opts o;
	struct fk_colorer c;
	size_t n;
	fk_svg_opts_init(&o);
	fk_colorer_init(&c, FK_PAL_HOT);
	test_export_layout(text, &st, &l);
	unsigned char *p = fk_html_profile(&l, &o, &c, overview, &n);
	cr_assert(p, "%s", fk_error_msg());
	decode(p, n, d, NULL);
	free(p);
	if (want) {
		struct fk_colorer fresh;
		fk_colorer_init(&fresh, FK_PAL_HOT);
		for (size_t i = 0; i < l.n && i < 64; i++)
			want[i] = fk_colorer_frame(&fresh, &l, &l.frames[i]);
	}
	fk_layout_release(&l);
	fk_stacks_release(&st);
}

Test(html, profile_holds_every_frame_in_pre_order_with_shared_names)
{
	struct decoded d;
	profile_of("main;b;c 2\nmain;a 3\nmain;b 1\nx;c 4\n", 0, &d, NULL);
	cr_assert_eq(d.flags, 0);
	cr_assert_eq(d.nframes, 7);
	/* all, main, a, b, c, x, c: "c" is named once. */
	const char *want[] = {"all", "main", "a", "b", "c", "x", "c"};
	const uint64_t depth[] = {0, 1, 2, 2, 3, 1, 2}, total[] = {10, 6, 3, 3, 2, 4, 4};
	/* b's own count comes before c (flamegraph.pl's order: "main;b" < "main;b;c"). */
	const uint64_t gap[] = {0, 0, 0, 0, 1, 0, 0};
	for (size_t i = 0; i < 7; i++) {
		cr_assert_str_eq(d.names[d.name[i]], want[i]);
		cr_assert_eq(d.depth[i], depth[i], "frame %zu", i);
		cr_assert_eq(d.total[i], total[i], "frame %zu", i);
		cr_assert_eq(d.gap[i], gap[i], "frame %zu", i);
	}
	cr_assert_eq(d.nnames, 6);
	cr_assert(strstr(d.settings, "\"title\":\"Flame Graph\""), "%s", d.settings);
	decoded_free(&d);
}

Test(html, colours_are_the_svg_ones)
{
	struct decoded d;
	struct fk_rgb want[64];
	profile_of("main;b;c 2\nmain;a 3\nx;c 4\n", 0, &d, want);
	for (size_t i = 1; i < d.nframes; i++)
		cr_assert(want[i].r == d.rgb[i][0] && want[i].g == d.rgb[i][1] &&
		    want[i].b == d.rgb[i][2], "frame %zu", i);
	decoded_free(&d);
}

Test(html, overview_keeps_frames_a_tenth_of_a_pixel_wide_and_maps_them)
{
	/* 1180 pixels for 100000 counts: a 1-count frame is 0.0118 px. */
	struct decoded d;
	profile_of("a;wide 99990\na;narrow 1\nb 9\n", 1, &d, NULL);
	cr_assert_eq(d.flags, 4);
	cr_assert_eq(d.nframes, 4);   /* all, a, wide, b */
	cr_assert_str_eq(d.names[d.name[2]], "wide");
	cr_assert_eq(d.index[2], 3);  /* after "narrow" in the full profile */
	cr_assert_eq(d.index[3], 4);
	decoded_free(&d);
}

/* The page for text, NUL-terminated. */
static char *
page(const char *text, size_t *len)
{
	struct fk_stacks st;
	struct fk_layout l;
	struct fk_svg_opts o;
	struct fk_colorer c;
	char *out;
	int rc;
	fk_svg_opts_init(&o);
	o.style.title = "</script><script>alert(0)</script>";
	fk_colorer_init(&c, FK_PAL_HOT);
	test_export_layout(text, &st, &l);
	TEST_CAPTURE(out, *len, rc = fk_html_write(test_out, &l, &o, &c));
	cr_assert_eq(rc, 0, "%s", fk_error_msg());
	fk_layout_release(&l);
	fk_stacks_release(&st);
	return out;
}

static size_t
count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static const char hostile[] =
    "</script><script>alert(1)</script>;x 5\n"
    "<!--<script>;y 3\n"
    "a\xe2\x80\xa8" "b\xe2\x80\xa9;z 2\n"
    "bad\xff\xfe\xc0\x80;w 1\n"
    "</SCRIPT ;\" onload=alert(2) 1\n";

Test(html, names_and_title_never_reach_the_markup)
{
	size_t len;
	char *s = page(hostile, &len);
	/* Two scripts of ours (the data and the viewer), closed once each. */
	cr_assert_eq(count(s, "</script>"), 2, "%s", s);
	cr_assert_eq(count(s, "<script"), 2);
	cr_assert_eq(count(s, "<!--"), 0);
	cr_assert_null(strstr(s, "alert"));
	cr_assert_null(strstr(s, "SCRIPT"));
	cr_assert_null(strstr(s, "\xe2\x80\xa8"));
	cr_assert_null(strstr(s, "\xff"));
	cr_assert(strstr(s, "default-src 'none'"), "no network: the page has a CSP");
	free(s);
}

/* The profile in the element of id, base64-decoded (never compressed); NULL: none. */
static unsigned char *
blob_of(const char *s, const char *id, size_t *n)
{
	char tag[64];
	snprintf(tag, sizeof(tag), "id=\"%s\" data-encoding=\"raw\">", id);
	const char *p = strstr(s, tag);
	if (!p)
		return NULL;
	const char *b = strchr(p, '>') + 1, *e = strchr(b, '<');
	unsigned char *raw = malloc((size_t)(e - b) + 1);
	size_t k = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (const char *q = b; q < e && *q != '='; q++) {
		const char *at = strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789+/", *q);
		cr_assert(at && *q, "not base64: %c", *q);
		acc = acc << 6 | (uint32_t)(at - "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789+/");
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			raw[k++] = (unsigned char)(acc >> bits);
		}
	}
	/* Whole groups of 4 characters, padded. */
	cr_assert_eq((e - b) % 4, 0);
	*n = k;
	return raw;
}

/* The text of the page's node table, NUL-terminated; NULL: none. */
static char *
nodes_of(const char *s)
{
	const char *tag = "<script type=\"text/plain\" id=\"fk-nodes\">";
	const char *p = strstr(s, tag);
	if (!p)
		return NULL;
	p += strlen(tag);
	const char *e = strchr(p, '<');
	cr_assert(e && strncmp(e, "</script>", 9) == 0);
	return strndup(p, (size_t)(e - p));
}

/* The whole profile. */
static unsigned char *
blob(const char *s, size_t *n)
{
	unsigned char *p = blob_of(s, "fk-profile", n);
	cr_assert(p, "no profile");
	return p;
}

/* How many of hostile's invalid UTF-8 and script-closing names d holds, byte for byte. */
static int
hostile_names_kept(const struct decoded *d)
{
	int found = 0;
	for (size_t k = 0; k < d->nnames; k++)
		found += strcmp(d->names[k], "bad\xff\xfe\xc0\x80") == 0 ||
		    strcmp(d->names[k], "</script><script>alert(1)</script>") == 0;
	return found;
}

Test(html, embedded_profile_is_the_profile_and_names_stay_bytes)
{
	size_t len, n;
	char *s = page(hostile, &len);
	unsigned char *p = blob(s, &n);
	struct decoded d;
	decode(p, n, &d, NULL);
	cr_assert_eq(hostile_names_kept(&d), 2, "names are kept byte for byte; the viewer "
	    "shows them as text");
	cr_assert(strstr(d.settings, "\"title\":\"</script><script>alert(0)</script>\""));
	decoded_free(&d);
	free(p);
	free(s);
}

Test(html, output_is_deterministic)
{
	size_t n1, n2;
	char *a = page(hostile, &n1), *b = page(hostile, &n2);
	cr_assert_eq(n1, n2);
	cr_assert(memcmp(a, b, n1) == 0);
	free(a);
	free(b);
}

Test(html, a_function_called_all_is_not_the_root)
{
	struct decoded d;
	profile_of("all;x 2\nmain;all 1\n", 0, &d, NULL);
	cr_assert_eq(d.name[0], 0);
	cr_assert_str_eq(d.names[0], "all");
	/* all (root), all, x, main, all: the function is one name, not the root's. */
	cr_assert_str_eq(d.names[d.name[1]], "all");
	cr_assert_neq(d.name[1], 0);
	cr_assert_eq(d.name[4], d.name[1]);
	cr_assert_eq(d.nnames, 4);
	decoded_free(&d);
}

/* The folded lines of text, merged into st for lo. */
static void
load_stacks(struct fk_stacks *st, const char *text, const struct fk_layout_opts *lo)
{
	fk_stacks_init(st, lo);
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p), sl;
		struct fk_num cnt[2];
		const char *why;
		int rounded;
		int cols = fk_folded_parse(p, n, st->ncols, &sl, cnt, &rounded, &why);
		cr_assert_gt(cols, 0);
		st->ncols = cols;
		cr_assert_eq(fk_stacks_add(st, p, sl, cnt), 0);
		p += n + (nl ? 1 : 0);
	}
}

/* The page flame-graph writes for text: lo's layout, straight from the stacks. */
static char *
walked_page(const char *text, const struct fk_layout_opts *lo, size_t *len)
{
	struct fk_stacks st;
	struct fk_svg_opts o;
	struct fk_colorer c;
	char *out;
	int rc;
	fk_svg_opts_init(&o);
	fk_colorer_init(&c, FK_PAL_HOT);
	load_stacks(&st, text, lo);
	TEST_CAPTURE(out, *len, rc = fk_html_write_stacks(test_out, lo, &st, &o, &c));
	cr_assert_eq(rc, 0, "%s", fk_error_msg());
	fk_stacks_release(&st);
	return out;
}

/* The same page through a layout (fk_html_write). */
static char *
layout_page(const char *text, const struct fk_layout_opts *lo, size_t *len)
{
	struct fk_stacks st;
	struct fk_layout l;
	struct fk_svg_opts o;
	struct fk_colorer c;
	char *out;
	int rc;
	fk_svg_opts_init(&o);
	fk_colorer_init(&c, FK_PAL_HOT);
	load_stacks(&st, text, lo);
	cr_assert_eq(fk_layout_build_stacks(&l, lo, &st), 0);
	TEST_CAPTURE(out, *len, rc = fk_html_write(test_out, &l, &o, &c));
	cr_assert_eq(rc, 0, "%s", fk_error_msg());
	fk_layout_release(&l);
	fk_stacks_release(&st);
	return out;
}

/* x and y have the same frames, names, colours and settings (name ids may differ). */
static void
same_profiles(const struct decoded *x, const struct decoded *y)
{
	cr_assert_str_eq(x->settings, y->settings);
	cr_assert_eq(x->flags, y->flags);
	cr_assert_eq(x->nframes, y->nframes);
	cr_assert_str_eq(x->names[x->name[0]], "all");
	cr_assert_eq(x->name[0], 0);
	for (size_t i = 0; i < x->nframes; i++) {
		cr_assert_str_eq(x->names[x->name[i]], y->names[y->name[i]], "frame %zu", i);
		cr_assert_eq(x->depth[i], y->depth[i], "frame %zu", i);
		cr_assert_eq(x->total[i], y->total[i], "frame %zu", i);
		cr_assert_eq(x->gap[i], y->gap[i], "frame %zu", i);
		cr_assert(memcmp(x->rgb[i], y->rgb[i], 3) == 0, "frame %zu", i);
		cr_assert_eq(x->before[i], y->before[i], "frame %zu", i);
		cr_assert_eq(x->after[i], y->after[i], "frame %zu", i);
		cr_assert_eq(x->delta[i], y->delta[i], "frame %zu", i);
		cr_assert_eq(x->mark[i], y->mark[i], "frame %zu", i);
		cr_assert_eq(x->index[i], y->index[i], "frame %zu", i);
	}
}

/*
 * Both ways give the same profile, and the same overview when there is one.
 * @return whether there is one.
 */
static int
same_both_ways(const char *text, const struct fk_layout_opts *lo)
{
	size_t n1, n2;
	char *walked = walked_page(text, lo, &n1), *laid = layout_page(text, lo, &n2);
	int over = 0;
	const char *ids[] = {"fk-profile", "fk-overview"};
	char *nodes = nodes_of(walked);
	cr_assert_null(nodes_of(laid), "a node table only from the tree");
	struct decoded whole;
	for (size_t k = 0; k < 2; k++) {
		size_t b1, b2;
		unsigned char *p1 = blob_of(walked, ids[k], &b1), *p2 = blob_of(laid, ids[k], &b2);
		cr_assert_eq(!p1, !p2, "%s in one page only", ids[k]);
		if (p1) {
			struct decoded x, y;
			decode(p1, b1, &x, nodes);
			decode(p2, b2, &y, NULL);
			/* A node table is the layout's frames, its overview mapped by node number. */
			cr_assert_eq(!!(x.flags & 8), !!nodes);
			x.flags &= ~8u;
			if (k == 1 && whole.pos)
				for (size_t i = 0; i < x.nframes; i++) {
					cr_assert_lt(x.index[i], whole.nframes);
					x.index[i] = whole.pos[x.index[i]];
				}
			same_profiles(&x, &y);
			over += k == 1;
			if (k == 0)
				whole = x;
			else
				decoded_free(&x);
			decoded_free(&y);
		}
		free(p1);
		free(p2);
	}
	decoded_free(&whole);
	free(nodes);
	free(walked);
	free(laid);
	return over;
}

Test(html, the_tree_walk_writes_what_the_layout_would)
{
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	lo.min_width = 0;
	const char *plain = "main;b;c 2\nmain;a 3\nmain;b 1\nx;c 4\nall;x 2\n;;e 1\n";
	same_both_ways(plain, &lo);
	lo.total = 100;   /* the root spans --total */
	same_both_ways(plain, &lo);
	lo.total = 0;
	lo.inverted = 1;
	same_both_ways(plain, &lo);
	lo.inverted = 0;
	const char *diff = "a;b 1 3\na;c 2 0\nd 0 5\na 4 4\n";
	same_both_ways(diff, &lo);
	lo.diff_total = 1;
	same_both_ways(diff, &lo);
	lo.diff_width_max = 1;
	same_both_ways(diff, &lo);
}

Test(html, other_orders_are_laid_out_first)
{
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	lo.min_width = 0;
	lo.order = FK_LAYOUT_INPUT_ORDER;
	size_t n;
	char *s = walked_page("b;x 1\na 2\nb;y 3\n", &lo, &n);
	unsigned char *p = blob(s, &n);
	struct decoded d;
	decode(p, n, &d, NULL);
	/* all, b, x, a, b, y: input order, b twice. */
	cr_assert_eq(d.nframes, 6);
	cr_assert_str_eq(d.names[d.name[3]], "a");
	cr_assert_eq(d.name[1], d.name[4]);
	decoded_free(&d);
	free(p);
	free(s);
}

Test(html, the_tree_walk_writes_the_overview_the_layout_would)
{
	/*
	 * 40000 stacks of 3 frames: an overview.  Every 997th is wide enough
	 * for it, so the walk skips whole narrow subtrees and must count their
	 * frames to map its own.
	 */
	size_t cap = 40000 * 32, n = 0;
	char *text = malloc(cap);
	for (int i = 0; i < 40000; i++)
		n += (size_t)snprintf(text + n, cap - n, "f%05d;g%05d;h%05d %d\n", (i * 7919) % 40000,
		    i % 7, i, i % 997 == 0 ? 50000 : 1 + i % 3);
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	lo.min_width = 0;
	cr_assert(same_both_ways(text, &lo), "an overview");
	lo.inverted = 1;
	cr_assert(same_both_ways(text, &lo));
	free(text);
}

Test(html, random_colours_of_overview_frames_are_their_own)
{
	size_t cap = 40000 * 24, n = 0;
	char *text = malloc(cap);
	for (int i = 0; i < 40000; i++)
		n += (size_t)snprintf(text + n, cap - n, "f%05d;h%05d %d\n", i, i,
		    i % 997 == 0 ? 50000 : 1);
	struct fk_stacks st;
	struct fk_layout l;
	struct fk_svg_opts o;
	fk_svg_opts_init(&o);
	test_export_layout(text, &st, &l);
	struct decoded d[2];
	for (int over = 0; over < 2; over++) {
		struct fk_colorer c;
		fk_colorer_init(&c, FK_PAL_HOT);
		c.random = 1;
		unsigned char *p = fk_html_profile(&l, &o, &c, over, &n);
		cr_assert(p, "%s", fk_error_msg());
		decode(p, n, &d[over], NULL);
		free(p);
	}
	cr_assert_gt(d[1].nframes, 40);
	for (size_t i = 0; i < d[1].nframes; i++)
		cr_assert(memcmp(d[1].rgb[i], d[0].rgb[d[1].index[i]], 3) == 0, "frame %zu", i);
	/* Not one colour for all. */
	cr_assert(memcmp(d[0].rgb[1], d[0].rgb[2], 3) != 0 || memcmp(d[0].rgb[2], d[0].rgb[3], 3) != 0);
	decoded_free(&d[0]);
	decoded_free(&d[1]);
	fk_layout_release(&l);
	fk_stacks_release(&st);
	free(text);
}

Test(html, the_node_table_keeps_names_out_of_the_markup)
{
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	lo.min_width = 0;
	size_t len, n;
	char *s = walked_page(hostile, &lo, &len);
	/* Three scripts of ours (the profile's head, its nodes, the viewer), closed once each. */
	cr_assert_eq(count(s, "</script>"), 3, "%s", s);
	cr_assert_eq(count(s, "<script"), 3);
	cr_assert_eq(count(s, "<!--"), 0);
	cr_assert_null(strstr(s, "alert"));
	cr_assert_null(strstr(s, "\xff"));
	char *nodes = nodes_of(s);
	cr_assert(nodes, "a node table");
	unsigned char *p = blob(s, &n);
	struct decoded d;
	decode(p, n, &d, nodes);
	cr_assert_eq(hostile_names_kept(&d), 2, "names are kept byte for byte");
	cr_assert_eq(d.nframes, 11);
	decoded_free(&d);
	free(nodes);
	free(p);
	free(s);
}
