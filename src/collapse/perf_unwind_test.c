/*
 * perf_unwind_test.c -- the DWARF user-stack unwinder, on this very process:
 * registers and a stack copy captured inside f3 <- f2 <- f1 <- the test
 * (built -fomit-frame-pointer, so only CFI unwinds them), and on a real
 * `perf record --call-graph dwarf` capture compared with `perf script`.
 */
#include <criterion/criterion.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>

#include "collapse/perf_unwind.h"
#include "collapse/unwind_test_util.h"

#ifdef __clang__
#define NOIPA __attribute__((noinline))
#else
#define NOIPA __attribute__((noipa))
#endif

#define FRAMES_MAX 64

static int
open_fds(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/fd");
	cr_assert_not_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* ---- names of this process's addresses ---- */

static char *self_debuginfo_path;
static const Dwfl_Callbacks self_callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.debuginfo_path = &self_debuginfo_path,
};

static Dwfl *
self_dwfl(void)
{
	Dwfl *d = dwfl_begin(&self_callbacks);
	cr_assert_not_null(d);
	cr_assert_eq(dwfl_linux_proc_report(d, getpid()), 0);
	dwfl_report_end(d, NULL, NULL);
	return d;
}

/* The function containing frame I's address (return addresses minus 1). */
static const char *
frame_name(Dwfl *d, const uint64_t *ips, size_t i)
{
	uint64_t pc = i > 0 ? ips[i] - 1 : ips[i];
	Dwfl_Module *m = dwfl_addrmodule(d, pc);
	const char *n = m ? dwfl_module_addrname(m, pc) : NULL;
	return n ? n : "?";
}

#if defined(__x86_64__)

/* perf's x86_64 user registers AX..IP and R8..R15: the mask and its count. */
#define REGS_MASK 0xff01ffull
#define REGS_N 17

/*
 * capture_regs(regs, buf, size): store the registers as they are at its
 * first instruction (IP = its own address, SP pointing at the return
 * address) in perf's order, then copy [SP, SP+size) to buf, as the kernel
 * does for a sample taken right there.  Its CFI is the default at entry.
 */
void capture_regs(uint64_t *regs, unsigned char *buf, size_t size);
__asm__(
	".text\n"
	".globl capture_regs\n"
	".type capture_regs, @function\n"
	"capture_regs:\n"
	".cfi_startproc\n"
	"movq %rax, 0(%rdi)\n"
	"movq %rbx, 8(%rdi)\n"
	"movq %rcx, 16(%rdi)\n"
	"movq %rdx, 24(%rdi)\n"
	"movq %rsi, 32(%rdi)\n"
	"movq %rdi, 40(%rdi)\n"
	"movq %rbp, 48(%rdi)\n"
	"movq %rsp, 56(%rdi)\n"
	"leaq capture_regs(%rip), %rax\n"
	"movq %rax, 64(%rdi)\n"
	"movq %r8, 72(%rdi)\n"
	"movq %r9, 80(%rdi)\n"
	"movq %r10, 88(%rdi)\n"
	"movq %r11, 96(%rdi)\n"
	"movq %r12, 104(%rdi)\n"
	"movq %r13, 112(%rdi)\n"
	"movq %r14, 120(%rdi)\n"
	"movq %r15, 128(%rdi)\n"
	"movq %rsi, %rdi\n"
	"movq %rsp, %rsi\n"
	"movq %rdx, %rcx\n"
	"cld\n"
	"rep movsb\n"
	"ret\n"
	".cfi_endproc\n"
	".size capture_regs, .-capture_regs\n");

static struct {
	uint64_t regs[REGS_N];
	unsigned char stack[32768];
	size_t size;
} cap;

static NOIPA int
f3(int x)
{
	capture_regs(cap.regs, cap.stack, cap.size);
	return x + 1;
}

static NOIPA int
f2(int x)
{
	return f3(x) * 3;
}

static NOIPA int
f1(int x)
{
	return f2(x) + 7;
}

/* Limit the copy to the mapping that holds this stack. */
static void
cap_prepare(const struct ut_self_maps *m)
{
	uintptr_t here = (uintptr_t)__builtin_frame_address(0);
	cap.size = 0;
	for (size_t i = 0; i < m->nmaps; i++)
		if (here >= m->maps[i].start && here < m->maps[i].end) {
			uint64_t avail = m->maps[i].end - here;
			cap.size = avail < sizeof cap.stack ? avail : sizeof cap.stack;
		}
	cr_assert_gt(cap.size, 1024, "stack mapping of %p not found", (void *)here);
}

