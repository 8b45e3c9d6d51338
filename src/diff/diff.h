/*
 * diff.h -- differential folding: two folded profiles into "stack before after".
 *
 * The union of the stacks of BEFORE and AFTER is written one line per
 * stack, sorted bytewise, with a zero count where a stack is missing from
 * one side.  Counts are exact decimals (num.h).  The options are those of
 * FlameGraph's difffolded.pl: normalization scales BEFORE to AFTER's total
 * with the same arithmetic and truncation that difffolded.pl uses, and
 * hex stripping turns every "0x" plus hex digits into "0x..." before
 * stacks are merged.  The root options (flame-trim's, trim.h) run before
 * hex stripping, so that profiles of differently named processes compare.
 *
 * fk_diff_runs() takes several runs per side (repeated measurements) and
 * writes the mean count of every stack per side; shares.h tests which
 * functions changed.
 */
#ifndef FK_DIFF_H
#define FK_DIFF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/folded.h"
#include "core/reader.h"

struct fk_report;
struct fk_diff_shares;

struct fk_diff_opts {
	int normalize;   /* scale BEFORE to AFTER's total, as difffolded.pl -n */
	int strip_hex;   /* "0x" + hex digits -> "0x...", as difffolded.pl -s */
	struct fk_report *report;   /* NULL, or gets every line written (report.h) */
	struct fk_diff_shares *shares;   /* NULL, or gets every run (shares.h) */
	int drop_root;              /* remove every stack's first frame */
	const char *root_name;      /* NULL, or the new name of every first frame */
	size_t memory;              /* bytes of stacks held in memory before sorted runs
	                               spill to temporary files (spill.h); 0: no bound */
};

struct fk_diff_stats {
	struct fk_folded_stats in[2];   /* per input: valid and skipped lines */
	size_t stacks;                  /* lines written */
	int normalized;                 /* 1 when BEFORE was actually rescaled */
};

/*
 * Read before and after (folded, one count per line; a line whose last two
 * fields are counts is read as stack "... N" with the last field as its
 * count, as difffolded.pl does) and write the differential profile to out,
 * after AFTER's header (folded_header.h; BEFORE's comments are skipped).
 * Lines that do not parse are reported through fk_warn() with FILE:LINE and
 * skipped.  opts may be NULL (no options); st may be NULL; out may be NULL
 * (nothing is written, opts->report and opts->shares still get the lines).
 * @return 0, or -1 (recorded) on a read or write error or a count overflow.
 */
int fk_diff(const struct fk_diff_opts *opts, const struct fk_input *before,
    const struct fk_input *after, FILE *out, struct fk_diff_stats *st);

/*
 * Read nb runs before and na runs after (each input one run, read as
 * fk_diff reads its two) and write "stack before after" lines whose counts
 * are the mean counts of the stack over the runs of each side (a run
 * without the stack counts 0), rounded half up to FK_NUM_MAX_SCALE decimal
 * places (fewer only when the count is too large for them).  With
 * normalize, the before means are scaled by the ratio of the mean totals
 * (after / before).  opts->shares, when set, must have been made for nb
 * and na runs; it receives every run as read, not normalized.  in (may be
 * NULL) gets nb + na entries: each input's valid and skipped lines.  With
 * out NULL nothing is written (the shares alone are wanted).
 * @return 0, or -1 (recorded) on a read or write error or an overflow.
 */
int fk_diff_runs(const struct fk_diff_opts *opts, const struct fk_input *inputs,
    size_t nb, size_t na, FILE *out, struct fk_folded_stats *in, size_t *stacks);

/*
 * Copy s[0, n) to dst with every "0x" followed by one or more hex digits
 * replaced by "0x...".  dst must hold at least FK_DIFF_STRIP_HEX_BOUND(n)
 * bytes; it is NUL-terminated.  @return the length written.
 */
#define FK_DIFF_STRIP_HEX_BOUND(n) ((n) + 2 * ((n) / 3) + 1)
size_t fk_diff_strip_hex(const char *s, size_t n, char *dst);

/*
 * A column total as difffolded.pl holds it: exact while every count was an
 * integer, otherwise the floating-point sum perl builds line by line.
 */
struct fk_diff_total {
	struct fk_num exact;   /* exact sum of the column */
	double sum;            /* the same sum accumulated in doubles, in input order */
	int decimal;           /* 1 when some count had a fractional part */
};

/*
 * The scaled BEFORE count difffolded.pl -n writes: int(c * after / before)
 * evaluated as perl 5 does on 64-bit builds (integer multiply when the
 * product fits in 64 bits, integer divide only when exact, otherwise IEEE
 * doubles, then truncation toward zero); 0 when before is zero.
 * @return the truncated result.
 */
uint64_t fk_diff_scale(struct fk_num c, const struct fk_diff_total *before,
    const struct fk_diff_total *after);

#endif
