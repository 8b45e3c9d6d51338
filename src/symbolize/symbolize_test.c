/*
 * Tests run on a program the build compiles (testdata/symbolize/prog.c,
 * -O2 -g) and its stripped copies; expected addresses come from the ELF
 * symbol table of the unstripped build, and inline chains are checked
 * against addr2line -i on the same addresses.
 */
#include <criterion/criterion.h>
#include <elfutils/libdwelf.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "symbolize/buildid.h"
#include "symbolize/symbolize.h"

static const char *
prog(void)
{
	const char *p = getenv("FK_SYMPROG");
	cr_assert_not_null(p, "FK_SYMPROG not set (run through meson test)");
	return p;
}

static const char *
data_dir(void)
{
	const char *p = getenv("FK_SYMDATA");
	cr_assert_not_null(p, "FK_SYMDATA not set (run through meson test)");
	return p;
}

struct func {
	uint64_t off;   /* file offset, as perf prints it */
	uint64_t size;
	uint64_t vaddr; /* ELF address, as addr2line takes it */
};

/* The file offset and size of function name in the unstripped program. */
static struct func
find_func(const char *name)
{
	struct func f = { 0, 0, 0 };
	elf_version(EV_CURRENT);
	int fd = open(prog(), O_RDONLY);
	cr_assert(fd >= 0);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	cr_assert_not_null(e);
	uint64_t vaddr = 0;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn)) != NULL) {
		GElf_Shdr sh;
		gelf_getshdr(scn, &sh);
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			gelf_getsym(d, (int)i, &sym);
			const char *n = elf_strptr(e, sh.sh_link, sym.st_name);
			if (n != NULL && strcmp(n, name) == 0 && GELF_ST_TYPE(sym.st_info) == STT_FUNC) {
				vaddr = sym.st_value;
				f.size = sym.st_size;
			}
		}
	}
	cr_assert(f.size > 0, "no symbol %s in %s", name, prog());
	size_t nph;
	elf_getphdrnum(e, &nph);
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		gelf_getphdr(e, (int)i, &ph);
		if (ph.p_type == PT_LOAD && vaddr >= ph.p_vaddr && vaddr < ph.p_vaddr + ph.p_filesz)
			f.off = vaddr - ph.p_vaddr + ph.p_offset;
	}
	cr_assert(f.off > 0);
	f.vaddr = vaddr;
	elf_end(e);
	close(fd);
	return f;
}

static int
resolve(struct fk_symbolizer *s, const char *frame, const char **out, size_t *n)
{
	return fk_symbolizer_frame(s, frame, strlen(frame), -1, out, n);
}

static void
expect_frame(struct fk_symbolizer *s, const char *frame, const char *want)
{
	const char *out = NULL;
	size_t n = 0;
	int st = resolve(s, frame, &out, &n);
	cr_assert_eq(st, FK_SYM_RESOLVED, "%s: status %d", frame, st);
	cr_expect(n == strlen(want) && memcmp(out, want, n) == 0,
	    "%s: got '%.*s', want '%s'", frame, (int)n, out, want);
}

static void
expect_status(struct fk_symbolizer *s, const char *frame, int want)
{
	const char *out = NULL;
	size_t n = 0;
	int st = resolve(s, frame, &out, &n);
	cr_expect_eq(st, want, "%s: status %d, want %d", frame, st, want);
}

/* An unresolved frame (status want) that is replaced by its fallback name. */
static void
expect_fallback(struct fk_symbolizer *s, const char *frame, int want, const char *name)
{
	const char *out = NULL;
	size_t n = 0;
	int st = resolve(s, frame, &out, &n);
	cr_expect_eq(st, want, "%s: status %d, want %d", frame, st, want);
	cr_assert_not_null(out, "%s: no fallback", frame);
	cr_expect(n == strlen(name) && memcmp(out, name, n) == 0,
	    "%s: got '%.*s', want '%s'", frame, (int)n, out, name);
}

static char *
frame_of(const char *path, uint64_t off)
{
	char *f;
	cr_assert(asprintf(&f, "%s+0x%" PRIx64, path, off) > 0);
	return f;
}

static char *
sibling(const char *suffix)
{
	char *p;
	cr_assert(asprintf(&p, "%s%s", prog(), suffix) > 0);
	return p;
}

static const struct fk_symbolize_opts plain = { .demangle = 1 };

Test(symbolize, names_from_symtab)
{
	struct fk_symbolizer *s = fk_symbolizer_new(&plain);
	const char *names[] = { "work_alpha", "work_beta", "local_gamma", "main" };
	for (size_t i = 0; i < 4; i++) {
		struct func f = find_func(names[i]);
		uint64_t offs[] = { f.off, f.off + f.size / 2, f.off + f.size - 1 };
		for (size_t k = 0; k < 3; k++) {
			char *fr = frame_of(prog(), offs[k]);
			expect_frame(s, fr, names[i]);
			free(fr);
		}
	}
	cr_expect_eq(fk_symbolizer_modules(s), 1, "one module opened once");
	fk_symbolizer_free(s);
}

Test(symbolize, stripped_copy_uses_debuglink)
{
	char *linked = sibling(".linked");
	struct fk_symbolizer *s = fk_symbolizer_new(&plain);
	struct func f = find_func("work_beta");
	char *fr = frame_of(linked, f.off + 3);
	expect_frame(s, fr, "work_beta");
	free(fr);
	fk_symbolizer_free(s);
	free(linked);
}

