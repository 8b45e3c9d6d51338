/*
 * pdself.c -- the program of flame-collapse's committed perf.data captures
 * (testdata/perfdata/README.md): no C library, so that the capture names
 * no file but this one.  Frame-pointer call paths of different weights,
 * read(2) calls for kernel frames, and an exec of itself (comm "exe").
 */
#define NOINLINE __attribute__((noinline))

static long
sys3(long n, long a, long b, long c)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return r;
}

volatile unsigned long sink;
NOINLINE void store(unsigned long x) { sink = x; __asm__ volatile(""); }
NOINLINE void spin(long n) { unsigned long x = sink; for (long i = 0; i < n; i++) x = x * 6364136223846793005UL + 1; store(x); }
NOINLINE void leaf_a(long n) { spin(n); }
NOINLINE void leaf_b(long n) { spin(n * 2); }
NOINLINE void mid_x(long n) { leaf_a(n); leaf_b(n); }
NOINLINE void mid_y(long n) { leaf_a(n * 3); }
NOINLINE void reads(long fd, long n) { char b[16384]; for (long i = 0; i < n; i++) sys3(0, fd, (long)b, sizeof b); }
NOINLINE void after_exec(long n) { for (long i = 0; i < n; i++) mid_y(200000); }

NOINLINE int
pd_main(long argc, char **argv, char **envp)
{
	if (argc > 1) {             /* after the exec */
		after_exec(60);
		return 0;
	}
	long fd = sys3(2, (long)"/dev/zero", 0, 0);
	for (int i = 0; i < 60; i++) {
		mid_x(200000);
		mid_y(200000);
		reads(fd, 300);
	}
	char *args[] = { argv[0], "again", 0 };
	sys3(59, (long)"/proc/self/exe", (long)args, (long)envp);
	return 1;
}

NOINLINE void
start_c(long *sp)
{
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	sys3(60, pd_main(argc, argv, argv + argc + 1), 0, 0);
}

__asm__(".globl _start\n_start:\n\txor %ebp, %ebp\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n\tcall start_c\n\thlt\n");
