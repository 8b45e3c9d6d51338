/*
 * protobuf.c -- the protocol buffers wire format (protobuf.h).
 */
#include "core/protobuf.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

uint64_t
fk_pb_varint(struct fk_pb *b)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 70; shift += 7) {
		if (b->p >= b->end) {
			b->err = 1;
			return 0;
		}
		unsigned char c = *b->p++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
	b->err = 1;
	return 0;
}

int
fk_pb_field(struct fk_pb *b, uint32_t *field, int *wt, uint64_t *v, struct fk_pb *sub)
{
	if (b->err)
		return -1;
	if (b->p >= b->end)
		return 0;
	uint64_t key = fk_pb_varint(b);
	if (b->err || (key >> 3) == 0 || (key >> 3) > UINT32_MAX)
		return b->err = 1, -1;
	*field = (uint32_t)(key >> 3);
	*wt = (int)(key & 7);
	switch (*wt) {
	case FK_PB_VARINT:
		*v = fk_pb_varint(b);
		break;
	case FK_PB_FIXED64:
		if (b->end - b->p < 8)
			return b->err = 1, -1;
		memcpy(v, b->p, 8);
		b->p += 8;
		break;
	case FK_PB_FIXED32:
		if (b->end - b->p < 4)
			return b->err = 1, -1;
		b->p += 4;
		*v = 0;
		break;
	case FK_PB_BYTES: {
		uint64_t n = fk_pb_varint(b);
		if (b->err || n > (uint64_t)(b->end - b->p))
			return b->err = 1, -1;
		sub->p = sub->base = b->p;
		sub->end = b->p + n;
		sub->err = 0;
		b->p += n;
		break;
	}
	default:
		return b->err = 1, -1;
	}
	return b->err ? -1 : 1;
}

void
fk_pbuf_release(struct fk_pbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

size_t
fk_pb_varint_size(uint64_t v)
{
	size_t n = 1;
	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

/* Room for n more bytes. */
static unsigned char *
reserve(struct fk_pbuf *b, size_t n)
{
	FK_GROW(b->p, b->cap, b->n + n, 256);
	return b->p + b->n;
}

void
fk_pbuf_varint(struct fk_pbuf *b, uint64_t v)
{
	unsigned char *o = reserve(b, 10);
	size_t k = 0;
	while (v >= 0x80) {
		o[k++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	o[k++] = (unsigned char)v;
	b->n += k;
}

void
fk_pbuf_uint(struct fk_pbuf *b, uint32_t field, uint64_t v)
{
	fk_pbuf_varint(b, (uint64_t)field << 3 | FK_PB_VARINT);
	fk_pbuf_varint(b, v);
}

void
fk_pbuf_bytes(struct fk_pbuf *b, uint32_t field, const void *data, size_t n)
{
	fk_pbuf_varint(b, (uint64_t)field << 3 | FK_PB_BYTES);
	fk_pbuf_varint(b, n);
	if (n) {
		memcpy(reserve(b, n), data, n);
		b->n += n;
	}
}

void
fk_pbuf_packed(struct fk_pbuf *b, uint32_t field, const uint64_t *v, size_t n)
{
	if (n == 0)
		return;
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += fk_pb_varint_size(v[i]);
	fk_pbuf_varint(b, (uint64_t)field << 3 | FK_PB_BYTES);
	fk_pbuf_varint(b, len);
	for (size_t i = 0; i < n; i++)
		fk_pbuf_varint(b, v[i]);
}