Test(symbolize, bare_copy_found_by_build_id_in_debug_dir)
{
	char *bare = sibling(".bare");
	char *debug = sibling(".debug");
	struct func f = find_func("local_gamma");
	char *fr = frame_of(bare, f.off);

	/* Without debug info the function is not in .dynsym. */
	struct fk_symbolizer *s = fk_symbolizer_new(&plain);
	const char *out;
	size_t n;
	cr_expect_neq(resolve(s, fr, &out, &n), FK_SYM_RESOLVED);
	fk_symbolizer_free(s);

	/* A --debug-dir laid out as .build-id/xx/rest.debug. */
	elf_version(EV_CURRENT);
	int fd = open(bare, O_RDONLY);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	const void *id;
	ssize_t idlen = dwelf_elf_gnu_build_id(e, &id);
	cr_assert(idlen > 1, "test program has no build-id");
	char dir[] = "/tmp/fk-symtest-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char hex[128] = "";
	for (ssize_t i = 0; i < idlen && i < 60; i++)
		sprintf(hex + 2 * i, "%02x", ((const unsigned char *)id)[i]);
	char sub[256], link[512];
	snprintf(sub, sizeof sub, "%s/.build-id", dir);
	mkdir(sub, 0700);
	snprintf(sub, sizeof sub, "%s/.build-id/%.2s", dir, hex);
	mkdir(sub, 0700);
	snprintf(link, sizeof link, "%s/%s.debug", sub, hex + 2);
	cr_assert_eq(symlink(debug, link), 0);
	elf_end(e);
	close(fd);

	const char *dirs[] = { dir };
	struct fk_symbolize_opts o = { .demangle = 1, .debug_dirs = dirs, .ndebug = 1 };
	s = fk_symbolizer_new(&o);
	expect_frame(s, fr, "local_gamma");
	fk_symbolizer_free(s);

	/* A relative --debug-dir works too (libdwfl wants absolute ones). */
	char cwd[1024];
	cr_assert_not_null(getcwd(cwd, sizeof cwd));
	cr_assert_eq(chdir("/tmp"), 0);
	const char *rel[] = { dir + 5 };
	o.debug_dirs = rel;
	s = fk_symbolizer_new(&o);
	expect_frame(s, fr, "local_gamma");
	fk_symbolizer_free(s);
	cr_assert_eq(chdir(cwd), 0);

	unlink(link);
	rmdir(sub);
	snprintf(sub, sizeof sub, "%s/.build-id", dir);
	rmdir(sub);
	rmdir(dir);
	free(fr);
	free(bare);
	free(debug);
}

Test(symbolize, perl_style_by_base_name)
{
	char *dir = strdup(prog());
	*strrchr(dir, '/') = '\0';
	const char *base = strrchr(prog(), '/') + 1;
	const char *dirs[] = { dir };
	struct fk_symbolize_opts o = { .demangle = 1, .search_path = dirs, .nsearch = 1 };
	struct fk_symbolizer *s = fk_symbolizer_new(&o);
	struct func f = find_func("work_alpha");
	char fr[512];
	snprintf(fr, sizeof fr, "[%s <%" PRIx64 ">]", base, f.off + 1);
	expect_frame(s, fr, "work_alpha");
	expect_status(s, "[no-such-lib-fk.so.9 <1234>]", FK_SYM_MISSING);
	fk_symbolizer_free(s);
	free(dir);
}

Test(symbolize, unresolvable_frames_report_why)
{
	struct fk_symbolizer *s = fk_symbolizer_new(&plain);
	struct stat st;
	cr_assert_eq(stat(prog(), &st), 0);
	char *fr = frame_of(prog(), (uint64_t)st.st_size + 0x10000);
	expect_status(s, fr, FK_SYM_RANGE);
	free(fr);
	expect_status(s, "/nonexistent/dir/libfk.so+0x10", FK_SYM_MISSING);
	expect_status(s, "/tmp+0x10", FK_SYM_MISSING);            /* a directory */
	expect_status(s, "[vdso]+0x10", FK_SYM_MISSING);
	expect_status(s, "/proc/self/exe+0x10", FK_SYM_MISSING);  /* never into /proc */
	expect_status(s, "main", FK_SYM_PLAIN);
	expect_status(s, "/usr/lib/libx.so+0xzz", FK_SYM_PLAIN);
	expect_status(s, "[unknown]", FK_SYM_PLAIN);
	fk_symbolizer_free(s);
}

/* File offset of the section called name in the unstripped program, or 0. */
static uint64_t
section_offset(const char *name, uint64_t *size)
{
	elf_version(EV_CURRENT);
	int fd = open(prog(), O_RDONLY);
	cr_assert(fd >= 0);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	cr_assert_not_null(e);
	size_t shstrndx;
	cr_assert_eq(elf_getshdrstrndx(e, &shstrndx), 0);
	uint64_t off = 0;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn)) != NULL) {
		GElf_Shdr sh;
		gelf_getshdr(scn, &sh);
		const char *n = elf_strptr(e, shstrndx, sh.sh_name);
		if (n != NULL && strcmp(n, name) == 0) {
			off = sh.sh_offset;
			*size = sh.sh_size;
		}
	}
	elf_end(e);
	close(fd);
	return off;
}

/*
 * _init has no size; stretched to the next symbol it would cover the PLT
 * stubs that follow it in another section, and name every call through the
 * PLT "_init".
 */
