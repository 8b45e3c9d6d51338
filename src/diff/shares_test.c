#include <criterion/criterion.h>

#include "diff/shares.h"
#include "core/error.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* A fixed pseudo-random sequence (splitmix64), so every run of the test sees the same draws. */
static uint64_t rng_state;

static double
uniform(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return ((double)(z >> 11) + 0.5) / 9007199254740992.0;   /* (0, 1) */
}

static double
normal(void)
{
	return sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
}

#define NFN 22            /* functions besides the root and "idle" */
#define TOTAL 1000000.0   /* samples per run */
#define SD 0.5            /* run-to-run noise of every share, percentage points */

/*
 * One generated comparison: runs per side of NFN functions "root;fN" with
 * shares of 3% each plus noise of SD points, the rest in "root;idle";
 * function f0 grows by delta points after.
 */
static struct fk_diff_shares *
simulate(size_t runs, double delta, double confidence)
{
	struct fk_diff_shares *s = fk_diff_shares_new(runs, runs);
	char name[32];
	for (size_t r = 0; r < 2 * runs; r++) {
		double used = 0;
		for (int f = 0; f < NFN; f++) {
			double share = 3 + SD * normal() + (f == 0 && r >= runs ? delta : 0);
			double c = round(TOTAL * share / 100);
			snprintf(name, sizeof(name), "root;f%d", f);
			fk_diff_shares_add(s, r, name, strlen(name), c);
			used += c;
		}
		fk_diff_shares_add(s, r, "root;idle", 9, TOTAL - used);
	}
	cr_assert_eq(fk_diff_shares_test(s, confidence), 0);
	return s;
}

static const struct fk_diff_fn *
find(const struct fk_diff_shares *s, const char *name)
{
	const struct fk_diff_fn *fn;
	size_t n = fk_diff_shares_fns(s, &fn);
	for (size_t i = 0; i < n; i++)
		if (fn[i].len == strlen(name) && memcmp(fn[i].name, name, fn[i].len) == 0)
			return &fn[i];
	cr_assert_fail("no function %s", name);
	return NULL;
}

/*
 * The three checks below count outcomes over many generated comparisons.
 * The draws come from fixed seeds, so the counts are the same on every run
 * and the test cannot flake; the bounds are the stated rates with room for
 * about three binomial standard deviations, so that a correct test passes
 * whatever seeds are chosen and a broken one (no Holm correction, a wrong
 * quantile, a wrong df) falls outside them.
 */
#define TRIALS 1000

Test(shares, noise_alone_rarely_fires)
{
	/*
	 * No true change: the family-wise error rate of Holm at 95% is at most
	 * 5% (binomial sd over 1000 trials: 0.7%); these seeds give 3.7%.
	 */
	size_t any = 0, gate = 0;
	rng_state = 1;
	for (int t = 0; t < TRIALS; t++) {
		struct fk_diff_shares *s = simulate(5, 0, 0.95);
		const struct fk_diff_fn *fn;
		size_t n = fk_diff_shares_fns(s, &fn), sig = 0;
		for (size_t i = 0; i < n; i++)
			sig += fn[i].significant;
		any += sig > 0;
		const struct fk_diff_fn *const *rows;
		gate += fk_diff_shares_grown(s, 0.5, &rows) > 0;
		fk_diff_shares_free(s);
	}
	cr_log_info("noise: any significant in %zu, gate in %zu of %d", any, gate, TRIALS);
	cr_expect(any <= 70, "a significant change in %zu of %d trials of noise", any, TRIALS);
	cr_expect(any >= 10, "the test never fires (%zu of %d): too conservative", any, TRIALS);
	cr_expect(gate <= any, "gate %zu", gate);
}

Test(shares, true_change_fires_and_only_there)
{
	/*
	 * f0 grows by 2 points with noise sd 0.5 over 8 runs per side: t is
	 * about 8 with about 14 df, far past Holm's threshold of 0.05 / 24
	 * (with 5 runs per side the power is only about 80%).
	 */
	size_t fired = 0, wrong = 0;
	rng_state = 2;
	for (int t = 0; t < TRIALS; t++) {
		struct fk_diff_shares *s = simulate(8, 2, 0.95);
		const struct fk_diff_fn *const *rows;
		size_t k = fk_diff_shares_grown(s, 1, &rows);
		for (size_t i = 0; i < k; i++) {
			if (rows[i]->len == 2 && memcmp(rows[i]->name, "f0", 2) == 0)
				fired++;
			else
				wrong++;
		}
		fk_diff_shares_free(s);
	}
	cr_log_info("true change: fired on f0 in %zu, on others %zu times", fired, wrong);
	cr_expect(fired >= 950, "the gate fired on the true change in %zu of %d trials", fired, TRIALS);
	cr_expect(wrong <= 20, "the gate fired on noise %zu times", wrong);
}

