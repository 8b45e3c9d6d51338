/*
 * report.h -- per-function weights of a profile, as a text or Markdown
 * report for CI logs and job summaries, and the regression gate.
 *
 * Every frame name is a function.  Its self weight is the sum of the counts
 * of the stacks it ends; its total weight the sum of the counts of the
 * stacks it appears in, counted once per stack however often it recurses.
 * A share is a weight in percent of the column's total.  Differential input
 * ("stack before after") keeps both columns; a change in share is given in
 * percentage points (pp): after share - before share.
 */
#ifndef FK_REPORT_H
#define FK_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/num.h"
#include "core/reader.h"
#include "core/unit.h"

enum fk_report_format {
	FK_REPORT_MARKDOWN = 0,
	FK_REPORT_TEXT,
};

struct fk_report_opts {
	enum fk_report_format format;
	size_t top;               /* rows per table, 20 */
	const char *countname;    /* "samples" */
	const char *title;        /* NULL: "Flame graph report" */
	/*
	 * NULL, or the counts' unit: time and bytes print readable figures
	 * ("1.31 s"; the total also exactly) and name the tables "time" or
	 * "bytes"; a named count ("goroutines") replaces countname.
	 */
	const struct fk_unit *unit;
};

void fk_report_opts_init(struct fk_report_opts *o);

/* One function's weights, in count units, per column (one or two). */
struct fk_report_row {
	const char *name;         /* not NUL-terminated; owned by the report */
	size_t len;
	double self[2], total[2];
	double self_share[2], total_share[2];   /* percent of the column total */
	int64_t self_exact[2], total_exact[2];  /* the same weights exactly, times 10^scale */
	int scale;
};

struct fk_report;

struct fk_report *fk_report_new(void);
/* Accepts NULL. */
void fk_report_free(struct fk_report *r);

/*
 * Add one stack with ncols (1 or 2) counts; every stack added must have the
 * same number of columns.  @return 0, or -1 (recorded) on overflow or a
 * column count that differs from the first stack's.
 */
int fk_report_add(struct fk_report *r, const char *stack, size_t len,
    const struct fk_num *counts, int ncols);

/*
 * Read folded inputs (1 or 2 counts, from the first line) into r.
 * Bad lines are warned about (FILE:LINE) and skipped.
 * @return 0, or -1 (recorded).
 */
int fk_report_read(struct fk_report *r, const struct fk_input *in, size_t nin);

/* The unit of the inputs read (fk_folded_stats); FK_UNIT_NONE when they differ.  Owned by r. */
const struct fk_unit *fk_report_unit(const struct fk_report *r);

/* Columns seen: 0 before the first stack, then 1 or 2. */
int fk_report_ncols(const struct fk_report *r);

/* Column total in count units. */
double fk_report_total(const struct fk_report *r, int col);

/*
 * Write the report: the total weight, then the top functions by self and by
 * total weight with their shares; for two columns before, after and the
 * change, sorted by the largest change of share.
 * @return 0, or -1 (recorded) when there is nothing to report or on a
 *         write error.
 */
int fk_report_write(struct fk_report *r, FILE *out, const struct fk_report_opts *o);

/*
 * The regression gate: functions whose total share grew by more than pp
 * percentage points (two columns; with one nothing can grow), largest
 * growth first.  The array is owned by r and valid until the next call.
 * @return the number of rows in *rows.
 */
size_t fk_report_grown(struct fk_report *r, double pp, const struct fk_report_row **rows);

#endif
