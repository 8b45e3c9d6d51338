/*
 * stats.h -- the statistics of flame-diff's repeated runs: Student's t
 * distribution, Welch's two-sample t test with its confidence interval,
 * and Holm's step-down correction for many tests at once.
 *
 * Welch's test compares two means without assuming equal variances; its
 * degrees of freedom (Welch-Satterthwaite) are generally not an integer,
 * so the t distribution here takes any real df > 0.  The functions are
 * pure: no allocation but fk_stats_holm's scratch, no error sink.
 */
#ifndef FK_STATS_H
#define FK_STATS_H

#include <stddef.h>

/*
 * P(T <= t) for Student's t with df degrees of freedom (df > 0; INFINITY
 * gives the standard normal).  From the regularized incomplete beta
 * function, accurate to about 1e-14 absolute and in the far tails relative.
 * @return the probability, or NaN when df <= 0 or an argument is NaN.
 */
double fk_stats_t_cdf(double t, double df);

/*
 * The upper tail P(|T| >= |t|), both sides together: the two-sided p-value
 * of t.  Computed directly, so it stays accurate when it is tiny.
 */
double fk_stats_t_two_sided(double t, double df);

/*
 * The quantile: the t with fk_stats_t_cdf(t, df) == p, for 0 < p < 1.
 * @return it, or NaN when p is outside (0, 1) or df <= 0.
 */
double fk_stats_t_quantile(double p, double df);

/* Welch's test of one function's shares: before (side 0) against after (1). */
struct fk_stats_welch {
	size_t n[2];       /* runs per side */
	double mean[2];    /* mean per side */
	double sd[2];      /* sample standard deviation per side (n - 1) */
	double diff;       /* mean[1] - mean[0] */
	double se;         /* standard error of diff */
	double df;         /* Welch-Satterthwaite degrees of freedom (INFINITY when se is 0) */
	double lo, hi;     /* the confidence interval of diff */
	double p;          /* two-sided p-value of diff != 0 */
};

/*
 * Welch's t test of mean(x1) - mean(x0) at the given confidence (0, 1),
 * with n0 and n1 at least 2.  When both samples are constant (se 0) the
 * interval is the point diff and p is 1 if diff is 0, else 0.
 * @return 0, or -1 when n0 or n1 is below 2 or the confidence is not in (0, 1).
 */
int fk_stats_welch(const double *x0, size_t n0, const double *x1, size_t n1,
    double confidence, struct fk_stats_welch *w);

/*
 * Holm-Bonferroni over m p-values: adjusted[i] gets the Holm-adjusted
 * p-value of p[i] (the smallest family-wise level at which it is rejected),
 * so that rejecting every adjusted[i] <= alpha keeps the probability of
 * any false rejection at most alpha, whatever the dependence between the
 * tests.  adjusted may be p itself.
 */
void fk_stats_holm(const double *p, size_t m, double *adjusted);

#endif