Test(shares, interval_covers_true_change_at_stated_rate)
{
	/* 95% and 80% intervals of f0's change (2 points): binomial sd 0.7% and 1.3%. */
	static const struct { double confidence, lo, hi; } levels[] = {
		{ 0.95, 0.93, 0.97 }, { 0.80, 0.76, 0.84 },
	};
	for (size_t l = 0; l < 2; l++) {
		size_t covered = 0, covered_idle = 0;
		rng_state = 3 + l;
		for (int t = 0; t < TRIALS; t++) {
			struct fk_diff_shares *s = simulate(4, 2, levels[l].confidence);
			const struct fk_diff_fn *f0 = find(s, "f0");
			covered += f0->lo <= 2 && 2 <= f0->hi;
			const struct fk_diff_fn *idle = find(s, "idle");
			covered_idle += idle->lo <= -2 && -2 <= idle->hi;
			fk_diff_shares_free(s);
		}
		double rate = (double)covered / TRIALS, rate_idle = (double)covered_idle / TRIALS;
		cr_log_info("coverage at %g: f0 %.3f, idle %.3f", levels[l].confidence, rate, rate_idle);
		cr_expect(rate >= levels[l].lo && rate <= levels[l].hi,
		    "coverage %.3f at confidence %g", rate, levels[l].confidence);
		/* idle's noise is the sum of all others' (sd ~2.3 points): still covered at the rate. */
		cr_expect(rate_idle >= levels[l].lo && rate_idle <= levels[l].hi,
		    "idle coverage %.3f at confidence %g", rate_idle, levels[l].confidence);
	}
}

Test(shares, one_run_per_side_is_not_tested)
{
	struct fk_diff_shares *s = fk_diff_shares_new(1, 1);
	fk_diff_shares_add(s, 0, "p;a", 3, 90);
	fk_diff_shares_add(s, 0, "p;b", 3, 10);
	fk_diff_shares_add(s, 1, "p;a;a", 5, 80);   /* recursion counts once */
	fk_diff_shares_add(s, 1, "p;b", 3, 20);
	cr_assert_eq(fk_diff_shares_test(s, 0.95), 0);
	cr_expect_not(fk_diff_shares_tested(s));
	const struct fk_diff_fn *b = find(s, "b"), *a = find(s, "a"), *p = find(s, "p");
	cr_expect(fabs(b->change - 10) < 1e-12);
	cr_expect(fabs(a->before - 90) < 1e-12 && fabs(a->after - 80) < 1e-12);
	cr_expect_eq(p->change, 0);
	cr_expect(isnan(b->lo) && isnan(b->p));
	const struct fk_diff_fn *const *rows;
	cr_expect_eq(fk_diff_shares_grown(s, 5, &rows), 1);
	cr_expect_eq(rows[0], b);
	cr_expect_eq(fk_diff_shares_grown_noise(s, 5, &rows), 0);
	fk_diff_shares_free(s);
}

Test(shares, one_run_against_several_is_refused)
{
	struct fk_diff_shares *s = fk_diff_shares_new(1, 3);
	cr_expect_eq(fk_diff_shares_test(s, 0.95), -1);
	cr_expect(strstr(fk_error_msg(), "one run") != NULL, "%s", fk_error_msg());
	fk_error_clear();
	fk_diff_shares_free(s);
}

Test(shares, report_shows_interval_and_runs)
{
	struct fk_diff_shares *s = fk_diff_shares_new(2, 2);
	static const double c[4][2] = { { 90, 10 }, { 91, 9 }, { 80, 20 }, { 79, 21 } };
	for (size_t r = 0; r < 4; r++) {
		fk_diff_shares_add(s, r, "p;a", 3, c[r][0]);
		fk_diff_shares_add(s, r, "p;b|c", 5, c[r][1]);
	}
	cr_assert_eq(fk_diff_shares_test(s, 0.9), 0);
	char buf[4096] = { 0 };
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");
	cr_assert_eq(fk_diff_shares_write(s, f, FK_DIFF_REPORT_MARKDOWN, 20), 0);
	fclose(f);
	cr_expect(strstr(buf, "Runs: 2 before, 2 after; counts are means per run.  Functions: 3, "
	    "ranked by change of share.") != NULL, "%s", buf);
	cr_expect(strstr(buf, "| 90% interval (pp) |") != NULL, "%s", buf);
	/* b|c: 9.5 -> 20.5 (9.5% -> 20.5%), +11 points; se sqrt(0.25 + 0.25) with 2 df. */
	cr_expect(strstr(buf, "| `b\\|c` | 9.5 | 20.5 | +11 | 9.50% | 20.50% | +11.00 | "
	    "[+8.94, +13.06] |") != NULL, "%s", buf);
	fk_diff_shares_free(s);
}

