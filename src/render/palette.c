#include "render/palette.h"
#include "core/error.h"
#include "core/hash.h"
#include "render/layout.h"
#include "core/util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const pal_names[] = {
	"hot", "mem", "io", "wakeup", "chain", "java", "js", "perl", "python",
	"rust", "red", "green", "blue", "aqua", "yellow", "purple", "orange",
};

int
fk_palette_from_name(const char *name, enum fk_palette *p)
{
	for (size_t i = 0; i < sizeof(pal_names) / sizeof(pal_names[0]); i++) {
		if (strcmp(name, pal_names[i]) == 0) {
			*p = (enum fk_palette)i;
			return 0;
		}
	}
	return -1;
}

const char *
fk_palette_name(enum fk_palette p)
{
	return pal_names[p];
}

/* Decode one UTF-8 sequence (input is clean); returns bytes used. */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	size_t k = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	if (k > n || c >= 0xf8 || (c >= 0x80 && c < 0xc0)) {
		*cp = c;
		return 1;
	}
	uint32_t v = k == 1 ? c : k == 2 ? c & 0x1f : k == 3 ? c & 0x0f : c & 0x07;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = c;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3f);
	}
	*cp = v;
	return k;
}

/*
 * namehash over the code points cp[0..n): drop the first character and
 * everything up to the next backtick, when there is one; then weigh the
 * first three characters.
 */
static double
namehash_cps(const uint32_t *cp, size_t n)
{
	size_t i = 0;
	if (n > 0) {
		for (size_t j = 1; j < n; j++) {
			if (cp[j] == '`') {
				i = j + 1;
				break;
			}
		}
	}
	double vector = 0, weight = 1, max = 1;
	unsigned mod = 10;
	for (; i < n; i++) {
		unsigned r = cp[i] % mod;
		vector += ((double)r / (mod++ - 1)) * weight;
		max += weight;
		weight *= 0.70;
		if (mod > 12)
			break;
	}
	return 1 - vector / max;
}

double
fk_palette_namehash(const char *name, size_t len, int reversed)
{
	uint32_t small[256], *cp = small;
	if (len > 256)
		cp = fk_xmalloc(len * sizeof(*cp));
	size_t n = 0;
	const unsigned char *s = (const unsigned char *)name;
	for (size_t i = 0; i < len;)
		i += utf8_next(s + i, len - i, &cp[n++]);
	if (reversed) {
		for (size_t i = 0; i < n / 2; i++) {
			uint32_t t = cp[i];
			cp[i] = cp[n - 1 - i];
			cp[n - 1 - i] = t;
		}
	}
	double v = namehash_cps(cp, n);
	if (cp != small)
		free(cp);
	return v;
}

static int
has(const char *name, size_t len, const char *needle)
{
	return memmem(name, len, needle, strlen(needle)) != NULL;
}

static int
ends(const char *name, size_t len, const char *suffix)
{
	size_t k = strlen(suffix);
	return len >= k && memcmp(name + len - k, suffix, k) == 0;
}

static int
starts(const char *name, size_t len, const char *prefix)
{
	size_t k = strlen(prefix);
	return len >= k && memcmp(name, prefix, k) == 0;
}

static enum fk_palette
resolve_java(const char *name, size_t len)
{
	static const char *const pkgs[] = {
		"java/", "javax/", "jdk/", "net/", "org/", "com/", "io/", "sun/",
	};
	if (ends(name, len, "_[j]"))
		return FK_PAL_GREEN;
	if (ends(name, len, "_[i]"))
		return FK_PAL_AQUA;
	const char *p = name;
	size_t n = len;
	if (n > 0 && p[0] == 'L') {
		/* "^L?pkg/": try with and without the L. */
		for (size_t i = 0; i < 8; i++)
			if (starts(p + 1, n - 1, pkgs[i]))
				return FK_PAL_GREEN;
	}
	for (size_t i = 0; i < 8; i++)
		if (starts(p, n, pkgs[i]))
			return FK_PAL_GREEN;
	if (has(name, len, ":::"))
		return FK_PAL_GREEN;
	if (has(name, len, "::"))
		return FK_PAL_YELLOW;
	if (ends(name, len, "_[k]"))
		return FK_PAL_ORANGE;
	return FK_PAL_RED;
}

