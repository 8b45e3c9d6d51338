/*
 * unwind_test_util.h -- test-only: just enough of perf.data to feed the
 * unwinder (the first attribute's sample layout, MMAP/MMAP2 per process,
 * and each SAMPLE's user registers and stack copy).  Not a reader for users:
 * that is the collapse stage's perf.data reader; this one exists so that
 * the unwinder's tests and benchmark need nothing else.
 */
#ifndef FK_UNWIND_TEST_UTIL_H
#define FK_UNWIND_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collapse/perf_unwind.h"
#include "core/bytes.h"

struct ut_proc {
	int pid;
	struct fk_unwind_map *maps;
	size_t nmaps, cap;
	uint64_t generation;
};

struct ut_capture {
	unsigned char *buf;
	size_t len;
	uint64_t data_off, data_size;
	uint64_t sample_type, regs_mask;
	struct ut_proc *procs;
	size_t nprocs;
};

/* One decoded sample: the unwinder's input plus perf's own fields. */
struct ut_sample {
	struct fk_unwind_sample s;
	uint64_t ip, time;
	uint64_t offset;           /* of the record in the file */
};

static inline void
ut_capture_release(struct ut_capture *c)
{
	for (size_t i = 0; i < c->nprocs; i++)
		free(c->procs[i].maps);
	free(c->procs);
	free(c->buf);
	memset(c, 0, sizeof *c);
}

/* Read PATH (a native-endian PERFILE2 file). @return 0, or -1 with a message on stderr. */
static inline int
ut_capture_load(struct ut_capture *c, const char *path)
{
	memset(c, 0, sizeof *c);
	FILE *f = fopen(path, "rb");
	if (!f)
		return perror(path), -1;
	size_t cap = 1 << 20;
	c->buf = malloc(cap);
	for (size_t n; c->buf && (n = fread(c->buf + c->len, 1, cap - c->len, f)) > 0;) {
		c->len += n;
		if (c->len == cap)
			c->buf = realloc(c->buf, cap *= 2);
	}
	fclose(f);
	if (!c->buf || c->len < 104 || memcmp(c->buf, "PERFILE2", 8) != 0) {
		fprintf(stderr, "%s: not a native-endian perf.data file\n", path);
		return -1;
	}
	uint64_t attr_off = fk_load_u64(c->buf + 24);
	c->data_off = fk_load_u64(c->buf + 40);
	c->data_size = fk_load_u64(c->buf + 48);
	if (attr_off + 96 > c->len || c->data_off > c->len || c->data_size > c->len - c->data_off) {
		fprintf(stderr, "%s: truncated\n", path);
		return -1;
	}
	c->sample_type = fk_load_u64(c->buf + attr_off + 24);
	c->regs_mask = fk_load_u64(c->buf + attr_off + 80);
	return 0;
}

static inline struct ut_proc *
ut_proc(struct ut_capture *c, int pid)
{
	for (size_t i = 0; i < c->nprocs; i++)
		if (c->procs[i].pid == pid)
			return &c->procs[i];
	c->procs = realloc(c->procs, (c->nprocs + 1) * sizeof *c->procs);
	struct ut_proc *p = &c->procs[c->nprocs++];
	memset(p, 0, sizeof *p);
	p->pid = pid;
	return p;
}

/* A new mapping replaces the mappings it overlaps. */
static inline void
ut_map_add(struct ut_capture *c, int pid, uint64_t start, uint64_t len, uint64_t pgoff,
		const char *path, const unsigned char *bid, size_t bid_len)
{
	struct ut_proc *p = ut_proc(c, pid);
	size_t k = 0;
	for (size_t i = 0; i < p->nmaps; i++)
		if (p->maps[i].end <= start || p->maps[i].start >= start + len)
			p->maps[k++] = p->maps[i];
	p->nmaps = k;
	if (p->nmaps == p->cap)
		p->maps = realloc(p->maps, (p->cap = p->cap ? 2 * p->cap : 16) * sizeof *p->maps);
	p->maps[p->nmaps++] = (struct fk_unwind_map){ start, start + len, pgoff, path, bid, bid_len };
	p->generation++;
}

/*
 * Call FN for every sample with user registers and stack, in file order,
 * with the process's maps as the records before it left them.
 * @return the number of samples passed to FN, or -1 on a layout this
 * helper does not read.
 */
