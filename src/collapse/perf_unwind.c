/*
 * perf_unwind.c -- unwinding a perf sample's user stack with libdwfl.
 *
 * One Dwfl session per process holds the process's modules and a thread
 * state (dwfl_attach_state()) whose callbacks serve the sample being
 * unwound: its registers, its stack copy, and the module files' bytes for
 * any other address.  Sessions are reused while the process's maps stay the
 * same generation (or change only in anonymous memory).  Each module file
 * is mapped read-only once per unwinder and shared by all sessions.
 *
 * Modules are reported with dwfl_report_module() over the exact address
 * range that makes libdwfl's bias (low end minus the first PT_LOAD's aligned
 * address) the load bias the mapping implies, and their ELF is handed over
 * on demand by find_elf as an elf_memory() view of the shared mapping.
 * dwfl_report_elf() would give the same bias but open every module up front
 * and keep a descriptor per module per session (430 for sixteen sessions of
 * a 27-module test program): a large process would run out of descriptors.
 */
#include "collapse/perf_unwind.h"

#include <elf.h>
#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"

/* Sessions kept at once; each holds its modules' ELF handles and CFI. */
#define SESSIONS_MAX 16
/* Longest build-id compared (SHA-1 is 20 bytes; some linkers write more). */
#define BUILD_ID_MAX 64

/* perf_event_x86_regs (asm/perf_regs.h) */
enum { X86_AX, X86_BX, X86_CX, X86_DX, X86_SI, X86_DI, X86_BP, X86_SP, X86_IP,
	X86_R8 = 16 };
/* perf_event_arm64_regs: X0..X30 (X30 is LR), then SP and PC. */
enum { ARM64_SP = 31, ARM64_PC = 32 };

/* A module file on disk, mapped whole and read-only (copy-on-write). */
struct ufile {
	char *path;                /* NULL: empty slot */
	unsigned char *data;       /* NULL: not usable (missing, not ELF, ...) */
	size_t size;
	Elf *elf;
	unsigned machine;          /* e_machine */
	unsigned char elfclass;
	unsigned char build_id[BUILD_ID_MAX];
	size_t build_id_len;
	bool wrong_build_id;       /* counted in the stats once */
};

/* A file-backed mapping of a session's process, for memory reads. */
struct smap {
	uint64_t start, end, pgoff;
	const struct ufile *f;
};

struct session {
	Dwfl *dwfl;                /* NULL: unused slot, or no usable module */
	struct smap *maps;         /* by start address */
	size_t nmaps;
	int pid;
	bool used;
	uint64_t generation;
	uint64_t last_use;
	unsigned machine;          /* of the modules reported; 0: cannot unwind */
};

struct fk_unwinder {
	struct ufile **files;      /* open-addressing table keyed by path */
	size_t files_cap, files_len;
	struct session sessions[SESSIONS_MAX];
	uint64_t tick;
	struct smap *scratch;      /* the file-backed maps of the sample at hand */
	size_t scratch_cap;
	struct fk_unwind_stats stats;
	/* The sample being unwound, for the libdwfl callbacks. */
	const struct fk_unwind_sample *cur;
	unsigned cur_machine;
	uint64_t cur_sp;
	const struct session *cur_session;
	uint64_t *out_ips;
	unsigned char *out_act;
	size_t out_n, out_max;
	uint64_t last_pc, last_sp;
	bool read_failed;          /* the last read was past the end of the stack copy */
};

static int cb_find_elf(Dwfl_Module *mod, void **userdata, const char *modname,
		Dwarf_Addr base, char **file_name, Elf **elfp);

/*
 * No separate debug files: the CFI comes from .eh_frame, or a module's own
 * .debug_frame.  libdwfl falls back to the debug file's CFI for a frame
 * .eh_frame does not unwind (the outermost ones), and opening that file
 * decompresses its DWARF: with libc6-dbg installed that was 10 times the
 * unwinding time of a whole capture (490 samples: 0.127 s against 0.011 s)
 * for the same frames.
 */
