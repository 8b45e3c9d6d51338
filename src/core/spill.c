#include "core/spill.h"
#include "core/bigmem.h"
#include "core/error.h"
#include "core/stack_table.h"
#include "core/util.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Runs merged at once: few descriptors and read buffers, few passes over the data. */
#define FANIN 16
#define READ_BUF ((size_t)64 << 10)
#define WRITE_BUF ((size_t)256 << 10)

/*
 * A run on disk: records "u32 len, key, int64 count[ncols]" in native
 * byte order (the file never outlives the process), sorted by key.
 */
struct run {
	int fd;
	uint64_t size;
	int scale;
	unsigned level;    /* 0: written from the table; L+1: merged from FANIN runs of level L */
};

/* A run being read: a buffer over pread() and the current record. */
struct src {
	struct run *run;
	uint64_t off;
	unsigned char *buf;
	size_t pos, end;
	char *key;
	size_t len, cap;
	int64_t c[2];
};

struct merge {
	int frames;         /* the runs are in frame order (FK_SPILL_FRAMES) */
	struct src *src;
	size_t nsrc;
	size_t *heap;       /* indices into src, smallest key on top */
	size_t nheap;
	int scale;          /* of the merged counts */
	char *key;          /* the record last returned */
	size_t cap;
};

struct fk_spill {
	int ncols;
	enum fk_spill_order order;
	size_t budget, block;
	struct fk_stack_table *t;
	struct run *runs;
	size_t nruns, runs_cap, written;
	int scale;
	int finished;
	unsigned char *wbuf;
	/* After fk_spill_finish(): the table's sorted entries, or a merge of the runs. */
	struct fk_stack_entry *const *list;
	size_t nlist, at;
	struct merge m;
	int merging;
};

static const char *
tmp_dir(void)
{
	const char *d = getenv("TMPDIR");
	return d && *d ? d : "/tmp";
}

/* A new temporary file with no name.  @return its descriptor, or -1 (recorded). */
static int
tmp_open(void)
{
	const char *dir = tmp_dir();
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
		return fk_error_errno(errno, "cannot create a temporary file in", dir);
	/* No O_TMPFILE there: a name that lives only between two calls no signal can split. */
	size_t n = strlen(dir) + sizeof("/flamekit.XXXXXX");
	char *path = fk_xmalloc(n);
	snprintf(path, n, "%s/flamekit.XXXXXX", dir);
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	fd = mkstemp(path);
	int err = errno;
	if (fd >= 0)
		unlink(path);
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(path);
	if (fd < 0)
		return fk_error_errno(err, "cannot create a temporary file in", dir);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

static int
write_error(int err)
{
	return fk_error_errno(err, "cannot write a temporary file in", tmp_dir());
}

/* Buffered writing of one run. */
struct wr {
	struct run *run;
	unsigned char *buf;
	size_t n;
};

static int
wr_flush(struct wr *w)
{
	size_t done = 0;
	while (done < w->n) {
		ssize_t k = pwrite(w->run->fd, w->buf + done, w->n - done,
		    (off_t)(w->run->size + done));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return write_error(k < 0 ? errno : ENOSPC);
		done += (size_t)k;
	}
	w->run->size += w->n;
	w->n = 0;
	return 0;
}

static int
wr_put(struct wr *w, const void *p, size_t n)
{
	const unsigned char *s = p;
	while (n) {
		if (w->n == WRITE_BUF && wr_flush(w) < 0)
			return -1;
		size_t k = WRITE_BUF - w->n < n ? WRITE_BUF - w->n : n;
		memcpy(w->buf + w->n, s, k);
		w->n += k;
		s += k;
		n -= k;
	}
	return 0;
}

static int
wr_record(struct wr *w, const char *key, size_t len, const int64_t *c, int ncols)
{
	uint32_t l = (uint32_t)len;
	if (wr_put(w, &l, sizeof(l)) < 0 || wr_put(w, key, len) < 0)
		return -1;
	return wr_put(w, c, (size_t)ncols * sizeof(*c));
}

static int
src_read(struct src *r, void *dst, size_t n)
{
	unsigned char *d = dst;
	while (n) {
		if (r->pos == r->end) {
			uint64_t left = r->run->size - r->off;
			size_t want = left < READ_BUF ? (size_t)left : READ_BUF;
			if (want == 0)
				return fk_error_code(FK_ERR_IO, "a temporary file in '%s' ends early",
				    tmp_dir());
			ssize_t k = pread(r->run->fd, r->buf, want, (off_t)r->off);
			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0)
				return fk_error_errno(errno, "cannot read a temporary file in", tmp_dir());
			if (k == 0)
				return fk_error_code(FK_ERR_IO, "a temporary file in '%s' ends early",
				    tmp_dir());
			r->off += (uint64_t)k;
			r->pos = 0;
			r->end = (size_t)k;
		}
		size_t k = r->end - r->pos < n ? r->end - r->pos : n;
		memcpy(d, r->buf + r->pos, k);
		r->pos += k;
		d += k;
		n -= k;
	}
	return 0;
}