static inline long
ut_capture_each(struct ut_capture *c, void (*fn)(void *arg, const struct ut_sample *), void *arg)
{
	const uint64_t supported = 0x1 | 0x2 | 0x4 | 0x8 | 0x20 | 0x40 | 0x80 | 0x100 | 0x200
		| 0x400 | 0x1000 | 0x2000 | 0x4000 | 0x8000 | 0x10000;
	if (c->sample_type & ~supported || !(c->sample_type & 0x3000)) {
		fprintf(stderr, "sample_type %#llx not read by this helper\n",
			(unsigned long long)c->sample_type);
		return -1;
	}
	long count = 0;
	const unsigned char *end = c->buf + c->data_off + c->data_size;
	for (const unsigned char *r = c->buf + c->data_off; r + 8 <= end;) {
		uint32_t type = fk_load_u32(r);
		uint16_t misc, size;
		memcpy(&misc, r + 4, 2);
		memcpy(&size, r + 6, 2);
		if (size < 8 || r + size > end)
			break;
		const unsigned char *p = r + 8, *rend = r + size;
		if ((type == 1 || type == 10) && size >= 48) {  /* MMAP, MMAP2 */
			int pid = (int)fk_load_u32(p);
			const unsigned char *bid = NULL;
			size_t bid_len = 0;
			const char *name = (const char *)p + 32;
			if (type == 10) {
				if (misc & (1 << 14)) {  /* PERF_RECORD_MISC_MMAP_BUILD_ID */
					bid_len = p[32] <= 20 ? p[32] : 20;
					bid = p + 36;
				}
				name = (const char *)p + 64;
			}
			if (pid != -1 && (const unsigned char *)name < rend
					&& memchr(name, 0, (size_t)(rend - (const unsigned char *)name)))
				ut_map_add(c, pid, fk_load_u64(p + 8), fk_load_u64(p + 16), fk_load_u64(p + 24), name,
					bid, bid_len);
		} else if (type == 9) {  /* SAMPLE */
			struct ut_sample us = { .offset = (uint64_t)(r - c->buf) };
			uint64_t st = c->sample_type;
			if (st & 0x10000) p += 8;
			if (st & 0x1) us.ip = fk_load_u64(p), p += 8;
			if (st & 0x2) us.s.pid = (int)fk_load_u32(p), us.s.tid = (int)fk_load_u32(p + 4), p += 8;
			if (st & 0x4) us.time = fk_load_u64(p), p += 8;
			if (st & 0x8) p += 8;
			if (st & 0x40) p += 8;
			if (st & 0x200) p += 8;
			if (st & 0x80) p += 8;
			if (st & 0x100) p += 8;
			if (st & 0x20) p += 8 + 8 * fk_load_u64(p);
			if (st & 0x400) p += 4 + fk_load_u32(p);  /* includes the padding to 8 */
			if (p + 8 > rend)
				goto next;
			if (st & 0x1000) {
				us.s.abi = fk_load_u64(p);
				p += 8;
				us.s.regs_mask = c->regs_mask;
				us.s.regs = (const uint64_t *)p;  /* records are 8-byte aligned */
				if (us.s.abi)
					p += 8 * (size_t)__builtin_popcountll(c->regs_mask);
			}
			if ((st & 0x2000) && p + 8 <= rend) {
				uint64_t n = fk_load_u64(p);
				p += 8;
				if (n > (uint64_t)(rend - p))
					goto next;
				us.s.stack = p;
				us.s.stack_size = n;
				if (n && p + n + 8 <= rend) {
					uint64_t dyn = fk_load_u64(p + n);
					us.s.stack_size = dyn < n ? dyn : n;
				}
			}
			if (p > rend || !us.s.abi)
				goto next;
			struct ut_proc *pr = ut_proc(c, us.s.pid);
			us.s.maps = pr->maps;
			us.s.nmaps = pr->nmaps;
			us.s.maps_generation = pr->generation;
			fn(arg, &us);
			count++;
		}
next:
		r += size;
	}
	return count;
}

/* This process's mappings (paths owned by MAPS; free with ut_self_maps_free). */
struct ut_self_maps {
	struct fk_unwind_map *maps;
	size_t nmaps;
};

static inline void
ut_self_maps_free(struct ut_self_maps *m)
{
	for (size_t i = 0; i < m->nmaps; i++)
		free((char *)m->maps[i].path);
	free(m->maps);
	memset(m, 0, sizeof *m);
}

static inline int
ut_self_maps_read(struct ut_self_maps *m)
{
	memset(m, 0, sizeof *m);
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f)
		return -1;
	char line[4096];
	size_t cap = 0;
	while (fgets(line, sizeof line, f)) {
		unsigned long long start, end, pgoff;
		int n = 0;
		if (sscanf(line, "%llx-%llx %*s %llx %*s %*s %n", &start, &end, &pgoff, &n) < 3 || n == 0)
			continue;
		char *path = line + n;
		path[strcspn(path, "\n")] = 0;
		if (m->nmaps == cap)
			m->maps = realloc(m->maps, (cap = cap ? 2 * cap : 64) * sizeof *m->maps);
		m->maps[m->nmaps++] = (struct fk_unwind_map){ start, end, pgoff, strdup(path), NULL, 0 };
	}
	fclose(f);
	return 0;
}

#endif
