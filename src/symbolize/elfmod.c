/*
 * elfmod.c -- ELF modules for the symbolizer through elfutils libdwfl:
 * finding and opening module files and their debug files, sorted symbol
 * tables, DWARF inline chains and file:line.
 */
#include "symbolize/symbolize_internal.h"

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <dwarf.h>
#include <gelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "symbolize/buildid.h"
#include "symbolize/debugfind.h"
#include "symbolize/demangle.h"
#include "core/error.h"
#include "core/util.h"

/* Directories searched for a module named by its base name, after --search-path. */
static const char *const system_dirs[] = {
	"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
	"/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib",
	"/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin",
};
int
fk__open_regular(const char *path)
{
	if (strncmp(path, "/proc/", 6) == 0 && strcmp(path, "/proc/kallsyms") != 0)
		return -1;
	return fk_open_regular_fd(path);
}
static int
cmp_msym(const void *a, const void *b)
{
	const struct msym *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->compat)
		return x->idx > y->idx ? -1 : x->idx < y->idx;
	/* Then as perf chooses: fewer leading underscores, then the longer name. */
	size_t ux = strspn(x->name, "_"), uy = strspn(y->name, "_");
	if (ux != uy)
		return ux < uy ? -1 : 1;
	size_t lx = strlen(x->name), ly = strlen(y->name);
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * A label in code (an untyped symbol in an executable section, not an ARM
 * mapping symbol "$x"), which perf counts as a function: ld.so's
 * _dl_start_user, assembler entry points.
 */
static int
is_code_label(Elf *elf, GElf_Word shndx, const char *name)
{
	GElf_Shdr shdr;
	Elf_Scn *scn = elf && shndx < SHN_LORESERVE ? elf_getscn(elf, shndx) : NULL;
	return name[0] != '$' && scn != NULL && gelf_getshdr(scn, &shdr) != NULL &&
	    (shdr.sh_flags & SHF_EXECINSTR) != 0;
}

/* The section called name in e, or NULL. */
static Elf_Scn *
section_named(Elf *e, const char *name, GElf_Shdr *sh)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx) != 0)
		return NULL;
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(e, scn)) != NULL;) {
		const char *n = gelf_getshdr(scn, sh) ? elf_strptr(e, shstrndx, sh->sh_name) : NULL;
		if (n != NULL && strcmp(n, name) == 0)
			return scn;
	}
	return NULL;
}

/*
 * The "NAME@plt" symbols perf makes for the stubs in .plt, one per
 * .rela.plt (.rel.plt) entry in its order, after the PLT's header, as
 * perf 6.1 lays them out: x86 header and entries of .plt's sh_entsize,
 * AArch64 32 and 16 bytes, ARM 20 and 12.  Like perf 6.1 this names
 * .plt only, not .plt.sec (IBT) or .plt.got stubs.  The names need the
 * module's own file: a debug file has no .plt contents.  Appended to
 * m->syms from k; @return the new count.
 */