/* Read the next record of r.  @return 1, 0 at the end of the run, or -1. */
static int
src_next(struct src *r, int ncols)
{
	uint32_t l;
	if (r->pos == r->end && r->off == r->run->size)
		return 0;
	if (src_read(r, &l, sizeof(l)) < 0)
		return -1;
	FK_GROW(r->key, r->cap, (size_t)l + 1, 256);
	if (src_read(r, r->key, l) < 0 ||
	    src_read(r, r->c, (size_t)ncols * sizeof(*r->c)) < 0)
		return -1;
	r->len = l;
	return 1;
}

static int
src_less(const struct merge *m, const struct src *a, const struct src *b)
{
	if (m->frames)
		return fk_stack_key_cmp_frames(a->key, a->len, b->key, b->len) < 0;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->key, b->key, n);
	return c ? c < 0 : a->len < b->len;
}

static void
heap_down(struct merge *m, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, best = i;
		if (l < m->nheap && src_less(m, &m->src[m->heap[l]], &m->src[m->heap[best]]))
			best = l;
		if (l + 1 < m->nheap && src_less(m, &m->src[m->heap[l + 1]], &m->src[m->heap[best]]))
			best = l + 1;
		if (best == i)
			return;
		size_t t = m->heap[i];
		m->heap[i] = m->heap[best];
		m->heap[best] = t;
		i = best;
	}
}

static void
merge_release(struct merge *m)
{
	for (size_t i = 0; i < m->nsrc; i++) {
		free(m->src[i].buf);
		free(m->src[i].key);
	}
	free(m->src);
	free(m->heap);
	free(m->key);
	memset(m, 0, sizeof(*m));
}

/* Start merging runs[0, n).  @return 0, or -1 (recorded; m released). */
static int
merge_open(struct merge *m, struct run *runs, size_t n, int ncols, int frames)
{
	memset(m, 0, sizeof(*m));
	m->frames = frames;
	m->src = fk_xcalloc(n, sizeof(*m->src));
	m->heap = fk_xmalloc(n * sizeof(*m->heap));
	m->nsrc = n;
	for (size_t i = 0; i < n; i++) {
		struct src *r = &m->src[i];
		r->run = &runs[i];
		r->buf = fk_xmalloc(READ_BUF);
		if (runs[i].scale > m->scale)
			m->scale = runs[i].scale;
		int k = src_next(r, ncols);
		if (k < 0) {
			merge_release(m);
			return -1;
		}
		if (k)
			m->heap[m->nheap++] = i;
	}
	for (size_t i = m->nheap / 2; i-- > 0;)
		heap_down(m, i);
	return 0;
}

/* Add r's counts, raised to scale, to sum.  @return 0 or -1 (recorded). */
static int
counts_add(int64_t *sum, const struct src *r, int ncols, int scale)
{
	int64_t f = fk_pow10(scale - r->run->scale);
	for (int c = 0; c < ncols; c++) {
		int64_t v = r->c[c];
		if (v > INT64_MAX / f)
			return fk_error("count overflows when rescaled to %d decimal places", scale);
		v *= f;
		if (v > INT64_MAX - sum[c])
			return fk_error("count overflows 64 bits");
		sum[c] += v;
	}
	return 0;
}

/* The next merged record.  @return 1, 0 at the end, or -1 (recorded). */
static int
merge_next(struct merge *m, int ncols, struct fk_spill_rec *rec)
{
	if (m->nheap == 0)
		return 0;
	struct src *top = &m->src[m->heap[0]];
	FK_GROW(m->key, m->cap, top->len + 1, 256);
	memcpy(m->key, top->key, top->len);
	rec->key = m->key;
	rec->len = top->len;
	rec->counts[0] = rec->counts[1] = 0;
	for (;;) {
		top = &m->src[m->heap[0]];
		if (top->len != rec->len || memcmp(top->key, rec->key, rec->len) != 0)
			break;
		if (counts_add(rec->counts, top, ncols, m->scale) < 0)
			return -1;
		int k = src_next(top, ncols);
		if (k < 0)
			return -1;
		if (k == 0 && --m->nheap > 0)
			m->heap[0] = m->heap[m->nheap];
		if (m->nheap == 0)
			break;
		heap_down(m, 0);
	}
	return 1;
}

static int
run_push(struct fk_spill *s, struct run r)
{
	FK_GROW(s->runs, s->runs_cap, s->nruns + 1, 16);
	s->runs[s->nruns++] = r;
	if (r.scale > s->scale)
		s->scale = r.scale;
	return 0;
}