Test(symbolize, sizeless_symbol_ends_with_its_section)
{
	uint64_t size = 0, plt = section_offset(".plt", &size);
	if (plt == 0 || size < 32)
		cr_skip_test("no .plt section of two stubs in %s", prog());
	struct fk_symbolizer *s = fk_symbolizer_new(&plain);
	char *fr = frame_of(prog(), plt + size - 4);   /* inside the last stub */
	const char *out = NULL;
	size_t n = 0;
	int st = resolve(s, fr, &out, &n);
	cr_expect(!(st == FK_SYM_RESOLVED && n == 5 && memcmp(out, "_init", 5) == 0),
	    "%s: a PLT stub named _init", fr);
	free(fr);
	struct func f = find_func("work_alpha");   /* sized symbols still resolve */
	fr = frame_of(prog(), f.off + 1);
	expect_frame(s, fr, "work_alpha");
	free(fr);
	fk_symbolizer_free(s);
}

/*
 * A call through the PLT lands in a stub that perf names "NAME@plt" (the
 * .rela.plt entry's symbol): so does the symbolizer.  objdump, which makes
 * the same names from the same tables, says where the stubs are.  The
 * stubs' header stays unnamed; --compat=perl names no stub (addr2line
 * does not).
 */
Test(symbolize, plt_stubs_named_name_at_plt)
{
	uint64_t size = 0, plt = section_offset(".plt", &size);
	if (plt == 0 || size < 32)
		cr_skip_test("no .plt section of two stubs in %s", prog());
	char *cmd;
	cr_assert(asprintf(&cmd, "objdump -d -j .plt '%s' 2>/dev/null", prog()) > 0);
	FILE *od = popen(cmd, "r");
	free(cmd);
	cr_assert_not_null(od);
	struct fk_symbolizer *s = fk_symbolizer_new(&plain);
	struct fk_symbolize_opts po = { .demangle = 1, .compat_perl = 1 };
	struct fk_symbolizer *perl = fk_symbolizer_new(&po);
	char line[512], name[256];
	unsigned long long vaddr, start = 0;
	int stubs = 0, labels = 0;
	while (fgets(line, sizeof line, od) != NULL) {
		if (sscanf(line, "%llx <%255[^>]>:", &vaddr, name) != 2)
			continue;
		if (labels++ == 0)
			start = vaddr;   /* the section's first label is its start */
		size_t nl = strlen(name);
		if (nl < 5 || strcmp(name + nl - 4, "@plt") != 0)
			continue;
		uint64_t off = plt + (vaddr - start);
		for (uint64_t d = 0; d < 16; d += 6) {   /* the stub's first and a later byte */
			char *fr = frame_of(prog(), off + d);
			expect_frame(s, fr, name);
			const char *out = NULL;
			size_t n = 0;
			resolve(perl, fr, &out, &n);
			cr_expect(!(n == nl && memcmp(out, name, n) == 0),
			    "%s: --compat=perl named a stub as perf does", fr);
			free(fr);
		}
		stubs++;
	}
	int rc = pclose(od);
	if (labels == 0)
		cr_skip_test("objdump cannot list %s's .plt (exit %d)", prog(), rc);
	cr_expect_geq(stubs, 2, "stubs of printf and strtoul in %s", prog());
	char *fr = frame_of(prog(), plt);   /* the header every stub jumps back to */
	expect_status(s, fr, FK_SYM_UNNAMED);
	free(fr);
	fk_symbolizer_free(perl);
	fk_symbolizer_free(s);
}

Test(symbolize, fifo_and_corrupt_files_are_survived)
{
	char dir[] = "/tmp/fk-symtest-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char fifo[256], bad[256], trunc[256];
	snprintf(fifo, sizeof fifo, "%s/fifo.so", dir);
	snprintf(bad, sizeof bad, "%s/garbage.so", dir);
	snprintf(trunc, sizeof trunc, "%s/trunc.so", dir);
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	FILE *fp = fopen(bad, "w");
	fputs("\177ELF\2\1\1\0garbage that is not an ELF file at all", fp);
	fclose(fp);
	/* The first 3000 bytes of a real ELF: headers point past the end. */
	FILE *in = fopen(prog(), "r");
	fp = fopen(trunc, "w");
	char buf[3000];
	size_t n = fread(buf, 1, sizeof buf, in);
	fwrite(buf, 1, n, fp);
	fclose(fp);
	fclose(in);

	struct fk_symbolizer *s = fk_symbolizer_new(&plain);
	char fr[512];
	snprintf(fr, sizeof fr, "%s+0x1000", fifo);
	expect_status(s, fr, FK_SYM_MISSING);
	snprintf(fr, sizeof fr, "%s+0x1000", bad);
	expect_status(s, fr, FK_SYM_MISSING);
	snprintf(fr, sizeof fr, "%s+0x1100", trunc);
	const char *out;
	size_t on;
	cr_expect_neq(resolve(s, fr, &out, &on), FK_SYM_RESOLVED);
	fk_symbolizer_free(s);
	unlink(fifo);
	unlink(bad);
	unlink(trunc);
	rmdir(dir);
}

