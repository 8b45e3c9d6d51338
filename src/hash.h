/*
 * hash.h -- fast non-cryptographic 64-bit hashing of byte strings.
 */
#ifndef FK_HASH_H
#define FK_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t
fk_hash_mix(uint64_t h)
{
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return h;
}

static inline uint64_t
fk_hash_rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/*
 * Hash n bytes of p, continuing from seed (pass 0 to start).  Two
 * independent lanes of 8 bytes keep the multiplier busy on short keys such
 * as frame lines.
 */
static inline uint64_t
fk_hash_bytes(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	const size_t len = n;
	uint64_t a = seed ^ 0x9e3779b97f4a7c15ULL;
	uint64_t b = (uint64_t)n * 0xc2b2ae3d27d4eb4fULL;
	while (n >= 16) {
		uint64_t w0, w1;
		memcpy(&w0, s, 8);
		memcpy(&w1, s + 8, 8);
		a = fk_hash_rotl((a ^ w0) * 0xbf58476d1ce4e5b9ULL, 29);
		b = fk_hash_rotl((b ^ w1) * 0x94d049bb133111ebULL, 31);
		s += 16;
		n -= 16;
	}
	if (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		a = fk_hash_rotl((a ^ w) * 0xbf58476d1ce4e5b9ULL, 29);
		s += 8;
		n -= 8;
	}
	uint64_t w = 0;
	if (n > 0 && len >= 8) {
		/* The last 8 bytes of the key, overlapping what was hashed: no variable copy. */
		memcpy(&w, s + n - 8, 8);
	} else {
		for (size_t i = 0; i < n; i++)
			w |= (uint64_t)s[i] << (8 * i);
	}
	b = (b ^ w) * 0x94d049bb133111ebULL;
	return fk_hash_mix(a ^ fk_hash_rotl(b, 32));
}

#endif