static int
cb_find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
		const char *file_name, const char *debuglink_file, GElf_Word debuglink_crc,
		char **debuginfo_file_name)
{
	(void)mod;
	(void)userdata;
	(void)modname;
	(void)base;
	(void)file_name;
	(void)debuglink_file;
	(void)debuglink_crc;
	(void)debuginfo_file_name;
	return -1;
}

static char *debuginfo_path;
static const Dwfl_Callbacks dwfl_callbacks = {
	.find_elf = cb_find_elf,
	.find_debuginfo = cb_find_debuginfo,
	.section_address = dwfl_offline_section_address,
	.debuginfo_path = &debuginfo_path,
};

/* ---- module files ---- */

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;  /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void
ufile_release(struct ufile *f)
{
	if (f->elf)
		elf_end(f->elf);
	if (f->data)
		munmap(f->data, f->size);
	free(f->path);
	free(f);
}

/* Map PATH and read what the unwinder needs from its ELF header. */
static void
ufile_load(struct ufile *f)
{
	if (strncmp(f->path, "/proc/", 6) == 0 || strncmp(f->path, "/dev/", 5) == 0)
		return;
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
		close(fd);
		return;
	}
	/* Private and writable, so that libelf may convert in place and never faults. */
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return;
	f->data = p;
	f->size = (size_t)st.st_size;
	f->elf = elf_memory((char *)p, f->size);
	GElf_Ehdr eh;
	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF || !gelf_getehdr(f->elf, &eh)) {
		if (f->elf)
			elf_end(f->elf);
		munmap(p, f->size);
		f->elf = NULL;
		f->data = NULL;
		return;
	}
	f->machine = eh.e_machine;
	f->elfclass = eh.e_ident[EI_CLASS];
	const void *id;
	ssize_t n = dwelf_elf_gnu_build_id(f->elf, &id);
	if (n > 0 && (size_t)n <= BUILD_ID_MAX) {
		memcpy(f->build_id, id, (size_t)n);
		f->build_id_len = (size_t)n;
	}
}

static bool
files_grow(fk_unwinder *u)
{
	size_t cap = u->files_cap ? u->files_cap * 2 : 64;
	struct ufile **t = calloc(cap, sizeof *t);
	if (!t)
		return false;
	for (size_t i = 0; i < u->files_cap; i++) {
		if (!u->files[i])
			continue;
		size_t j = hash_str(u->files[i]->path) & (cap - 1);
		while (t[j])
			j = (j + 1) & (cap - 1);
		t[j] = u->files[i];
	}
	free(u->files);
	u->files = t;
	u->files_cap = cap;
	return true;
}

/*
 * The file mapped by M, or NULL when M has no file, the file cannot be read
 * or its build-id differs from the one perf recorded.
 */
static const struct ufile *
file_for_map(fk_unwinder *u, const struct fk_unwind_map *m)
{
	const char *path = m->path;
	if (!path || path[0] != '/')
		return NULL;  /* "", "//anon", "[vdso]", "[heap]", ... */
	if ((u->files_len + 1) * 2 > u->files_cap && !files_grow(u))
		return NULL;
	size_t j = hash_str(path) & (u->files_cap - 1);
	while (u->files[j] && strcmp(u->files[j]->path, path) != 0)
		j = (j + 1) & (u->files_cap - 1);
	struct ufile *f = u->files[j];
	if (!f) {
		if (!(f = calloc(1, sizeof *f)) || !(f->path = strdup(path))) {
			free(f);
			return NULL;
		}
		u->files[j] = f;
		u->files_len++;
		ufile_load(f);
		if (!f->data)
			u->stats.files_unreadable++;
	}
	if (!f->data)
		return NULL;
	if (m->build_id && m->build_id_len > 0
			&& (m->build_id_len != f->build_id_len
				|| memcmp(m->build_id, f->build_id, f->build_id_len) != 0)) {
		if (!f->wrong_build_id)
			u->stats.files_wrong_build_id++;
		f->wrong_build_id = true;
		return NULL;
	}
	return f;
}

