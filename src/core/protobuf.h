/*
 * protobuf.h -- the protocol buffers wire format, both ways: a reader of
 * fields for decoders that know their schema (the pprof reader) and a
 * growable buffer to encode messages into (the pprof writer).
 *
 * Only what profile.proto needs: varints (wire type 0), 64- and 32-bit
 * fixed values (1 and 5, read only) and length-delimited fields (2).
 * Groups (3 and 4) are refused as corrupt.
 */
#ifndef FK_PROTOBUF_H
#define FK_PROTOBUF_H

#include <stddef.h>
#include <stdint.h>

enum { FK_PB_VARINT = 0, FK_PB_FIXED64 = 1, FK_PB_BYTES = 2, FK_PB_FIXED32 = 5 };

/* Reading: a message's bytes [p, end); base is where offsets count from. */
struct fk_pb {
	const unsigned char *p, *end, *base;
	int err;              /* set once the data is found corrupt */
};

/* The next varint; sets b->err (and returns 0) when it is cut off or too long. */
uint64_t fk_pb_varint(struct fk_pb *b);

/*
 * The next field: its number and wire type.  A length-delimited field's
 * bytes go to *sub (a view into b's data), a varint or 64-bit value to *v
 * (32-bit values are skipped and read as 0).
 * @return 1, 0 at the end of the message, -1 when it is corrupt (b->err).
 */
int fk_pb_field(struct fk_pb *b, uint32_t *field, int *wt, uint64_t *v, struct fk_pb *sub);

/* Writing: encoded bytes, grown as needed. */
struct fk_pbuf {
	unsigned char *p;
	size_t n, cap;
};

/* Zero-initialise, or fk_pbuf_clear(); fk_pbuf_release() frees the bytes. */
void fk_pbuf_release(struct fk_pbuf *b);
/* Forget the bytes, keep the memory. */
static inline void
fk_pbuf_clear(struct fk_pbuf *b)
{
	b->n = 0;
}

/* The bytes a varint of v takes (1..10). */
size_t fk_pb_varint_size(uint64_t v);

void fk_pbuf_varint(struct fk_pbuf *b, uint64_t v);
/* A varint field: uint64, or int64 as its two's complement (as protoc does). */
void fk_pbuf_uint(struct fk_pbuf *b, uint32_t field, uint64_t v);
/* A length-delimited field: a string, bytes, or an encoded message. */
void fk_pbuf_bytes(struct fk_pbuf *b, uint32_t field, const void *data, size_t n);
/* A packed repeated varint field (nothing when n is 0). */
void fk_pbuf_packed(struct fk_pbuf *b, uint32_t field, const uint64_t *v, size_t n);

#endif
