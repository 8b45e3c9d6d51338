/*
 * perf_proc.c -- the process table over time (perf_proc.h).
 */
#include "collapse/perf_proc.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct process {
	int pid;
	int used;
	struct fk_proc_map *maps;   /* sorted by start, not overlapping */
	size_t nmaps, capmaps;
	uint64_t generation;
};

struct thread {
	int tid, pid;
	int used;
	char comm[32];              /* perf keeps TASK_COMM_LEN (16) bytes; room for ":TID" */
};

struct fk_proc {
	struct process *procs;
	size_t pmask, nprocs;
	struct thread *threads;
	size_t tmask, nthreads;
	struct fk_proc_dso *dsos;
	size_t ndsos, capdsos;
	uint32_t *dso_slots;        /* index + 1, 0 empty */
	size_t dmask;
	uint64_t generation;
};

static size_t
int_hash(int x)
{
	uint64_t h = (uint64_t)(uint32_t)x * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 17);
}

struct fk_proc *
fk_proc_new(void)
{
	struct fk_proc *p = fk_xcalloc(1, sizeof(*p));
	p->pmask = 63;
	p->procs = fk_xcalloc(p->pmask + 1, sizeof(*p->procs));
	p->tmask = 63;
	p->threads = fk_xcalloc(p->tmask + 1, sizeof(*p->threads));
	p->dmask = 63;
	p->dso_slots = fk_xcalloc(p->dmask + 1, sizeof(*p->dso_slots));
	return p;
}

void
fk_proc_free(struct fk_proc *p)
{
	if (!p)
		return;
	for (size_t i = 0; i <= p->pmask; i++)
		free(p->procs[i].maps);
	free(p->procs);
	free(p->threads);
	for (size_t i = 0; i < p->ndsos; i++)
		free(p->dsos[i].path);
	free(p->dsos);
	free(p->dso_slots);
	free(p);
}

/* ---- processes ---------------------------------------------------------- */

static struct process *
proc_lookup(struct fk_proc *p, int pid, int create)
{
	size_t j = int_hash(pid) & p->pmask;
	while (p->procs[j].used) {
		if (p->procs[j].pid == pid)
			return &p->procs[j];
		j = (j + 1) & p->pmask;
	}
	if (!create)
		return NULL;
	if ((p->nprocs + 1) * 2 > p->pmask) {
		size_t om = p->pmask;
		struct process *old = p->procs;
		p->pmask = om * 2 + 1;
		p->procs = fk_xcalloc(p->pmask + 1, sizeof(*p->procs));
		for (size_t i = 0; i <= om; i++) {
			if (!old[i].used)
				continue;
			size_t k = int_hash(old[i].pid) & p->pmask;
			while (p->procs[k].used)
				k = (k + 1) & p->pmask;
			p->procs[k] = old[i];
		}
		free(old);
		return proc_lookup(p, pid, create);
	}
	struct process *pr = &p->procs[j];
	memset(pr, 0, sizeof(*pr));
	pr->pid = pid;
	pr->used = 1;
	pr->generation = ++p->generation;
	p->nprocs++;
	return pr;
}

/* ---- threads ------------------------------------------------------------ */

static struct thread *
thread_lookup(struct fk_proc *p, int tid, int create)
{
	size_t j = int_hash(tid) & p->tmask;
	while (p->threads[j].used) {
		if (p->threads[j].tid == tid)
			return &p->threads[j];
		j = (j + 1) & p->tmask;
	}
	if (!create)
		return NULL;
	if ((p->nthreads + 1) * 2 > p->tmask) {
		size_t om = p->tmask;
		struct thread *old = p->threads;
		p->tmask = om * 2 + 1;
		p->threads = fk_xcalloc(p->tmask + 1, sizeof(*p->threads));
		for (size_t i = 0; i <= om; i++) {
			if (!old[i].used)
				continue;
			size_t k = int_hash(old[i].tid) & p->tmask;
			while (p->threads[k].used)
				k = (k + 1) & p->tmask;
			p->threads[k] = old[i];
		}
		free(old);
		return thread_lookup(p, tid, create);
	}
	struct thread *t = &p->threads[j];
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	t->pid = -1;
	t->used = 1;
	snprintf(t->comm, sizeof t->comm, ":%d", tid);
	p->nthreads++;
	return t;
}