/*
 * The load bias of F mapped as M: the address of file offset pgoff is
 * M->start, and a PT_LOAD segment overlapping the mapping ties a file
 * offset to its link-time address.
 */
static bool
load_bias(const struct ufile *f, const struct fk_unwind_map *m, uint64_t *bias)
{
	size_t n;
	if (elf_getphdrnum(f->elf, &n) != 0)
		return false;
	uint64_t len = m->end - m->start;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(f->elf, (int)i, &ph) || ph.p_type != PT_LOAD || ph.p_filesz == 0)
			continue;
		if (ph.p_offset > UINT64_MAX - ph.p_filesz || m->pgoff > UINT64_MAX - len)
			continue;
		if (m->pgoff < ph.p_offset + ph.p_filesz && ph.p_offset < m->pgoff + len) {
			*bias = m->start + ph.p_offset - m->pgoff - ph.p_vaddr;
			return true;
		}
	}
	return false;
}

/*
 * The addresses F covers at BIAS, as libdwfl derives its bias from them: it
 * takes the low end minus the first PT_LOAD's aligned address as the bias.
 */
static bool
module_range(const struct ufile *f, uint64_t bias, uint64_t *low, uint64_t *high)
{
	size_t n;
	if (elf_getphdrnum(f->elf, &n) != 0)
		return false;
	bool first = true;
	uint64_t hi = 0;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(f->elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (first) {
			*low = bias + (ph.p_vaddr & -ph.p_align);
			first = false;
		}
		if (ph.p_vaddr + ph.p_memsz > hi)
			hi = ph.p_vaddr + ph.p_memsz;
	}
	*high = bias + hi;
	return !first && *low < *high;
}

/* libdwfl asks for a module's ELF the first time a frame needs it. */
static int
cb_find_elf(Dwfl_Module *mod, void **userdata, const char *modname,
		Dwarf_Addr base, char **file_name, Elf **elfp)
{
	(void)mod;
	(void)modname;
	(void)base;
	const struct ufile *f = *userdata;
	/* A handle of its own over the shared mapping: libdwfl ends it. */
	*elfp = f ? elf_memory((char *)f->data, f->size) : NULL;
	if (*elfp)
		*file_name = strdup(f->path);
	return -1;
}

/* ---- libdwfl thread callbacks: the current sample ---- */

/* The value of perf register R of the current sample. */
static bool
sample_reg(const struct fk_unwind_sample *s, unsigned r, uint64_t *val)
{
	if (r >= 64 || !(s->regs_mask & (1ull << r)) || !s->regs)
		return false;
	*val = s->regs[__builtin_popcountll(s->regs_mask & ((1ull << r) - 1))];
	return true;
}

static pid_t
cb_next_thread(Dwfl *dwfl, void *arg, void **thread_argp)
{
	(void)dwfl;
	fk_unwinder *u = arg;
	if (*thread_argp)
		return 0;
	*thread_argp = u;
	return u->cur->tid > 0 ? u->cur->tid : 1;
}

static bool
cb_get_thread(Dwfl *dwfl, pid_t tid, void *arg, void **thread_argp)
{
	(void)dwfl;
	(void)tid;
	*thread_argp = arg;
	return true;
}