static struct fk_unwind_sample
cap_sample(const struct ut_self_maps *m, uint64_t generation)
{
	return (struct fk_unwind_sample){
		.pid = getpid(), .tid = getpid(), .regs_mask = REGS_MASK, .abi = FK_UNWIND_ABI_64,
		.regs = cap.regs, .stack = cap.stack, .stack_size = cap.size,
		.maps = m->maps, .nmaps = m->nmaps, .maps_generation = generation,
	};
}

/* The first five frames are capture_regs, f3, f2, f1 and the test itself. */
static void
assert_chain(Dwfl *d, const uint64_t *ips, size_t n, const char *test)
{
	cr_assert_geq(n, 5, "only %zu frames", n);
	cr_assert_eq(ips[0], cap.regs[8]);
	cr_assert_str_eq(frame_name(d, ips, 0), "capture_regs");
	cr_assert_str_eq(frame_name(d, ips, 1), "f3");
	cr_assert_str_eq(frame_name(d, ips, 2), "f2");
	cr_assert_str_eq(frame_name(d, ips, 3), "f1");
	cr_assert_str_eq(frame_name(d, ips, 4), test);
}

Test(perf_unwind, unwinds_own_stack_by_cfi)
{
	struct ut_self_maps m;
	cr_assert_eq(ut_self_maps_read(&m), 0);
	cap_prepare(&m);
	cr_assert_eq(f1(4), 22);
	fk_unwinder *u = fk_unwinder_create();
	cr_assert_not_null(u);
	struct fk_unwind_sample s = cap_sample(&m, 1);
	uint64_t ips[FRAMES_MAX];
	unsigned char act[FRAMES_MAX];
	size_t n = fk_unwind_user_frames(u, &s, ips, act, FRAMES_MAX);
	Dwfl *d = self_dwfl();
	assert_chain(d, ips, n, "perf_unwind_unwinds_own_stack_by_cfi_impl");
	/* Raw PCs: ips[1] is f3's return address, the instruction after the call. */
	cr_assert_eq(act[0], 1);
	for (size_t i = 1; i < 5; i++)
		cr_assert_eq(act[i], 0, "frame %zu", i);
	/* The same through fk_unwind_user(), and MAX honoured. */
	uint64_t again[FRAMES_MAX];
	cr_assert_eq(fk_unwind_user(u, &s, again, FRAMES_MAX), n);
	cr_assert_arr_eq(again, ips, n * sizeof ips[0]);
	cr_assert_eq(fk_unwind_user(u, &s, again, 3), 3);
	cr_assert_arr_eq(again, ips, 3 * sizeof ips[0]);
	cr_assert_eq(fk_unwind_user(u, &s, again, 0), 0);
	dwfl_end(d);
	fk_unwinder_free(u);
	ut_self_maps_free(&m);
}