static size_t
add_plt_symbols(struct fk_symbolizer *s, struct module *m, size_t k)
{
	GElf_Addr bias;
	Elf *e = dwfl_module_getelf(m->mod, &bias);
	GElf_Ehdr eh;
	GElf_Shdr rsh, psh, dsh;
	if (e == NULL || gelf_getehdr(e, &eh) == NULL)
		return k;
	Elf_Scn *rel = section_named(e, ".rela.plt", &rsh);
	if (rel == NULL)
		rel = section_named(e, ".rel.plt", &rsh);
	Elf_Scn *plt = section_named(e, ".plt", &psh);
	if (rel == NULL || plt == NULL || psh.sh_type == SHT_NOBITS ||
	    (rsh.sh_type != SHT_RELA && rsh.sh_type != SHT_REL))
		return k;
	GElf_Xword head = psh.sh_entsize, entry = psh.sh_entsize;
	if (eh.e_machine == EM_AARCH64) {
		head = 32;
		entry = 16;
	} else if (eh.e_machine == EM_ARM) {
		head = 20;
		entry = 12;
	}
	Elf_Scn *dyn = elf_getscn(e, rsh.sh_link);
	Elf_Data *rd = elf_getdata(rel, NULL);
	Elf_Data *dd = dyn ? elf_getdata(dyn, NULL) : NULL;
	if (entry == 0 || rd == NULL || dd == NULL || gelf_getshdr(dyn, &dsh) == NULL)
		return k;
	size_t esz = gelf_fsize(e, rsh.sh_type == SHT_RELA ? ELF_T_RELA : ELF_T_REL, 1, EV_CURRENT);
	size_t nrel = esz ? rd->d_size / esz : 0;
	if (head > psh.sh_size || nrel > (psh.sh_size - head) / entry)
		nrel = head > psh.sh_size ? 0 : (psh.sh_size - head) / entry;
	if (nrel == 0)
		return k;
	m->syms = fk_xrealloc(m->syms, (k + nrel) * sizeof *m->syms);
	for (size_t i = 0; i < nrel; i++) {
		GElf_Rela ra;
		GElf_Rel r;
		GElf_Xword info;
		if (rsh.sh_type == SHT_RELA) {
			if (gelf_getrela(rd, (int)i, &ra) == NULL)
				continue;
			info = ra.r_info;
		} else {
			if (gelf_getrel(rd, (int)i, &r) == NULL)
				continue;
			info = r.r_info;
		}
		GElf_Sym sym;
		const char *name = gelf_getsym(dd, (int)GELF_R_SYM(info), &sym) ?
		    elf_strptr(e, dsh.sh_link, sym.st_name) : NULL;
		/* An IRELATIVE slot has no symbol: perf calls its stub "@plt". */
		if (name == NULL)
			name = "";
		/* perf demangles the name, then adds "@plt". */
		char *d = s->o.demangle ? fk_demangle(name, strlen(name)) : NULL;
		const char *base = d ? d : name;
		size_t bn = strlen(base);
		char *full = fk_arena_alloc(&s->arena, bn + 5);
		memcpy(full, base, bn);
		memcpy(full + bn, "@plt", 5);
		free(d);
		struct msym *ms = &m->syms[k++];
		memset(ms, 0, sizeof *ms);
		ms->start = psh.sh_addr + bias + head + i * entry;
		ms->end = ms->limit = ms->start + entry;
		ms->name = full;
		ms->rank = 8;   /* a real symbol at the same address wins */
		ms->idx = UINT_MAX;
	}
	return k;
}

/*
 * Copy the module's function symbols (.symtab, from the debug file when
 * the module has none, else .dynsym) into a sorted array: libdwfl's
 * dwfl_module_addrinfo() scans every symbol on each call, which takes
 * minutes for 100,000 addresses in a large library.  A symbol without a
 * size ends where the next one begins, as in perf, or where its section
 * ends: _init must not swallow the .plt stubs after it.  Then perf's
 * NAME@plt symbols for the stubs.
 * @return the number of symbols kept.
 */
