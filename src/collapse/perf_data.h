/*
 * perf_data.h -- read a perf.data file: header, attributes, feature
 * sections and the records of its data section, in time order.
 *
 * Both layouts perf record writes: the file ("PERFILE2", header with
 * section offsets, features after the data) and the pipe (`perf record
 * -o -`: a short header, then the attributes and features as records).
 * Records are handed on one at a time, put back in time order within each
 * FINISHED_ROUND window as perf does (a record waits until the round after
 * the one it came in, unless its time is older than that round's start).
 * Only little-endian files are read; a big-endian one is refused.
 *
 * Damage is reported with fk_warn(name, byte offset) and read past where
 * it can be: a truncated file (perf killed while writing: the header
 * still says "no data"), a record running past the data section, a record
 * type or sample layout not understood.
 */
#ifndef FK_PERF_DATA_H
#define FK_PERF_DATA_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/bytes.h"
#include "core/reader.h"

/* PERF_RECORD_* types this reader hands on. */
enum {
	FK_PD_MMAP = 1,
	FK_PD_LOST = 2,
	FK_PD_COMM = 3,
	FK_PD_EXIT = 4,
	FK_PD_FORK = 7,
	FK_PD_SAMPLE = 9,
	FK_PD_MMAP2 = 10,
	FK_PD_LOST_SAMPLES = 13,
	FK_PD_NTYPES = 128,
};

/* perf_event_attr.sample_type bits read here. */
#define FK_PD_S_IP (1ULL << 0)
#define FK_PD_S_TID (1ULL << 1)
#define FK_PD_S_TIME (1ULL << 2)
#define FK_PD_S_ADDR (1ULL << 3)
#define FK_PD_S_READ (1ULL << 4)
#define FK_PD_S_CALLCHAIN (1ULL << 5)
#define FK_PD_S_ID (1ULL << 6)
#define FK_PD_S_CPU (1ULL << 7)
#define FK_PD_S_PERIOD (1ULL << 8)
#define FK_PD_S_STREAM_ID (1ULL << 9)
#define FK_PD_S_RAW (1ULL << 10)
#define FK_PD_S_BRANCH_STACK (1ULL << 11)
#define FK_PD_S_REGS_USER (1ULL << 12)
#define FK_PD_S_STACK_USER (1ULL << 13)
#define FK_PD_S_IDENTIFIER (1ULL << 16)

/* Callchain context markers (PERF_CONTEXT_*), as unsigned 64-bit values. */
#define FK_PD_CONTEXT_HV ((uint64_t)-32)
#define FK_PD_CONTEXT_KERNEL ((uint64_t)-128)
#define FK_PD_CONTEXT_USER ((uint64_t)-512)
#define FK_PD_CONTEXT_GUEST ((uint64_t)-2048)
#define FK_PD_CONTEXT_GUEST_KERNEL ((uint64_t)-2176)
#define FK_PD_CONTEXT_GUEST_USER ((uint64_t)-2560)
#define FK_PD_CONTEXT_MAX ((uint64_t)-4095)

/* header.misc & FK_PD_CPUMODE_MASK */
#define FK_PD_CPUMODE_MASK 7
#define FK_PD_CPUMODE_KERNEL 1
#define FK_PD_CPUMODE_USER 2
#define FK_PD_CPUMODE_HV 3
#define FK_PD_CPUMODE_GUEST_KERNEL 4
#define FK_PD_CPUMODE_GUEST_USER 5
#define FK_PD_MISC_COMM_EXEC (1u << 13)

/* One event (an attribute) of the file. */
struct fk_pd_attr {
	uint32_t type;
	uint64_t config;
	uint64_t sample_type;
	uint64_t read_format;
	uint64_t branch_sample_type;
	uint64_t regs_user;          /* sample_regs_user */
	uint64_t sample_period;      /* the fixed period (or frequency) it was recorded with */
	int sample_id_all;
	char *name;                  /* from EVENT_DESC, else made from type and config */
	uint64_t *ids;
	size_t nids;
	uint64_t samples;            /* samples read */
};