/* The four leaks of issue 26: every count grows, most shares fall. */
static struct fk_diff_shares *
leaks(enum fk_diff_by by)
{
	static const struct { const char *name; double before, after; } leak[] = {
		{ "main.watchCtx", 100, 175 }, { "main.sendResult", 300, 900 },
		{ "main.lockedUpdate", 150, 300 }, { "main.waitEvent", 200, 500 },
	};
	struct fk_diff_shares *s = fk_diff_shares_new(1, 1);
	fk_diff_shares_set_by(s, by);
	for (size_t i = 0; i < 4; i++) {
		fk_diff_shares_add(s, 0, leak[i].name, strlen(leak[i].name), leak[i].before);
		fk_diff_shares_add(s, 1, leak[i].name, strlen(leak[i].name), leak[i].after);
	}
	cr_assert_eq(fk_diff_shares_test(s, 0.95), 0);
	return s;
}

Test(shares, by_count_ranks_leaks_by_growth)
{
	struct fk_diff_shares *s = leaks(FK_DIFF_BY_COUNT);
	static const char *const want[] = { "main.sendResult", "main.waitEvent",
		"main.lockedUpdate", "main.watchCtx" };
	static const double growth[] = { 600, 300, 150, 75 };
	const struct fk_diff_fn *fn;
	cr_assert_eq(fk_diff_shares_fns(s, &fn), 4);
	for (size_t i = 0; i < 4; i++) {
		cr_expect(fn[i].len == strlen(want[i]) && memcmp(fn[i].name, want[i], fn[i].len) == 0,
		    "rank %zu: %.*s", i + 1, (int)fn[i].len, fn[i].name);
		cr_expect_eq(fn[i].count_change, growth[i]);
	}
	/* The shares are still there: watchCtx 13.33% -> 9.33%. */
	const struct fk_diff_fn *w = find(s, "main.watchCtx");
	cr_expect(fabs(w->change + 4) < 1e-9, "%g", w->change);
	cr_expect_eq(w->count[0], 100);
	cr_expect_eq(w->count[1], 175);
	/* The gate counts units of count: two functions grew by more than 200. */
	const struct fk_diff_fn *const *rows;
	cr_expect_eq(fk_diff_shares_grown(s, 200, &rows), 2);
	cr_expect_eq(rows[0], find(s, "main.sendResult"));
	cr_expect_eq(rows[1], find(s, "main.waitEvent"));
	cr_expect_eq(fk_diff_shares_grown(s, 0, &rows), 4);
	cr_expect_eq(fk_diff_shares_grown(s, 600, &rows), 0, "more than, not at least");
	fk_diff_shares_free(s);
}

Test(shares, by_share_ranks_leaks_by_points)
{
	struct fk_diff_shares *s = leaks(FK_DIFF_BY_SHARE);
	const struct fk_diff_fn *fn;
	cr_assert_eq(fk_diff_shares_fns(s, &fn), 4);
	/* +8 pp, then -4 and -4 (the larger count change first), then 0. */
	cr_expect(fn[0].len == 15 && memcmp(fn[0].name, "main.sendResult", 15) == 0);
	cr_expect(fn[1].len == 17 && memcmp(fn[1].name, "main.lockedUpdate", 17) == 0);
	cr_expect(fn[2].len == 13 && memcmp(fn[2].name, "main.watchCtx", 13) == 0);
	cr_expect(fn[3].len == 14 && memcmp(fn[3].name, "main.waitEvent", 14) == 0);
	const struct fk_diff_fn *const *rows;
	cr_expect_eq(fk_diff_shares_grown(s, 2, &rows), 1);
	cr_expect_eq(fk_diff_shares_grown(s, 200, &rows), 0, "points, not counts");
	fk_diff_shares_free(s);
}