static size_t
load_symbols(struct fk_symbolizer *s, struct module *m, Elf *main_elf, int *own_elf,
    int *other_elf)
{
	*own_elf = *other_elf = 0;
	int n = dwfl_module_getsymtab(m->mod);
	if (n <= 0)
		return 0;
	m->syms = fk_xcalloc((size_t)n, sizeof *m->syms);
	size_t k = 0;
	for (int i = 1; i < n; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		GElf_Word shndx;
		Elf *elf = NULL;
		Dwarf_Addr bias = 0;
		const char *name = dwfl_module_getsym_info(m->mod, i, &sym, &addr,
		    &shndx, &elf, &bias);
		int type = GELF_ST_TYPE(sym.st_info);
		if (name == NULL || *name == '\0' || shndx == SHN_UNDEF || addr == 0 ||
		    (type != STT_FUNC && type != STT_GNU_IFUNC &&
		    !(type == STT_NOTYPE && !s->o.compat_perl && is_code_label(elf, shndx, name))))
			continue;
		if (elf == main_elf)
			*own_elf = 1;
		else
			*other_elf = 1;
		struct msym *ms = &m->syms[k++];
		ms->start = addr;
		ms->end = sym.st_size ? addr + sym.st_size : 0;
		ms->limit = UINT64_MAX;
		GElf_Shdr shdr;
		Elf_Scn *scn = ms->end == 0 && elf && shndx < SHN_LORESERVE ? elf_getscn(elf, shndx) : NULL;
		if (scn && gelf_getshdr(scn, &shdr) && (shdr.sh_flags & SHF_ALLOC) &&
		    addr >= shdr.sh_addr + bias && addr < shdr.sh_addr + bias + shdr.sh_size)
			ms->limit = shdr.sh_addr + bias + shdr.sh_size;
		/*
		 * .dynsym names carry their version ("fclose@@GLIBC_2.2.5"): drop
		 * it, unless asked to show names as perf does.
		 */
		const char *at = s->o.symbol_versions ? NULL : strchr(name, '@');
		ms->name = at && at > name ? fk_arena_strndup(&s->arena, name, (size_t)(at - name)) : name;
		int bind = GELF_ST_BIND(sym.st_info);
		/* perf's preference: a sized symbol, then not weak, then global. */
		ms->rank = (bind == STB_GLOBAL ? 0 : bind == STB_WEAK ? 2 : 1) +
		    (sym.st_size ? 0 : 4);
		/*
		 * addr2line (binutils 2.40) prefers a local alias, and of equal
		 * ones the last in the symbol table: that is what the Perl tool
		 * shows (as observed; binutils documents no rule).
		 */
		if (s->o.compat_perl)
			ms->rank = bind == STB_LOCAL ? 0 : 1;
		ms->idx = (unsigned)i;
		ms->compat = s->o.compat_perl;
	}
	/* addr2line names no PLT stub: neither does --compat=perl. */
	if (!s->o.compat_perl)
		k = add_plt_symbols(s, m, k);
	qsort(m->syms, k, sizeof *m->syms, cmp_msym);
	/* One symbol per address (the preferred alias); fill in missing ends. */
	size_t w = 0;
	for (size_t i = 0; i < k; i++)
		if (w == 0 || m->syms[w - 1].start != m->syms[i].start)
			m->syms[w++] = m->syms[i];
	for (size_t i = 0; i < w; i++)
		if (m->syms[i].end == 0) {
			GElf_Addr end = i + 1 < w ? m->syms[i + 1].start : m->syms[i].start + 1;
			m->syms[i].end = end < m->syms[i].limit ? end : m->syms[i].limit;
		}
	m->nsyms = w;
	return w;
}

/*
 * The function symbol covering addr, or NULL.  With nearest, as addr2line
 * does, the closest symbol below addr even when it ends before addr.
 */
static const char *
symbol_at(const struct module *m, GElf_Addr addr, int nearest)
{
	size_t lo = 0, hi = m->nsyms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->syms[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* A few symbols back: an enclosing symbol may outlast a nested one. */
	for (size_t i = lo, tries = 0; i-- > 0 && tries < 8; tries++)
		if (addr < m->syms[i].end)
			return m->syms[i].name;
	return nearest && lo > 0 ? m->syms[lo - 1].name : NULL;
}

/* Does the module's build-id equal the hex string bid? */
static int
same_buildid(Dwfl_Module *mod, const char *bid)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *bits;
	GElf_Addr vaddr;
	int n = dwfl_module_build_id(mod, &bits, &vaddr);
	if (n <= 0 || (size_t)n * 2 != strlen(bid))
		return 0;
	for (int i = 0; i < n; i++)
		if (bid[2 * i] != digits[bits[i] >> 4] || bid[2 * i + 1] != digits[bits[i] & 15])
			return 0;
	return 1;
}

/* Has the ELF file a section called name? */
static int
has_section(Elf *e, const char *name)
{
	GElf_Shdr sh;
	return section_named(e, name, &sh) != NULL;
}

/*
 * Where the symbols came from: own_elf and other_elf say whether some
 * came from the module's file and some from another (a debug file, or
 * the MiniDebugInfo beside .dynsym).  libdwfl names the debug files it
 * finds itself, not those debuginfod gives it.
 */
