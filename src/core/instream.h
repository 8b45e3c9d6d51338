/*
 * instream.h -- the bytes of one input, decompressed, for parsers that do
 * not read lines (JSON and XML documents).
 *
 * An input may carry bytes read ahead to detect its format (reader.h,
 * struct fk_input): they come first, then the rest of the descriptor.
 * gzip and xz data is decompressed (decomp.h).  Memory stays bounded:
 * no more than the decoder's state and the caller's buffer.
 */
#ifndef FK_INSTREAM_H
#define FK_INSTREAM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/reader.h"

struct fk_instream;

/* A stream over in (not owned; its fd stays open).  Never NULL. */
struct fk_instream *fk_instream_new(const struct fk_input *in);
/* Accepts NULL. */
void fk_instream_free(struct fk_instream *s);

/*
 * Up to n bytes into buf (n > 0).
 * @return the count (> 0), 0 at the end, or -1 (recorded: "cannot read
 *         'NAME': ...") on a read error or corrupt compressed data.
 */
ssize_t fk_instream_read(struct fk_instream *s, void *buf, size_t n);

/* Bytes returned so far (decompressed), for messages. */
uint64_t fk_instream_offset(const struct fk_instream *s);

/* The input's display name ("<stdin>" for "-"). */
const char *fk_instream_name(const struct fk_instream *s);

#endif
