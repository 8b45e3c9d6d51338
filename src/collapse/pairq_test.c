#include <criterion/criterion.h>

#include "collapse/pairq.h"

/* More values than fit in memory: they go through the file in order. */
Test(pairq, spills_and_keeps_the_order)
{
	struct fk_pairq q = FK_PAIRQ_INIT;
	const int64_t n = (int64_t)FK_PAIRQ_MEM * 3 + 17;
	for (int round = 0; round < 2; round++) {
		fk_pairq_reset(&q);
		for (int64_t i = 0; i < n; i++)
			cr_assert_eq(fk_pairq_push(&q, i * 3 + round), 0);
		cr_assert_not_null(q.spill);
		for (int64_t i = 0; i < n; i++) {
			int64_t v;
			cr_assert_eq(fk_pairq_pop(&q, &v), 1);
			cr_assert_eq(v, i * 3 + round, "value %lld", (long long)i);
		}
		int64_t v;
		cr_assert_eq(fk_pairq_pop(&q, &v), 0);
	}
	fk_pairq_release(&q);
}

Test(pairq, small_queue_stays_in_memory)
{
	struct fk_pairq q = FK_PAIRQ_INIT;
	int64_t v;
	cr_assert_eq(fk_pairq_pop(&q, &v), 0);
	fk_pairq_reset(&q);
	cr_assert_eq(fk_pairq_push(&q, -5), 0);
	cr_assert_eq(fk_pairq_push(&q, INT64_MAX), 0);
	cr_assert_null(q.spill);
	cr_assert_eq(fk_pairq_pop(&q, &v), 1);
	cr_assert_eq(v, -5);
	cr_assert_eq(fk_pairq_pop(&q, &v), 1);
	cr_assert_eq(v, INT64_MAX);
	cr_assert_eq(fk_pairq_pop(&q, &v), 0);
	fk_pairq_release(&q);
}
