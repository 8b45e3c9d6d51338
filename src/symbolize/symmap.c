/*
 * symmap.c -- sorted address maps for kallsyms and perf JIT map files.
 */
#include "symbolize/symmap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/util.h"

struct sym {
	uint64_t start;
	uint64_t end;       /* exclusive; 0 = up to the next symbol */
	uint64_t seq;       /* line order: later wins on overlap */
	const char *name;
	size_t len;
};

struct fk_symmap {
	struct fk_arena arena;
	struct sym *v;
	size_t n, cap;
	int sorted;
	int nonzero;        /* some address was not zero */
	size_t maxspan;     /* largest explicit size, bounds the backward scan */
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
	free(m);
}

size_t
fk_symmap_size(const struct fk_symmap *m)
{
	return m->n;
}

int
fk_symmap_restricted(const struct fk_symmap *m)
{
	return m->n > 0 && !m->nonzero;
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

static int
kallsyms_line(struct fk_symmap *m, const char *p, const char *e)
{
	uint64_t addr;
	if (parse_hex(&p, e, &addr) < 0 || p == e || !fk_is_blank(*p))
		return -1;
	p = skip_blank(p, e);
	if (p == e)
		return -1;
	char type = *p++;
	if (p == e || !fk_is_blank(*p))
		return -1;
	p = skip_blank(p, e);
	const char *name = p;
	while (p < e && !fk_is_blank(*p))
		p++;
	if (p == name)
		return -1;
	if (type == 't' || type == 'T' || type == 'w' || type == 'W')
		add(m, addr, 0, name, (size_t)(p - name));
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
	return read_lines(m, fp, bad, kallsyms_line);
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

const char *
fk_symmap_lookup(struct fk_symmap *m, uint64_t addr, size_t *len)
{
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