static void
note_symbol_source(struct module *m, Elf *e, int own_elf, int other_elf)
{
	const char *debugfile = NULL;
	dwfl_module_info(m->mod, NULL, NULL, NULL, NULL, NULL, NULL, &debugfile);
	const char *urls = getenv("DEBUGINFOD_URLS");
	if (other_elf && !own_elf) {
		m->fetched = (debugfile == NULL && urls != NULL && *urls != '\0') ||
		    (debugfile != NULL && fk_debuginfod_cached(debugfile));
		m->symsrc = m->fetched ? "a debug file from debuginfod" : "a separate debug file";
	} else if (other_elf) {
		m->symsrc = "its .gnu_debugdata (MiniDebugInfo)";
	} else if (has_section(e, ".symtab")) {
		m->symsrc = "its own .symtab";
	} else {
		m->symsrc = "its .dynsym only";
	}
}

static void
module_unload(struct module *m)
{
	if (m->dwfl != NULL)
		dwfl_end(m->dwfl);
	m->dwfl = NULL;
	m->mod = NULL;
	FK_FREE(m->loads);
	FK_FREE(m->syms);
	FK_FREE(m->path);
	fk_cumap_release(&m->cus);
	fk_fnmaps_free(m->fns);
	m->fns = NULL;
	m->cus_built = 0;
	m->dw = NULL;
	m->nloads = m->nsyms = 0;
	m->debug_only = 0;
	m->symsrc = NULL;
	m->fetched = 0;
}

void
fk__module_release(struct module *m)
{
	module_unload(m);
	free(m->debug_hint);
	free(m->key);
	free(m->bid);
	free(m->looked);
}

/* Add "path (why)" to the list of places looked at. */
static void
looked_at(struct module *m, const char *path, const char *why)
{
	size_t old = m->looked ? strlen(m->looked) : 0;
	size_t n = old + strlen(path) + strlen(why) + 6;
	m->looked = fk_xrealloc(m->looked, n);
	snprintf(m->looked + old, n - old, "%s%s (%s)", old ? ", " : "", path, why);
}

/*
 * Load the ELF file at path into m (m->status says how it went); with
 * m->bid, a file with another build-id is not used (FK_SYM_BUILDID).
 */
static void
module_load(struct fk_symbolizer *s, struct module *m, const char *path)
{
	m->status = FK_SYM_MISSING;
	int fd = fk__open_regular(path);
	if (fd < 0)
		return;
	m->dwfl = dwfl_begin(&s->cb);
	if (m->dwfl == NULL) {
		close(fd);
		return;
	}
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	/* The descriptor belongs to libdwfl from here on success. */
	m->mod = dwfl_report_elf(m->dwfl, base, path, fd, 0, false);
	if (m->mod == NULL) {
		close(fd);
		return;
	}
	dwfl_report_end(m->dwfl, NULL, NULL);
	void **userdata;
	dwfl_module_info(m->mod, &userdata, NULL, NULL, NULL, NULL, NULL, NULL);
	*userdata = m->debug_hint;
	if (m->bid != NULL && !same_buildid(m->mod, m->bid)) {
		m->status = FK_SYM_BUILDID;
		return;
	}
	s->opened++;
	m->path = fk_xstrdup(path);
	Elf *e = dwfl_module_getelf(m->mod, &m->bias);
	size_t nph = 0;
	if (e == NULL || elf_getphdrnum(e, &nph) != 0)
		return;
	m->loads = fk_xcalloc(nph ? nph : 1, sizeof *m->loads);
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(e, (int)i, &ph) != NULL && ph.p_type == PT_LOAD)
			m->loads[m->nloads++] = ph;
	}
	/* A debug file keeps the segments' addresses but not their file contents. */
	m->debug_only = 1;
	for (size_t i = 0; i < m->nloads; i++)
		if ((m->loads[i].p_flags & PF_X) && m->loads[i].p_filesz > 0)
			m->debug_only = 0;
	int own_elf, other_elf;
	size_t nsyms = load_symbols(s, m, e, &own_elf, &other_elf);
	note_symbol_source(m, e, own_elf, other_elf);
	if (nsyms == 0) {
		m->status = FK_SYM_NOSYMS;
		return;
	}
	m->status = FK_SYM_RESOLVED;
}