static bool
cb_memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result, void *arg)
{
	(void)dwfl;
	fk_unwinder *u = arg;
	const struct fk_unwind_sample *s = u->cur;
	uint64_t off = addr - u->cur_sp;
	if (addr >= u->cur_sp && s->stack && off < s->stack_size && s->stack_size - off >= 8) {
		memcpy(result, s->stack + off, 8);
		return true;
	}
	/* The last mapping starting at or below ADDR. */
	const struct session *ss = u->cur_session;
	size_t lo = 0, hi = ss->nmaps;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ss->maps[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Not in the copy, above it: the copy was too short (fk_unwind_cut_short()). */
	u->read_failed = addr >= u->cur_sp && off >= s->stack_size;
	if (lo == 0)
		return false;
	const struct smap *m = &ss->maps[lo - 1];
	if (addr >= m->end || m->end - addr < 8)
		return false;
	uint64_t foff = addr - m->start + m->pgoff;
	if (foff < m->pgoff || foff >= m->f->size || m->f->size - foff < 8)
		return false;
	memcpy(result, m->f->data + foff, 8);
	u->read_failed = false;
	return true;
}

static bool
cb_set_initial_registers(Dwfl_Thread *thread, void *arg)
{
	fk_unwinder *u = arg;
	const struct fk_unwind_sample *s = u->cur;
	uint64_t v;
	if (u->cur_machine == EM_X86_64) {
		/* DWARF order: rax rdx rcx rbx rsi rdi rbp rsp r8..r15 rip */
		static const unsigned perf_of_dwarf[17] = {
			X86_AX, X86_DX, X86_CX, X86_BX, X86_SI, X86_DI, X86_BP, X86_SP,
			X86_R8, X86_R8 + 1, X86_R8 + 2, X86_R8 + 3,
			X86_R8 + 4, X86_R8 + 5, X86_R8 + 6, X86_R8 + 7, X86_IP,
		};
		for (int d = 0; d < 17; d++) {
			Dwarf_Word w;
			if (sample_reg(s, perf_of_dwarf[d], &v)) {
				w = v;
				if (!dwfl_thread_state_registers(thread, d, 1, &w))
					return false;
			}
		}
		return true;
	}
	if (u->cur_machine == EM_AARCH64) {
		/* x0..x30 and sp share their numbers in both; the PC is apart. */
		for (int d = 0; d <= ARM64_SP; d++) {
			Dwarf_Word w;
			if (sample_reg(s, (unsigned)d, &v)) {
				w = v;
				if (!dwfl_thread_state_registers(thread, d, 1, &w))
					return false;
			}
		}
		if (!sample_reg(s, ARM64_PC, &v))
			return false;
		dwfl_thread_state_register_pc(thread, v);
		return true;
	}
	return false;
}

static const Dwfl_Thread_Callbacks thread_callbacks = {
	.next_thread = cb_next_thread,
	.get_thread = cb_get_thread,
	.memory_read = cb_memory_read,
	.set_initial_registers = cb_set_initial_registers,
};

/* ---- sessions ---- */

static void
session_release(struct session *ss)
{
	if (ss->dwfl)
		dwfl_end(ss->dwfl);
	free(ss->maps);
	memset(ss, 0, sizeof *ss);
}

/* Order of map indexes: by path, then file offset, then address. */
static int
cmp_map_index(const void *a, const void *b, void *arg)
{
	const struct fk_unwind_map *maps = arg;
	const struct fk_unwind_map *x = &maps[*(const size_t *)a], *y = &maps[*(const size_t *)b];
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	if (x->pgoff != y->pgoff)
		return x->pgoff < y->pgoff ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

static int
cmp_smap(const void *a, const void *b)
{
	const struct smap *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

/*
 * Report S's modules into a new Dwfl and attach the thread state.  A file
 * is reported once, at the bias of its mapping with the lowest file offset:
 * a later mapping can share a file page between two segments (the RELRO
 * page after the read-only data), which makes its own bias ambiguous.
 */
static void
session_build(fk_unwinder *u, struct session *ss, const struct fk_unwind_sample *s, size_t nfile)
{
	u->stats.sessions_built++;
	size_t *order = s->nmaps ? malloc(s->nmaps * sizeof *order) : NULL;
	size_t n = 0;
	for (size_t i = 0; order && i < s->nmaps; i++)
		if (s->maps[i].end > s->maps[i].start && s->maps[i].path && s->maps[i].path[0] == '/')
			order[n++] = i;
	if (n == 0 || !(ss->dwfl = dwfl_begin(&dwfl_callbacks))) {
		free(order);
		return;
	}
	qsort_r(order, n, sizeof *order, cmp_map_index, (void *)s->maps);
	dwfl_report_begin(ss->dwfl);
	Elf *elf = NULL;           /* the first module's, for the architecture */
	for (size_t k = 0; k < n; k++) {
		const struct fk_unwind_map *m = &s->maps[order[k]];
		if (k > 0 && strcmp(s->maps[order[k - 1]].path, m->path) == 0)
			continue;
		const struct ufile *f = file_for_map(u, m);
		uint64_t bias;
		if (!f || f->elfclass != ELFCLASS64 || !load_bias(f, m, &bias))
			continue;
		if (ss->machine == 0) {
			if (f->machine != EM_X86_64 && f->machine != EM_AARCH64)
				continue;
			ss->machine = f->machine;
		} else if (f->machine != ss->machine) {
			continue;
		}
		uint64_t low = 0, high = 0;
		if (!module_range(f, bias, &low, &high))
			continue;
		Dwfl_Module *mod = dwfl_report_module(ss->dwfl, m->path, low, high);
		void **userdata;
		if (!mod || !dwfl_module_info(mod, &userdata, NULL, NULL, NULL, NULL, NULL, NULL))
			continue;
		*userdata = (void *)f;
		u->stats.modules_reported++;
		if (!elf)
			elf = f->elf;
	}
	free(order);
	/* The file-backed mappings, by address, for memory reads. */
	if (nfile > 0 && (ss->maps = malloc(nfile * sizeof *ss->maps))) {
		memcpy(ss->maps, u->scratch, nfile * sizeof *ss->maps);
		ss->nmaps = nfile;
	}
	dwfl_report_end(ss->dwfl, NULL, NULL);
	if (!elf || !dwfl_attach_state(ss->dwfl, elf, s->pid, &thread_callbacks, u)) {
		dwfl_end(ss->dwfl);
		ss->dwfl = NULL;
		ss->machine = 0;
		free(ss->maps);
		ss->maps = NULL;
		ss->nmaps = 0;
	}
}

/*
 * S's file-backed mappings, by address, into u->scratch.
 * @return their number (0 also when out of memory).
 */
static size_t
collect_file_maps(fk_unwinder *u, const struct fk_unwind_sample *s)
{
	if (s->nmaps > u->scratch_cap) {
		struct smap *t = realloc(u->scratch, s->nmaps * sizeof *t);
		if (!t)
			return 0;
		u->scratch = t;
		u->scratch_cap = s->nmaps;
	}
	size_t n = 0;
	for (size_t i = 0; i < s->nmaps; i++) {
		const struct fk_unwind_map *m = &s->maps[i];
		const struct ufile *f = m->end > m->start ? file_for_map(u, m) : NULL;
		if (f)
			u->scratch[n++] = (struct smap){ m->start, m->end, m->pgoff, f };
	}
	if (n > 1)
		qsort(u->scratch, n, sizeof *u->scratch, cmp_smap);
	return n;
}

/*
 * The session for S's process at S's maps generation.  A new generation
 * whose file-backed mappings are those of the session (only anonymous
 * memory came or went, as malloc does all the time) keeps the session and
 * the CFI libdwfl has parsed; otherwise the session is built again.
 */
static struct session *
session_for(fk_unwinder *u, const struct fk_unwind_sample *s)
{
	struct session *victim = NULL;
	for (size_t i = 0; i < SESSIONS_MAX; i++) {
		struct session *ss = &u->sessions[i];
		if (ss->used && ss->pid == s->pid) {
			victim = ss;
			break;
		}
		/* Else a free slot, else the least recently used. */
		if (!victim || (victim->used && (!ss->used || ss->last_use < victim->last_use)))
			victim = ss;
	}
	bool same_pid = victim->used && victim->pid == s->pid;
	if (!same_pid || victim->generation != s->maps_generation) {
		size_t n = collect_file_maps(u, s);
		if (same_pid && victim->dwfl && n == victim->nmaps
				&& memcmp(u->scratch, victim->maps, n * sizeof *victim->maps) == 0) {
			u->stats.sessions_kept++;
		} else {
			session_release(victim);
			victim->used = true;
			victim->pid = s->pid;
			session_build(u, victim, s, n);
		}
		victim->generation = s->maps_generation;
	}
	victim->last_use = ++u->tick;
	return victim;
}

/* ---- unwinding ---- */

static int
frame_cb(Dwfl_Frame *state, void *arg)
{
	fk_unwinder *u = arg;
	Dwarf_Addr pc;
	bool act;
	if (!dwfl_frame_pc(state, &pc, &act))
		return DWARF_CB_ABORT;
	/* The SP register: x86_64 rsp is DWARF 7, aarch64 sp is 31. */
	Dwarf_Word sp = 0;
	bool have_sp = dwfl_frame_reg(state, u->cur_machine == EM_X86_64 ? 7 : 31, &sp) == 0;
	/* A frame that unwinds to itself would repeat until MAX. */
	if (u->out_n > 0 && have_sp && pc == u->last_pc && sp == u->last_sp)
		return DWARF_CB_ABORT;
	u->last_pc = pc;
	u->last_sp = have_sp ? sp : 0;
	u->out_ips[u->out_n] = pc;
	if (u->out_act)
		u->out_act[u->out_n] = act;
	u->out_n++;
	return u->out_n < u->out_max ? DWARF_CB_OK : DWARF_CB_ABORT;
}

fk_unwinder *
fk_unwinder_create(void)
{
	fk_unwinder *u = calloc(1, sizeof *u);
	if (!u) {
		fk_error("out of memory");
		return NULL;
	}
	elf_version(EV_CURRENT);
	return u;
}

void
fk_unwinder_free(fk_unwinder *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < SESSIONS_MAX; i++)
		session_release(&u->sessions[i]);
	for (size_t i = 0; i < u->files_cap; i++)
		if (u->files[i])
			ufile_release(u->files[i]);
	free(u->scratch);
	free(u->files);
	free(u);
}

size_t
fk_unwind_user_frames(fk_unwinder *u, const struct fk_unwind_sample *s,
		uint64_t *ips, unsigned char *activation, size_t max)
{
	u->read_failed = false;
	if (max == 0 || !s->regs)
		return 0;
	struct session *ss = s->abi == FK_UNWIND_ABI_64 ? session_for(u, s) : NULL;
	/* The register layout follows the modules' machine, else this host's. */
#ifdef __aarch64__
	unsigned machine = EM_AARCH64;
#else
	unsigned machine = EM_X86_64;
#endif
	if (ss && ss->dwfl)
		machine = ss->machine;
	uint64_t ip, sp;
	if (!sample_reg(s, machine == EM_AARCH64 ? ARM64_PC : X86_IP, &ip))
		return 0;
	u->stats.samples++;
	if (ss && ss->dwfl && sample_reg(s, machine == EM_AARCH64 ? ARM64_SP : X86_SP, &sp)) {
		u->cur = s;
		u->cur_machine = machine;
		u->cur_sp = sp;
		u->cur_session = ss;
		u->out_ips = ips;
		u->out_act = activation;
		u->out_n = 0;
		u->out_max = max;
		dwfl_getthread_frames(ss->dwfl, s->tid > 0 ? s->tid : 1, frame_cb, u);
		u->cur = NULL;
		if (u->out_n > 1)
			return u->out_n;
		if (u->out_n == 1) {
			u->stats.samples_ip_only++;
			return 1;
		}
	}
	ips[0] = ip;
	if (activation)
		activation[0] = 1;
	u->stats.samples_ip_only++;
	return 1;
}

void
fk_unwinder_stats(const fk_unwinder *u, struct fk_unwind_stats *st)
{
	*st = u->stats;
}

size_t
fk_unwind_user(fk_unwinder *u, const struct fk_unwind_sample *s, uint64_t *ips, size_t max)
{
	return fk_unwind_user_frames(u, s, ips, NULL, max);
}

bool
fk_unwind_cut_short(const fk_unwinder *u)
{
	return u->read_failed;
}