void
fk_proc_comm(struct fk_proc *p, int pid, int tid, const char *comm)
{
	struct thread *t = thread_lookup(p, tid, 1);
	t->pid = pid;
	snprintf(t->comm, sizeof t->comm, "%s", comm);
}

void
fk_proc_fork(struct fk_proc *p, int pid, int ppid, int tid, int ptid)
{
	char comm[32];
	struct thread *parent = thread_lookup(p, ptid, 0);
	/* A new process or thread: no stale state from an earlier one with its tid. */
	snprintf(comm, sizeof comm, "%s", parent ? parent->comm : "");
	struct thread *t = thread_lookup(p, tid, 1);
	t->pid = pid;
	if (parent)
		snprintf(t->comm, sizeof t->comm, "%s", comm);
	else
		snprintf(t->comm, sizeof t->comm, ":%d", tid);
	if (pid == ppid)
		return;   /* a thread: shares the maps */
	struct process *pp = proc_lookup(p, ppid, 0);
	struct process *np = proc_lookup(p, pid, 1);
	pp = proc_lookup(p, ppid, 0);   /* the table may have moved */
	np->nmaps = 0;
	if (pp && pp->nmaps) {
		FK_GROW(np->maps, np->capmaps, pp->nmaps, 16);
		memcpy(np->maps, pp->maps, pp->nmaps * sizeof(*np->maps));
		np->nmaps = pp->nmaps;
	}
	np->generation = ++p->generation;
}

void
fk_proc_exit(struct fk_proc *p, int pid, int tid)
{
	/* perf keeps an exited thread for samples that come late; so do we. */
	(void)p;
	(void)pid;
	(void)tid;
}

/* ---- module files -------------------------------------------------------- */

static int
is_anon_path(const char *path)
{
	return strcmp(path, "//anon") == 0 || strcmp(path, "/dev/zero") == 0 ||
	    strncmp(path, "/anon_hugepage", 14) == 0 || strncmp(path, "/SYSV", 5) == 0 ||
	    strncmp(path, "/dev/shm/", 9) == 0 || strcmp(path, "[heap]") == 0 ||
	    strcmp(path, "[stack]") == 0 || strncmp(path, "/memfd:", 7) == 0;
}

static uint32_t
dso_intern(struct fk_proc *p, const char *path, const unsigned char *bid, size_t bidlen)
{
	size_t n = strlen(path);
	uint64_t h = fk_hash_bytes(path, n, bidlen + 1);
	if (bid != NULL && bidlen)
		h ^= fk_hash_bytes(bid, bidlen, 7);
	size_t j = h & p->dmask;
	uint32_t s;
	while ((s = p->dso_slots[j]) != 0) {
		struct fk_proc_dso *d = &p->dsos[s - 1];
		if (strcmp(d->path, path) == 0 && d->build_id_len == bidlen &&
		    (bidlen == 0 || memcmp(d->build_id, bid, bidlen) == 0))
			return s - 1;
		j = (j + 1) & p->dmask;
	}
	FK_GROW(p->dsos, p->capdsos, p->ndsos + 1, 16);
	struct fk_proc_dso *d = &p->dsos[p->ndsos];
	memset(d, 0, sizeof(*d));
	d->path = fk_xstrdup(path);
	d->build_id_len = bidlen;
	if (bidlen)
		memcpy(d->build_id, bid, bidlen);
	d->anon = is_anon_path(path);
	p->dso_slots[j] = (uint32_t)++p->ndsos;
	if (p->ndsos * 2 > p->dmask) {
		free(p->dso_slots);
		p->dmask = p->dmask * 2 + 1;
		p->dso_slots = fk_xcalloc(p->dmask + 1, sizeof(*p->dso_slots));
		for (size_t i = 0; i < p->ndsos; i++) {
			const struct fk_proc_dso *e = &p->dsos[i];
			uint64_t eh = fk_hash_bytes(e->path, strlen(e->path), e->build_id_len + 1);
			if (e->build_id_len)
				eh ^= fk_hash_bytes(e->build_id, e->build_id_len, 7);
			size_t k = eh & p->dmask;
			while (p->dso_slots[k])
				k = (k + 1) & p->dmask;
			p->dso_slots[k] = (uint32_t)i + 1;
		}
	}
	return (uint32_t)(p->ndsos - 1);
}

