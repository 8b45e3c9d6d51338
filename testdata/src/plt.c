/*
 * plt.c -- a hot loop whose calls into libc go through the PLT, so that
 * samples land in the stubs perf names "strlen@plt" and "labs@plt".
 * Built -O1 -fno-builtin (at -O2 gcc hoists the pure strlen call out of
 * the loop) and without -fno-plt.
 */
#include <stdlib.h>
#include <string.h>

volatile size_t sink;

__attribute__((noinline)) static void
work(const char *s, long n)
{
	for (long i = 0; i < n; i++)
		sink += strlen(s) + (size_t)labs(-i);
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10;
	work("x", n * 1000000);
	return 0;
}
