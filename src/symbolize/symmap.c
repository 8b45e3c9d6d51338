/*
 * symmap.c -- sorted address maps for kallsyms and perf JIT map files.
 *
 * A perf map is small and read into a sorted array.  kallsyms is large
 * (over 100,000 lines) and usually wanted for a handful of addresses, so
 * it is not copied: its text is mapped (or read whole when it is
 * /proc/kallsyms) and checked once.  Its part in address order from the
 * start (the kernel proper, all of it without modules) gets a sparse index,
 * and a lookup there reads a few lines of the text; the lines after it
 * (module symbols, in no order) get a full sorted index.
 */
#include "symbolize/symmap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/bigmem.h"
#include "core/error.h"
#include "core/reader.h"
#include "core/util.h"

struct sym {
	uint64_t start;
	uint64_t end;       /* exclusive; 0 = up to the next symbol */
	uint64_t seq;       /* line order: later wins on overlap */
	const char *name;
	size_t len;
};

/* A kallsyms text symbol: its address and the offset of its line in the text. */
struct kline {
	uint64_t addr;
	uint64_t off;
};

/* A sparse index has an entry at most every KSPARSE text symbols. */
#define KSPARSE 32

struct fk_symmap {
	struct fk_arena arena;
	struct sym *v;
	size_t n, cap;
	int sorted;
	int nonzero;        /* some address was not zero */
	size_t maxspan;     /* largest explicit size, bounds the backward scan */
	/* kallsyms */
	const char *text;
	size_t textlen;
	void *mapped;       /* text is this mapping of the file ... */
	size_t maplen;
	char *owned;        /* ... or this copy (fk_bigmem) */
	size_t ownedcap;
	size_t split;       /* text before split is in address order */
	struct kline *ix;   /* there, the first line of an address every */
	size_t nix;         /* KSPARSE or more symbols */
	struct kline *rx;   /* every text symbol after split, sorted */
	size_t nrx;
	uint64_t maxaddr;   /* of all text symbols */
	size_t nk;          /* text symbols */
};

struct fk_symmap *
fk_symmap_new(void)
{
	struct fk_symmap *m = fk_xcalloc(1, sizeof *m);
	fk_arena_init(&m->arena, 1 << 16);
	return m;
}

void
fk_symmap_free(struct fk_symmap *m)
{
	if (m == NULL)
		return;
	fk_arena_release(&m->arena);
	free(m->v);
	if (m->mapped)
		munmap(m->mapped, m->maplen);
	fk_bigmem_free(m->owned, m->ownedcap);
	free(m->ix);
	free(m->rx);
	free(m);
}

size_t
fk_symmap_size(const struct fk_symmap *m)
{
	return m->n + m->nk;
}

int
fk_symmap_restricted(const struct fk_symmap *m)
{
	return m->n + m->nk > 0 && !m->nonzero;
}

static void
add(struct fk_symmap *m, uint64_t start, uint64_t end, const char *name, size_t len)
{
	FK_GROW(m->v, m->cap, m->n + 1, 1024);
	struct sym *s = &m->v[m->n];
	s->start = start;
	s->end = end;
	s->seq = m->n;
	s->name = fk_arena_strndup(&m->arena, name, len);
	s->len = len;
	m->n++;
	m->sorted = 0;
	if (start != 0)
		m->nonzero = 1;
	if (end > start && end - start > m->maxspan)
		m->maxspan = end - start;
}

