/*
 * pairq.c -- a FIFO of int64 values that spills to a temporary file.
 */
#include "collapse/pairq.h"
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <stdlib.h>

void
fk_pairq_release(struct fk_pairq *p)
{
	free(p->q);
	if (p->spill)
		fclose(p->spill);
	*p = (struct fk_pairq)FK_PAIRQ_INIT;
}

void
fk_pairq_reset(struct fk_pairq *p)
{
	p->qn = p->qpos = 0;
	p->spilled = 0;
	p->draining = 0;
}

static int
spill_error(void)
{
	return fk_error_errno(errno, "cannot use a temporary file", "tmpfile");
}

int
fk_pairq_push(struct fk_pairq *p, int64_t v)
{
	if (!p->q)
		p->q = fk_xmalloc(FK_PAIRQ_MEM * sizeof(*p->q));
	if (p->qn == FK_PAIRQ_MEM) {
		if (!p->spill && !(p->spill = tmpfile()))
			return spill_error();
		if (p->spilled == 0)
			rewind(p->spill);
		if (fwrite(p->q, sizeof(*p->q), p->qn, p->spill) != p->qn)
			return spill_error();
		p->spilled += p->qn;
		p->qn = 0;
	}
	p->q[p->qn++] = v;
	return 0;
}

int
fk_pairq_pop(struct fk_pairq *p, int64_t *v)
{
	if (!p->draining) {
		p->draining = 1;
		p->qpos = 0;
		if (p->spilled) {
			/* The values still in memory go after those in the file. */
			if (fwrite(p->q, sizeof(*p->q), p->qn, p->spill) != p->qn ||
			    fflush(p->spill) || fseek(p->spill, 0, SEEK_SET))
				return spill_error();
			p->spilled += p->qn;
			p->qn = 0;
		}
	}
	if (p->qpos == p->qn) {
		if (p->spilled == 0)
			return 0;
		size_t want = p->spilled < FK_PAIRQ_MEM ? (size_t)p->spilled : FK_PAIRQ_MEM;
		if (fread(p->q, sizeof(*p->q), want, p->spill) != want)
			return spill_error();
		p->spilled -= want;
		p->qn = want;
		p->qpos = 0;
	}
	*v = p->q[p->qpos++];
	return 1;
}