/* Merge the last n runs into one run of the given level. */
static int
runs_merge_tail(struct fk_spill *s, size_t n, unsigned level)
{
	struct run *in = s->runs + s->nruns - n;
	struct run out = { .fd = tmp_open(), .level = level };
	struct merge m;
	struct fk_spill_rec rec;
	int k;

	if (out.fd < 0)
		return -1;
	if (merge_open(&m, in, n, s->ncols, s->order == FK_SPILL_FRAMES) < 0) {
		close(out.fd);
		return -1;
	}
	struct wr w = { &out, s->wbuf, 0 };
	while ((k = merge_next(&m, s->ncols, &rec)) > 0)
		if (wr_record(&w, rec.key, rec.len, rec.counts, s->ncols) < 0) {
			k = -1;
			break;
		}
	if (k == 0)
		k = wr_flush(&w);
	out.scale = m.scale;
	merge_release(&m);
	if (k < 0) {
		close(out.fd);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		close(in[i].fd);   /* the space goes back to the file system now */
	s->nruns -= n;
	s->written++;
	return run_push(s, out);
}

/* The table's entries in the spill's order. */
static struct fk_stack_entry *const *
table_sorted(struct fk_spill *s, size_t *n)
{
	if (s->order == FK_SPILL_FRAMES)
		return fk_stack_table_sorted_frames(s->t, n);
	return fk_stack_table_sorted(s->t, n);
}

/* Write the table as a run, then merge FANIN runs of a level into one of the next. */
static int
table_spill(struct fk_spill *s)
{
	size_t n;
	struct fk_stack_entry *const *list = table_sorted(s, &n);
	struct run r = { .fd = tmp_open(), .scale = fk_stack_table_scale(s->t) };

	if (r.fd < 0)
		return -1;
	struct wr w = { &r, s->wbuf, 0 };
	for (size_t i = 0; i < n; i++)
		if (wr_record(&w, list[i]->key, list[i]->len, list[i]->counts, s->ncols) < 0) {
			close(r.fd);
			return -1;
		}
	if (wr_flush(&w) < 0) {
		close(r.fd);
		return -1;
	}
	fk_stack_table_clear(s->t);
	s->written++;
	run_push(s, r);
	/* Levels never grow along the array, so equal ends mean FANIN runs of one level. */
	while (s->nruns >= FANIN &&
	    s->runs[s->nruns - FANIN].level == s->runs[s->nruns - 1].level)
		if (runs_merge_tail(s, FANIN, s->runs[s->nruns - 1].level + 1) < 0)
			return -1;
	return 0;
}

struct fk_spill *
fk_spill_new(int ncols, size_t budget)
{
	return fk_spill_new_ordered(ncols, budget, FK_SPILL_BYTES);
}

struct fk_spill *
fk_spill_new_ordered(int ncols, size_t budget, enum fk_spill_order order)
{
	struct fk_spill *s = fk_xcalloc(1, sizeof(*s));
	s->ncols = ncols == 2 ? 2 : 1;
	s->order = order;
	if (budget && budget < FK_SPILL_MIN_BUDGET)
		budget = FK_SPILL_MIN_BUDGET;
	s->budget = budget;
	/* Arena blocks small against the budget, so that a new block never overshoots it by much. */
	s->block = budget ? budget / 16 : 0;
	if (s->block > ((size_t)1 << 20))
		s->block = (size_t)1 << 20;
	/* A block from FK_BIGMEM_MIN up is a whole 2 MiB mapping (bigmem.h):
	 * below a 32 MiB budget stay under that size, on the heap. */
	if (s->block + 64 >= FK_BIGMEM_MIN && fk_bigmem_usable(s->block + 64) > budget / 16)
		s->block = FK_BIGMEM_MIN - 64;
	s->t = fk_stack_table_new_block(s->ncols, s->block);
	return s;
}

void
fk_spill_free(struct fk_spill *s)
{
	if (!s)
		return;
	merge_release(&s->m);
	for (size_t i = 0; i < s->nruns; i++)
		close(s->runs[i].fd);
	free(s->runs);
	free(s->wbuf);
	fk_stack_table_free(s->t);
	free(s);
}

int
fk_spill_add(struct fk_spill *s, const char *key, size_t len, const struct fk_num *counts)
{
	assert(!s->finished);
	if (s->budget && fk_stack_table_size(s->t) > 0) {
		/* The next entry, a new arena block and qsort()'s scratch copy of the list. */
		size_t need = fk_stack_table_bytes(s->t, 1) + fk_bigmem_usable(s->block + 64) +
		    fk_stack_table_size(s->t) * sizeof(void *);
		if (need > s->budget) {
			if (!s->wbuf)
				s->wbuf = fk_xmalloc(WRITE_BUF);
			if (table_spill(s) < 0)
				return -1;
		}
	}
	return fk_stack_table_add(s->t, key, len, counts);
}

int
fk_spill_finish(struct fk_spill *s)
{
	if (s->finished)
		return 0;
	s->finished = 1;
	if (s->nruns == 0) {
		s->scale = fk_stack_table_scale(s->t);
		s->list = table_sorted(s, &s->nlist);
		return 0;
	}
	/* The rest goes to disk too: the merge then holds buffers only. */
	if (fk_stack_table_size(s->t) > 0 && table_spill(s) < 0)
		return -1;
	fk_stack_table_free(s->t);
	s->t = NULL;
	while (s->nruns > FANIN)
		if (runs_merge_tail(s, FANIN, s->runs[s->nruns - 1].level + 1) < 0)
			return -1;
	free(s->wbuf);
	s->wbuf = NULL;
	s->merging = 1;
	return fk_spill_rewind(s);
}

int
fk_spill_rewind(struct fk_spill *s)
{
	assert(s->finished);
	if (!s->merging) {
		s->at = 0;
		return 0;
	}
	merge_release(&s->m);
	if (merge_open(&s->m, s->runs, s->nruns, s->ncols, s->order == FK_SPILL_FRAMES) < 0)
		return -1;
	/* Every run is raised to the largest scale, as the table raises its counts. */
	s->m.scale = s->scale;
	return 0;
}

int
fk_spill_scale(const struct fk_spill *s)
{
	return s->scale;
}

size_t
fk_spill_runs(const struct fk_spill *s)
{
	return s->written;
}

int
fk_spill_next(struct fk_spill *s, struct fk_spill_rec *rec)
{
	assert(s->finished);
	if (s->merging)
		return merge_next(&s->m, s->ncols, rec);
	if (s->at == s->nlist)
		return 0;
	const struct fk_stack_entry *e = s->list[s->at++];
	rec->key = e->key;
	rec->len = e->len;
	rec->counts[0] = e->counts[0];
	rec->counts[1] = s->ncols == 2 ? e->counts[1] : 0;
	return 1;
}

int
fk_spill_write(struct fk_spill *s, FILE *out, size_t *n)
{
	struct fk_spill_rec rec;
	char buf[FK_NUM_BUFSZ + 1];
	size_t lines = 0;
	int k;

	if (fk_spill_finish(s) < 0)
		return -1;
	while ((k = fk_spill_next(s, &rec)) > 0) {
		fwrite(rec.key, 1, rec.len, out);
		for (int c = 0; c < s->ncols; c++) {
			size_t m = fk_num_format(rec.counts[c], s->scale, buf + 1);
			buf[0] = ' ';
			fwrite(buf, 1, m + 1, out);
		}
		lines++;
		if (putc('\n', out) == EOF)
			break;
	}
	if (n)
		*n = lines;
	if (k < 0)
		return -1;
	if (ferror(out))
		return fk_error_errno(errno, "cannot write", "output");
	return 0;
}

int
fk_spill_parse_size(const char *s, size_t *bytes)
{
	const char *p = s;
	unsigned long long v = 0;
	int shift = 10;   /* no suffix: KiB, as sort -S */

	if (*p < '0' || *p > '9')
		return fk_error("invalid size '%s'", s);
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (ULLONG_MAX - 9) / 10)
			return fk_error("size '%s' is too large", s);
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	if (*p == '%') {
		if (p[1] || v == 0 || v > 100)
			return fk_error("invalid size '%s' (a percentage is 1%% to 100%%)", s);
		long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
		if (pages <= 0 || psize <= 0)
			return fk_error("cannot tell the size of physical memory for '%s'", s);
		*bytes = (size_t)((unsigned long long)pages / 100 * v * (unsigned long long)psize);
		return 0;
	}
	if (*p) {
		static const char units[] = "bkmgtpe";
		const char *u = strchr(units, *p | 0x20);
		if (!u || p[1])
			return fk_error("invalid size '%s' (a number with b, K, M, G, T, P, E or %%)", s);
		shift = 10 * (int)(u - units);
	}
	if (shift && v > (SIZE_MAX >> shift))
		return fk_error("size '%s' is too large", s);
	*bytes = (size_t)(v << shift);
	return 0;
}

size_t
fk_spill_default_budget(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
	size_t b = pages > 0 && psize > 0 ? (size_t)pages / 4 * (size_t)psize
	    : (size_t)1 << 30;
	static const int limits[] = { RLIMIT_AS, RLIMIT_DATA };
	for (size_t i = 0; i < sizeof(limits) / sizeof(*limits); i++) {
		struct rlimit rl;
		if (getrlimit(limits[i], &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
		    rl.rlim_cur / 2 < b)
			b = (size_t)(rl.rlim_cur / 2);
	}
	return b < FK_SPILL_MIN_BUDGET ? FK_SPILL_MIN_BUDGET : b;
}
