#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/folded.h"
#include "render/layout.h"
#include "render/palette.h"

static struct fk_stacks st;
static struct fk_layout lay;
static int table_first;   /* build() looks frames up in the tree's table from the start */

/* Lay out folded lines (one string, "\n"-separated). */
static int
build(const char *text, struct fk_layout_opts *o)
{
	fk_stacks_init(&st, o);
	st.table_first = table_first;
	char *copy = strdup(text), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t slen;
		struct fk_num c[2];
		const char *why;
		int rounded;
		int n = fk_folded_parse(line, strlen(line), st.ncols, &slen, c, &rounded, &why);
		cr_assert(n > 0, "bad test line '%s'", line);
		st.ncols = n;
		cr_assert_eq(fk_stacks_add(&st, line, slen, c), 0);
	}
	free(copy);
	return fk_layout_build_stacks(&lay, o, &st);
}

static void
teardown(void)
{
	fk_layout_release(&lay);
	fk_stacks_release(&st);
}

/* The frame named name at depth d (the k-th such one); NULL when absent. */
static const struct fk_frame *
find(const char *name, uint32_t d, int k)
{
	for (size_t i = 0; i < lay.n; i++) {
		const struct fk_frame *f = &lay.frames[i];
		if (f->depth == d && f->len == strlen(name) && memcmp(f->name, name, f->len) == 0
		    && k-- == 0)
			return f;
	}
	return NULL;
}

TestSuite(layout, .fini = teardown);

Test(layout, merges_sorted_stacks_like_flow)
{
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	cr_assert_eq(build("a;c 3\na;b 1\na 2\na;b 1\n", &o), 0);
	cr_assert_eq(lay.time, 7);
	cr_assert_eq(lay.n, 4);
	const struct fk_frame *root = &lay.frames[0], *a = find("a", 1, 0),
	    *b = find("b", 2, 0), *c = find("c", 2, 0);
	cr_assert(root->depth == 0 && root->parent == -1 && root->end == 7);
	cr_assert(a && b && c);
	/* "a 2" sorts first: a's self time lies left of its children. */
	cr_assert(a->start == 0 && a->end == 7 && a->self == 2);
	cr_assert(b->start == 2 && b->end == 4 && b->self == 2);
	cr_assert(c->start == 4 && c->end == 7);
	cr_assert_eq(lay.frames[b->parent].name, a->name);
	cr_assert_eq(lay.depthmax, 2);
	/* Geometry: 1180 px for 7 counts, 16 px levels, 12 px font paddings. */
	double x1, x2, y1, y2;
	fk_layout_box(&lay, b, &x1, &x2, &y1, &y2);
	cr_assert(fabs(x1 - (10 + 2 * 1180.0 / 7)) < 1e-9);
	cr_assert(fabs(x2 - (10 + 4 * 1180.0 / 7)) < 1e-9);
	cr_assert_eq(lay.image_height, 3 * 16 + 36 + 34);
	cr_assert_eq(y1, lay.image_height - 34 - 3 * 16 + 1);
	cr_assert_eq(y2, lay.image_height - 34 - 2 * 16);
}

Test(layout, narrow_frames_fold_into_parent)
{
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	o.min_width = 10;   /* pixels: 1180 px for 1000 counts, so < 8.47 counts go */
	cr_assert_eq(build("m;big 990\nm;t1 4\nm;t2;deep 3\nm;t3 3\n", &o), 0);
	const struct fk_frame *m = find("m", 1, 0);
	cr_assert(m);
	cr_assert_null(find("t1", 2, 0));
	cr_assert_null(find("deep", 3, 0));
	cr_assert_eq(m->narrow, 3);
	cr_assert_eq(m->self, 10);
	cr_assert_eq(lay.pruned, 3);
	cr_assert_eq(lay.depthmax, 2);
	fk_layout_release(&lay);
	fk_stacks_release(&st);

	/* "%": a share of the total. */
	o.min_width = 1;
	o.min_width_pct = 1;
	cr_assert_eq(build("m;big 980\nm;small 9\nm;edge 10\n", &o), 0);
	cr_assert_not_null(find("edge", 2, 0));
	cr_assert_null(find("small", 2, 0));
}

Test(layout, flamechart_keeps_input_order)
{
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	o.order = FK_LAYOUT_INPUT_ORDER;
	cr_assert_eq(build("b 1\na 1\nb 2\nb 1\n", &o), 0);
	const struct fk_frame *b0 = find("b", 1, 0), *a = find("a", 1, 0), *b1 = find("b", 1, 1);
	cr_assert(b0 && a && b1);
	cr_assert(b0->start == 0 && b0->end == 1);
	cr_assert(a->start == 1 && a->end == 2);
	/* Adjacent equal stacks still merge. */
	cr_assert(b1->start == 2 && b1->end == 5);
}

