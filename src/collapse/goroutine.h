/*
 * goroutine.h -- fold Go goroutine dumps.
 *
 * Two text formats of the Go runtime:
 *  - the full dump of /debug/pprof/goroutine?debug=2, which is also what a
 *    Go panic or SIGQUIT prints: one "goroutine N [state]:" block per
 *    goroutine, each frame a function line and a tab-indented source line;
 *    every goroutine counts 1;
 *  - the grouped dump of /debug/pprof/goroutine?debug=1 ("N @ 0x... 0x..."
 *    followed by "#\t0xPC\tfunc+0xOFF\tfile:line" lines): each group
 *    counts N.
 * Stacks are written root first: the optional state frame, the optional
 * "created by F" frame, then the frames from the outermost to the leaf.
 */
#ifndef FK_GOROUTINE_H
#define FK_GOROUTINE_H

#include <stdint.h>

#include "core/reader.h"
#include "core/stack_table.h"

struct fk_go_opts {
	int state;       /* root frame "[chan receive]" (debug=2 only) */
	int wait;        /* with state: ", >1m", ", >10m", ", >1h" wait buckets */
	int no_creator;  /* leave out the "created by F" frame */
	int lines;       /* frames "func:file.go:123" (file base name) */
	char *const *labels;  /* debug=1: label keys made root frames "[key=value]" */
	size_t nlabels;
};

struct fk_go_stats {
	uint64_t goroutines;  /* goroutines counted */
	uint64_t stacks;      /* stacks added (groups for debug=1) */
	uint64_t cut_short;   /* inputs not read to the end (a read error, a line too long) */
	uint64_t outside;     /* lines outside goroutine blocks (log lines, a panic message) */
};

/*
 * Fold a debug=2 dump (or a panic/SIGQUIT traceback) from r into t.  Lines
 * outside goroutine blocks are ignored and counted in st->outside; a block that does not parse is
 * reported with fk_warn() and skipped.
 * A read error or a line over the limit ends the input there, reported
 * with fk_warn() and counted in st->cut_short; the goroutine it cut is
 * left out, the ones before it count.
 * @return 0, or -1 (recorded, naming the file and line) on a count overflow.
 */
int fk_goroutine_collapse(const struct fk_go_opts *opt, struct fk_reader *r,
    struct fk_stack_table *t, struct fk_go_stats *st);

/* The same for a debug=1 dump; state and wait do not apply. */
int fk_goroutine_counts_collapse(const struct fk_go_opts *opt, struct fk_reader *r,
    struct fk_stack_table *t, struct fk_go_stats *st);

/*
 * Parse a debug=2 header line "goroutine N [state, M minutes, ...]:"
 * (also "goroutine N gp=0x... m=... [state]:").  On success the state text
 * inside the brackets is returned through *state and *state_len (pointing into
 * line).  @return 1 for a header, 0 otherwise.  The same test as
 * fk_sniff_goroutine_header() (core/sniff.h), which detection uses.
 */
int fk_goroutine_header(const char *line, size_t len, const char **state,
    size_t *state_len);

#endif