/*
 * Repeated runs by count: "a" grows by about 100 in every run while "b"
 * grows ten times faster, so a's share falls.  By count the test is on the
 * per-run counts: a's growth is significant and its interval is in counts.
 */
Test(shares, by_count_tests_the_counts_over_runs)
{
	static const double a[6] = { 100, 102, 98, 200, 203, 197 };
	static const double b[6] = { 100, 101, 99, 1000, 1010, 990 };
	for (int by = 0; by < 2; by++) {
		struct fk_diff_shares *s = fk_diff_shares_new(3, 3);
		fk_diff_shares_set_by(s, (enum fk_diff_by)by);
		for (size_t r = 0; r < 6; r++) {
			fk_diff_shares_add(s, r, "m;a", 3, a[r]);
			fk_diff_shares_add(s, r, "m;b", 3, b[r]);
		}
		cr_assert_eq(fk_diff_shares_test(s, 0.95), 0);
		cr_assert(fk_diff_shares_tested(s));
		const struct fk_diff_fn *fa = find(s, "a");
		cr_expect(fabs(fa->count_change - 100) < 1e-9, "%g", fa->count_change);
		cr_expect(fa->change < -30, "a's share falls: %g", fa->change);
		const struct fk_diff_fn *const *rows;
		if (by == FK_DIFF_BY_COUNT) {
			/* Welch on (100, 102, 98) vs (200, 203, 197): se ~2.9, df ~3.8. */
			cr_expect(fa->lo > 80 && fa->lo < 100 && fa->hi > 100 && fa->hi < 120,
			    "[%g, %g]", fa->lo, fa->hi);
			cr_expect(fa->significant, "p %g", fa->p);
			cr_expect_eq(fk_diff_shares_grown(s, 50, &rows), 3);   /* b, m, a */
			cr_expect_eq(rows[2], fa);
			cr_expect_eq(fk_diff_shares_grown(s, 100, &rows), 2, "a's mean grew by 100 exactly");
		} else {
			cr_expect(fa->hi < 0, "the interval is of the share: [%g, %g]", fa->lo, fa->hi);
			cr_expect_eq(fk_diff_shares_grown(s, 0, &rows), 1);   /* b only */
		}
		fk_diff_shares_free(s);
	}
}

Test(shares, report_by_count_names_the_ranking_and_count_interval)
{
	struct fk_diff_shares *s = fk_diff_shares_new(2, 2);
	fk_diff_shares_set_by(s, FK_DIFF_BY_COUNT);
	static const double c[4] = { 1000, 1002, 1500, 1504 };
	for (size_t r = 0; r < 4; r++) {
		fk_diff_shares_add(s, r, "p;a", 3, c[r]);
		fk_diff_shares_add(s, r, "p;b", 3, 10);
	}
	cr_assert_eq(fk_diff_shares_test(s, 0.95), 0);
	char buf[4096] = { 0 };
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");
	cr_assert_eq(fk_diff_shares_write(s, f, FK_DIFF_REPORT_TEXT, 20), 0);
	fclose(f);
	cr_expect(strstr(buf, "ranked by change of count.") != NULL, "%s", buf);
	cr_expect(strstr(buf, "Welch's t on per-run total counts") != NULL, "%s", buf);
	cr_expect(strstr(buf, "  95% interval  ") != NULL, "%s", buf);
	/* a: 1,001 -> 1,502, +501; se sqrt(2/2 + 8/2) = sqrt(5) with 25/17 df: t 6.19. */
	cr_expect(strstr(buf, "1   1,001  1,502    +501") != NULL, "%s", buf);
	cr_expect(strstr(buf, "  [+487.16, +514.84]  ") != NULL, "%s", buf);
	fk_diff_shares_free(s);
}

Test(shares, format_count)
{
	static const struct { double v; int sign; const char *want; } t[] = {
		{ 0, 1, "0" }, { -0.001, 1, "0" }, { 600, 1, "+600" }, { 600, 0, "600" },
		{ -225225225, 1, "-225,225,225" }, { 1031031030, 0, "1,031,031,030" },
		{ 0.5, 1, "+0.5" }, { 100.5, 0, "100.5" }, { 1000.0 / 3, 0, "333.33" },
		{ 2.999, 0, "3" }, { -1234.25, 1, "-1,234.25" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char out[64];
		fk_diff_format_count(out, sizeof(out), t[i].v, t[i].sign);
		cr_expect_str_eq(out, t[i].want, "%g", t[i].v);
	}
}