/* Parse hex digits (optional 0x) at *p; advance.  @return -1 when none. */
static int
parse_hex(const char **p, const char *e, uint64_t *out)
{
	const char *s = *p;
	if (e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	uint64_t v = 0;
	const char *d = s;
	for (; s < e; s++) {
		unsigned c = (unsigned char)*s, x;
		if (c >= '0' && c <= '9')
			x = c - '0';
		else if (c >= 'a' && c <= 'f')
			x = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			x = c - 'A' + 10;
		else
			break;
		if (v >> 60)
			return -1;
		v = v << 4 | x;
	}
	if (s == d)
		return -1;
	*p = s;
	*out = v;
	return 0;
}

static const char *
skip_blank(const char *p, const char *e)
{
	while (p < e && fk_is_blank(*p))
		p++;
	return p;
}

typedef int line_fn(struct fk_symmap *m, const char *p, const char *e);

static int
read_lines(struct fk_symmap *m, FILE *fp, size_t *bad, line_fn *fn)
{
	struct fk_lines lines;
	char *line;
	ssize_t n;
	size_t nbad = 0;
	errno = 0;
	fk_lines_init(&lines, fp);
	while ((n = fk_lines_next(&lines, &line)) >= 0) {
		if (n == 0)
			continue;
		if (fn(m, line, line + n) < 0)
			nbad++;
	}
	fk_lines_release(&lines);
	if (bad != NULL)
		*bad = nbad;
	if (ferror(fp))
		return fk_error_errno(errno ? errno : EIO, "cannot read", "symbol map");
	return 0;
}

/*
 * One kallsyms line [p, e) "ADDR TYPE NAME[\tMODULE]".  @return 1 for a
 * text symbol (t, T, w, W: *addr, *name, *len set), 0 for another
 * symbol, -1 for a line that does not parse.
 */
static int
kallsyms_parse(const char *p, const char *e, uint64_t *addr, const char **name, size_t *len)
{
	if (parse_hex(&p, e, addr) < 0 || p == e || !fk_is_blank(*p))
		return -1;
	p = skip_blank(p, e);
	if (p == e)
		return -1;
	char type = *p++;
	if (p == e || !fk_is_blank(*p))
		return -1;
	p = skip_blank(p, e);
	if (p == e)
		return -1;
	if (type != 't' && type != 'T' && type != 'w' && type != 'W')
		return 0;
	const char *s = p;
	while (p < e && !fk_is_blank(*p))
		p++;
	*name = s;
	*len = (size_t)(p - s);
	return 1;
}

/* The line at offset at of the text: its end (without \n or \r) in *e; @return the next's offset. */
static size_t
kallsyms_line(const struct fk_symmap *m, size_t at, const char **e)
{
	const char *p = m->text + at, *end = m->text + m->textlen;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	const char *le = nl ? nl : end;
	while (le > p && le[-1] == '\r')
		le--;
	*e = le;
	return nl ? (size_t)(nl + 1 - m->text) : m->textlen;
}

/* Hex digit values; -1 for other bytes. */
static const signed char hexval[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7,
	['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14,
	['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15,
	['F'] = 16,
};

/*
 * The usual kallsyms line, "%016lx T name...", checked quickly: @return 1
 * (a text symbol) or 0 (another symbol) with *addr and the next line's
 * offset; 2 for any other shape, which kallsyms_parse() then reads.
 */
static int
kallsyms_fast(const struct fk_symmap *m, size_t at, uint64_t *addr, size_t *next)
{
	const unsigned char *p = (const unsigned char *)m->text + at;
	if (m->textlen - at < 21 || p[16] != ' ' || p[18] != ' ')
		return 2;
	unsigned char c = p[19];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
		return 2;
	uint64_t v = 0;
	int ok = 1;
	for (int i = 0; i < 16; i++) {
		int x = hexval[p[i]];
		ok &= x != 0;
		v = v << 4 | (uint64_t)(x - 1);
	}
	unsigned char t = p[17];
	if (!ok || t == ' ' || t == '\t')
		return 2;
	/* Names are short: eight bytes at a time beats memchr()'s set-up. */
	const unsigned char *nl = p + 20, *end = (const unsigned char *)m->text + m->textlen;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	for (; end - nl >= 8; nl += 8) {
		uint64_t w;
		memcpy(&w, nl, 8);
		w ^= ones * '\n';
		uint64_t hit = (w - ones) & ~w & highs;
		if (hit) {
			nl += (unsigned)__builtin_ctzll(hit) / 8;   /* little-endian: the first byte */
			goto found;
		}
	}
#endif
	while (nl < end && *nl != '\n')
		nl++;
	if (nl == end)
		return 2;
found:
	/* A name with a \r just before the line's end: let the general reader trim it. */
	if (nl[-1] == '\r')
		return 2;
	*addr = v;
	*next = (size_t)(nl + 1 - (const unsigned char *)m->text);
	return t == 't' || t == 'T' || t == 'w' || t == 'W';
}

static int
cmp_kline(const void *a, const void *b)
{
	const struct kline *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Check the text and index it (struct fk_symmap). */
static void
kallsyms_index(struct fk_symmap *m, size_t *bad)
{
	size_t nbad = 0, since = KSPARSE, cap = 0, rcap = 0;
	uint64_t prev = 0;
	int ordered = 1;
	m->split = m->textlen;
	for (size_t at = 0; at < m->textlen;) {
		const char *e, *name;
		size_t next, len;
		uint64_t a;
		int r = kallsyms_fast(m, at, &a, &next);
		if (r == 2) {
			next = kallsyms_line(m, at, &e);
			r = e > m->text + at ? kallsyms_parse(m->text + at, e, &a, &name, &len) : 0;
		}
		if (r < 0)
			nbad++;
		if (r > 0) {
			if (ordered && m->nk > 0 && a < prev) {
				ordered = 0;
				m->split = at;
			}
			if (!ordered) {
				FK_GROW(m->rx, rcap, m->nrx + 1, 4096);
				m->rx[m->nrx].addr = a;
				m->rx[m->nrx].off = at;
				m->nrx++;
			} else if (since >= KSPARSE && (m->nk == 0 || a != prev)) {
				FK_GROW(m->ix, cap, m->nix + 1, 256);
				m->ix[m->nix].addr = a;
				m->ix[m->nix].off = at;
				m->nix++;
				since = 0;
			}
			since++;
			prev = a;
			m->nk++;
			if (a != 0)
				m->nonzero = 1;
			if (a > m->maxaddr)
				m->maxaddr = a;
		}
		at = next;
	}
	if (m->nrx > 1)
		qsort(m->rx, m->nrx, sizeof *m->rx, cmp_kline);
	if (bad != NULL)
		*bad = nbad;
}

static void
kallsyms_take(struct fk_symmap *m, size_t *bad)
{
	/* A UTF-8 byte order mark before the first line is not part of it. */
	size_t b = fk_bom_len(m->text, m->textlen);
	m->text += b;
	m->textlen -= b;
	kallsyms_index(m, bad);
}

/* Read fd to its end into m->owned. */
static int
read_all_fd(struct fk_symmap *m, int fd)
{
	size_t n = 0;
	for (;;) {
		if (n == m->ownedcap) {
			size_t cap = m->ownedcap ? 2 * m->ownedcap : (size_t)8 << 20;
			m->owned = fk_bigmem_realloc(m->owned, m->ownedcap, cap);
			m->ownedcap = cap;
		}
		ssize_t r = read(fd, m->owned + n, m->ownedcap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return fk_error_errno(errno, "cannot read", "symbol map");
		if (r == 0)
			break;
		n += (size_t)r;
	}
	m->text = m->owned;
	m->textlen = n;
	return 0;
}

int
fk_symmap_load_kallsyms(struct fk_symmap *m, int fd, size_t *bad)
{
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		/* Populated now: every page is read by the check anyway. */
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
		if (p != MAP_FAILED) {
			m->mapped = p;
			m->maplen = (size_t)st.st_size;
			m->text = p;
			m->textlen = m->maplen;
			kallsyms_take(m, bad);
			return 0;
		}
	}
	/* /proc/kallsyms reports size 0 and cannot be mapped. */
	if (read_all_fd(m, fd) < 0)
		return -1;
	kallsyms_take(m, bad);
	return 0;
}

static int
perfmap_line(struct fk_symmap *m, const char *p, const char *e)
{
	uint64_t start, size;
	if (parse_hex(&p, e, &start) < 0 || p == e || !fk_is_blank(*p))
		return -1;
	p = skip_blank(p, e);
	if (parse_hex(&p, e, &size) < 0 || p == e || !fk_is_blank(*p))
		return -1;
	p = skip_blank(p, e);
	if (p == e || size == 0 || start + size < start)
		return -1;
	add(m, start, start + size, p, (size_t)(e - p));
	return 0;
}

int
fk_symmap_read_kallsyms(struct fk_symmap *m, FILE *fp, size_t *bad)
{
	size_t n = 0;
	errno = 0;
	for (;;) {
		if (n == m->ownedcap) {
			size_t cap = m->ownedcap ? 2 * m->ownedcap : (size_t)64 << 10;
			m->owned = fk_bigmem_realloc(m->owned, m->ownedcap, cap);
			m->ownedcap = cap;
		}
		size_t r = fread(m->owned + n, 1, m->ownedcap - n, fp);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(fp))
		return fk_error_errno(errno ? errno : EIO, "cannot read", "symbol map");
	m->text = m->owned;
	m->textlen = n;
	kallsyms_take(m, bad);
	return 0;
}

int
fk_symmap_read_perfmap(struct fk_symmap *m, FILE *fp, size_t *bad)
{
	return read_lines(m, fp, bad, perfmap_line);
}

static int
cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
sort_map(struct fk_symmap *m)
{
	qsort(m->v, m->n, sizeof *m->v, cmp_sym);
	m->sorted = 1;
}

/* The name on the kallsyms line at off (a text symbol). */
static const char *
kallsyms_name(const struct fk_symmap *m, uint64_t off, size_t *len)
{
	const char *e, *name;
	uint64_t a;
	kallsyms_line(m, (size_t)off, &e);
	kallsyms_parse(m->text + off, e, &a, &name, len);
	return name;
}

/* Last entry of v[n] with addr <= a, +1; 0 when none. */
static size_t
kallsyms_upper(const struct kline *v, size_t n, uint64_t a)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].addr <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * In the ordered part: the first line of the last address at or below
 * addr, into *best and *off.  @return 0 when there is none.
 */
static int
kallsyms_find_ordered(const struct fk_symmap *m, uint64_t addr, uint64_t *best, uint64_t *off)
{
	size_t i = kallsyms_upper(m->ix, m->nix, addr);
	if (i == 0)
		return 0;
	/* Entry i - 1 starts its address; read on from it. */
	int have = 0;
	for (size_t at = (size_t)m->ix[i - 1].off; at < m->split;) {
		const char *e, *name;
		size_t next = kallsyms_line(m, at, &e), n;
		uint64_t a;
		if (e > m->text + at && kallsyms_parse(m->text + at, e, &a, &name, &n) > 0) {
			if (a > addr)
				break;
			if (!have || a != *best) {
				*best = a;
				*off = at;
				have = 1;
			}
		}
		at = next;
	}
	return have;
}

/* The same in the sorted rest. */
static int
kallsyms_find_rest(const struct fk_symmap *m, uint64_t addr, uint64_t *best, uint64_t *off)
{
	size_t i = kallsyms_upper(m->rx, m->nrx, addr);
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && m->rx[i - 1].addr == m->rx[i].addr)
		i--;
	*best = m->rx[i].addr;
	*off = m->rx[i].off;
	return 1;
}

/*
 * kallsyms: the first line (in text order) of the last address at or
 * below addr; it ends where the next address begins, the last one 1 MiB on.
 */
static const char *
kallsyms_lookup(const struct fk_symmap *m, uint64_t addr, size_t *len)
{
	uint64_t a1 = 0, o1 = 0, a2 = 0, o2 = 0;
	int h1 = kallsyms_find_ordered(m, addr, &a1, &o1);
	int h2 = kallsyms_find_rest(m, addr, &a2, &o2);
	if (!h1 && !h2)
		return NULL;
	/* On a tie the ordered part's line comes first in the text. */
	if (!h1 || (h2 && a2 > a1)) {
		a1 = a2;
		o1 = o2;
	}
	if (a1 == m->maxaddr && addr - a1 >= 0x100000)
		return NULL;   /* far past the last symbol */
	return kallsyms_name(m, o1, len);
}

const char *
fk_symmap_lookup(struct fk_symmap *m, uint64_t addr, size_t *len)
{
	if (m->text != NULL)
		return m->nk == 0 || !m->nonzero ? NULL : kallsyms_lookup(m, addr, len);
	if (m->n == 0 || !m->nonzero)
		return NULL;
	if (!m->sorted)
		sort_map(m);
	/* Last symbol with start <= addr. */
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->v[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	size_t i = lo - 1;
	const struct sym *best = NULL;
	if (m->v[i].end == 0) {
		/* kallsyms: ends where the next distinct address begins. */
		while (i > 0 && m->v[i - 1].start == m->v[i].start)
			i--;
		/* Prefer a global name among aliases at one address. */
		best = &m->v[i];
		size_t j = i;
		for (; j < m->n && m->v[j].start == best->start; j++)
			;
		if (j == m->n && addr - best->start >= 0x100000)
			return NULL;   /* far past the last symbol */
	} else {
		/* perf map: explicit ranges; the latest line covering addr wins. */
		for (;; i--) {
			const struct sym *s = &m->v[i];
			if (addr - s->start > m->maxspan)
				break;
			if (s->end != 0 && addr < s->end && (best == NULL || s->seq > best->seq))
				best = s;
			if (i == 0)
				break;
		}
		if (best == NULL)
			return NULL;
	}
	*len = best->len;
	return best->name;
}