Test(perf_unwind, session_kept_while_generation_unchanged)
{
	struct ut_self_maps m;
	cr_assert_eq(ut_self_maps_read(&m), 0);
	cap_prepare(&m);
	f1(1);
	int fds_before = open_fds();
	fk_unwinder *u = fk_unwinder_create();
	struct fk_unwind_sample s = cap_sample(&m, 7);
	uint64_t ips[FRAMES_MAX], again[FRAMES_MAX];
	size_t n = fk_unwind_user(u, &s, ips, FRAMES_MAX);
	cr_assert_geq(n, 5);
	/* Same generation: the modules reported before are used, even though
	 * this sample lists no maps (it would unwind nothing on its own). */
	struct fk_unwind_sample bare = s;
	bare.nmaps = 0;
	cr_assert_eq(fk_unwind_user(u, &bare, again, FRAMES_MAX), n);
	cr_assert_arr_eq(again, ips, n * sizeof ips[0]);
	struct fk_unwind_stats st;
	fk_unwinder_stats(u, &st);
	cr_assert_eq(st.sessions_built, 1);
	cr_assert_eq(st.samples, 2);
	cr_assert_eq(st.samples_ip_only, 0);
	/* A new generation that only adds anonymous memory keeps the session. */
	struct fk_unwind_map *more = calloc(m.nmaps + 1, sizeof *more);
	memcpy(more, m.maps, m.nmaps * sizeof *more);
	more[m.nmaps] = (struct fk_unwind_map){ 0x10000, 0x20000, 0, "//anon", NULL, 0 };
	struct fk_unwind_sample anon = s;
	anon.maps = more;
	anon.nmaps = m.nmaps + 1;
	anon.maps_generation = 8;
	cr_assert_eq(fk_unwind_user(u, &anon, again, FRAMES_MAX), n);
	fk_unwinder_stats(u, &st);
	cr_assert_eq(st.sessions_built, 1);
	cr_assert_eq(st.sessions_kept, 1);
	/* A new generation reports the (now empty) maps again: the IP alone. */
	bare.maps_generation = 9;
	cr_assert_eq(fk_unwind_user(u, &bare, again, FRAMES_MAX), 1);
	cr_assert_eq(again[0], cap.regs[8]);
	/* And back with the maps, under yet another generation. */
	s.maps_generation = 10;
	cr_assert_eq(fk_unwind_user(u, &s, again, FRAMES_MAX), n);
	fk_unwinder_stats(u, &st);
	cr_assert_eq(st.sessions_built, 3);
	cr_assert_eq(st.samples_ip_only, 1);
	free(more);
	/* Other processes come and go without disturbing this one's result. */
	for (int pid = 1; pid < 40; pid++) {
		struct fk_unwind_sample o = s;
		o.pid = getpid() + pid;
		cr_assert_eq(fk_unwind_user(u, &o, again, FRAMES_MAX), n);
	}
	cr_assert_eq(fk_unwind_user(u, &s, again, FRAMES_MAX), n);
	cr_assert_arr_eq(again, ips, n * sizeof ips[0]);
	/* Sixteen sessions of this process's modules keep no descriptor open. */
	cr_assert_leq(open_fds(), fds_before + 2, "%d descriptors open, %d before", open_fds(),
		fds_before);
	fk_unwinder_free(u);
	ut_self_maps_free(&m);
}

Test(perf_unwind, build_id_mismatch_leaves_module_out)
{
	struct ut_self_maps m;
	cr_assert_eq(ut_self_maps_read(&m), 0);
	cap_prepare(&m);
	f1(2);
	/* This test program's own build-id, and a wrong one. */
	Dwfl *d = self_dwfl();
	Dwfl_Module *mod = dwfl_addrmodule(d, (uintptr_t)f1);
	const unsigned char *bid;
	GElf_Addr vaddr;
	Dwarf_Addr bias;
	int len = mod && dwfl_module_getelf(mod, &bias) ? dwfl_module_build_id(mod, &bid, &vaddr) : -1;
	if (len <= 0)
		cr_skip_test("the test program has no build-id");
	const char *self = NULL;
	dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL, &self, NULL);
	cr_assert_not_null(self);
	unsigned char wrong[64];
	memcpy(wrong, bid, (size_t)len);
	wrong[0] ^= 0xff;
	fk_unwinder *u = fk_unwinder_create();
	uint64_t ips[FRAMES_MAX];
	for (size_t i = 0; i < m.nmaps; i++)
		if (strcmp(m.maps[i].path, self) == 0) {
			m.maps[i].build_id = bid;
			m.maps[i].build_id_len = (size_t)len;
		}
	struct fk_unwind_sample s = cap_sample(&m, 1);
	size_t n = fk_unwind_user(u, &s, ips, FRAMES_MAX);
	assert_chain(d, ips, n, "perf_unwind_build_id_mismatch_leaves_module_out_impl");
	for (size_t i = 0; i < m.nmaps; i++)
		if (strcmp(m.maps[i].path, self) == 0)
			m.maps[i].build_id = wrong;
	s.maps_generation = 2;
	/* Without the test program's CFI, f3 is not found: libdwfl's frame-pointer
	 * guess (x86_64) may go on from the registers, but this code keeps none. */
	n = fk_unwind_user(u, &s, ips, FRAMES_MAX);
	cr_assert_geq(n, 1);
	cr_assert_eq(ips[0], cap.regs[8]);
	if (n > 1)
		cr_assert_str_neq(frame_name(d, ips, 1), "f3");
	struct fk_unwind_stats st;
	fk_unwinder_stats(u, &st);
	cr_assert_eq(st.files_wrong_build_id, 1);
	fk_unwinder_free(u);
	dwfl_end(d);
	ut_self_maps_free(&m);
}

