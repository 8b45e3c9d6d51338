/*
 * perf_proc.h -- the processes of a perf.data file over time: each
 * thread's command name, each process's module maps.
 *
 * Fed the COMM, FORK, EXIT, MMAP and MMAP2 records in time order, it
 * answers for a sample what perf answers at that moment: the thread's
 * comm (":TID" when none was seen, as perf shows it), and which module
 * file, at which file offset, holds an address.  Threads of a process
 * share its maps; a forked process starts with a copy of its parent's.
 * A new map replaces the parts of older ones it overlaps.  Kernel maps
 * (pid -1) are kept as a process of their own.
 */
#ifndef FK_PERF_PROC_H
#define FK_PERF_PROC_H

#include <stddef.h>
#include <stdint.h>

#define FK_PROC_KERNEL_PID (-1)

/* A module file, one per distinct path (and build-id when the map carried one). */
struct fk_proc_dso {
	char *path;
	unsigned char build_id[20];
	size_t build_id_len;
	int anon;                /* no file ("//anon", "[heap]", ...): map_ip is the address */
	void *user;              /* for the caller (names, build-id checks) */
};

struct fk_proc_map {
	uint64_t start, end, pgoff;
	uint32_t dso;            /* index, fk_proc_dso_at() */
};

struct fk_proc;

struct fk_proc *fk_proc_new(void);
void fk_proc_free(struct fk_proc *p);

void fk_proc_comm(struct fk_proc *p, int pid, int tid, const char *comm);
void fk_proc_fork(struct fk_proc *p, int pid, int ppid, int tid, int ptid);
void fk_proc_exit(struct fk_proc *p, int pid, int tid);
/* bid may be NULL (MMAP, or MMAP2 without a build-id). */
void fk_proc_mmap(struct fk_proc *p, int pid, uint64_t start, uint64_t len, uint64_t pgoff,
    const char *path, const unsigned char *bid, size_t bidlen);

/* The thread's comm: valid until the next call that changes the table. */
const char *fk_proc_thread_comm(struct fk_proc *p, int pid, int tid);
/* The map of process pid holding addr, or NULL. */
const struct fk_proc_map *fk_proc_find_map(struct fk_proc *p, int pid, uint64_t addr);
/*
 * All maps of process pid, sorted by address, and a number that changes
 * whenever they change.
 */
const struct fk_proc_map *fk_proc_maps(struct fk_proc *p, int pid, size_t *n,
    uint64_t *generation);
struct fk_proc_dso *fk_proc_dso_at(struct fk_proc *p, uint32_t i);
size_t fk_proc_ndsos(const struct fk_proc *p);

#endif
