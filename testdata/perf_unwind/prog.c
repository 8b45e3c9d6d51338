/*
 * prog.c -- the program perf_unwind_test records with `perf record
 * --call-graph dwarf`: it spends its time in a known call chain, built
 * -O2 -fomit-frame-pointer so that only DWARF CFI unwinds it, and partly
 * inside libc (qsort calling back into cmp).
 */
#include <stdlib.h>

static volatile unsigned long sink;

static int __attribute__((noipa))
cmp(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return (x > y) - (x < y);
}

static unsigned long __attribute__((noipa))
spin3(unsigned n)
{
	unsigned long acc = 0;
	for (unsigned i = 0; i < n; i++)
		acc += (acc << 3) ^ i;
	sink = acc;
	return acc + 1;
}

static unsigned long __attribute__((noipa))
sort2(unsigned n)
{
	static unsigned v[4096];
	for (unsigned i = 0; i < 4096; i++)
		v[i] = (i * 2654435761u) ^ n;
	qsort(v, 4096, sizeof v[0], cmp);
	return spin3(n) + v[0];
}

static unsigned long __attribute__((noipa))
work1(unsigned n)
{
	return sort2(n) * 3;
}

int
main(int argc, char **argv)
{
	unsigned rounds = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 300;
	unsigned long t = 0;
	for (unsigned r = 0; r < rounds; r++)
		t += work1(200000 + r);
	return (int)(t & 1) * 0;
}
