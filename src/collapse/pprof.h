/*
 * pprof.h -- fold binary pprof profiles (profile.proto, usually gzipped).
 *
 * What Go's /debug/pprof/profile, /heap, /goroutine (without debug) and
 * many other profilers write.  The protobuf is decoded with the wire-format
 * reader of core/protobuf.h, for the fields of profile.proto that a flame
 * graph needs (sample types, samples, locations, functions, mappings,
 * strings); other fields are skipped.  Each sample's stack is written root
 * first; the lines of a location are separate frames, the inlined ones (all
 * but the last, outermost line) marked "_[i]".
 */
#ifndef FK_PPROF_H
#define FK_PPROF_H

#include <stddef.h>
#include <stdint.h>

#include "core/stack_table.h"

/* Largest profile accepted, after decompression. */
#define FK_PPROF_MAX_SIZE ((size_t)1 << 30)

struct fk_pprof_opts {
	const char *sample_type;     /* value column by type name; NULL: default or last */
	char *const *labels;         /* label keys made root frames "[key=value]" */
	size_t nlabels;
	int lines;                   /* frames "func:file.go:123" (file base name) */
};

struct fk_pprof_stats {
	char sample_type[64];        /* the type used ("cpu") */
	char unit[64];               /* its unit ("nanoseconds") */
	uint64_t samples;            /* samples added */
	uint64_t skipped;            /* samples with a negative value */
};

/*
 * Whether data starts like a profile: the gzip magic, or a protobuf that
 * starts like profile.proto's Profile (fk_sniff_pprof(), core/sniff.h).
 */
int fk_pprof_sniff(const void *data, size_t n);

/*
 * Decompress a gzip (or zlib) stream whole, refusing more than max bytes
 * of output (fk_pprof_collapse() passes FK_PPROF_MAX_SIZE).  *out is
 * malloc'ed and owned by the caller.  name is used in messages.
 * @return 0, or -1 (recorded) when the stream is corrupt, cut off or too
 *         large.
 */
int fk_pprof_inflate(const char *name, const void *data, size_t n, size_t max,
    unsigned char **out, size_t *outlen);

/*
 * Fold one profile (gzipped or plain protobuf) into t.
 * @return 0, or -1 (recorded, naming the file and what is wrong) for a
 *         corrupt profile, an unknown sample type or a count overflow.
 */
int fk_pprof_collapse(const struct fk_pprof_opts *opt, const char *name,
    const void *data, size_t n, struct fk_stack_table *t, struct fk_pprof_stats *st);

#endif