Test(symbolize, kallsyms_fixture)
{
	char path[512];
	snprintf(path, sizeof path, "%s/kallsyms.txt", data_dir());
	struct fk_symbolize_opts o = { .demangle = 1, .kallsyms = path };
	struct fk_symbolizer *s = fk_symbolizer_new(&o);
	expect_frame(s, "[kernel.kallsyms]+0xffffffff81000c82", "secondary_startup_64");
	expect_frame(s, "[kernel.kallsyms]+0xffffffff81002010_[k]", "do_syscall_64_[k]");
	expect_frame(s, "[[kernel.kallsyms] <ffffffff81003004>]", "ext4_file_read_iter");
	expect_frame(s, "[unknown]+0xffffffff81002400", "arch_weak_hook");
	expect_status(s, "[kernel.kallsyms]+0xffffffff80000000", FK_SYM_RANGE);
	fk_symbolizer_free(s);

	snprintf(path, sizeof path, "%s/kallsyms-restricted.txt", data_dir());
	s = fk_symbolizer_new(&o);
	expect_status(s, "[kernel.kallsyms]+0xffffffff81000c82", FK_SYM_NOSYMS);
	fk_symbolizer_free(s);

	snprintf(path, sizeof path, "%s/no-such-kallsyms", data_dir());
	s = fk_symbolizer_new(&o);
	expect_status(s, "[kernel.kallsyms]+0xffffffff81000c82", FK_SYM_MISSING);
	fk_symbolizer_free(s);
}

Test(symbolize, perf_map_by_pid)
{
	struct fk_symbolize_opts o = { .demangle = 1, .perf_map_dir = data_dir() };
	struct fk_symbolizer *s = fk_symbolizer_new(&o);
	const char *out;
	size_t n;
	/* The module names the pid. */
	expect_frame(s, "/tmp/perf-4242.map+0x7f0000001050", "Interpreter");
	expect_frame(s, "[perf-4242.map <7f0000001010>]", "Lcom/example/Reused:::first");
	expect_frame(s, "/tmp/perf-4242.map+0x7f0000002004_[j]", "java::lang::Object::hashCode()_[j]");
	/* [unknown] frames take the pid from the root frame. */
	cr_expect_eq(fk_symbolize_root_pid("java-4242", 9), 4242);
	cr_expect_eq(fk_symbolize_root_pid("java-4242/4250", 14), 4242);
	cr_expect_eq(fk_symbolize_root_pid("java", 4), -1);
	cr_expect_eq(fk_symbolize_root_pid("-", 1), -1);
	int st = fk_symbolizer_frame(s, "[unknown]+0x7f0000001120", 24, 4242, &out, &n);
	cr_assert_eq(st, FK_SYM_RESOLVED);
	cr_expect(n == 10 && memcmp(out, "LFoo:::bar", 10) == 0, "got %.*s", (int)n, out);
	st = fk_symbolizer_frame(s, "[unknown]+0x7f0000001120", 24, 99, &out, &n);
	cr_expect_eq(st, FK_SYM_MISSING, "pid 99 has no map");
	st = fk_symbolizer_frame(s, "[unknown]+0x7f0000001120", 24, -1, &out, &n);
	cr_expect_eq(st, FK_SYM_MISSING);
	expect_status(s, "/tmp/perf-4242.map+0x100", FK_SYM_RANGE);
	fk_symbolizer_free(s);
}

Test(symbolize, demangles_named_frames_unless_told)
{
	struct fk_symbolizer *s = fk_symbolizer_new(&plain);
	expect_frame(s, "_ZN3foo3barEi", "foo::bar(int)");
	fk_symbolizer_free(s);
	struct fk_symbolize_opts o = { .demangle = 0 };
	s = fk_symbolizer_new(&o);
	expect_status(s, "_ZN3foo3barEi", FK_SYM_PLAIN);
	fk_symbolizer_free(s);
}

/* Strip "_[i]" and split "a;b;c" into names (and file:line kept). */
static size_t
split_chain(const char *s, size_t n, char out[][256], size_t max)
{
	size_t k = 0;
	const char *e = s + n;
	while (s < e && k < max) {
		const char *sc = memchr(s, ';', (size_t)(e - s));
		size_t len = sc ? (size_t)(sc - s) : (size_t)(e - s);
		if (len > 4 && memcmp(s + len - 4, "_[i]", 4) == 0)
			len -= 4;
		snprintf(out[k++], 256, "%.*s", (int)len, s);
		s += len + (sc ? (size_t)(sc - s - len) + 1 : 0);
		if (sc == NULL)
			break;
		s = sc + 1;
	}
	return k;
}