Test(layout, reverse_and_inverted)
{
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	o.reverse = 1;
	o.inverted = 1;
	cr_assert_eq(build("main;f;leaf 2\nmain;g;leaf 1\n", &o), 0);
	const struct fk_frame *leaf = find("leaf", 1, 0);
	cr_assert(leaf && leaf->end - leaf->start == 3);
	cr_assert_not_null(find("main", 3, 0));
	cr_assert_not_null(find("main", 3, 1));
	double x1, x2, y1, y2;
	fk_layout_box(&lay, leaf, &x1, &x2, &y1, &y2);
	cr_assert_eq(y1, 36 + 16);
	cr_assert_eq(y2, 36 + 32 - 1);
}

Test(layout, chain_rewrite_marks_wakers)
{
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	o.chain = 1;
	cr_assert_eq(build("sleep;wait;--;wake;tick 1\nother 1\n", &o), 0);
	cr_assert_not_null(find("--", 3, 0));
	cr_assert_not_null(find("wake_[w]", 4, 0));
	cr_assert_not_null(find("tick_[w]", 5, 0));
	/* Every stack gets the "--" frame, as with flamegraph.pl. */
	cr_assert_not_null(find("--", 2, 0));
}

Test(layout, sort_by_width_packs_widest_first)
{
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	o.order = FK_LAYOUT_SORT_WIDTH;
	cr_assert_eq(build("r;a 1\nr;b 5\nr;c 3\nr 2\nr;b;x 1\nr;b;y 4\n", &o), 0);
	const struct fk_frame *b = find("b", 2, 0), *c = find("c", 2, 0), *a = find("a", 2, 0);
	const struct fk_frame *y = find("y", 3, 0), *x = find("x", 3, 0);
	cr_assert(b->start == 0 && c->start == 10 && a->start == 13);
	cr_assert(y->start == 0 && x->start == 4);
	cr_assert_eq(find("r", 1, 0)->end, 16);
}

Test(layout, differential_delta_on_leaves)
{
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	cr_assert_eq(build("a;b 10 4\na;c 1 6\n", &o), 0);
	cr_assert(lay.diff);
	cr_assert_eq(lay.time, 10);   /* the second column sets the widths */
	cr_assert_eq(find("b", 2, 0)->delta, -6);
	cr_assert_eq(find("c", 2, 0)->delta, 5);
	cr_assert_eq(find("a", 1, 0)->delta, 0);
	cr_assert_eq(lay.maxdelta, 6);
}

Test(layout, total_decimals_and_empty)
{
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	o.total = 10;
	cr_assert_eq(build("a 1.5\nb 2.25\n", &o), 0);
	cr_assert_eq(lay.scale, 2);
	cr_assert_eq(lay.time, 375);
	cr_assert_eq(lay.timemax, 10);
	cr_assert_eq(lay.frames[0].end, 1000);
	cr_assert(fabs(fk_layout_count(&lay, find("b", 1, 0)->end) - 3.75) < 1e-12);
	fk_layout_release(&lay);
	fk_stacks_release(&st);
	fk_error_clear();
	cr_assert_eq(build("a 0\n", &o), -1);
	cr_assert(strstr(fk_error_msg(), "no stack counts"));
	fk_error_clear();
}

Test(layout, reading_keeps_trailing_blanks_of_the_leaf)
{
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	fk_stacks_init(&st, &o);
	int p[2];
	cr_assert_eq(pipe(p), 0);
	const char *text = "a;b  3\n\nnot a line\na;b 2\n";
	cr_assert_eq(write(p[1], text, strlen(text)), (ssize_t)strlen(text));
	close(p[1]);
	struct fk_input in = { .name = "-", .fd = p[0] };
	cr_assert_eq(fk_stacks_read(&st, &in, 1, 0), 0);
	close(p[0]);
	cr_assert_eq(fk_layout_build_stacks(&lay, &o, &st), 0);
	const struct fk_frame *b = find("b", 2, 0), *bb = find("b ", 2, 0);
	cr_assert(b && bb);
	cr_assert(b->start == 0 && b->end == 2);
	cr_assert(bb->start == 2 && bb->end == 5);
}

/* Only the children change: the parents' inclusive weights carry it. */
static const char children_only[] =
    "main;grow;a 10 30\nmain;grow;b 10 10\nmain;shrink;c 20 5\nmain;same;d 10 10\n";

