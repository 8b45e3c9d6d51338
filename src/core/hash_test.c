#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/hash.h"

/* The hash reads overlapping words: it must see only the n bytes it is given. */
Test(hash, depends_only_on_the_bytes_given)
{
	unsigned char a[300], b[300];
	for (size_t i = 0; i < sizeof(a); i++) {
		a[i] = (unsigned char)(i * 7 + 1);
		b[i] = (unsigned char)~a[i];
	}
	for (size_t n = 0; n <= 200; n++) {
		/* The same key, with different bytes around it. */
		memcpy(b + 50, a + 50, n);
		cr_assert_eq(fk_hash_bytes(a + 50, n, 3), fk_hash_bytes(b + 50, n, 3), "length %zu", n);
	}
}

Test(hash, every_byte_and_bit_counts)
{
	unsigned char k[128];
	for (size_t i = 0; i < sizeof(k); i++)
		k[i] = (unsigned char)(i * 31 + 5);
	for (size_t n = 1; n <= sizeof(k); n++) {
		uint64_t h = fk_hash_bytes(k, n, 0);
		for (size_t i = 0; i < n; i++) {
			for (int bit = 0; bit < 8; bit++) {
				k[i] ^= (unsigned char)(1u << bit);
				cr_assert_neq(fk_hash_bytes(k, n, 0), h, "length %zu, byte %zu, bit %d", n, i, bit);
				k[i] ^= (unsigned char)(1u << bit);
			}
		}
	}
}

Test(hash, length_and_seed_count)
{
	unsigned char zero[64] = {0};
	for (size_t n = 0; n < sizeof(zero); n++) {
		cr_assert_neq(fk_hash_bytes(zero, n, 0), fk_hash_bytes(zero, n + 1, 0), "length %zu", n);
		cr_assert_neq(fk_hash_bytes(zero, n, 0), fk_hash_bytes(zero, n, 1), "length %zu", n);
	}
}

/*
 * Tables index by the low bits and tag by the high ones: keys that differ
 * a little (frame lines, counters) must spread over both.
 */
Test(hash, similar_keys_spread_over_low_and_high_bits)
{
	enum { KEYS = 1 << 16, BUCKETS = 1 << 10 };
	static unsigned low[BUCKETS], high[BUCKETS];
	char key[96];
	for (unsigned i = 0; i < KEYS; i++) {
		int n = snprintf(key, sizeof(key), "  %12x func_%u+0x%x (/usr/lib/libc.so.6)", i * 16, i % 97, i % 13);
		uint64_t h = fk_hash_bytes(key, (size_t)n, 1);
		low[h & (BUCKETS - 1)]++;
		high[h >> 54]++;
	}
	/* 64 keys a bucket on average; a fair hash stays far from 2x. */
	for (unsigned b = 0; b < BUCKETS; b++) {
		cr_assert_lt(low[b], 2 * KEYS / BUCKETS, "low bucket %u holds %u", b, low[b]);
		cr_assert_lt(high[b], 2 * KEYS / BUCKETS, "high bucket %u holds %u", b, high[b]);
		cr_assert_gt(low[b], KEYS / BUCKETS / 2, "low bucket %u holds %u", b, low[b]);
		cr_assert_gt(high[b], KEYS / BUCKETS / 2, "high bucket %u holds %u", b, high[b]);
	}
}

/* A word equal to the mixing constant must not wipe out what came before it. */
Test(hash, no_word_erases_the_state)
{
	unsigned char k[64];
	const uint64_t k1 = 0xe7037ed1a0b428dbULL;
	for (int variant = 0; variant < 2; variant++) {
		memset(k, variant ? 0x55 : 0, sizeof(k));
		memcpy(k + 32, &k1, 8);
		uint64_t h = fk_hash_bytes(k, sizeof(k), 0);
		k[0] ^= 1;
		cr_assert_neq(fk_hash_bytes(k, sizeof(k), 0), h);
	}
}

/* 32-bit targets fold without a 128-bit type: the same values, carries included. */
Test(hash, portable_fold_equals_the_128_bit_one)
{
#ifdef __SIZEOF_INT128__
	const uint64_t edge[] = {0, 1, 0xffffffffULL, 0x100000000ULL, 0xffffffffffffffffULL,
	    0x8000000000000000ULL, 0xe7037ed1a0b428dbULL};
	for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		for (size_t j = 0; j < sizeof(edge) / sizeof(edge[0]); j++)
			cr_assert_eq(fk_hash_fold_portable(edge[i], edge[j]), fk_hash_fold(edge[i], edge[j]),
			    "%#llx x %#llx", (unsigned long long)edge[i], (unsigned long long)edge[j]);
	uint64_t a = 0x9e3779b97f4a7c15ULL, b = 1;
	for (int i = 0; i < 100000; i++) {
		a = a * 6364136223846793005ULL + 1442695040888963407ULL;
		b = b * 2862933555777941757ULL + 3037000493ULL;
		cr_assert_eq(fk_hash_fold_portable(a, b), fk_hash_fold(a, b));
	}
#else
	cr_skip_test("no 128-bit integer type on this target");
#endif
}
