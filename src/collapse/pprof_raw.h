/*
 * pprof_raw.h -- fold the text of `go tool pprof -raw`.
 *
 * By default the samples are read as the binary profile would be (pprof.h):
 * the value of the chosen sample type (the one marked "[dflt]", else the
 * last column) is the count, samples with value 0 are left out, and every
 * line of a location is a frame, inlined ones (all but the location's
 * last, outermost line) marked _[i]; a location without a function is its
 * address.  Label lines are not read.
 *
 * With compat_perl, the job of stackcollapse-go.pl, with byte-identical
 * output for one input: sample lines "COUNT VALUE: ID ID ..." after
 * "Samples:" are summed by stack, location lines "ID: 0xADDR [M=N ]NAME ..."
 * after "Locations" name the IDs (the first, innermost, function of a
 * location only; IDs without a name stay numbers), and reading stops at
 * "Mappings".  The quirks of the script's regular expressions are kept: the
 * count is the first column (the second is the value), and a line with a
 * single number column loses that number's last digit to the value (and
 * is dropped when that number has one digit).  What this drops is counted
 * in the stats for the caller to report.
 */
#ifndef FK_PPROF_RAW_H
#define FK_PPROF_RAW_H

#include <stdint.h>

#include "core/reader.h"
#include "core/stack_table.h"

struct fk_pprof_raw_stats {
	uint64_t cut_short;   /* inputs not read to the end (a read error, a line too long) */
	uint64_t stacks;                /* stacks added to the table */
	uint64_t perl_dropped;          /* compat_perl: sample lines the script's pattern misses */
	uint64_t perl_inline_dropped;   /* compat_perl: callers of inlined calls not named */
	uint64_t perl_samples;          /* compat_perl: sample lines read (first column counted) */
	char sample_type[64];           /* the column counted, of the last input ("cpu") */
	char unit[64];                  /* its unit ("nanoseconds"); "" when not named */
};

/*
 * Fold one input from r into t, adding to *stats (which the caller zeroes
 * once for all inputs).  A read error or a line over the limit ends the
 * input there: it is reported with fk_warn() and counted in
 * stats->cut_short, and the samples and names read before it still count
 * (IDs not named by then stay numbers).  An input read to the end without
 * a sample is reported with fk_warn(file, 0) ("no samples ...").
 * @return 0, or -1 (recorded) on a count overflow, or when sample_type
 * names no column of the input.
 */
int fk_pprof_raw_collapse(int compat_perl, const char *sample_type, struct fk_reader *r,
    struct fk_stack_table *t, struct fk_pprof_raw_stats *stats);

#endif
