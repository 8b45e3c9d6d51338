/*
 * instream.c -- an input's bytes: the read-ahead prefix, then the
 * descriptor, through a decoder when the first bytes say gzip or xz.
 */
#include "core/instream.h"
#include "core/decomp.h"
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fk_instream {
	const struct fk_input *in;
	struct fk_decomp *dec;      /* NULL: plain */
	unsigned char head[8];      /* bytes read to tell the compression */
	size_t head_len, head_pos;
	size_t ahead_pos;           /* of in->ahead, returned so far (plain) */
	int started;
	uint64_t offset;
};

struct fk_instream *
fk_instream_new(const struct fk_input *in)
{
	struct fk_instream *s = fk_xcalloc(1, sizeof(*s));
	s->in = in;
	return s;
}

void
fk_instream_free(struct fk_instream *s)
{
	if (!s)
		return;
	fk_decomp_free(s->dec);
	free(s);
}

const char *
fk_instream_name(const struct fk_instream *s)
{
	return fk_display_name(s->in->name);
}

uint64_t
fk_instream_offset(const struct fk_instream *s)
{
	return s->offset;
}

static ssize_t
read_fd(struct fk_instream *s, void *buf, size_t n)
{
	for (;;) {
		ssize_t r = read(s->in->fd, buf, n);
		if (r >= 0)
			return r;
		if (errno != EINTR)
			return fk_error_errno(errno, "cannot read", fk_instream_name(s));
	}
}

/* Look at the first bytes once: the read-ahead prefix, or a few read from fd. */
static int
start(struct fk_instream *s)
{
	const struct fk_input_prefix *pre = &s->in->ahead;
	s->started = 1;
	if (pre->len > 0) {
		enum fk_decomp_kind k = fk_decomp_detect(pre->data, pre->len);
		if (k != FK_DECOMP_NONE) {
			s->dec = fk_decomp_new(k, s->in->fd, s->in->name, pre->data, pre->len);
			s->ahead_pos = pre->len;
		}
		return 0;
	}
	/* Forced format: nothing was read ahead; read enough to see a magic. */
	while (s->head_len < 6 && fk_decomp_undecided(s->head, s->head_len)) {
		ssize_t r = read_fd(s, s->head + s->head_len, sizeof(s->head) - s->head_len);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		s->head_len += (size_t)r;
	}
	enum fk_decomp_kind k = fk_decomp_detect(s->head, s->head_len);
	if (k != FK_DECOMP_NONE) {
		s->dec = fk_decomp_new(k, s->in->fd, s->in->name, s->head, s->head_len);
		s->head_pos = s->head_len;
	}
	return 0;
}

ssize_t
fk_instream_read(struct fk_instream *s, void *buf, size_t n)
{
	const struct fk_input_prefix *pre = &s->in->ahead;
	ssize_t r;
	if (!s->started && start(s) < 0)
		return -1;
	if (s->dec) {
		r = fk_decomp_read(s->dec, buf, n);
	} else if (s->ahead_pos < pre->len) {
		r = (ssize_t)(pre->len - s->ahead_pos < n ? pre->len - s->ahead_pos : n);
		memcpy(buf, pre->data + s->ahead_pos, (size_t)r);
		s->ahead_pos += (size_t)r;
	} else if (s->head_pos < s->head_len) {
		r = (ssize_t)(s->head_len - s->head_pos < n ? s->head_len - s->head_pos : n);
		memcpy(buf, s->head + s->head_pos, (size_t)r);
		s->head_pos += (size_t)r;
	} else {
		r = read_fd(s, buf, n);
	}
	if (r > 0)
		s->offset += (uint64_t)r;
	return r;
}