struct fk_proc_dso *
fk_proc_dso_at(struct fk_proc *p, uint32_t i)
{
	return i < p->ndsos ? &p->dsos[i] : NULL;
}

size_t
fk_proc_ndsos(const struct fk_proc *p)
{
	return p->ndsos;
}

/* ---- maps ----------------------------------------------------------------- */

/* Index of the first map ending after addr. */
static size_t
map_bound(const struct process *pr, uint64_t addr)
{
	size_t lo = 0, hi = pr->nmaps;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pr->maps[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
fk_proc_mmap(struct fk_proc *p, int pid, uint64_t start, uint64_t len, uint64_t pgoff,
    const char *path, const unsigned char *bid, size_t bidlen)
{
	if (len == 0 || start + len < start)
		return;
	struct fk_proc_map m = { start, start + len, pgoff, dso_intern(p, path, bid, bidlen) };
	struct process *pr = proc_lookup(p, pid, 1);
	/* Cut what the new map overlaps out of the old ones (one may split in two). */
	size_t i = map_bound(pr, start);
	size_t j = i;
	struct fk_proc_map keep[2];
	size_t nkeep = 0;
	while (j < pr->nmaps && pr->maps[j].start < m.end) {
		struct fk_proc_map o = pr->maps[j];
		if (o.start < m.start) {
			keep[nkeep] = o;
			keep[nkeep++].end = m.start;
		}
		if (o.end > m.end) {
			struct fk_proc_map t = o;
			t.pgoff += m.end - o.start;
			t.start = m.end;
			keep[nkeep++] = t;
		}
		j++;
		if (nkeep == 2)
			break;
	}
	/* Replace maps[i, j) by the kept pieces and the new map, in order. */
	struct fk_proc_map repl[3];
	size_t nr = 0;
	if (nkeep && keep[0].start < m.start)
		repl[nr++] = keep[0];
	repl[nr++] = m;
	for (size_t k = 0; k < nkeep; k++)
		if (keep[k].start >= m.end)
			repl[nr++] = keep[k];
	size_t removed = j - i;
	FK_GROW(pr->maps, pr->capmaps, pr->nmaps - removed + nr, 16);
	memmove(pr->maps + i + nr, pr->maps + j, (pr->nmaps - j) * sizeof(*pr->maps));
	memcpy(pr->maps + i, repl, nr * sizeof(*repl));
	pr->nmaps = pr->nmaps - removed + nr;
	pr->generation = ++p->generation;
}

const char *
fk_proc_thread_comm(struct fk_proc *p, int pid, int tid)
{
	struct thread *t = thread_lookup(p, tid, 1);
	if (t->pid < 0)
		t->pid = pid;
	return t->comm;
}

const struct fk_proc_map *
fk_proc_find_map(struct fk_proc *p, int pid, uint64_t addr)
{
	struct process *pr = proc_lookup(p, pid, 0);
	if (pr == NULL)
		return NULL;
	size_t i = map_bound(pr, addr);
	return i < pr->nmaps && pr->maps[i].start <= addr ? &pr->maps[i] : NULL;
}

const struct fk_proc_map *
fk_proc_maps(struct fk_proc *p, int pid, size_t *n, uint64_t *generation)
{
	struct process *pr = proc_lookup(p, pid, 0);
	*n = pr ? pr->nmaps : 0;
	*generation = pr ? pr->generation : 0;
	return pr ? pr->maps : NULL;
}
