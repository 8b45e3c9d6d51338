#include "diff/stats.h"
#include "core/error.h"

#include <math.h>
#include <stdlib.h>

/*
 * The continued fraction of the incomplete beta function, evaluated by the
 * modified Lentz method; it converges fast for x < (a + 1) / (a + b + 2).
 */
static double
beta_fraction(double a, double b, double x)
{
	const double tiny = 1e-300, eps = 1e-16;
	double c = 1, d = 1 - (a + b) * x / (a + 1), h;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	h = d;
	for (int m = 1; m <= 10000; m++) {
		double num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		d = 1 + num * d;
		c = 1 + num / c;
		if (fabs(d) < tiny)
			d = tiny;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		h *= d * c;
		num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
		d = 1 + num * d;
		c = 1 + num / c;
		if (fabs(d) < tiny)
			d = tiny;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		double step = d * c;
		h *= step;
		if (fabs(step - 1) < eps)
			break;
	}
	return h;
}

/* The regularized incomplete beta function I_x(a, b), 0 <= x <= 1. */
static double
beta_reg(double a, double b, double x)
{
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) +
	    a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_fraction(a, b, x) / a;
	return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

/* Past this many degrees of freedom t and the normal agree to ~1e-10. */
#define DF_NORMAL 1e10

double
fk_stats_t_two_sided(double t, double df)
{
	if (isnan(t) || isnan(df) || !(df > 0))
		return NAN;
	if (isinf(t))
		return 0;
	if (df >= DF_NORMAL)
		return erfc(fabs(t) / sqrt(2));
	/* I_x(df/2, 1/2) with x = df / (df + t^2), written to keep x exact near 1. */
	double t2 = t * t;
	if (t2 < df)
		return 1 - beta_reg(0.5, df / 2, t2 / (df + t2));
	return beta_reg(df / 2, 0.5, df / (df + t2));
}

double
fk_stats_t_cdf(double t, double df)
{
	double tail = fk_stats_t_two_sided(t, df) / 2;
	if (isnan(tail))
		return NAN;
	return t > 0 ? 1 - tail : tail;
}

double
fk_stats_t_quantile(double p, double df)
{
	if (!(p > 0 && p < 1) || isnan(df) || !(df > 0))
		return NAN;
	if (p < 0.5)
		return -fk_stats_t_quantile(1 - p, df);
	if (p == 0.5)
		return 0;
	/*
	 * Solve two_sided(t) = 2 (1 - p) for t > 0.  The tail falls strictly
	 * as t grows, so bisection on a bracket always converges; it stops at
	 * the resolution of a double.
	 */
	double target = 2 * (1 - p), lo = 0, hi = 1;
	while (fk_stats_t_two_sided(hi, df) > target) {
		lo = hi;
		hi *= 2;
		if (isinf(hi))
			return INFINITY;
	}
	for (int i = 0; i < 2000; i++) {
		double mid = lo + (hi - lo) / 2;
		if (mid <= lo || mid >= hi)
			break;
		if (fk_stats_t_two_sided(mid, df) > target)
			lo = mid;
		else
			hi = mid;
	}
	return lo + (hi - lo) / 2;
}

static void
mean_sd(const double *x, size_t n, double *mean, double *sd)
{
	double m = 0, ss = 0;
	for (size_t i = 0; i < n; i++)
		m += x[i];
	m /= (double)n;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	*mean = m;
	*sd = sqrt(ss / (double)(n - 1));
}

int
fk_stats_welch(const double *x0, size_t n0, const double *x1, size_t n1,
    double confidence, struct fk_stats_welch *w)
{
	if (n0 < 2 || n1 < 2 || !(confidence > 0 && confidence < 1))
		return -1;
	w->n[0] = n0;
	w->n[1] = n1;
	mean_sd(x0, n0, &w->mean[0], &w->sd[0]);
	mean_sd(x1, n1, &w->mean[1], &w->sd[1]);
	w->diff = w->mean[1] - w->mean[0];
	double v0 = w->sd[0] * w->sd[0] / (double)n0, v1 = w->sd[1] * w->sd[1] / (double)n1;
	w->se = sqrt(v0 + v1);
	/*
	 * Both sides constant: no noise was seen, so the difference is taken
	 * as it is.  Shares that differ only by rounding noise (~1e-13) are
	 * treated as equal.
	 */
	if (!(w->se > 1e-12 * (fabs(w->mean[0]) + fabs(w->mean[1]) + 1e-300))) {
		w->se = 0;
		w->df = INFINITY;
		w->lo = w->hi = w->diff;
		w->p = fabs(w->diff) > 1e-12 * (fabs(w->mean[0]) + fabs(w->mean[1])) ? 0 : 1;
		return 0;
	}
	double den = v0 * v0 / (double)(n0 - 1) + v1 * v1 / (double)(n1 - 1);
	w->df = den > 0 ? (v0 + v1) * (v0 + v1) / den : INFINITY;
	double q = fk_stats_t_quantile(1 - (1 - confidence) / 2, w->df);
	w->lo = w->diff - q * w->se;
	w->hi = w->diff + q * w->se;
	w->p = fk_stats_t_two_sided(w->diff / w->se, w->df);
	return 0;
}

struct ranked {
	double p;
	size_t i;
};

static int
by_p(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

void
fk_stats_holm(const double *p, size_t m, double *adjusted)
{
	if (m == 0)
		return;
	struct ranked *r = fk_xmalloc(m * sizeof(*r));
	for (size_t i = 0; i < m; i++)
		r[i] = (struct ranked){ isnan(p[i]) ? 1 : p[i], i };
	qsort(r, m, sizeof(*r), by_p);
	double run = 0;
	for (size_t k = 0; k < m; k++) {
		double a = (double)(m - k) * r[k].p;
		if (a > 1)
			a = 1;
		if (a > run)
			run = a;   /* adjusted p-values never fall down the ranking */
		adjusted[r[k].i] = run;
	}
	free(r);
}