static int
file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * The module's own file is absent or differs: try the copies and debug
 * files found by its build-id, in debugfind.h's order.
 */
static void
module_load_by_buildid(struct fk_symbolizer *s, struct module *m)
{
	int own = m->status;
	module_unload(m);
	struct fk_candidate *c;
	size_t n = fk_buildid_candidates(&s->o, m->bid, &c);
	/* The first debug file there is goes with a copy of the module. */
	for (size_t i = 0; i < n && m->debug_hint == NULL; i++)
		if (c[i].debug && file_exists(c[i].path))
			m->debug_hint = fk_xstrdup(c[i].path);
	/* Copies of the module first, then a debug file alone. */
	for (int debug = 0; debug < 2 && m->status != FK_SYM_RESOLVED; debug++)
		for (size_t i = 0; i < n && m->status != FK_SYM_RESOLVED; i++) {
			struct stat st;
			if (c[i].debug != debug)
				continue;
			if (stat(c[i].path, &st) != 0) {
				looked_at(m, c[i].path, "absent");
			} else if (S_ISREG(st.st_mode)) {
				module_load(s, m, c[i].path);
				if (m->status != FK_SYM_RESOLVED) {
					looked_at(m, c[i].path, m->status == FK_SYM_BUILDID ?
					    "other build-id" : "no symbols");
					module_unload(m);
				}
			}
		}
	for (size_t i = 0; i < n; i++)
		free(c[i].path);
	free(c);
	if (m->status != FK_SYM_RESOLVED)
		m->status = own;
}

int
fk__find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
    GElf_Addr base, const char *file_name, const char *debuglink_file,
    GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	const char *hint = *userdata;
	if (hint != NULL) {
		int fd = fk__open_regular(hint);
		if (fd >= 0) {
			*debuginfo_file_name = fk_xstrdup(hint);
			return fd;
		}
	}
	return dwfl_standard_find_debuginfo(mod, userdata, modname, base, file_name,
	    debuglink_file, debuglink_crc, debuginfo_file_name);
}

/*
 * The module for key: a full path, or with by_base a base name looked up
 * in the search path and the system directories.  Opened once.
 */
struct module *
fk__module_get(struct fk_symbolizer *s, const char *key, size_t keylen, int by_base,
    const char *bid, size_t bidlen)
{
	for (size_t i = 0; i < s->nmods; i++) {
		const struct module *m = &s->mods[i];
		if (strlen(m->key) == keylen && memcmp(m->key, key, keylen) == 0 &&
		    (m->bid ? strlen(m->bid) == bidlen && memcmp(m->bid, bid, bidlen) == 0
		    : bidlen == 0))
			return &s->mods[i];
	}
	FK_GROW(s->mods, s->capmods, s->nmods + 1, 16);
	struct module *m = &s->mods[s->nmods++];
	memset(m, 0, sizeof *m);
	m->key = fk_xmalloc(keylen + 1);
	memcpy(m->key, key, keylen);
	m->key[keylen] = '\0';
	if (bidlen > 0) {
		m->bid = fk_xmalloc(bidlen + 1);
		memcpy(m->bid, bid, bidlen);
		m->bid[bidlen] = '\0';
	}
	m->status = FK_SYM_MISSING;
	if (!by_base || memchr(key, '/', keylen) != NULL) {
		module_load(s, m, m->key);
		if (m->status != FK_SYM_RESOLVED)
			looked_at(m, m->key, m->status == FK_SYM_MISSING ? "absent" :
			    m->status == FK_SYM_BUILDID ? "other build-id" : "no symbols");
		/* A stripped file may still have a debug file or a richer copy by build-id. */
		if (m->status != FK_SYM_RESOLVED && m->bid != NULL)
			module_load_by_buildid(s, m);
		return m;
	}
	size_t ndirs = s->o.nsearch + sizeof system_dirs / sizeof system_dirs[0];
	for (size_t i = 0; i < ndirs; i++) {
		const char *dir = i < s->o.nsearch ? s->o.search_path[i]
		    : system_dirs[i - s->o.nsearch];
		char path[PATH_MAX];
		int n = snprintf(path, sizeof path, "%s/%s", dir, m->key);
		if (n < 0 || (size_t)n >= sizeof path || !file_exists(path))
			continue;
		module_load(s, m, path);
		if (m->status != FK_SYM_MISSING)
			break;
		module_unload(m);
	}
	return m;
}