Test(perf_unwind, refuses_what_it_cannot_map)
{
	struct ut_self_maps m;
	cr_assert_eq(ut_self_maps_read(&m), 0);
	cap_prepare(&m);
	f1(3);
	fk_unwinder *u = fk_unwinder_create();
	uint64_t ips[FRAMES_MAX];
	/* A 32-bit process: the IP alone. */
	struct fk_unwind_sample s = cap_sample(&m, 1);
	s.abi = FK_UNWIND_ABI_32;
	cr_assert_eq(fk_unwind_user(u, &s, ips, FRAMES_MAX), 1);
	cr_assert_eq(ips[0], cap.regs[8]);
	/* No registers at all. */
	s = cap_sample(&m, 1);
	s.abi = FK_UNWIND_ABI_NONE;
	cr_assert_eq(fk_unwind_user(u, &s, ips, FRAMES_MAX), 1);
	s.regs = NULL;
	cr_assert_eq(fk_unwind_user(u, &s, ips, FRAMES_MAX), 0);
	/* No SP in the mask: the IP alone.  No IP: nothing. */
	uint64_t no_sp[REGS_N - 1];
	memcpy(no_sp, cap.regs, 7 * sizeof(uint64_t));
	memcpy(no_sp + 7, cap.regs + 8, (REGS_N - 8) * sizeof(uint64_t));
	s = cap_sample(&m, 1);
	s.regs = no_sp;
	s.regs_mask = REGS_MASK & ~(1ull << 7);
	cr_assert_eq(fk_unwind_user(u, &s, ips, FRAMES_MAX), 1);
	cr_assert_eq(ips[0], cap.regs[8]);
	s.regs_mask = 0x7f;
	cr_assert_eq(fk_unwind_user(u, &s, ips, FRAMES_MAX), 0);
	fk_unwinder_free(u);
	ut_self_maps_free(&m);
}

Test(perf_unwind, survives_truncated_and_garbage_stacks)
{
	struct ut_self_maps m;
	cr_assert_eq(ut_self_maps_read(&m), 0);
	cap_prepare(&m);
	f1(5);
	fk_unwinder *u = fk_unwinder_create();
	uint64_t ips[FRAMES_MAX];
	struct fk_unwind_sample s = cap_sample(&m, 1);
	size_t full = fk_unwind_user(u, &s, ips, FRAMES_MAX);
	/* A shorter copy ends the chain earlier, never later. */
	for (uint64_t size = 0; size < 256; size += 8) {
		s.stack_size = size;
		size_t n = fk_unwind_user(u, &s, ips, FRAMES_MAX);
		cr_assert(n >= 1 && n <= full, "size %llu: %zu frames", (unsigned long long)size, n);
		cr_assert_eq(ips[0], cap.regs[8]);
	}
	s.stack = NULL;
	cr_assert_geq(fk_unwind_user(u, &s, ips, FRAMES_MAX), 1);
	/* Garbage in the stack and the registers: any chain, no crash. */
	static unsigned char junk[4096];
	uint64_t regs[REGS_N];
	unsigned seed = 12345;
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < sizeof junk; i++)
			junk[i] = (unsigned char)((seed = seed * 1103515245u + 12345u) >> 16);
		memcpy(regs, cap.regs, sizeof regs);
		if (round & 1)
			memcpy(regs, junk, sizeof regs);
		regs[8] = round & 2 ? cap.regs[8] : regs[8];
		s = cap_sample(&m, 1);
		s.regs = regs;
		s.stack = junk;
		s.stack_size = sizeof junk;
		size_t n = fk_unwind_user(u, &s, ips, FRAMES_MAX);
		cr_assert(n >= 1 && n <= FRAMES_MAX);
		cr_assert_eq(ips[0], regs[8]);
	}
	fk_unwinder_free(u);
	ut_self_maps_free(&m);
}

#else

Test(perf_unwind, unwinds_own_stack_by_cfi)
{
	cr_skip_test("the register capture is written for x86_64 only");
}

#endif

/* ---- a real capture against perf script ---- */

struct perf_frame {
	char dso[256];
	uint64_t rel;
};

struct chain {
	uint64_t time;
	size_t n;
	struct perf_frame f[FRAMES_MAX];
};