static void
check_inclusive(void)
{
	const struct fk_frame *g = find("grow", 2, 0), *s = find("shrink", 2, 0);
	cr_assert(g && s);
	cr_assert_eq(g->before, 20);
	cr_assert_eq(g->after, 40);
	cr_assert_eq(s->before, 20);
	cr_assert_eq(s->after, 5);
	cr_assert_eq(lay.before, 50);
	cr_assert_eq(lay.after, 55);
	cr_assert_eq(lay.frames[0].before, 50);
}

Test(layout, diff_self_leaves_parents_white)
{
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	cr_assert_eq(build(children_only, &o), 0);
	check_inclusive();
	struct fk_colorer c;
	fk_colorer_init(&c, FK_PAL_HOT);
	struct fk_rgb w = fk_colorer_frame(&c, &lay, find("grow", 2, 0));
	cr_assert(w.r == 255 && w.g == 255 && w.b == 255);
	struct fk_rgb a = fk_colorer_frame(&c, &lay, find("a", 3, 0));
	cr_assert(a.r == 255 && a.g == 0 && a.b == 0);
	cr_assert_eq(lay.maxdelta, 20);
}

Test(layout, diff_total_colours_parents_by_inclusive_change)
{
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	o.diff_total = 1;
	cr_assert_eq(build(children_only, &o), 0);
	check_inclusive();
	cr_assert_eq(find("grow", 2, 0)->delta, 20);
	cr_assert_eq(find("shrink", 2, 0)->delta, -15);
	cr_assert_eq(find("same", 2, 0)->delta, 0);
	cr_assert_eq(find("main", 1, 0)->delta, 5);
	cr_assert_eq(lay.maxdelta, 20);
	struct fk_colorer c;
	fk_colorer_init(&c, FK_PAL_HOT);
	struct fk_rgb g = fk_colorer_frame(&c, &lay, find("grow", 2, 0));
	cr_assert(g.r == 255 && g.g == 0 && g.b == 0, "grow %d,%d,%d", g.r, g.g, g.b);
	struct fk_rgb s = fk_colorer_frame(&c, &lay, find("shrink", 2, 0));
	cr_assert(s.b == 255 && s.r == s.g && s.r < 255, "shrink %d,%d,%d", s.r, s.g, s.b);
	struct fk_rgb m = fk_colorer_frame(&c, &lay, find("same", 2, 0));
	cr_assert(m.r == 255 && m.g == 255 && m.b == 255);
	c.negate = 1;
	g = fk_colorer_frame(&c, &lay, find("grow", 2, 0));
	cr_assert(g.r == 0 && g.g == 0 && g.b == 255);
}

Test(layout, diff_flamechart_counts_the_same)
{
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	o.order = FK_LAYOUT_INPUT_ORDER;
	o.diff_total = 1;
	cr_assert_eq(build(children_only, &o), 0);
	check_inclusive();
	cr_assert_eq(find("grow", 2, 0)->delta, 20);
}

Test(layout, diff_marks_new_and_gone_and_width_max)
{
	static const char text[] =
	    "main;kept 10 10\nmain;kept;gone 5 0\nmain;new;leaf 0 5\nmain;old 8 0\n";
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	for (int order = 0; order < 2; order++) {
		o.order = order ? FK_LAYOUT_INPUT_ORDER : FK_LAYOUT_SORT_NAME;
		o.diff_width_max = 0;
		cr_assert_eq(build(text, &o), 0);
		cr_assert_eq(find("new", 2, 0)->mark, FK_FRAME_NEW);
		cr_assert_eq(find("leaf", 3, 0)->mark, FK_FRAME_NEW);
		cr_assert_eq(find("kept", 2, 0)->mark, 0);
		cr_assert_null(find("gone", 3, 0));   /* no width after */
		cr_assert_null(find("old", 2, 0));
		cr_assert_eq(lay.time, 15);
		teardown();
		o.diff_width_max = 1;
		cr_assert_eq(build(text, &o), 0);
		cr_assert_eq(lay.time, 28);          /* max of each stack */
		const struct fk_frame *g = find("gone", 3, 0), *d = find("old", 2, 0);
		cr_assert(g && d);
		cr_assert_eq(g->mark, FK_FRAME_GONE);
		cr_assert_eq(d->mark, FK_FRAME_GONE);
		cr_assert_eq(g->end - g->start, 5);
		cr_assert_eq(d->end - d->start, 8);
		cr_assert_eq(find("kept", 2, 0)->end - find("kept", 2, 0)->start, 15);
		cr_assert_eq(find("kept", 2, 0)->after, 10);
		cr_assert_eq(find("new", 2, 0)->mark, FK_FRAME_NEW);
		teardown();
	}
}

