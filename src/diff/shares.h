/*
 * shares.h -- per-function shares of the runs before and after a change,
 * and their comparison: flame-diff's gate and report.
 *
 * A function is a frame name.  Its weight in a run is the sum of the counts
 * of the stacks it appears in, counted once per stack however often it
 * recurses (render/report.h's "total"); its share is that weight in
 * percent of the run's total.  With several runs on each side the shares
 * of every function are compared with Welch's t test (stats.h), and the
 * p-values of all functions are corrected together with Holm's method, so
 * that at confidence P the chance that any unchanged function is called
 * changed stays at most 1 - P.  With one run per side there is nothing to
 * test: the shares and their change are given as they are.
 *
 * Functions are compared by their share (the default) or by their count
 * (FK_DIFF_BY_COUNT): the ranking, the gate's threshold and, over repeated
 * runs, the test and its interval are then about the mean counts, so that
 * a function whose count grew is never shown as shrinking because others
 * grew faster (leaks).  Both the counts and the shares are always kept.
 */
#ifndef FK_DIFF_SHARES_H
#define FK_DIFF_SHARES_H

#include <stddef.h>
#include <stdio.h>

#include "core/unit.h"

/* What functions are compared by. */
enum fk_diff_by {
	FK_DIFF_BY_SHARE,   /* percent of the run's total, change in points */
	FK_DIFF_BY_COUNT,   /* the weight itself, change in count units */
};

/* One function, once fk_diff_shares_test() has run. */
struct fk_diff_fn {
	const char *name;      /* not NUL-terminated; owned by the shares */
	size_t len;
	double before, after;  /* mean share per side, percent */
	double change;         /* after - before, percentage points */
	double count[2];       /* mean count (total weight) per side */
	double count_change;   /* count[1] - count[0] */
	/* The test, of the shares or of the counts (fk_diff_shares_set_by): */
	double lo, hi;         /* confidence interval of the change; NaN with one run on a side */
	double p;              /* Holm-adjusted two-sided p-value; NaN with one run on a side */
	int significant;       /* p <= 1 - confidence; 0 with one run on a side */
};

struct fk_diff_shares;

/* Shares of nbefore + nafter runs (each at least 1). */
struct fk_diff_shares *fk_diff_shares_new(size_t nbefore, size_t nafter);
/* Accepts NULL. */
void fk_diff_shares_free(struct fk_diff_shares *s);

/* Compare by share (the default) or by count; call before the test. */
void fk_diff_shares_set_by(struct fk_diff_shares *s, enum fk_diff_by by);

/*
 * What the counts measure (unit.h), named in the reports: "Counts are
 * goroutines."  Inputs in different units, or none: FK_UNIT_NONE (the default).
 */
void fk_diff_shares_set_unit(struct fk_diff_shares *s, const struct fk_unit *u);

/* Runs on side 0 (before) or 1 (after). */
size_t fk_diff_shares_runs(const struct fk_diff_shares *s, int side);

/*
 * Add count to stack in run (0 .. nbefore-1 before, then the after runs).
 * Memory grows with the distinct function names only.
 */
void fk_diff_shares_add(struct fk_diff_shares *s, size_t run, const char *stack,
    size_t len, double count);

/*
 * Compute every function's shares and, with at least two runs per side,
 * the test at confidence (0, 1).  Call once, after the last add.
 * @return 0, or -1 (recorded) when a side has one run and the other more.
 */
int fk_diff_shares_test(struct fk_diff_shares *s, double confidence);

/* 1 when the test ran (two or more runs on each side). */
int fk_diff_shares_tested(const struct fk_diff_shares *s);

/*
 * The functions, sorted by the largest absolute change (of share or of
 * count, as set) first, then by the other change, then by name.  Owned
 * by s.  @return their number.
 */
size_t fk_diff_shares_fns(const struct fk_diff_shares *s, const struct fk_diff_fn **fns);

/*
 * The gate: functions whose share grew by more than limit points (by
 * count: whose count grew by more than limit units) on average and, when
 * tested, significantly; largest growth first.  Owned by s and valid until
 * the next call.  @return their number.
 */
size_t fk_diff_shares_grown(struct fk_diff_shares *s, double limit,
    const struct fk_diff_fn *const **rows);

/*
 * Functions that grew by more than limit on average but not
 * significantly (none when untested); largest growth first, as above.
 */
size_t fk_diff_shares_grown_noise(struct fk_diff_shares *s, double limit,
    const struct fk_diff_fn *const **rows);

/*
 * A count as the report and the gate show it: thousands separators, whole
 * counts as they are, means and decimal counts to two places ("1,234",
 * "333.33"); with sign, positive values get a "+".  out should hold 64
 * bytes (longer values are cut).
 */
void fk_diff_format_count(char *out, size_t size, double v, int sign);

enum fk_diff_report_format {
	FK_DIFF_REPORT_MARKDOWN,
	FK_DIFF_REPORT_TEXT,
};

/*
 * Write the comparison: the runs per side, the confidence and the number
 * of significant changes, then the top functions by absolute change with
 * their mean counts and shares before and after, both changes, and the
 * interval and significance of the one compared.
 * @return 0, or -1 (recorded) on a write error.
 */
int fk_diff_shares_write(const struct fk_diff_shares *s, FILE *out,
    enum fk_diff_report_format format, size_t top);

#endif
