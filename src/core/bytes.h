/* Fixed-width loads from unaligned bytes, in host byte order.
 *
 * memcpy() into a local is how C says "unaligned load" without undefined
 * behaviour; compilers turn it into one move.  Readers of little-endian
 * files (perf.data) refuse other byte orders before they use these. */
#ifndef FK_CORE_BYTES_H
#define FK_CORE_BYTES_H

#include <stdint.h>
#include <string.h>

static inline uint64_t
fk_load_u64(const void *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint32_t
fk_load_u32(const void *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint16_t
fk_load_u16(const void *p)
{
	uint16_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

#endif