Test(symbolize, inline_chains_match_addr2line)
{
	struct func f = find_func("work_alpha");
	char cmd[4096];
	int len = snprintf(cmd, sizeof cmd, "addr2line -i -f -a -e '%s'", prog());
	for (uint64_t a = f.vaddr; a < f.vaddr + f.size && len < (int)sizeof cmd - 40; a += 3)
		len += snprintf(cmd + len, sizeof cmd - (size_t)len, " 0x%" PRIx64, a);
	FILE *p = popen(cmd, "r");
	if (p == NULL)
		cr_skip_test("addr2line not available");
	struct fk_symbolize_opts o = { .demangle = 1, .inline_frames = 1, .lines = 1 };
	struct fk_symbolizer *s = fk_symbolizer_new(&o);
	char line[1024];
	char a2l[64][256];
	size_t na = 0;
	uint64_t cur = 0;
	int have = 0, checked = 0, inlined = 0;
	for (;;) {
		char *ok = fgets(line, sizeof line, p);
		if (ok == NULL || strncmp(line, "0x", 2) == 0) {
			if (have) {
				/* addr2line: innermost first, "func" then "file:line" lines. */
				char *fr = frame_of(prog(), cur - f.vaddr + f.off);
				const char *out;
				size_t n;
				int st = resolve(s, fr, &out, &n);
				cr_assert_eq(st, FK_SYM_RESOLVED, "%s", fr);
				char ours[64][256];
				size_t no = split_chain(out, n, ours, 64);
				cr_expect_eq(no, na / 2, "%s: %zu frames vs addr2line %zu (%.*s)",
				    fr, no, na / 2, (int)n, out);
				for (size_t i = 0; i < no && i < na / 2; i++) {
					char want[600];
					const char *file = a2l[na - 1 - 2 * i];
					const char *b = strrchr(file, '/');
					char fl[256];
					snprintf(fl, sizeof fl, "%s", b ? b + 1 : file);
					char *disc = strstr(fl, " (discriminator");
					if (disc)
						*disc = '\0';
					snprintf(want, sizeof want, "%s:%s", a2l[na - 2 - 2 * i], fl);
					cr_expect_str_eq(ours[i], want, "%s frame %zu", fr, i);
				}
				if (no > 1)
					inlined++;
				checked++;
				free(fr);
			}
			if (ok == NULL)
				break;
			cur = strtoull(line, NULL, 16);
			have = 1;
			na = 0;
			continue;
		}
		line[strcspn(line, "\n")] = '\0';
		if (na < 64)
			snprintf(a2l[na++], 256, "%.255s", line);
	}
	pclose(p);
	cr_expect(checked > 10, "checked %d addresses", checked);
	cr_expect(inlined > 0, "no address inside an inlined helper");
	fk_symbolizer_free(s);
}

Test(symbolize, compat_perl_drops_inline_annotation)
{
	struct func f = find_func("work_alpha");
	struct fk_symbolize_opts o = { .demangle = 1, .inline_frames = 1 };
	struct fk_symbolize_opts op = o;
	op.compat_perl = 1;
	struct fk_symbolizer *s = fk_symbolizer_new(&o), *sp = fk_symbolizer_new(&op);
	int found = 0;
	for (uint64_t a = f.off; a < f.off + f.size && !found; a++) {
		char *fr = frame_of(prog(), a);
		const char *out, *outp;
		size_t n, np;
		if (resolve(s, fr, &out, &n) == FK_SYM_RESOLVED && memchr(out, ';', n)) {
			cr_assert_eq(resolve(sp, fr, &outp, &np), FK_SYM_RESOLVED);
			cr_expect(strstr(out, "_[i]") != NULL);
			cr_expect(memmem(outp, np, "_[i]", 4) == NULL);
			cr_expect(strncmp(out, "work_alpha;", 11) == 0, "outermost first: %.*s", (int)n, out);
			found = 1;
		}
		free(fr);
	}
	cr_expect(found, "no inlined address found");
	fk_symbolizer_free(s);
	fk_symbolizer_free(sp);
}

static int
mkinput(const char *text)
{
	char path[] = "/tmp/fk-symin-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	unlink(path);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	lseek(fd, 0, SEEK_SET);
	return fd;
}

Test(symbolize, run_merges_sorts_and_counts)
{
	struct func a = find_func("work_alpha"), b = find_func("work_beta");
	char text[4096];
	snprintf(text, sizeof text,
	    "prog;main;%s+0x%" PRIx64 " 3\n"
	    "prog;main;%s+0x%" PRIx64 " 4\n"
	    "prog;main;%s+0x%" PRIx64 " 5\n"
	    "prog;/nonexistent/libq.so+0x10 2\n"
	    "prog;_Z4workv 1\n",
	    prog(), a.off, prog(), a.off + 1, prog(), b.off);
	struct fk_input in = { .name = "test", .fd = mkinput(text) };
	char *obuf = NULL;
	size_t olen = 0;
	FILE *out = open_memstream(&obuf, &olen);
	struct fk_symbolize_stats st;
	cr_assert_eq(fk_symbolize_run(&plain, &in, 1, out, &st), 0, "%s", fk_error_msg());
	fclose(out);
	close(in.fd);
	cr_expect_str_eq(obuf,
	    "prog;/nonexistent/libq.so+0x10 2\n"
	    "prog;main;work_alpha 7\n"
	    "prog;main;work_beta 5\n"
	    "prog;work() 1\n");
	cr_expect_eq(st.lines, 5);
	cr_expect_eq(st.frames, 4);
	cr_expect_eq(st.resolved, 3);
	cr_expect_eq(st.demangled, 1);
	cr_expect_eq(st.unresolved[FK_SYM_MISSING], 1);
	cr_expect_eq(st.weight[FK_SYM_MISSING], 2.0);
	cr_expect_eq(st.modules, 1);
	char sum[512];
	fk_symbolize_summary(&st, sum, sizeof sum);
	cr_expect(strstr(sum, "1 of 4 address frames unresolved") != NULL, "%s", sum);
	cr_expect(strstr(sum, "module missing: 1 frames") != NULL, "%s", sum);
	fk_symbolize_stats_release(&st);
	free(obuf);
}

Test(symbolize, many_distinct_addresses_resolve_once_each)
{
	struct func f = find_func("work_alpha");
	struct fk_symbolizer *s = fk_symbolizer_new(&plain);
	for (int pass = 0; pass < 2; pass++)
		for (uint64_t a = f.off; a < f.off + f.size; a++) {
			char *fr = frame_of(prog(), a);
			expect_frame(s, fr, "work_alpha");
			free(fr);
		}
	cr_expect_eq(fk_symbolizer_modules(s), 1);
	fk_symbolizer_free(s);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "r");
	cr_assert_not_null(fp, "cannot open %s", path);
	char *buf = NULL;
	size_t cap = 0;
	FILE *mem = open_memstream(&buf, &cap);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		fwrite(chunk, 1, n, mem);
	fclose(fp);
	fclose(mem);
	*len = cap;
	return buf;
}