static enum fk_palette
resolve_js(const char *name, size_t len)
{
	if (ends(name, len, "_[j]"))
		return memchr(name, '/', len) ? FK_PAL_GREEN : FK_PAL_AQUA;
	if (has(name, len, "::"))
		return FK_PAL_YELLOW;
	const char *slash = memchr(name, '/', len);
	if (slash && has(slash + 1, len - (size_t)(slash + 1 - name), ".js"))
		return FK_PAL_GREEN;
	if (memchr(name, ':', len))
		return FK_PAL_AQUA;
	if (len == 1 && name[0] == ' ')
		return FK_PAL_GREEN;
	if (has(name, len, "_[k]"))
		return FK_PAL_ORANGE;
	return FK_PAL_RED;
}

static enum fk_palette
resolve_perl(const char *name, size_t len)
{
	if (has(name, len, "::"))
		return FK_PAL_YELLOW;
	if (has(name, len, "Perl") || has(name, len, ".pl"))
		return FK_PAL_GREEN;
	if (ends(name, len, "_[k]"))
		return FK_PAL_ORANGE;
	return FK_PAL_RED;
}

/* "python3.11" or "Python39": a directory of a Python installation. */
static int
python_dir(const char *p, size_t n)
{
	size_t k;
	if (starts(p, n, "python") || starts(p, n, "Python"))
		k = 6;
	else
		return 0;
	for (; k < n; k++)
		if (!((p[k] >= '0' && p[k] <= '9') || p[k] == '.'))
			return 0;
	return 1;
}

static enum fk_palette
resolve_python(const char *name, size_t len)
{
	int site = 0, std = 0;
	size_t s = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || name[i] == '/' || name[i] == '\\') {
			if (i - s == 13 && memcmp(name + s, "site-packages", 13) == 0)
				site = 1;
			if (python_dir(name + s, i - s))
				std = 1;
			s = i + 1;
		}
	}
	if (site)
		return FK_PAL_AQUA;
	if (std || starts(name, len, "<built-in") || starts(name, len, "<method") ||
	    starts(name, len, "<frozen"))
		return FK_PAL_YELLOW;
	return FK_PAL_RED;
}

static enum fk_palette
resolve_rust(const char *name, size_t len)
{
	const char *tick = memchr(name, '`', len);
	if (tick) {
		len -= (size_t)(tick + 1 - name);
		name = tick + 1;
	}
	if (starts(name, len, "core::") || starts(name, len, "std::") ||
	    starts(name, len, "alloc::") || starts(name, len, "<std::") ||
	    starts(name, len, "<alloc::") ||
	    (starts(name, len, "<core::") &&
	    !starts(name, len, "<core::future::from_generator::GenFuture<T>")))
		return FK_PAL_ORANGE;
	if (has(name, len, "::"))
		return FK_PAL_AQUA;
	return FK_PAL_YELLOW;
}

enum fk_palette
fk_palette_resolve(enum fk_palette p, const char *name, size_t len)
{
	switch (p) {
	case FK_PAL_JAVA:
		return resolve_java(name, len);
	case FK_PAL_JS:
		return resolve_js(name, len);
	case FK_PAL_PERL:
		return resolve_perl(name, len);
	case FK_PAL_PYTHON:
		return resolve_python(name, len);
	case FK_PAL_RUST:
		return resolve_rust(name, len);
	case FK_PAL_WAKEUP:
		return FK_PAL_AQUA;
	case FK_PAL_CHAIN:
		return has(name, len, "_[w]") ? FK_PAL_AQUA : FK_PAL_BLUE;
	default:
		return p;
	}
}

static struct fk_rgb
rgb(int r, int g, int b)
{
	return (struct fk_rgb){(uint8_t)r, (uint8_t)g, (uint8_t)b};
}

