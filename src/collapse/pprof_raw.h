/*
 * pprof_raw.h -- fold the text of `go tool pprof -raw`.
 *
 * The job of stackcollapse-go.pl, with byte-identical output for one input:
 * sample lines "COUNT VALUE: ID ID ..." after "Samples:" are summed by
 * stack, location lines "ID: 0xADDR [M=N ]NAME ..." after "Locations" name
 * the IDs (the first, innermost, function of a location only; IDs without
 * a name stay numbers), and reading stops at "Mappings".  The quirks of the
 * script's regular expressions are kept: the count is the first column
 * (the second is the value), and a line with a single number column loses
 * that number's last digit to the value.
 */
#ifndef FK_PPROF_RAW_H
#define FK_PPROF_RAW_H

#include <stdint.h>

#include "core/reader.h"
#include "core/stack_table.h"

struct fk_pprof_raw_stats {
	uint64_t cut_short;   /* inputs not read to the end (a read error, a line too long) */
};

/*
 * Fold one input from r into t, adding to *stats (which the caller zeroes
 * once for all inputs).  A read error or a line over the limit ends the
 * input there: it is reported with fk_warn() and counted in
 * stats->cut_short, and the samples and names read before it still count
 * (IDs not named by then stay numbers).  An input read to the end without
 * a sample is reported with fk_warn(file, 0) ("no samples ...").
 * @return 0, or -1 (recorded) on a count overflow.
 */
int fk_pprof_raw_collapse(struct fk_reader *r, struct fk_stack_table *t,
    struct fk_pprof_raw_stats *stats);

#endif