Test(symbolize, real_capture_matches_perf_names)
{
	char path[1024];
	size_t len, elen;
	snprintf(path, sizeof path, "%s/capture.keep.folded", data_dir());
	char *text = slurp(path, &len);
	snprintf(path, sizeof path, "%s/capture.expected.folded", data_dir());
	char *want = slurp(path, &elen);
	/* Put the freshly built stripped copy where the capture says @PROG@. */
	char *linked = sibling(".linked");
	char *in = NULL;
	size_t inlen = 0;
	FILE *mem = open_memstream(&in, &inlen);
	for (char *p = text, *at; p != NULL; p = at ? at + 6 : NULL) {
		at = strstr(p, "@PROG@");
		fprintf(mem, "%.*s%s", at ? (int)(at - p) : (int)strlen(p), p, at ? linked : "");
	}
	fclose(mem);
	struct fk_input input = { .name = "capture", .fd = mkinput(in) };
	char *obuf = NULL;
	size_t olen = 0;
	FILE *out = open_memstream(&obuf, &olen);
	struct fk_symbolize_stats st;
	cr_assert_eq(fk_symbolize_run(&plain, &input, 1, out, &st), 0, "%s", fk_error_msg());
	fclose(out);
	close(input.fd);
	cr_expect_str_eq(obuf, want);
	cr_expect_eq(st.resolved, st.frames, "%" PRIu64 " of %" PRIu64 " resolved", st.resolved, st.frames);
	cr_expect_gt(st.frames, 10);
	fk_symbolize_stats_release(&st);
	free(obuf);
	free(in);
	free(text);
	free(want);
	free(linked);
}

/* ---- the C++ program (testdata/symbolize/progxx.cc) ---- */

struct xfunc {
	char name[256];         /* mangled, as in .symtab */
	uint64_t vaddr, size, off;
};

/* Every sized function symbol of the C++ program, with its file offset. */
static size_t
cxx_funcs(const char *path, struct xfunc *f, size_t max)
{
	size_t k = 0;
	elf_version(EV_CURRENT);
	int fd = open(path, O_RDONLY);
	cr_assert(fd >= 0, "%s", path);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	cr_assert_not_null(e);
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn)) != NULL) {
		GElf_Shdr sh;
		gelf_getshdr(scn, &sh);
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize && k < max; i++) {
			GElf_Sym sym;
			gelf_getsym(d, (int)i, &sym);
			const char *n = elf_strptr(e, sh.sh_link, sym.st_name);
			if (n == NULL || GELF_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_size == 0 ||
			    sym.st_shndx == SHN_UNDEF)
				continue;
			snprintf(f[k].name, sizeof f[k].name, "%s", n);
			f[k].vaddr = sym.st_value;
			f[k].size = sym.st_size;
			k++;
		}
	}
	size_t nph;
	elf_getphdrnum(e, &nph);
	for (size_t j = 0; j < k; j++)
		for (size_t i = 0; i < nph; i++) {
			GElf_Phdr ph;
			gelf_getphdr(e, (int)i, &ph);
			if (ph.p_type == PT_LOAD && f[j].vaddr >= ph.p_vaddr &&
			    f[j].vaddr < ph.p_vaddr + ph.p_filesz)
				f[j].off = f[j].vaddr - ph.p_vaddr + ph.p_offset;
		}
	elf_end(e);
	close(fd);
	return k;
}

static const char *
progxx(void)
{
	const char *p = getenv("FK_SYMPROGXX");
	if (p == NULL)
		cr_skip_test("FK_SYMPROGXX not set (no C++ compiler at build time)");
	return p;
}

