/*
 * perf_unwind.h -- DWARF unwinding of a perf sample's user stack (the
 * registers and the stack copy that `perf record --call-graph dwarf` stores)
 * with elfutils' libdwfl, as perf itself does with libdw.
 *
 * Supported: x86_64 samples (PERF_SAMPLE_REGS_ABI_64 with x86_64 modules)
 * and aarch64 samples (ABI_64 with aarch64 modules).  Anything else (32-bit
 * processes, other architectures, samples without SP or IP) yields the
 * sample's IP alone, or nothing when there is no IP.
 */
#ifndef FK_PERF_UNWIND_H
#define FK_PERF_UNWIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PERF_SAMPLE_REGS_ABI_* (linux/perf_event.h). */
#define FK_UNWIND_ABI_NONE 0
#define FK_UNWIND_ABI_32 1
#define FK_UNWIND_ABI_64 2

/*
 * One mapping of the sampled thread: the file at PATH is mapped from file
 * offset PGOFF at [START, END).  BUILD_ID (BUILD_ID_LEN bytes) is the
 * build-id perf recorded for the file, or NULL when unknown; a file on disk
 * whose build-id differs is not used (never misread).  Mappings without a
 * file (PATH NULL, empty, "//anon", "[heap]", "[vdso]", ...) are ignored.
 */
struct fk_unwind_map {
	uint64_t start, end, pgoff;
	const char *path;
	const unsigned char *build_id;
	size_t build_id_len;
};

/*
 * One sample.  Everything is borrowed for the duration of fk_unwind_user().
 * The unwinder keeps what it derived from MAPS for PID until
 * MAPS_GENERATION changes, so the generation must change with any mmap or
 * munmap of the process, and when PID starts another program (exec) or is
 * reused by another process.
 */
struct fk_unwind_sample {
	int pid, tid;
	uint64_t regs_mask;        /* attr.sample_regs_user */
	uint64_t abi;              /* PERF_SAMPLE_REGS_ABI_* from the sample */
	const uint64_t *regs;      /* popcount(regs_mask) values, in bit order, as perf writes */
	const unsigned char *stack; uint64_t stack_size;   /* the copy, dyn_size bytes */
	const struct fk_unwind_map *maps; size_t nmaps;    /* the thread's maps at sample time */
	uint64_t maps_generation;  /* changes whenever this pid's maps change */
};

typedef struct fk_unwinder fk_unwinder;

/*
 * A new unwinder.  It keeps one libdwfl session per recently seen process
 * (a bounded number, least recently used dropped first) and one read-only
 * mapping per module file, so its memory grows with modules, not samples.
 * @return the unwinder, or NULL with fk_error() set when out of memory.
 * Not thread-safe: one unwinder per thread.
 */
fk_unwinder *fk_unwinder_create(void);

/* Free U and everything it holds (sessions, file mappings).  NULL is a no-op. */
void fk_unwinder_free(fk_unwinder *u);

/*
 * Unwind sample S, writing at most MAX instruction addresses to IPS,
 * innermost first: ips[0] is the sample's user IP, the following entries
 * are the raw PCs of the caller frames as libdwfl reports them, that is
 * return addresses (the instruction after the call).  Looking up the
 * calling function, line or inlined caller is the caller's concern: subtract
 * 1 from an address whose frame is not an activation (see
 * fk_unwind_user_frames()), as perf does before it stores a DWARF-unwound
 * chain (with either of its unwinders), so that `perf script` prints
 * return address - 1 for those frames.  A return address can lie past the
 * end of the calling function (a call to a noreturn function ends it).
 * The session for S->pid is reused while S->maps_generation stays the same;
 * a new generation reports the modules again.  Garbage in S (registers,
 * stack, maps) ends the chain early, never crashes.
 * @return the number of addresses written (0 when S has no IP or MAX is 0).
 */
size_t fk_unwind_user(fk_unwinder *u, const struct fk_unwind_sample *s,
		uint64_t *ips, size_t max);

/*
 * As fk_unwind_user(), and also sets activation[i] (when ACTIVATION is not
 * NULL) to 1 when ips[i] is the address of the instruction that was about
 * to run (the sampled IP, or the interrupted IP of a frame below a signal
 * handler) and to 0 when it is a return address.
 * @return the number of addresses written.
 */
size_t fk_unwind_user_frames(fk_unwinder *u, const struct fk_unwind_sample *s,
		uint64_t *ips, unsigned char *activation, size_t max);

/*
 * Did the last fk_unwind_user*() call end its chain at a read past the end
 * of the stack copy (outside every module file), that is because the copy
 * was too short for the stack?  perf, unwinding with libunwind (as
 * Debian's does), then shows one more frame, at address 0 - 1, as
 * "[unknown]".
 */
bool fk_unwind_cut_short(const fk_unwinder *u);

/* What an unwinder did so far, for -v. */
struct fk_unwind_stats {
	uint64_t samples;              /* fk_unwind_user*() calls with an IP */
	uint64_t samples_ip_only;      /* of which nothing past the IP was found */
	uint64_t sessions_built;       /* Dwfl sessions made (a process, a new set of files) */
	uint64_t sessions_kept;        /* maps generations that changed only anonymous memory */
	uint64_t modules_reported;     /* over all sessions */
	uint64_t files_unreadable;     /* mapped files missing, unreadable or not ELF */
	uint64_t files_wrong_build_id; /* files on disk whose build-id is not perf's */
};

/* Copy U's counters to *ST. */
void fk_unwinder_stats(const fk_unwinder *u, struct fk_unwind_stats *st);

#endif