/* Append a name, demangled when asked. */
static void
add_name(struct fk_symbolizer *s, const char *name)
{
	if (s->o.demangle) {
		char *d = fk_demangle(name, strlen(name));
		if (d != NULL) {
			fk__buf_name(s, d, strlen(d));
			free(d);
			return;
		}
	}
	fk__buf_name(s, name, strlen(name));
}

static void
add_fileline(struct fk_symbolizer *s, const char *file, int line)
{
	if (!s->o.lines)
		return;
	if (s->o.compat_perl && (file == NULL || line <= 0)) {
		/* What addr2line prints for what it does not know. */
		char num[24];
		snprintf(num, sizeof num, line > 0 ? ":%d" : ":?", line);
		fk__buf_add(s, ":", 1);
		fk__buf_str(s, file ? (strrchr(file, '/') ? strrchr(file, '/') + 1 : file) : "??");
		fk__buf_str(s, num);
		return;
	}
	if (file == NULL || line <= 0)
		return;
	const char *b = strrchr(file, '/');
	char num[24];
	snprintf(num, sizeof num, ":%d", line);
	fk__buf_add(s, ":", 1);
	fk__buf_str(s, b ? b + 1 : file);
	fk__buf_str(s, num);
}

/*
 * The name a linker sees, as binutils reads DWARF: DW_AT_linkage_name, or
 * in a language without mangling (C_plain set) DW_AT_name.
 */
static const char *
linkage_name(Dwarf_Die *die, int c_plain)
{
	Dwarf_Attribute at;
	if (dwarf_attr_integrate(die, DW_AT_linkage_name, &at) != NULL ||
	    dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &at) != NULL)
		return dwarf_formstring(&at);
	return c_plain ? dwarf_diename(die) : NULL;
}

/* Languages whose DWARF names are the symbol names (binutils' list). */
static int
unmangled_lang(Dwarf_Die *cudie)
{
	switch (dwarf_srclang(cudie)) {
	case DW_LANG_C89: case DW_LANG_C: case DW_LANG_C99: case DW_LANG_C11:
	case DW_LANG_Ada83: case DW_LANG_Ada95: case DW_LANG_Cobol74:
	case DW_LANG_Cobol85: case DW_LANG_Fortran77: case DW_LANG_Pascal83:
	case DW_LANG_PLI: case DW_LANG_UPC: case DW_LANG_Mips_Assembler:
		return 1;
	default:
		return 0;
	}
}

static const char *
die_name(Dwarf_Die *die)
{
	Dwarf_Attribute at;
	const char *n = NULL;
	if (dwarf_attr_integrate(die, DW_AT_linkage_name, &at) != NULL ||
	    dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &at) != NULL)
		n = dwarf_formstring(&at);
	if (n == NULL)
		n = dwarf_diename(die);
	return n;
}

/* The call-site file of an inlined_subroutine DIE, or NULL. */
static const char *
call_file(Dwarf_Die *cudie, Dwarf_Die *die)
{
	Dwarf_Attribute at;
	Dwarf_Word idx;
	Dwarf_Files *files;
	size_t nfiles;
	if (dwarf_attr(die, DW_AT_call_file, &at) == NULL ||
	    dwarf_formudata(&at, &idx) != 0 ||
	    dwarf_getsrcfiles(cudie, &files, &nfiles) != 0 || idx >= nfiles)
		return NULL;
	return dwarf_filesrc(files, idx, NULL, NULL);
}

static int
call_line(Dwarf_Die *die)
{
	Dwarf_Attribute at;
	Dwarf_Word v;
	if (dwarf_attr(die, DW_AT_call_line, &at) == NULL ||
	    dwarf_formudata(&at, &v) != 0 || v > INT_MAX)
		return 0;
	return (int)v;
}