/* A sample, as far as its fields were read (pointers into the record). */
struct fk_pd_sample {
	struct fk_pd_attr *attr;
	uint64_t offset;             /* of the record, in the input */
	uint16_t misc;
	uint32_t pid, tid, cpu;
	uint64_t ip, time, period;
	const unsigned char *chain;  /* nchain 64-bit values (fk_pd_chain_ip()); NULL: none */
	uint64_t nchain;
	uint64_t regs_abi;           /* 0: no user registers */
	uint64_t regs[64];           /* nregs values, in the order of attr->regs_user's bits */
	size_t nregs;
	const unsigned char *stack;  /* the user stack copy (dyn_size bytes) */
	uint64_t stack_size;
	int have_stack;              /* the layout was read as far as the stack */
};

/* The i-th entry of a sample's callchain (the record need not be aligned). */
static inline uint64_t
fk_pd_chain_ip(const struct fk_pd_sample *s, uint64_t i)
{
	return fk_load_u64(s->chain + 8 * i);
}

/* A non-sample record this reader hands on. */
struct fk_pd_event {
	uint32_t type;               /* FK_PD_* */
	uint16_t misc;
	uint64_t offset;
	uint64_t time;               /* from sample_id_all, else 0 */
	uint32_t pid, tid, ppid, ptid;
	uint64_t start, len, pgoff;  /* MMAP, MMAP2 */
	const char *str;             /* COMM: the name; MMAP, MMAP2: the file */
	const unsigned char *build_id;   /* MMAP2 with a build-id, else NULL */
	size_t build_id_len;
	uint64_t lost;               /* LOST, LOST_SAMPLES */
};

struct fk_pd_handler {
	void (*sample)(void *ctx, const struct fk_pd_sample *s);
	void (*event)(void *ctx, const struct fk_pd_event *e);
	void *ctx;
};

/* A file's BUILD_ID feature entry (or a pipe's HEADER_BUILD_ID record). */
struct fk_pd_buildid {
	int32_t pid;
	char *path;
	unsigned char id[20];
	size_t len;
};

struct fk_pd_stats {
	uint64_t bytes;                      /* bytes read */
	uint64_t records[FK_PD_NTYPES];      /* by type (user types 64..), all read */
	uint64_t skipped;                    /* records that do not matter, skipped by size */
	uint64_t unknown;                    /* records of types not known */
	uint64_t bad;                        /* records not understood (reported) */
	uint64_t lost;                       /* samples the kernel lost (LOST, LOST_SAMPLES) */
	uint64_t compressed;                 /* PERF_RECORD_COMPRESSED, not read */
	int cut_short;                       /* the input ended inside a record, or reading failed */
};

struct fk_pd;

/*
 * Open a perf.data input (its first bytes already in in->ahead, the rest
 * from in->fd; a regular file is read with pread()).  Reads the header,
 * and in the file layout the attributes and feature sections.
 * @return NULL (recorded with fk_error) when the header cannot be read or
 * the file is big-endian.
 */
struct fk_pd *fk_pd_open(const struct fk_input *in, const char *name);
void fk_pd_free(struct fk_pd *d);

/*
 * Read the records, calling h for each sample and for the records listed
 * in struct fk_pd_event, in perf's order.  progress, when not NULL, is
 * called now and then with the bytes read so far.
 * @return 0, or -1 (recorded) on a read error.
 */
int fk_pd_read(struct fk_pd *d, const struct fk_pd_handler *h,
    void (*progress)(void *ctx, uint64_t bytes), void *progress_ctx);

/* The events; valid until fk_pd_free(). */
struct fk_pd_attr *fk_pd_attrs(struct fk_pd *d, size_t *n);
/* The build-ids found (feature section or records). */
const struct fk_pd_buildid *fk_pd_buildids(const struct fk_pd *d, size_t *n);
const struct fk_pd_stats *fk_pd_stats(const struct fk_pd *d);
/* The name given to fk_pd_open(), for messages. */
const char *fk_pd_name(const struct fk_pd *d);

#endif
