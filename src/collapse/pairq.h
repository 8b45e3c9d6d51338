/*
 * pairq.h -- pair the elements of two JSON arrays by index, in bounded
 * memory.
 *
 * Profiles keep parallel arrays ("samples" and "timeDeltas" in V8,
 * "samples" and "weights" in speedscope), and either may come first in
 * the file.  The values of the first wait here until the second array
 * takes them one by one: in memory up to FK_PAIRQ_MEM values, then in a
 * temporary file, so memory does not grow with the arrays.
 */
#ifndef FK_PAIRQ_H
#define FK_PAIRQ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define FK_PAIRQ_MEM ((size_t)1 << 16)

struct fk_pairq {
	int64_t *q;
	size_t qn, qpos;
	FILE *spill;
	uint64_t spilled;        /* values in the file not yet read back */
	int draining;            /* popping has begun: no more pushes */
};

#define FK_PAIRQ_INIT { 0 }

void fk_pairq_release(struct fk_pairq *p);
/* Empty the queue for the next pair of arrays (keeps the memory). */
void fk_pairq_reset(struct fk_pairq *p);
/* Queue v.  @return 0, or -1 (recorded) on a temporary file error. */
int fk_pairq_push(struct fk_pairq *p, int64_t v);
/* The oldest value: @return 1, 0 when the queue is empty, -1 (recorded) on a file error. */
int fk_pairq_pop(struct fk_pairq *p, int64_t *v);

#endif
