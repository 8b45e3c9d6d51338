#include <criterion/criterion.h>

#include "diff/stats.h"

#include <math.h>

/* Quantiles to 17 digits from mpmath (30 digits, findroot on betainc). */
static const struct { double p, df, t; } known_q[] = {
	{ 0.975, 1, 12.706204736174693 },
	{ 0.975, 2, 4.3026527297494618 },
	{ 0.975, 5, 2.5705818356363148 },
	{ 0.975, 10, 2.2281388519862742 },
	{ 0.975, 30, 2.0422724563012379 },
	{ 0.995, 3, 5.8409093097333554 },
	{ 0.95, 4, 2.1318467863266495 },
	{ 0.9995, 1, 636.61924876878973 },
	{ 0.975, 2.5, 3.5746548420036818 },   /* Welch's df are seldom integers */
	{ 0.975, 7.3, 2.3450667365477031 },
	{ 0.9, 1.5, 2.1963984175655378 },
	{ 0.99, 120, 2.3578246126487551 },
	{ 0.975, 1000, 1.9623390808264081 },
};

Test(stats, quantile_matches_known_values)
{
	for (size_t i = 0; i < sizeof(known_q) / sizeof(known_q[0]); i++) {
		double t = fk_stats_t_quantile(known_q[i].p, known_q[i].df);
		cr_expect(fabs(t - known_q[i].t) <= 1e-9 * known_q[i].t,
		    "t(%g, df %g) = %.17g, expected %.17g", known_q[i].p, known_q[i].df, t,
		    known_q[i].t);
		double m = fk_stats_t_quantile(1 - known_q[i].p, known_q[i].df);
		cr_expect(fabs(m + known_q[i].t) <= 1e-9 * known_q[i].t, "symmetry at df %g",
		    known_q[i].df);
	}
}

Test(stats, quantile_matches_closed_forms)
{
	/* df 1 is Cauchy: tan(pi (p - 1/2)); df 2: (2p - 1) / sqrt(2 p (1 - p)). */
	for (double p = 0.01; p < 1; p += 0.0625) {
		double c1 = tan(M_PI * (p - 0.5)), c2 = (2 * p - 1) / sqrt(2 * p * (1 - p));
		cr_expect(fabs(fk_stats_t_quantile(p, 1) - c1) <= 1e-9 * (1 + fabs(c1)), "df 1, p %g", p);
		cr_expect(fabs(fk_stats_t_quantile(p, 2) - c2) <= 1e-9 * (1 + fabs(c2)), "df 2, p %g", p);
	}
	/* Very many degrees of freedom: the normal quantile. */
	cr_expect(fabs(fk_stats_t_quantile(0.975, INFINITY) - 1.959963984540054) < 1e-9);
	cr_expect(fabs(fk_stats_t_quantile(0.975, 1e12) - 1.959963984540054) < 1e-9);
	cr_expect_eq(fk_stats_t_quantile(0.5, 3), 0);
}

Test(stats, cdf_matches_known_values)
{
	static const struct { double t, df, p; } known[] = {
		{ 2.0, 3.7, 0.939091399047383 },
		{ -1.3, 2.2, 0.15654289292680069 },
		{ 5.0, 1.1, 0.94544833005190792 },
		{ 10.0, 4.0, 0.999718998188642 },
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		double p = fk_stats_t_cdf(known[i].t, known[i].df);
		cr_expect(fabs(p - known[i].p) < 1e-12, "cdf(%g, %g) = %.17g", known[i].t,
		    known[i].df, p);
		/* The quantile inverts the distribution function. */
		cr_expect(fabs(fk_stats_t_quantile(p, known[i].df) - known[i].t) < 1e-8);
	}
	cr_expect_eq(fk_stats_t_cdf(0, 5), 0.5);
	/* Far tail, kept to relative precision: two-sided p of t = 40 at df 10 (mpmath). */
	double tail = fk_stats_t_two_sided(40, 10);
	cr_expect(fabs(tail / 2.2808577430857546e-12 - 1) < 1e-9, "tail %.17g", tail);
}

Test(stats, bad_arguments_give_nan)
{
	cr_expect(isnan(fk_stats_t_quantile(0, 3)));
	cr_expect(isnan(fk_stats_t_quantile(1, 3)));
	cr_expect(isnan(fk_stats_t_quantile(0.5, 0)));
	cr_expect(isnan(fk_stats_t_cdf(1, -1)));
	cr_expect(isnan(fk_stats_t_cdf(NAN, 3)));
}

Test(stats, welch_matches_hand_computation)
{
	/*
	 * x0 = 1 2 3: mean 2, var 1; x1 = 4 6 8 10: mean 7, var 20/3.
	 * se^2 = 1/3 + 5/3 = 2; df = 4 / ((1/9)/2 + (25/9)/3) = 4 / (1/18 + 25/27).
	 */
	double x0[] = { 1, 2, 3 }, x1[] = { 4, 6, 8, 10 };
	struct fk_stats_welch w;
	cr_assert_eq(fk_stats_welch(x0, 3, x1, 4, 0.95, &w), 0);
	double df = 4 / (1.0 / 18 + 25.0 / 27);
	cr_expect(fabs(w.diff - 5) < 1e-12);
	cr_expect(fabs(w.se - sqrt(2)) < 1e-12);
	cr_expect(fabs(w.df - df) < 1e-12, "df %.17g, expected %.17g", w.df, df);
	double q = fk_stats_t_quantile(0.975, df);
	cr_expect(fabs(w.lo - (5 - q * sqrt(2))) < 1e-12);
	cr_expect(fabs(w.hi - (5 + q * sqrt(2))) < 1e-12);
	cr_expect(fabs(w.p - fk_stats_t_two_sided(5 / sqrt(2), df)) < 1e-15);
	cr_expect(w.p > 0.01 && w.p < 0.05, "p %g", w.p);
}

Test(stats, welch_constant_samples)
{
	double a[] = { 5, 5, 5 }, b[] = { 5, 5 }, c[] = { 7, 7 };
	struct fk_stats_welch w;
	cr_assert_eq(fk_stats_welch(a, 3, b, 2, 0.95, &w), 0);
	cr_expect_eq(w.p, 1);
	cr_expect_eq(w.lo, 0);
	cr_assert_eq(fk_stats_welch(a, 3, c, 2, 0.95, &w), 0);
	cr_expect_eq(w.p, 0);
	cr_expect_eq(w.lo, 2);
	cr_expect_eq(w.hi, 2);
	cr_expect_eq(fk_stats_welch(a, 1, c, 2, 0.95, &w), -1);
	cr_expect_eq(fk_stats_welch(a, 3, c, 2, 1, &w), -1);
}

Test(stats, holm_adjusts_step_down)
{
	/* Sorted 0.01 0.02 0.03 0.04 with m = 4: 0.04 0.06 0.06 0.06 (monotone). */
	double p[] = { 0.03, 0.01, 0.04, 0.02 }, adj[4];
	fk_stats_holm(p, 4, adj);
	cr_expect(fabs(adj[1] - 0.04) < 1e-15);
	cr_expect(fabs(adj[3] - 0.06) < 1e-15);
	cr_expect(fabs(adj[0] - 0.06) < 1e-15);
	cr_expect(fabs(adj[2] - 0.06) < 1e-15);
	/* Capped at 1, in place. */
	double q[] = { 0.5, 0.9 };
	fk_stats_holm(q, 2, q);
	cr_expect_eq(q[0], 1);
	cr_expect_eq(q[1], 1);
}