struct fk_rgb
fk_palette_rgb(enum fk_palette p, const char *name, size_t len, double v1,
    double v2, double v3)
{
	p = fk_palette_resolve(p, name, len);
	switch (p) {
	case FK_PAL_HOT:
		return rgb(205 + (int)(50 * v3), (int)(230 * v1), (int)(55 * v2));
	case FK_PAL_MEM:
		return rgb(0, 190 + (int)(50 * v2), (int)(210 * v1));
	case FK_PAL_IO: {
		int r = 80 + (int)(60 * v1);
		return rgb(r, r, 190 + (int)(55 * v2));
	}
	case FK_PAL_RED: {
		int x = 50 + (int)(80 * v1);
		return rgb(200 + (int)(55 * v1), x, x);
	}
	case FK_PAL_GREEN: {
		int x = 50 + (int)(60 * v1);
		return rgb(x, 200 + (int)(55 * v1), x);
	}
	case FK_PAL_BLUE: {
		int x = 80 + (int)(60 * v1);
		return rgb(x, x, 205 + (int)(50 * v1));
	}
	case FK_PAL_YELLOW: {
		int x = 175 + (int)(55 * v1);
		return rgb(x, x, 50 + (int)(20 * v1));
	}
	case FK_PAL_PURPLE: {
		int x = 190 + (int)(65 * v1);
		return rgb(x, 80 + (int)(60 * v1), x);
	}
	case FK_PAL_AQUA:
		return rgb(50 + (int)(60 * v1), 165 + (int)(55 * v1), 165 + (int)(55 * v1));
	case FK_PAL_ORANGE:
		return rgb(190 + (int)(65 * v1), 90 + (int)(65 * v1), 0);
	default:
		return rgb(0, 0, 0);
	}
}

static int
clamp255(double v)
{
	int i = (int)v;
	return i < 0 ? 0 : i > 255 ? 255 : i;
}

struct fk_rgb
fk_palette_diff(double delta, double maxdelta, int negate)
{
	int r = 255, g = 255, b = 255;
	if (negate)
		delta = -delta;
	if (delta > 0)
		g = b = clamp255(210 * (maxdelta - delta) / maxdelta);
	else if (delta < 0)
		r = g = clamp255(210 * (maxdelta + delta) / maxdelta);
	return rgb(r, g, b);
}

int
fk_diff_palette_from_name(const char *name, enum fk_diff_palette *p)
{
	if (strcmp(name, "rb") == 0)
		*p = FK_DIFF_RB;
	else if (strcmp(name, "cb") == 0)
		*p = FK_DIFF_CB;
	else
		return -1;
	return 0;
}

struct fk_rgb
fk_palette_diff_scale(enum fk_diff_palette p, double delta, double maxdelta, int negate)
{
	if (p == FK_DIFF_RB)
		return fk_palette_diff(delta, maxdelta, negate);
	static const struct fk_rgb grew = {230, 159, 0}, shrank = {49, 54, 149};
	if (negate)
		delta = -delta;
	if (delta == 0 || !(maxdelta > 0))
		return rgb(255, 255, 255);
	const struct fk_rgb *e = delta > 0 ? &grew : &shrank;
	double t = fabs(delta) / maxdelta;
	if (t > 1)
		t = 1;
	/* Each channel from 210/255 of the way to white (a change just above 0) to e. */
	double k = (1 - t) * 210.0 / 255.0;
	return rgb(clamp255(e->r + (255 - e->r) * k + 0.5),
	    clamp255(e->g + (255 - e->g) * k + 0.5),
	    clamp255(e->b + (255 - e->b) * k + 0.5));
}