struct run {
	fk_unwinder *u;
	struct chain *ours;
	size_t nours, cap;
};

static void
on_sample(void *arg, const struct ut_sample *us)
{
	struct run *r = arg;
	if (r->nours == r->cap)
		r->ours = realloc(r->ours, (r->cap = r->cap ? 2 * r->cap : 256) * sizeof *r->ours);
	struct chain *c = &r->ours[r->nours++];
	uint64_t ips[FRAMES_MAX];
	unsigned char act[FRAMES_MAX];
	size_t n = fk_unwind_user_frames(r->u, &us->s, ips, act, FRAMES_MAX);
	c->time = us->time;
	c->n = n;
	for (size_t i = 0; i < n; i++) {
		/* perf prints a return address minus one, as the call's own address. */
		uint64_t pc = act[i] ? ips[i] : ips[i] - 1;
		snprintf(c->f[i].dso, sizeof c->f[i].dso, "[unknown]");
		c->f[i].rel = pc;
		for (size_t k = 0; k < us->s.nmaps; k++) {
			const struct fk_unwind_map *mp = &us->s.maps[k];
			if (pc >= mp->start && pc < mp->end) {
				snprintf(c->f[i].dso, sizeof c->f[i].dso, "%s", mp->path);
				/* perf prints the offset in the file mapped. */
				c->f[i].rel = pc - mp->start + mp->pgoff;
				break;
			}
		}
	}
}

static int
cmp_time(const void *a, const void *b)
{
	const struct chain *x = a, *y = b;
	return (x->time > y->time) - (x->time < y->time);
}

/*
 * `perf script -F time,ip,dso --ns` blocks: a time line, one line per frame,
 * a blank line. A sample perf could not unwind at all still has its time line,
 * so it is kept as an empty chain rather than lost.
 */
static size_t
read_perf_chains(FILE *f, struct chain **out)
{
	size_t n = 0, cap = 0;
	char line[1024];
	struct chain cur = {0};
	bool open = false;
	for (;;) {
		bool eof = !fgets(line, sizeof line, f);
		unsigned long long a, sec, nsec;
		char dso[256];
		if (!eof && sscanf(line, " %llx (%255[^)])", &a, dso) == 2) {
			if (open && cur.n < FRAMES_MAX) {
				snprintf(cur.f[cur.n].dso, sizeof cur.f[cur.n].dso, "%s", dso);
				cur.f[cur.n++].rel = a;
			}
			continue;
		}
		if (open) {
			if (n == cap)
				*out = realloc(*out, (cap = cap ? 2 * cap : 256) * sizeof **out);
			(*out)[n++] = cur;
			memset(&cur, 0, sizeof cur);
			open = false;
		}
		if (eof)
			break;
		if (sscanf(line, " %llu.%9llu:", &sec, &nsec) == 2) {
			cur.time = sec * 1000000000ull + nsec;
			open = true;
		}
	}
	return n;
}

static bool
same_chain(const struct chain *a, const struct chain *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->f[i].rel != b->f[i].rel || strcmp(a->f[i].dso, b->f[i].dso) != 0)
			return false;
	return true;
}

/*
 * Unwind every sample of DATA and compare with `perf script`'s chains:
 * 95% of the chains identical when WHOLE_CHAINS, else 95% of perf's frames
 * found at the same depth (on large programs perf's unwinder often stops
 * a frame or two before libdwfl's, at __libc_start_call_main).
 * @return the share of samples in which the program PROG (NULL: any) appears.
 */
