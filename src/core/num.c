#include "core/num.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

static const int64_t pow10_table[19] = {
	1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
	100000000LL, 1000000000LL, 10000000000LL, 100000000000LL,
	1000000000000LL, 10000000000000LL, 100000000000000LL,
	1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
	1000000000000000000LL,
};

int64_t
fk_pow10(int k)
{
	return pow10_table[k];
}

/* Drop trailing zeros of v's fractional part. */
static void
num_trim(struct fk_num *n)
{
	while (n->scale > 0 && n->v % 10 == 0) {
		n->v /= 10;
		n->scale--;
	}
}

int
fk_num_parse(const char *s, size_t n, struct fk_num *out)
{
	size_t i = 0;
	int64_t v = 0;
	int scale = 0, digits = 0, rounded = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9') {
		int d = s[i] - '0';
		if (v > (INT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
		i++;
		digits++;
	}
	if (i < n && s[i] == '.') {
		i++;
		/* Count the significant fraction digits; drop trailing zeros. */
		size_t fs = i, fe = n;
		while (fe > fs && s[fe - 1] == '0')
			fe--;
		for (size_t j = fs; j < n; j++) {
			if (s[j] < '0' || s[j] > '9')
				return -1;
			digits++;
		}
		size_t keep = fe - fs > FK_NUM_MAX_SCALE ? FK_NUM_MAX_SCALE : fe - fs;
		for (size_t j = fs; j < fs + keep; j++) {
			int d = s[j] - '0';
			if (v > (INT64_MAX - d) / 10)
				return -1;
			v = v * 10 + d;
			scale++;
		}
		if (fs + keep < fe) {
			/*
			 * Round half to even at the last kept place: the digits
			 * left out are more than half a unit, exactly half (a 5
			 * and zeros; fe ends at a digit that is not 0), or less.
			 */
			int first = s[fs + keep] - '0';
			int more = fe > fs + keep + 1;
			if (first > 5 || (first == 5 && (more || (v & 1)))) {
				if (v == INT64_MAX)
					return -1;
				v++;
			}
			rounded = 1;
		}
		i = n;
	}
	if (i != n || digits == 0)
		return -1;
	out->v = v;
	out->scale = scale;
	num_trim(out);
	return rounded;
}

int
fk_num_rescale(struct fk_num *n, int scale)
{
	if (scale <= n->scale)
		return 0;
	if (scale > FK_NUM_MAX_SCALE)
		return -1;
	int64_t f = pow10_table[scale - n->scale];
	if (n->v > INT64_MAX / f)
		return -1;
	n->v *= f;
	n->scale = scale;
	return 0;
}

int
fk_num_add(struct fk_num *acc, struct fk_num x)
{
	if (x.scale > acc->scale && fk_num_rescale(acc, x.scale) < 0)
		return -1;
	if (x.scale < acc->scale && fk_num_rescale(&x, acc->scale) < 0)
		return -1;
	if (x.v > INT64_MAX - acc->v)
		return -1;
	acc->v += x.v;
	return 0;
}

size_t
fk_num_format(int64_t v, int scale, char buf[FK_NUM_BUFSZ])
{
	char tmp[FK_NUM_BUFSZ];
	size_t n = 0;
	int neg = v < 0;
	uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	/* Drop trailing fractional zeros. */
	while (scale > 0 && u % 10 == 0) {
		u /= 10;
		scale--;
	}
	int i = 0;
	/* Digits in reverse, at least scale + 1 of them so "0.005" gets its zeros. */
	do {
		if (i == scale && scale > 0)
			tmp[i++] = '.';
		tmp[i++] = (char)('0' + u % 10);
		u /= 10;
	} while (u || i <= scale);
	if (neg)
		buf[n++] = '-';
	while (i > 0)
		buf[n++] = tmp[--i];
	buf[n] = '\0';
	return n;
}

double
fk_num_double(struct fk_num n)
{
	return (double)n.v / (double)pow10_table[n.scale];
}

int
fk_strtonum(const char *s, long long min, long long max, long long *out,
    const char **errstr)
{
	char *end;
	long long v;

	*errstr = NULL;
	if (!s || !*s || (*s != '-' && *s != '+' && (*s < '0' || *s > '9'))) {
		*errstr = "invalid";
		return -1;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0') {
		*errstr = "invalid";
		return -1;
	}
	if ((errno == ERANGE && v == LLONG_MIN) || v < min) {
		*errstr = "too small";
		return -1;
	}
	if ((errno == ERANGE && v == LLONG_MAX) || v > max) {
		*errstr = "too large";
		return -1;
	}
	*out = v;
	return 0;
}

int
fk_strtod(const char *s, double *out)
{
	char *end;
	if (!s || !*s)
		return -1;
	errno = 0;
	double d = strtod(s, &end);
	if (*end != '\0' || errno == ERANGE || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}