/*
 * The compile unit holding the module address addr, and in *bias the
 * difference between module and DWARF addresses.  libdw looks it up in
 * .debug_aranges; where that finds nothing (Go's linker writes none), the
 * units' own ranges, mapped once per module.  *own is set when the unit
 * came from that map, which libdwfl's line lookup does not know: then the
 * caller reads lines from the unit itself.  store holds the DIE then.
 * @return the unit's DIE, or NULL.
 */
static Dwarf_Die *
cu_at(struct module *m, GElf_Addr addr, Dwarf_Die *store, Dwarf_Addr *bias, int *own)
{
	*own = 0;
	Dwarf_Die *cu = dwfl_module_addrdie(m->mod, addr, bias);
	if (cu != NULL)
		return cu;
	if (!m->cus_built) {
		m->cus_built = 1;
		m->dw = dwfl_module_getdwarf(m->mod, &m->dwbias);
		if (m->dw != NULL)
			fk_cumap_load(&m->cus, m->dw);
	}
	if (m->dw == NULL || addr < m->dwbias)
		return NULL;
	const struct fk_cu_range *r = fk_cumap_find(&m->cus, addr - m->dwbias);
	if (r == NULL || dwarf_offdie(m->dw, r->cu, store) == NULL)
		return NULL;
	*bias = m->dwbias;
	*own = 1;
	return store;
}

/* The source position of addr in the unit cu (found by cu_at() with *own set). */
static const char *
unit_line(Dwarf_Die *cu, Dwarf_Addr addr, int *line)
{
	Dwarf_Line *l = dwarf_getsrc_die(cu, addr);
	if (l == NULL || dwarf_lineno(l, line) != 0)
		return NULL;
	return dwarf_linesrc(l, NULL, NULL);
}

/*
 * Resolve a file address in m into s->buf: the symbol, and with --inline
 * the inline chain below it (outermost first).
 */
int
fk__resolve_elf(struct fk_symbolizer *s, struct module *m, uint64_t off,
    const char *annot, size_t annotlen)
{
	/* perf's module-relative address is a file offset: find its segment. */
	const GElf_Phdr *seg = NULL;
	for (int pass = 0; pass < 2 && seg == NULL; pass++)
		for (size_t i = 0; i < m->nloads; i++) {
			const GElf_Phdr *ph = &m->loads[i];
			if ((pass == 0) != ((ph->p_flags & PF_X) != 0))
				continue;
			if (off >= ph->p_offset && off - ph->p_offset < ph->p_filesz) {
				seg = ph;
				break;
			}
		}
	/*
	 * A debug file alone (the module is gone) has no file offsets: take
	 * the offset from the first segment's address, as GNU ld lays out
	 * code (its offset and address agree modulo the load base).
	 */
	if (m->debug_only && m->nloads > 0)
		return fk__resolve_elf_addr(s, m, off + m->loads[0].p_vaddr + m->bias, annot, annotlen);
	if (seg == NULL)
		return FK_SYM_RANGE;
	GElf_Addr addr = off - seg->p_offset + seg->p_vaddr + m->bias;
	/*
	 * stackcollapse-perf.pl hands perf's address to addr2line as an ELF
	 * address: the same where the segment's offset and address agree (PIE
	 * programs, shared libraries), something else where they do not.
	 */
	if (s->o.compat_perl)
		addr = off + m->bias;
	return fk__resolve_elf_addr(s, m, addr, annot, annotlen);
}

