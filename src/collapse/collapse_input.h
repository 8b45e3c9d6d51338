/*
 * collapse_input.h -- an input as flame-collapse's parsers read it.
 *
 * An input's format is detected from its first bytes (collapse.h).  A
 * seekable input is rewound after that, but a pipe cannot be: the bytes
 * read from it travel with the input, and its reader returns them first.
 */
#ifndef FK_COLLAPSE_INPUT_H
#define FK_COLLAPSE_INPUT_H

#include "core/reader.h"

struct fk_collapse_input {
	struct fk_input in;              /* the operand, opened by the command */
	/*
	 * Bytes already read from in.fd that come before the rest of it
	 * ({ NULL, 0 }: none); owned by whoever read them.
	 */
	struct fk_input_prefix prefix;
};

/*
 * A reader of the input: the prefix, then the rest of its descriptor.
 * Owned by the caller (fk_reader_free()); the prefix is copied.
 */
static inline struct fk_reader *
fk_collapse_input_reader(const struct fk_collapse_input *ci)
{
	return fk_reader_new_prefixed(ci->in.fd, ci->in.name, ci->prefix.data, ci->prefix.len);
}

#endif
