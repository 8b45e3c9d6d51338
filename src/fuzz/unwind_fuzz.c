/*
 * unwind_fuzz.c -- libFuzzer harness for the DWARF user-stack unwinder,
 * against this harness's own maps (so the modules and their CFI are real).
 *
 * Byte 0: bits 0-1 the register ABI, bit 2 garbles the maps, bits 3-5 pick
 * one of eight processes (sessions), bit 6 drops SP from the mask, bit 7
 * starts a new maps generation.  Then 17 registers (perf's x86_64 AX..IP,
 * R8..R15), then the stack copy.  A register or stack word whose top byte is
 * 0xAA becomes this harness's code address plus its low 32 bits, and 0xBB
 * the sample's SP plus its low 32 bits, so that return addresses and frame
 * pointers are within the fuzzer's reach.
 */
#include <stdbool.h>

#include "collapse/perf_unwind.h"
#include "collapse/unwind_test_util.h"
#include "fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAKE_SP 0x7ffd12340000ull
#define REGS_N 17

static uint64_t
relocate(uint64_t w)
{
	if (w >> 56 == 0xAA)
		return (uint64_t)(uintptr_t)LLVMFuzzerTestOneInput + (w & 0xffffffffu);
	if (w >> 56 == 0xBB)
		return FAKE_SP + (w & 0xffffffffu);
	return w;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static fk_unwinder *u;
	static struct ut_self_maps self;
	static struct fk_unwind_map *garbled;
	static uint64_t generation;
	static unsigned char stack[65536];
	if (!u) {
		if (!(u = fk_unwinder_create()) || ut_self_maps_read(&self) != 0)
			abort();
		if (!(garbled = calloc(self.nmaps + 1, sizeof *garbled)))
			abort();
	}
	if (size < 1)
		return 0;
	uint8_t f = data[0];
	data++, size--;
	uint64_t regs[REGS_N] = {0};
	for (size_t i = 0; i < REGS_N && size >= 8; i++, data += 8, size -= 8) {
		memcpy(&regs[i], data, 8);
		regs[i] = relocate(regs[i]);
	}
	size_t n = size < sizeof stack ? size : sizeof stack;
	memcpy(stack, data, n);
	for (size_t i = 0; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, stack + i, 8);
		w = relocate(w);
		memcpy(stack + i, &w, 8);
	}
	if (f & 0x80)
		generation++;
	struct fk_unwind_sample s = {
		.pid = 1000 + ((f >> 3) & 7), .tid = 1000 + ((f >> 3) & 7),
		.regs_mask = 0xff01ffull, .abi = f & 3, .regs = regs,
		.stack = stack, .stack_size = n,
		.maps = self.maps, .nmaps = self.nmaps, .maps_generation = generation,
	};
	uint64_t sp_less[REGS_N];
	if (f & 0x40) {
		memcpy(sp_less, regs, 7 * 8);
		memcpy(sp_less + 7, regs + 8, (REGS_N - 8) * 8);
		s.regs = sp_less;
		s.regs_mask &= ~(1ull << 7);
	}
	if (f & 4) {
		/* Hostile maps: real paths at offsets and ranges bent by the stack bytes. */
		for (size_t i = 0; i < self.nmaps; i++) {
			garbled[i] = self.maps[i];
			if (n >= 24) {
				uint64_t d[3];
				memcpy(d, stack + (i * 24) % (n - 23), 24);
				garbled[i].start ^= d[0] & 0xffff000;
				garbled[i].end ^= d[1] & 0xffffff;
				garbled[i].pgoff ^= d[2];
			}
		}
		s.maps = garbled;
		s.maps_generation = ++generation;
	}
	uint64_t ips[128];
	size_t got = fk_unwind_user(u, &s, ips, 128);
	if (got > 128)
		abort();
	if (f & 4)
		generation++;  /* never reuse a session built from garbled maps */
	return 0;
}
