/*
 * hash.h -- fast non-cryptographic 64-bit hashing of byte strings.
 */
#ifndef FK_HASH_H
#define FK_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/bytes.h"

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

/*
 * The same product from 32-bit halves, for targets without a 128-bit
 * integer type (32-bit ones); the unit tests check it against the other.
 */
static inline uint64_t
fk_hash_fold_portable(uint64_t a, uint64_t b)
{
	uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
	uint64_t lo = (mid << 32) | (uint32_t)ll;
	uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
	return lo ^ hi;
}

/* The 128-bit product of a and b, folded to 64 bits: one multiply mixes 16 bytes. */
static inline uint64_t
fk_hash_fold(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128 r = (unsigned __int128)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
#else
	return fk_hash_fold_portable(a, b);
#endif
}

/*
 * Hash n bytes of p, continuing from seed (pass 0 to start).  Each step
 * folds a 128-bit product of two key words with the state; two chains
 * take 32 bytes a round, and keys of up to 16 bytes (most frame lines'
 * tails) cost one step plus the finish.  Short keys are read as
 * overlapping words, never byte by byte.
 */
static inline uint64_t
fk_hash_bytes(const void *p, size_t n, uint64_t seed)
{
	const uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL;
	const uint64_t k2 = 0x8ebc6af09c88c6e3ULL, k3 = 0x589965cc75374cc3ULL;
	const unsigned char *s = p;
	uint64_t a = seed ^ k0, x, y;
	if (n <= 16) {
		if (n >= 8) {
			x = fk_load_u64(s);
			y = fk_load_u64(s + n - 8);
		} else if (n >= 4) {
			x = fk_load_u32(s);
			y = fk_load_u32(s + n - 4);
		} else if (n > 0) {
			x = ((uint64_t)s[0] << 16) | ((uint64_t)s[n >> 1] << 8) | s[n - 1];
			y = 0;
		} else {
			x = y = 0;
		}
	} else {
		size_t left = n;
		if (left > 32) {
			uint64_t b = a;
			do {
				uint64_t w1 = fk_load_u64(s + 8) ^ a, w3 = fk_load_u64(s + 24) ^ b;
				a = fk_hash_fold(fk_load_u64(s) ^ k1, w1) + w1;
				b = fk_hash_fold(fk_load_u64(s + 16) ^ k2, w3) + w3;
				s += 32;
				left -= 32;
			} while (left > 32);
			a ^= b;
		}
		if (left > 16) {
			uint64_t w1 = fk_load_u64(s + 8) ^ a;
			a = fk_hash_fold(fk_load_u64(s) ^ k1, w1) + w1;
		}
		/* The last 16 bytes, overlapping what was hashed when fewer remain. */
		x = fk_load_u64(s + left - 16);
		y = fk_load_u64(s + left - 8);
	}
	y ^= a ^ k3;
	return fk_hash_fold(k1 ^ (uint64_t)n, fk_hash_fold(x ^ k1, y) + y + x);
}

#endif