int
fk_palette_background(const char *bg, enum fk_palette p, char c1[8], char c2[8])
{
	if (!bg || !*bg) {
		if (p == FK_PAL_MEM)
			bg = "green";
		else if (p == FK_PAL_IO || p == FK_PAL_WAKEUP || p == FK_PAL_CHAIN)
			bg = "blue";
		else if (p >= FK_PAL_RED)
			bg = "grey";
		else
			bg = "yellow";
	}
	const char *a, *b;
	if (strcmp(bg, "yellow") == 0) {
		a = "#eeeeee";
		b = "#eeeeb0";
	} else if (strcmp(bg, "blue") == 0) {
		a = "#eeeeee";
		b = "#e0e0ff";
	} else if (strcmp(bg, "green") == 0) {
		a = "#eef2ee";
		b = "#e0ffe0";
	} else if (strcmp(bg, "grey") == 0 || strcmp(bg, "gray") == 0) {
		a = "#f8f8f8";
		b = "#e8e8e8";
	} else if (bg[0] == '#' && strlen(bg) == 7 &&
	    strspn(bg + 1, "0123456789abcdefABCDEF") == 6) {
		a = b = bg;
	} else {
		return -1;
	}
	memcpy(c1, a, 8);
	memcpy(c2, b, 8);
	return 0;
}

size_t
fk_palette_strip_annotation(const char *name, size_t len)
{
	if (len >= 4 && name[len - 4] == '_' && name[len - 3] == '[' &&
	    name[len - 1] == ']' && strchr("kwij", name[len - 2]) && name[len - 2])
		return len - 4;
	return len;
}

/* Consistent palette map. */

struct map_entry {
	const char *name;
	size_t len;
	uint64_t hash;
	struct fk_rgb c;
};

struct fk_palette_map {
	struct fk_arena arena;
	struct map_entry *slots;
	size_t mask, n;
};

struct fk_palette_map *
fk_palette_map_new(void)
{
	struct fk_palette_map *m = fk_xcalloc(1, sizeof(*m));
	fk_arena_init(&m->arena, 1u << 16);
	m->mask = 255;
	m->slots = fk_xcalloc(m->mask + 1, sizeof(*m->slots));
	return m;
}

void
fk_palette_map_free(struct fk_palette_map *m)
{
	if (!m)
		return;
	fk_arena_release(&m->arena);
	free(m->slots);
	free(m);
}

static struct map_entry *
map_find(const struct fk_palette_map *m, const char *name, size_t len, uint64_t h)
{
	size_t i = h & m->mask;
	for (;;) {
		struct map_entry *e = &m->slots[i];
		if (!e->name || (e->hash == h && e->len == len &&
		    memcmp(e->name, name, len) == 0))
			return e;
		i = (i + 1) & m->mask;
	}
}

const struct fk_rgb *
fk_palette_map_get(const struct fk_palette_map *m, const char *name, size_t len)
{
	struct map_entry *e = map_find(m, name, len, fk_hash_bytes(name, len, 0));
	return e->name ? &e->c : NULL;
}

void
fk_palette_map_put(struct fk_palette_map *m, const char *name, size_t len,
    struct fk_rgb c)
{
	uint64_t h = fk_hash_bytes(name, len, 0);
	struct map_entry *e = map_find(m, name, len, h);
	if (e->name) {
		e->c = c;
		return;
	}
	if (2 * (m->n + 1) > m->mask) {
		struct fk_palette_map old = *m;
		m->mask = 2 * m->mask + 1;
		m->slots = fk_xcalloc(m->mask + 1, sizeof(*m->slots));
		for (size_t i = 0; i <= old.mask; i++)
			if (old.slots[i].name)
				*map_find(m, old.slots[i].name, old.slots[i].len,
				    old.slots[i].hash) = old.slots[i];
		free(old.slots);
		e = map_find(m, name, len, h);
	}
	e->name = fk_arena_strndup(&m->arena, name, len);
	e->len = len;
	e->hash = h;
	e->c = c;
	m->n++;
}