/* xorshift: the same "random" input on every run. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The same stacks in sorted order and in random order lay out the same
 * frames.  Random order with stacks this deep is what switches the tree
 * from children lists to its table (after 1024 stacks), where stacks are
 * added in batches, so both ways of finding frames are compared.  ncols 2
 * gives differential lines; decimals makes some counts decimal, so that
 * the tree is rescaled while stacks wait in a batch.
 */
static void
orders_agree(const char *const *names, int nnames, int ncols, int decimals, uint64_t seed)
{
	enum { N = 6000 };
	char *lines[N];
	for (int i = 0; i < N; i++) {
		char buf[1024];
		size_t o = 0;
		int depth = 1 + (int)(rnd(&seed) % 14);
		for (int d = 0; d < depth; d++) {
			/* Early frames from few names, so that stacks share prefixes. */
			uint64_t pick = rnd(&seed) % (uint64_t)(d < 3 ? 3 : nnames);
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", d ? ";" : "", names[pick]);
		}
		for (int c = 0; c < ncols; c++) {
			int v = 1 + (int)(rnd(&seed) % 5);
			/* Decimal places appear part way through, in either order. */
			if (decimals && rnd(&seed) % 500 == 0)
				o += (size_t)snprintf(buf + o, sizeof(buf) - o, " %d.%0*d", v,
				    1 + (int)(rnd(&seed) % 3), 7);
			else
				o += (size_t)snprintf(buf + o, sizeof(buf) - o, " %d", v);
		}
		lines[i] = strdup(buf);
	}
	qsort(lines, N, sizeof(*lines), cmp_str);
	for (int pass = 0; pass < 2; pass++) {
		size_t total = 0;
		if (pass == 1)
			for (int i = N - 1; i > 0; i--) {
				int j = (int)(rnd(&seed) % (uint64_t)(i + 1));
				char *tmp = lines[i];
				lines[i] = lines[j];
				lines[j] = tmp;
			}
		for (int i = 0; i < N; i++)
			total += strlen(lines[i]) + 1;
		char *text = malloc(total + 1), *p = text;
		for (int i = 0; i < N; i++)
			p += sprintf(p, "%s\n", lines[i]);
		struct fk_layout_opts o;
		fk_layout_opts_init(&o);
		o.min_width = 0;
		cr_assert_eq(build(text, &o), 0);
		free(text);
		static struct fk_frame *first;
		static size_t nfirst;
		if (pass == 0) {
			nfirst = lay.n;
			first = malloc(lay.n * sizeof(*first));
			memcpy(first, lay.frames, lay.n * sizeof(*first));
			/* Names point into the tree: keep copies. */
			for (size_t i = 0; i < lay.n; i++)
				first[i].name = strndup(lay.frames[i].name, lay.frames[i].len);
		} else {
			cr_assert_eq(lay.n, nfirst);
			for (size_t i = 0; i < lay.n; i++) {
				const struct fk_frame *a = &first[i], *b = &lay.frames[i];
				cr_assert(a->len == b->len && memcmp(a->name, b->name, a->len) == 0,
				    "frame %zu: %.*s vs %.*s", i, (int)a->len, a->name, (int)b->len, b->name);
				cr_assert(a->depth == b->depth && a->start == b->start &&
				    a->end == b->end && a->self == b->self && a->parent == b->parent &&
				    a->before == b->before && a->after == b->after && a->delta == b->delta,
				    "frame %zu (%.*s) differs", i, (int)a->len, a->name);
			}
			for (size_t i = 0; i < nfirst; i++)
				free((char *)first[i].name);
			free(first);
		}
		fk_layout_release(&lay);
		fk_stacks_release(&st);
	}
	for (int i = 0; i < N; i++)
		free(lines[i]);
}

/*
 * In table mode a stack's new frames after the first are found only as
 * node + 1, not through the table: a later stack of the same batch that
 * needs them must look there too (here "x", the root's first child, and
 * "" under "").
 */
Test(layout, table_finds_frames_added_in_the_same_batch, .fini = teardown)
{
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	table_first = 1;
	int rc = build("x;a;b 1\nx;a;c 2\n;;q 1\n;;r 1\n", &o);
	table_first = 0;
	cr_assert_eq(rc, 0);
	cr_assert_not_null(find("x", 1, 0));
	cr_assert_null(find("x", 1, 1), "a second \"x\" under the root");
	cr_assert_null(find("a", 2, 1), "a second \"a\" under \"x\"");
	cr_assert_eq(find("a", 2, 0)->end - find("a", 2, 0)->start, 3);
	cr_assert_null(find("", 1, 1), "a second empty frame under the root");
	cr_assert_null(find("", 2, 1));
	cr_assert_eq(lay.n, 9u);
}

