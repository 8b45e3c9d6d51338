/*
 * buildid.h -- a module file's GNU build-id, as lower-case hex.
 *
 * flame-collapse --keep-addrs records it with each address frame, and
 * flame-symbolize checks a module file against it and finds copies and
 * debug files by it (flame-symbolize(1), "FINDING SYMBOLS").
 */
#ifndef FK_BUILDID_H
#define FK_BUILDID_H

#include <stddef.h>

/* Longest build-id kept, in hex digits (GNU ld writes 40: SHA-1). */
#define FK_BUILDID_MAX 64

/*
 * Read the build-id note of the ELF file at path into hex (at least
 * FK_BUILDID_MAX + 1 bytes).  @return its length in hex digits, or 0 when
 * the file is not a readable ELF file with a build-id.
 */
size_t fk_buildid_read(const char *path, char *hex);

/*
 * Is s[0, n) a build-id as written in hex (an even number of lower-case
 * hex digits, 2 to FK_BUILDID_MAX)?
 */
int fk_buildid_valid(const char *s, size_t n);

#endif