/* One line of a command's output, without its newline; NULL at the end. */
static char *
read_line(FILE *p, char *buf, size_t size)
{
	if (fgets(buf, (int)size, p) == NULL)
		return NULL;
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/*
 * Every third byte of every function of the C++ program: the frames of
 * --compat=perl --inline --lines equal addr2line -i -f -C's, outermost
 * first, name by name and file:line by file:line.  One addr2line run per
 * address, as stackcollapse-perf.pl runs it: within one run addr2line
 * names a function differently once it has seen it (binutils caches the
 * symbol-table name in its DWARF record).
 */
Test(symbolize, cxx_chains_names_and_lines_match_addr2line)
{
	const char *path = progxx();
	struct xfunc f[64];
	size_t nf = cxx_funcs(path, f, 64);
	cr_assert_gt(nf, 4);
	struct fk_symbolize_opts o = { .demangle = 1, .inline_frames = 1, .lines = 1, .compat_perl = 1 };
	struct fk_symbolizer *s = fk_symbolizer_new(&o);
	int checked = 0, deep = 0, lambda = 0, templ = 0;
	for (size_t i = 0; i < nf; i++) {
		for (uint64_t a = 0; a < f[i].size; a += 3) {
			char cmd[1200];
			snprintf(cmd, sizeof cmd, "addr2line -i -f -C -e '%s' 0x%" PRIx64, path, f[i].vaddr + a);
			FILE *p = popen(cmd, "r");
			if (p == NULL)
				cr_skip_test("addr2line not available");
			/* addr2line: innermost first, "name" then "file:line" per frame. */
			char want[32][600];
			size_t nw = 0;
			char name[1024], line[2048];
			while (read_line(p, line, sizeof line) != NULL) {
				snprintf(name, sizeof name, "%.1000s", line);
				cr_assert_not_null(read_line(p, line, sizeof line));
				char *disc = strstr(line, " (discriminator");
				if (disc)
					*disc = '\0';
				const char *b = strrchr(line, '/');
				if (nw < 32)
					snprintf(want[nw++], sizeof want[0], "%.400s:%.190s", name, b ? b + 1 : line);
			}
			if (pclose(p) != 0 || nw == 0)
				cr_skip_test("addr2line failed");
			char *fr = frame_of(path, f[i].off + a);
			const char *out;
			size_t n;
			cr_assert_eq(resolve(s, fr, &out, &n), FK_SYM_RESOLVED, "%s", fr);
			/* Ours: outermost first, joined by ';'. */
			size_t k = 0;
			for (const char *q = out, *e = out + n; q <= e; k++) {
				const char *sc = memchr(q, ';', (size_t)(e - q));
				size_t len = sc ? (size_t)(sc - q) : (size_t)(e - q);
				cr_assert_lt(k, nw, "%s: more frames than addr2line: %.*s", fr, (int)n, out);
				const char *w = want[nw - 1 - k];
				cr_expect(strlen(w) == len && memcmp(w, q, len) == 0,
				    "%s frame %zu: '%.*s', addr2line '%s'", fr, k, (int)len, q, w);
				q += len + 1;
			}
			cr_expect_eq(k, nw, "%s: %zu frames, addr2line %zu", fr, k, nw);
			deep += nw >= 3;
			lambda += memmem(out, n, "{lambda(unsigned long)#1}", 25) != NULL;
			templ += memmem(out, n, "fk::Accum<unsigned int>::add(unsigned int)", 42) != NULL;
			checked++;
			free(fr);
		}
	}
	cr_expect_gt(checked, 100, "checked %d addresses", checked);
	cr_expect_gt(deep, 0, "no address three frames deep (scramble in add in sum_range)");
	cr_expect_gt(lambda, 0, "no lambda name");
	cr_expect_gt(templ, 0, "no member of a class template");
	fk_symbolizer_free(s);
}

/*
 * Outside --compat=perl the function holding an address is named by its
 * ELF symbol as perf and nm -C name it, and inlined frames carry "_[i]";
 * mangled names demangle as c++filt demangles them.
 */
Test(symbolize, cxx_symbol_names_and_demangling_match_nm_and_cxxfilt)
{
	const char *path = progxx();
	struct xfunc f[64];
	size_t nf = cxx_funcs(path, f, 64);
	struct fk_symbolize_opts o = { .demangle = 1, .inline_frames = 1 };
	struct fk_symbolizer *s = fk_symbolizer_new(&o);
	int mangled = 0, inl = 0;
	for (size_t i = 0; i < nf; i++) {
		char cmd[600], want[1024];
		snprintf(cmd, sizeof cmd, "echo '%.255s' | c++filt", f[i].name);
		FILE *p = popen(cmd, "r");
		if (p == NULL || read_line(p, want, sizeof want) == NULL)
			cr_skip_test("c++filt not available");
		pclose(p);
		const char *out;
		size_t n;
		if (strncmp(f[i].name, "_Z", 2) == 0) {
			cr_assert_eq(resolve(s, f[i].name, &out, &n), FK_SYM_RESOLVED, "%s", f[i].name);
			cr_expect(strlen(want) == n && memcmp(out, want, n) == 0,
			    "%s: '%.*s', c++filt '%s'", f[i].name, (int)n, out, want);
			mangled++;
		}
		for (uint64_t a = 0; a < f[i].size; a++) {
			char *fr = frame_of(path, f[i].off + a);
			cr_assert_eq(resolve(s, fr, &out, &n), FK_SYM_RESOLVED, "%s", fr);
			size_t first = memchr(out, ';', n) ? (size_t)((const char *)memchr(out, ';', n) - out) : n;
			cr_expect(first == strlen(want) && memcmp(out, want, first) == 0,
			    "%s: '%.*s', nm -C '%s'", fr, (int)first, out, want);
			if (first < n) {
				cr_expect(memmem(out, n, "_[i]", 4) != NULL, "%s: %.*s", fr, (int)n, out);
				inl++;
			}
			free(fr);
		}
	}
	cr_expect_geq(mangled, 3, "mangled names: %d", mangled);
	cr_expect_gt(inl, 0);
	fk_symbolizer_free(s);
}

/* The program's build-id, read as flame-collapse --keep-addrs reads it. */
static const char *
prog_buildid(void)
{
	static char hex[FK_BUILDID_MAX + 1];
	cr_assert(fk_buildid_read(prog(), hex) >= 2, "no build-id in %s", prog());
	return hex;
}

Test(symbolize, build_id_travels_with_the_frame)
{
	struct fk_symbolize_opts o = { .demangle = 1, .buildid_dir = "/nonexistent-fk-cache" };
	struct fk_symbolizer *s = fk_symbolizer_new(&o);
	struct func f = find_func("work_alpha");
	char fr[1024];
	/* The right build-id: resolved. */
	snprintf(fr, sizeof fr, "[symprog]'%s+0x%" PRIx64 "@%s'", prog(), f.off + 1, prog_buildid());
	expect_frame(s, fr, "work_alpha");
	/* Another build-id: the file is not used; perf's name stays. */
	snprintf(fr, sizeof fr, "[symprog]'%s+0x%" PRIx64 "@0123456789abcdef'_[k]", prog(),
	    f.off + 1);
	expect_fallback(s, fr, FK_SYM_BUILDID, "[symprog]_[k]");
	/* Not a build-id (odd length, upper case): not an address frame. */
	snprintf(fr, sizeof fr, "x'%s+0x%" PRIx64 "@abc'", prog(), f.off + 1);
	expect_status(s, fr, FK_SYM_PLAIN);
	snprintf(fr, sizeof fr, "x'%s+0x%" PRIx64 "@ABCD'", prog(), f.off + 1);
	expect_status(s, fr, FK_SYM_PLAIN);
	fk_symbolizer_free(s);
}

Test(symbolize, address_outside_every_symbol_keeps_perf_name)
{
	struct fk_symbolizer *s = fk_symbolizer_new(&plain);
	/* The ELF header is in a loadable segment, and no function covers it. */
	char fr[1024];
	snprintf(fr, sizeof fr, "[symprog]'%s+0x10'", prog());
	expect_fallback(s, fr, FK_SYM_UNNAMED, "[symprog]");
	fk_symbolizer_free(s);
}

Test(symbolize, vmlinux_names_kernel_frames_before_kallsyms)
{
	/* Any ELF file with symbols serves as the kernel image: its own addresses. */
	char ks[512];
	snprintf(ks, sizeof ks, "%s/kallsyms.txt", data_dir());
	struct fk_symbolize_opts o = { .demangle = 1, .vmlinux = prog(), .kallsyms = ks };
	struct fk_symbolizer *s = fk_symbolizer_new(&o);
	struct func f = find_func("work_beta");
	char fr[256];
	snprintf(fr, sizeof fr, "[kernel.kallsyms]+0x%" PRIx64 "_[k]", f.vaddr + 2);
	expect_frame(s, fr, "work_beta_[k]");
	/* What the image does not cover (a kernel module) comes from kallsyms. */
	expect_frame(s, "[kernel.kallsyms]+0xffffffff81000c82", "secondary_startup_64");
	fk_symbolizer_free(s);
}

Test(symbolize, hidden_kallsyms_is_explained)
{
	char path[512];
	snprintf(path, sizeof path, "%s/kallsyms-restricted.txt", data_dir());
	struct fk_symbolize_opts o = { .demangle = 1, .kallsyms = path };
	struct fk_input in = { .name = "test",
		.fd = mkinput("p;[kernel.kallsyms]+0xffffffff81000c82 3\n") };
	char *obuf = NULL;
	size_t olen = 0;
	FILE *out = open_memstream(&obuf, &olen);
	struct fk_symbolize_stats st;
	cr_assert_eq(fk_symbolize_run(&o, &in, 1, out, &st), 0, "%s", fk_error_msg());
	fclose(out);
	close(in.fd);
	cr_expect_eq(st.unresolved[FK_SYM_NOSYMS], 1);
	cr_assert_not_null(st.notes);
	cr_expect(strstr(st.notes, "shows every address as 0 (kernel.kptr_restrict)") != NULL,
	    "%s", st.notes);
	fk_symbolize_stats_release(&st);
	free(obuf);
}

Test(symbolize, summary_names_modules_and_where_it_looked)
{
	char *text;
	cr_assert(asprintf(&text, "p;[libq.so]'/nonexistent/libq.so+0x10@%s' 2\n"
	    "p;[symprog]'%s+0x10' 1\n", prog_buildid(), prog()) > 0);
	struct fk_input in = { .name = "test", .fd = mkinput(text) };
	char *obuf = NULL;
	size_t olen = 0;
	FILE *out = open_memstream(&obuf, &olen);
	struct fk_symbolize_opts o = { .demangle = 1, .buildid_dir = "/nonexistent-fk-cache" };
	struct fk_symbolize_stats st;
	cr_assert_eq(fk_symbolize_run(&o, &in, 1, out, &st), 0, "%s", fk_error_msg());
	fclose(out);
	close(in.fd);
	cr_expect_str_eq(obuf, "p;[libq.so] 2\np;[symprog] 1\n");
	cr_expect_eq(st.unresolved[FK_SYM_MISSING], 1);
	cr_expect_eq(st.unresolved[FK_SYM_UNNAMED], 1);
	char sum[512];
	fk_symbolize_summary(&st, sum, sizeof sum);
	cr_expect(strstr(sum, "no symbol at address: 1 frames in stacks of weight 1 (33.3%)") != NULL,
	    "%s", sum);
	cr_assert_not_null(st.notes);
	char want[1024];
	snprintf(want, sizeof want, "/nonexistent/libq.so build-id %s: not found; looked in "
	    "/nonexistent/libq.so (absent), /nonexistent-fk-cache/.build-id/%.2s/%s/elf (absent)",
	    prog_buildid(), prog_buildid(), prog_buildid() + 2);
	cr_expect(strstr(st.notes, want) != NULL, "%s\nwant %s", st.notes, want);
	snprintf(want, sizeof want, "%s: 1 addresses outside every symbol of its own .symtab", prog());
	cr_expect(strstr(st.notes, want) != NULL, "%s", st.notes);
	fk_symbolize_stats_release(&st);
	free(obuf);
	free(text);
}