/* Sibling order by the rule of cmp_names() in layout.c, done the slow way. */
struct sib {
	char name[16];
	int ends;      /* some stack ends at this frame */
};

static int
cmp_sib(const void *a, const void *b)
{
	const struct sib *x = a, *y = b;
	size_t lx = strlen(x->name), ly = strlen(y->name), n = lx < ly ? lx : ly;
	int c = memcmp(x->name, y->name, n);
	if (c)
		return c;
	int cx = lx > n ? (unsigned char)x->name[n] : x->ends ? -1 : ';';
	int cy = ly > n ? (unsigned char)y->name[n] : y->ends ? -1 : ';';
	return cx < cy ? -1 : cx > cy;
}

/*
 * Siblings are sorted by the first 8 bytes of their names as numbers
 * before their text: names of 1 to 12 bytes from an alphabet with bytes
 * below and above ';', some ending a stack and some not, must come out in
 * the order of the byte-by-byte rule.
 */
Test(layout, sibling_order_by_name_heads, .fini = teardown)
{
	static const char alphabet[] = "\x01.:<ab\x7f\xff";
	enum { N = 400 };
	static struct sib sibs[N];
	uint64_t seed = 11;
	size_t n = 0;
	char *text = malloc(N * 64), *p = text;
	while (n < N) {
		struct sib *s = &sibs[n];
		size_t len = (size_t)(rnd(&seed) % 13);
		for (size_t i = 0; i < len; i++)
			s->name[i] = alphabet[rnd(&seed) % (sizeof(alphabet) - 1)];
		s->name[len] = '\0';
		if (len == 0)
			continue;
		int dup = 0;
		for (size_t j = 0; j < n && !dup; j++)
			dup = strcmp(sibs[j].name, s->name) == 0;
		if (dup)
			continue;
		s->ends = (int)(rnd(&seed) % 2);
		/* Each name goes on to a child; some also end a stack themselves. */
		p += sprintf(p, "%s;child 1\n", s->name);
		if (s->ends)
			p += sprintf(p, "%s 1\n", s->name);
		n++;
	}
	struct fk_layout_opts o;
	fk_layout_opts_init(&o);
	o.min_width = 0;
	cr_assert_eq(build(text, &o), 0);
	free(text);
	qsort(sibs, N, sizeof(*sibs), cmp_sib);
	size_t k = 0;
	for (size_t i = 0; i < lay.n; i++) {
		const struct fk_frame *f = &lay.frames[i];
		if (f->depth != 1)
			continue;
		cr_assert_lt(k, (size_t)N);
		cr_assert(f->len == strlen(sibs[k].name) && memcmp(f->name, sibs[k].name, f->len) == 0,
		    "sibling %zu: '%.*s', expected '%s'", k, (int)f->len, f->name, sibs[k].name);
		k++;
	}
	cr_assert_eq(k, (size_t)N);
}

/* Names that are prefixes of others ("f" and "f::x"), empty frames, repeated stacks. */
Test(layout, input_order_changes_nothing)
{
	static const char *names[] = { "f", "f::x", "g", "", "main", "std::vector<int>::at",
	    "h;i", "f_[k]", "zz", "a" };
	orders_agree(names, 10, 1, 0, 42);
}

/*
 * Names of every length the name compare treats apart (under 4, 4-7,
 * 8-16, 17-32, longer), pairs that differ only in their first, last or a
 * middle byte, two columns and decimal counts.
 */
Test(layout, input_order_changes_nothing_long_names)
{
	static const char *names[] = { "ab", "abc", "abcd", "abce", "xbcd", "abcdefg",
	    "abcdefgh", "abcdefgi", "bbcdefgh", "abcdefghijklmnop", "abcdefghijklmnoq",
	    "abcdefghijklmnopq", "abcdefghijklmnopqrstuvwxyz012345",
	    "abcdefghijklmnopqrstuvwxyz012346", "Abcdefghijklmnopqrstuvwxyz012345",
	    "abcdefghijklmNopqrstuvwxyz012345", "abcdefghiJklmnopq",
	    "abcdefghijklmnopqrstuvwxyz0123456", "abcdefghijklmnopqrstuvwxyz0123456789-long-name",
	    "abcdefghijklmnopqrstuvwxyz0123456789-long-namf" };
	orders_agree(names, 20, 1, 1, 7);
	orders_agree(names, 20, 2, 1, 9);
}