int
fk_palette_map_read(struct fk_palette_map *m, FILE *fp, const char *fname)
{
	struct fk_lines lines;
	char *line;
	ssize_t n;
	fk_lines_init(&lines, fp);
	while ((n = fk_lines_next(&lines, &line)) >= 0) {
		/*
		 * The last "->": names may hold one (C++'s operator->) or a
		 * NUL byte, the colour never does.
		 */
		char *arrow = NULL;
		for (ssize_t i = n - 2; i >= 0 && !arrow; i--)
			if (line[i] == '-' && line[i + 1] == '>')
				arrow = line + i;
		unsigned r, g, b;
		char end;
		if (!arrow || sscanf(arrow + 2, "rgb(%u,%u,%u%c", &r, &g, &b, &end) != 4 ||
		    end != ')' || r > 255 || g > 255 || b > 255) {
			if (n > 0)
				fk_warn(fname, fk_lines_lineno(&lines), "not a palette entry (name->rgb(R,G,B))");
			continue;
		}
		fk_palette_map_put(m, line, (size_t)(arrow - line), rgb((int)r, (int)g, (int)b));
	}
	fk_lines_release(&lines);
	if (ferror(fp))
		return fk_error_errno(errno, "cannot read palette", fname);
	return 0;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct map_entry *x = *(struct map_entry *const *)a;
	const struct map_entry *y = *(struct map_entry *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->name, y->name, n);
	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

int
fk_palette_map_write(struct fk_palette_map *m, FILE *fp)
{
	struct map_entry **v = fk_xmalloc((m->n + 1) * sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; i <= m->mask; i++)
		if (m->slots[i].name)
			v[k++] = &m->slots[i];
	qsort(v, k, sizeof(*v), cmp_entry);
	for (size_t i = 0; i < k; i++) {
		fwrite(v[i]->name, 1, v[i]->len, fp);
		fprintf(fp, "->rgb(%u,%u,%u)\n", v[i]->c.r, v[i]->c.g, v[i]->c.b);
	}
	free(v);
	return ferror(fp) ? fk_error_errno(EIO, "cannot write", "palette") : 0;
}

/* Colouring frames. */

#define RNG_SEED 0x853c49e6748fea9bULL
#define RNG_STEP 0x9e3779b97f4a7c15ULL

void
fk_colorer_init(struct fk_colorer *c, enum fk_palette p)
{
	memset(c, 0, sizeof(*c));
	c->palette = p;
	c->rng = RNG_SEED;
}

void
fk_colorer_seek(struct fk_colorer *c, uint64_t n)
{
	/* A colour takes three steps; the state is the seed plus the steps taken. */
	c->rng = RNG_SEED + 3 * n * RNG_STEP;
}

static double
rng_next(struct fk_colorer *c)
{
	/* splitmix64: a fixed sequence, so --random output is reproducible. */
	uint64_t z = (c->rng += RNG_STEP);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

struct fk_rgb
fk_colorer_pick(struct fk_colorer *c, const char *name, size_t len, int diff,
    double delta, double maxdelta)
{
	if (len == 2 && name[0] == '-' && name[1] == '-')
		return rgb(160, 160, 160);
	if (len == 1 && name[0] == '-')
		return rgb(200, 200, 200);
	if (diff)
		return fk_palette_diff_scale(c->diff_palette, delta, maxdelta, c->negate);
	if (c->map) {
		const struct fk_rgb *got = fk_palette_map_get(c->map, name, len);
		if (got)
			return *got;
	}
	double v1, v2, v3;
	if (c->random) {
		v1 = rng_next(c);
		v2 = rng_next(c);
		v3 = rng_next(c);
	} else {
		v1 = fk_palette_namehash(name, len, 0);
		v2 = v3 = fk_palette_namehash(name, len, 1);
	}
	struct fk_rgb col = fk_palette_rgb(c->palette, name, len, v1, v2, v3);
	if (c->map)
		fk_palette_map_put(c->map, name, len, col);
	return col;
}

struct fk_rgb
fk_colorer_frame(struct fk_colorer *c, const struct fk_layout *l, const struct fk_frame *f)
{
	if (c->diffusion && !(f->len == 1 && f->name[0] == '-') &&
	    !(f->len == 2 && f->name[0] == '-' && f->name[1] == '-')) {
		double frac = fk_layout_count(l, f->end - f->start) / l->timemax;
		return fk_palette_diff(floor(sqrt(frac) * 2000), 2000, 0);
	}
	return fk_colorer_pick(c, f->name, f->len, l->diff,
	    l->diff ? fk_layout_count(l, f->delta) : 0, l->maxdelta);
}