int
fk__resolve_elf_addr(struct fk_symbolizer *s, struct module *m, uint64_t addr,
    const char *annot, size_t annotlen)
{
	const char *name = symbol_at(m, addr, 0);
	if (name == NULL) {
		m->unnamed++;
		return FK_SYM_UNNAMED;
	}
	const char *elf_name = NULL;    /* --compat=perl: the innermost frame's fallback */
	int c_plain = 0;

	/* The inline chain, innermost first, from the DWARF scopes. */
	enum { MAXCHAIN = 64 };
	Dwarf_Die chain[MAXCHAIN];
	size_t nchain = 0;
	Dwarf_Die *scopes = NULL;
	Dwarf_Die *cudie = NULL, custore;
	Dwarf_Addr dbias = 0;
	int own_cu = 0;
	if (s->o.inline_frames || s->o.lines) {
		cudie = cu_at(m, addr, &custore, &dbias, &own_cu);
		if (cudie != NULL && s->o.inline_frames) {
			/*
			 * dwarf_getscopes() continues past the innermost inlined
			 * instance into its abstract definition; the concrete
			 * chain comes from the scopes around that instance.
			 */
			Dwarf_Die *holder = NULL, fn;
			int n = 0, i = 0;
			if (m->fns == NULL)
				m->fns = fk_fnmaps_create();
			if (fk_fnmaps_function(m->fns, cudie, addr - dbias, &fn)) {
				/* The function's own subtree only, not the whole unit. */
				nchain = fk_inline_chain(&fn, addr - dbias, chain, MAXCHAIN);
				holder = &fn;
			} else {
				n = dwarf_getscopes(cudie, addr - dbias, &scopes);
				while (i < n && dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine &&
				    dwarf_tag(&scopes[i]) != DW_TAG_subprogram)
					i++;
			}
			if (holder == NULL && i < n &&
			    dwarf_tag(&scopes[i]) == DW_TAG_inlined_subroutine) {
				Dwarf_Die inner = scopes[i];
				free(scopes);
				scopes = NULL;
				n = dwarf_getscopes_die(&inner, &scopes);
				for (i = 0; i < n && nchain < MAXCHAIN; i++) {
					int tag = dwarf_tag(&scopes[i]);
					if (tag == DW_TAG_inlined_subroutine)
						chain[nchain++] = scopes[i];
					else if (tag == DW_TAG_subprogram)
						break;
				}
			}
			if (holder == NULL && i < n && dwarf_tag(&scopes[i]) == DW_TAG_subprogram)
				holder = &scopes[i];
			/*
			 * holder is the function holding the address.  addr2line
			 * names a frame by its DWARF linkage name when it has one
			 * (C++); otherwise the innermost frame by the symbol table and
			 * the others by their DWARF names: so does --compat=perl.
			 */
			if (s->o.compat_perl && holder != NULL) {
				c_plain = unmangled_lang(cudie);
				const char *ln = linkage_name(holder, c_plain);
				const char *dn = nchain > 0 ? dwarf_diename(holder) : NULL;
				elf_name = name;
				name = ln ? ln : dn ? dn : name;
			}
		}
	}
	/* Source position of the address itself (innermost frame). */
	const char *leaf_file = NULL;
	int leaf_line = 0;
	if (s->o.lines) {
		Dwfl_Line *l = own_cu ? NULL : dwfl_module_getsrc(m->mod, addr);
		if (l != NULL)
			leaf_file = dwfl_lineinfo(l, NULL, &leaf_line, NULL, NULL, NULL);
		else if (own_cu)
			leaf_file = unit_line(cudie, addr - dbias, &leaf_line);
	}

	s->len = 0;
	add_name(s, name);
	if (nchain > 0)
		add_fileline(s, call_file(cudie, &chain[nchain - 1]),
		    call_line(&chain[nchain - 1]));
	else
		add_fileline(s, leaf_file, leaf_line);
	fk__buf_add(s, annot, annotlen);
	for (size_t k = nchain; k-- > 0;) {
		const char *in = die_name(&chain[k]);
		if (k == 0 && elf_name != NULL && linkage_name(&chain[k], c_plain) == NULL)
			in = elf_name;
		fk__buf_add(s, ";", 1);
		add_name(s, in ? in : "??");
		if (k > 0)
			add_fileline(s, call_file(cudie, &chain[k - 1]),
			    call_line(&chain[k - 1]));
		else
			add_fileline(s, leaf_file, leaf_line);
		if (annotlen > 0)
			fk__buf_add(s, annot, annotlen);
		else if (!s->o.compat_perl)
			fk__buf_add(s, "_[i]", 4);
	}
	free(scopes);
	return FK_SYM_RESOLVED;
}