static double
compare_with_perf_script(const char *data, const char *prog, bool whole_chains)
{
	struct ut_capture c;
	cr_assert_eq(ut_capture_load(&c, data), 0);
	struct run r = { .u = fk_unwinder_create() };
	long samples = ut_capture_each(&c, on_sample, &r);
	cr_assert_gt(samples, 20, "only %ld samples", samples);
	qsort(r.ours, r.nours, sizeof *r.ours, cmp_time);

	char cmd[1024];
	snprintf(cmd, sizeof cmd, "perf script -i '%s' -F time,ip,dso --ns --no-inline 2>/dev/null",
		data);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	struct chain *perf = NULL;
	size_t nperf = read_perf_chains(p, &perf);
	pclose(p);
	qsort(perf, nperf, sizeof *perf, cmp_time);

	/*
	 * Pair the samples by time, as perf script may leave one out (it did
	 * once in CI: 163 printed of 164). An unpaired sample of ours compares
	 * against an empty chain, so it counts against the 95% below.
	 */
	struct chain *theirs = calloc(r.nours ? r.nours : 1, sizeof *theirs);
	size_t paired = 0;
	for (size_t i = 0, j = 0; i < r.nours; i++) {
		while (j < nperf && perf[j].time < r.ours[i].time)
			j++;
		if (j < nperf && perf[j].time == r.ours[i].time) {
			theirs[i] = perf[j++];
			paired++;
		}
	}
	free(perf);
	cr_assert_geq(paired * 100, r.nours * 98, "only %zu of the file's %zu samples are in "
		"perf script's output (%zu printed)", paired, r.nours, nperf);
	size_t same = 0, in_prog = 0, frames = 0, frames_same = 0, perf_shorter = 0;
	for (size_t i = 0; i < r.nours; i++) {
		if (same_chain(&r.ours[i], &theirs[i]))
			same++;
		else if (getenv("FK_UNWIND_VERBOSE"))
			for (size_t k = 0; k < r.ours[i].n || k < theirs[i].n; k++)
				fprintf(stderr, "sample %zu frame %zu: ours %s %#llx perf %s %#llx\n", i, k,
					k < r.ours[i].n ? r.ours[i].f[k].dso : "-",
					k < r.ours[i].n ? (unsigned long long)r.ours[i].f[k].rel : 0ull,
					k < theirs[i].n ? theirs[i].f[k].dso : "-",
					k < theirs[i].n ? (unsigned long long)theirs[i].f[k].rel : 0ull);
		/* Frames equal from the innermost on, against perf's count. */
		frames += theirs[i].n;
		size_t k = 0;
		for (; k < r.ours[i].n && k < theirs[i].n; k++) {
			if (r.ours[i].f[k].rel != theirs[i].f[k].rel
					|| strcmp(r.ours[i].f[k].dso, theirs[i].f[k].dso) != 0)
				break;
			frames_same++;
		}
		if (k == theirs[i].n && k < r.ours[i].n)
			perf_shorter++;
		for (size_t k = 0; prog && k < r.ours[i].n; k++)
			if (strcmp(r.ours[i].f[k].dso, prog) == 0) {
				in_prog++;
				break;
			}
	}
	cr_log_info("%zu of %zu samples unwound as perf does, %zu more deeply; "
		"%zu of perf's %zu frames found", same, r.nours, perf_shorter, frames_same, frames);
	if (whole_chains)
		cr_assert_geq(same * 100, r.nours * 95, "only %zu of %zu chains equal perf's", same,
			r.nours);
	else
		cr_assert_geq(frames_same * 100, frames * 95, "only %zu of perf's %zu frames found",
			frames_same, frames);
	double share = r.nours ? (double)in_prog / (double)r.nours : 0;
	free(theirs);
	free(r.ours);
	fk_unwinder_free(r.u);
	ut_capture_release(&c);
	return share;
}

Test(perf_unwind, matches_perf_script_on_a_dwarf_capture, .timeout = 110)
{
	const char *prog = getenv("FK_UNWIND_PROG");
	if (!prog)
		cr_skip_test("FK_UNWIND_PROG not set (the recorded program is built by meson)");
	char dir[] = "/tmp/fk-unwind-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char data[300], cmd[1024];
	snprintf(data, sizeof data, "%s/perf.data", dir);
	snprintf(cmd, sizeof cmd, "perf record -q -e cpu-clock:u --call-graph dwarf -o %s '%s' 120 "
		">/dev/null 2>&1", data, prog);
	if (system(cmd) != 0) {
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		(void)system(cmd);
		cr_skip_test("perf cannot record here (not installed, or perf_event_paranoid)");
	}
	char real[4096];
	cr_assert_not_null(realpath(prog, real));
	cr_assert_gt(compare_with_perf_script(data, real, true), 0.5);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	(void)system(cmd);
}

/* FK_UNWIND_CAPTURE=FILE: the same comparison on any --call-graph dwarf capture. */
Test(perf_unwind, matches_perf_script_on_a_given_capture, .timeout = 110)
{
	const char *data = getenv("FK_UNWIND_CAPTURE");
	if (!data)
		cr_skip_test("FK_UNWIND_CAPTURE not set");
	compare_with_perf_script(data, NULL, false);
}
