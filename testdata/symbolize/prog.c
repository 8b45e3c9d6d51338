/*
 * prog.c -- a small program with known functions and inlined helpers, built
 * at test time (-O2 -g) for the symbolize tests: an unstripped copy, a
 * stripped copy with .gnu_debuglink, and a stripped copy with nothing.
 */
#include <stdio.h>
#include <stdlib.h>

volatile unsigned long fk_sink;

static inline __attribute__((always_inline)) unsigned long
mix_inner(unsigned long x)
{
	for (int i = 0; i < 7; i++)
		x = x * 6364136223846793005UL + (unsigned long)fk_sink;
	return x;
}

static inline __attribute__((always_inline)) unsigned long
mix_outer(unsigned long x)
{
	x ^= mix_inner(x >> 3);
	fk_sink = x;
	return x + mix_inner(x);
}

__attribute__((noinline)) unsigned long
work_alpha(unsigned long n)
{
	unsigned long acc = 0;
	for (unsigned long i = 0; i < n; i++)
		acc += mix_outer(i);
	return acc;
}

__attribute__((noinline)) unsigned long
work_beta(unsigned long n)
{
	unsigned long acc = 1;
	for (unsigned long i = 0; i < n; i++)
		acc = acc * 31 + (i ^ fk_sink);
	return acc;
}

static __attribute__((noinline)) unsigned long
local_gamma(unsigned long n)
{
	return work_alpha(n) + work_beta(n);
}

int
main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000;
	printf("%lu\n", local_gamma(n));
	return 0;
}
