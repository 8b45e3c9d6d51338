/*
 * num.h -- strict number parsing and exact decimal counts.
 *
 * Folded counts are non-negative decimals.  They are held exactly as a
 * 64-bit integer scaled by 10^scale (scale 0..FK_NUM_MAX_SCALE), so sums of
 * decimal counts never pick up binary rounding.  Overflow is an error.
 */
#ifndef FK_NUM_H
#define FK_NUM_H

#include <stddef.h>
#include <stdint.h>

#define FK_NUM_MAX_SCALE 9
#define FK_NUM_BUFSZ 32

struct fk_num {
	int64_t v;    /* value * 10^scale */
	int scale;
};

/*
 * Parse a count: digits, optionally "." and more digits ("12", "1.5", "3.").
 * No sign, no exponent, no spaces.  Trailing fractional zeros are dropped.
 * More than FK_NUM_MAX_SCALE significant decimal places are rounded half
 * to even at the last of them ("0.30000000000000004" is 0.3).
 * @return 0 when exact, 1 when rounded, or -1 when the text is not a count
 *         or does not fit in 64 bits at its scale (no message is recorded:
 *         callers know the context).
 */
int fk_num_parse(const char *s, size_t n, struct fk_num *out);

/* Bring n to a larger scale.  @return 0, or -1 on overflow. */
int fk_num_rescale(struct fk_num *n, int scale);

/* *acc += x, exactly; acc's scale grows as needed.  @return -1 on overflow. */
int fk_num_add(struct fk_num *acc, struct fk_num x);

/* 10^k for k in 0..18. */
int64_t fk_pow10(int k);

/* Write the shortest exact text of v/10^scale (no trailing zeros) into buf. @return length. */
size_t fk_num_format(int64_t v, int scale, char buf[FK_NUM_BUFSZ]);

double fk_num_double(struct fk_num n);

/*
 * strtonum(3): parse a whole decimal integer in [min, max].
 * @return 0, or -1 with *errstr set to "invalid", "too small" or "too large".
 */
int fk_strtonum(const char *s, long long min, long long max, long long *out,
    const char **errstr);

/* Parse a whole finite floating-point number. @return 0 or -1. */
int fk_strtod(const char *s, double *out);

#endif
