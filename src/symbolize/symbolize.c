/*
 * symbolize.c -- ELF/DWARF lookup through elfutils libdwfl, plus kallsyms,
 * perf JIT maps and demangling, with a cache per frame and per module.
 */
#include "symbolize/symbolize.h"

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <dwarf.h>
#include <errno.h>
#include <gelf.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "symbolize/demangle.h"
#include "core/error.h"
#include "core/folded.h"
#include "core/hash.h"
#include "core/stack_table.h"
#include "symbolize/symmap.h"
#include "core/util.h"

/* Directories searched for a module named by its base name, after --search-path. */
static const char *const system_dirs[] = {
	"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
	"/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib",
	"/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin",
};

/* Kernel addresses start here on x86-64 and arm64. */
#define KERNEL_START 0xffff800000000000ULL

/* A function symbol: [start, end) in module addresses; name owned by libdwfl. */
struct msym {
	GElf_Addr start, end;   /* end 0: no size; then limit bounds it */
	GElf_Addr limit;        /* end of the symbol's section */
	const char *name;
	int rank;               /* preference among aliases: lower wins */
	unsigned idx;           /* index in the symbol table */
	int compat;             /* --compat=perl: aliases ordered as addr2line orders them */
};

struct module {
	char *key;              /* the name it was asked for */
	struct msym *syms;      /* sorted by start; libdwfl's own lookup is linear */
	size_t nsyms;
	int status;             /* FK_SYM_RESOLVED when usable */
	Dwfl *dwfl;
	Dwfl_Module *mod;
	GElf_Addr bias;
	GElf_Phdr *loads;
	size_t nloads;
};

struct pidmap {
	long pid;
	struct fk_symmap *map;  /* NULL: missing */
};

struct cached {
	uint64_t hash;
	long pid;
	const char *key;
	size_t keylen;
	const char *out;        /* NULL unless resolved */
	size_t outlen;
	int status;
};

struct fk_symbolizer {
	struct fk_symbolize_opts o;
	Dwfl_Callbacks cb;
	char *debugpath;
	struct fk_arena arena;
	/* frame cache: open addressing */
	struct cached *cache;
	size_t ncache, capcache;
	/* modules: few, linear probing on a small array is plenty */
	struct module *mods;
	size_t nmods, capmods;
	uint64_t opened;
	struct pidmap *pmaps;
	size_t npmaps;
	struct fk_symmap *kallsyms;
	int kallsyms_status;    /* -1 not loaded yet */
	/* scratch for building a replacement */
	char *buf;
	size_t len, cap;
};

static void
buf_add(struct fk_symbolizer *s, const char *p, size_t n)
{
	FK_GROW(s->buf, s->cap, s->len + n + 1, 256);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

static void
buf_str(struct fk_symbolizer *s, const char *p)
{
	buf_add(s, p, strlen(p));
}

/* Append a name; ';' separates frames, so a name's own ';' becomes ':' (as the Perl tools do). */
static void
buf_name(struct fk_symbolizer *s, const char *p, size_t n)
{
	size_t at = s->len;
	buf_add(s, p, n);
	for (char *c = s->buf + at; (c = memchr(c, ';', (size_t)(s->buf + s->len - c))) != NULL;)
		*c++ = ':';
}

struct fk_symbolizer *
fk_symbolizer_new(const struct fk_symbolize_opts *opts)
{
	struct fk_symbolizer *s = fk_xcalloc(1, sizeof *s);
	s->o = *opts;
	fk_arena_init(&s->arena, 1 << 16);
	s->kallsyms_status = -1;
	/*
	 * libdwfl's search path: user directories first, then the module's
	 * own directory, its .debug subdirectory and /usr/lib/debug (each
	 * absolute entry is also searched by build-id).  The leading '-'
	 * skips the CRC check of .gnu_debuglink files: build-ids decide.
	 */
	size_t n = 64;
	char **abs = fk_xcalloc(opts->ndebug + 1, sizeof *abs);
	for (size_t i = 0; i < opts->ndebug; i++) {
		/* libdwfl searches by build-id only under absolute directories. */
		abs[i] = realpath(opts->debug_dirs[i], NULL);
		if (abs[i] == NULL)
			abs[i] = fk_xstrdup(opts->debug_dirs[i]);
		n += strlen(abs[i]) + 1;
	}
	s->debugpath = fk_xmalloc(n);
	strcpy(s->debugpath, "-");
	for (size_t i = 0; i < opts->ndebug; i++) {
		strcat(s->debugpath, abs[i]);
		strcat(s->debugpath, ":");
		free(abs[i]);
	}
	free(abs);
	strcat(s->debugpath, ":.debug:/usr/lib/debug");
	s->cb.find_elf = dwfl_build_id_find_elf;
	s->cb.find_debuginfo = dwfl_standard_find_debuginfo;
	s->cb.section_address = dwfl_offline_section_address;
	s->cb.debuginfo_path = &s->debugpath;
	s->capcache = 1024;
	s->cache = fk_xcalloc(s->capcache, sizeof *s->cache);
	return s;
}

void
fk_symbolizer_free(struct fk_symbolizer *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nmods; i++) {
		if (s->mods[i].dwfl != NULL)
			dwfl_end(s->mods[i].dwfl);
		free(s->mods[i].key);
		free(s->mods[i].loads);
		free(s->mods[i].syms);
	}
	free(s->mods);
	for (size_t i = 0; i < s->npmaps; i++)
		fk_symmap_free(s->pmaps[i].map);
	free(s->pmaps);
	fk_symmap_free(s->kallsyms);
	free(s->cache);
	free(s->buf);
	free(s->debugpath);
	fk_arena_release(&s->arena);
	free(s);
}

uint64_t
fk_symbolizer_modules(const struct fk_symbolizer *s)
{
	return s->opened;
}

/*
 * Open path read-only if it is a regular file outside /proc (but
 * /proc/kallsyms).  @return the descriptor, or -1.
 */
static int
open_regular(const char *path)
{
	if (strncmp(path, "/proc/", 6) == 0 && strcmp(path, "/proc/kallsyms") != 0)
		return -1;
	return fk_open_regular_fd(path);
}

static FILE *
fopen_regular(const char *path)
{
	int fd = open_regular(path);
	if (fd < 0)
		return NULL;
	FILE *fp = fdopen(fd, "r");
	if (fp == NULL)
		close(fd);
	return fp;
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
 * Copy the module's function symbols (.symtab, from the debug file when
 * the module has none, else .dynsym) into a sorted array: libdwfl's
 * dwfl_module_addrinfo() scans every symbol on each call, which takes
 * minutes for 100,000 addresses in a large library.  A symbol without a
 * size ends where the next one begins, as in perf, or where its section
 * ends: _init must not swallow the .plt stubs after it.
 * @return the number of symbols kept.
 */
static size_t
load_symbols(struct fk_symbolizer *s, struct module *m)
{
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
		    (type != STT_FUNC && type != STT_GNU_IFUNC))
			continue;
		struct msym *ms = &m->syms[k++];
		ms->start = addr;
		ms->end = sym.st_size ? addr + sym.st_size : 0;
		ms->limit = UINT64_MAX;
		GElf_Shdr shdr;
		Elf_Scn *scn = ms->end == 0 && elf && shndx < SHN_LORESERVE ? elf_getscn(elf, shndx) : NULL;
		if (scn && gelf_getshdr(scn, &shdr) && (shdr.sh_flags & SHF_ALLOC) &&
		    addr >= shdr.sh_addr + bias && addr < shdr.sh_addr + bias + shdr.sh_size)
			ms->limit = shdr.sh_addr + bias + shdr.sh_size;
		/* .dynsym names carry their version ("fclose@@GLIBC_2.2.5"): drop it. */
		const char *at = strchr(name, '@');
		ms->name = at && at > name ? fk_arena_strndup(&s->arena, name, (size_t)(at - name)) : name;
		int bind = GELF_ST_BIND(sym.st_info);
		ms->rank = (bind == STB_GLOBAL ? 0 : bind == STB_WEAK ? 1 : 2) +
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

/* Load the ELF file at path into m (m->status says how it went). */
static void
module_load(struct fk_symbolizer *s, struct module *m, const char *path)
{
	m->status = FK_SYM_MISSING;
	int fd = open_regular(path);
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
	s->opened++;
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
	if (load_symbols(s, m) == 0) {
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
 * The module for key: a full path, or with by_base a base name looked up
 * in the search path and the system directories.  Opened once.
 */
static struct module *
module_get(struct fk_symbolizer *s, const char *key, size_t keylen, int by_base)
{
	for (size_t i = 0; i < s->nmods; i++)
		if (strlen(s->mods[i].key) == keylen &&
		    memcmp(s->mods[i].key, key, keylen) == 0)
			return &s->mods[i];
	FK_GROW(s->mods, s->capmods, s->nmods + 1, 16);
	struct module *m = &s->mods[s->nmods++];
	memset(m, 0, sizeof *m);
	m->key = fk_xmalloc(keylen + 1);
	memcpy(m->key, key, keylen);
	m->key[keylen] = '\0';
	m->status = FK_SYM_MISSING;
	if (!by_base) {
		module_load(s, m, m->key);
		return m;
	}
	if (memchr(key, '/', keylen) != NULL) {
		module_load(s, m, m->key);
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
		if (m->dwfl != NULL) {
			dwfl_end(m->dwfl);
			m->dwfl = NULL;
		}
		FK_FREE(m->loads);
		FK_FREE(m->syms);
		m->nloads = m->nsyms = 0;
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
			buf_name(s, d, strlen(d));
			free(d);
			return;
		}
	}
	buf_name(s, name, strlen(name));
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
		buf_add(s, ":", 1);
		buf_str(s, file ? (strrchr(file, '/') ? strrchr(file, '/') + 1 : file) : "??");
		buf_str(s, num);
		return;
	}
	if (file == NULL || line <= 0)
		return;
	const char *b = strrchr(file, '/');
	char num[24];
	snprintf(num, sizeof num, ":%d", line);
	buf_add(s, ":", 1);
	buf_str(s, b ? b + 1 : file);
	buf_str(s, num);
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
 * Resolve a file address in m into s->buf: the symbol, and with --inline
 * the inline chain below it (outermost first).
 */
static int
resolve_elf(struct fk_symbolizer *s, struct module *m, uint64_t off,
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

	const char *name = symbol_at(m, addr, 0);
	if (name == NULL)
		return FK_SYM_RANGE;
	const char *elf_name = NULL;    /* --compat=perl: the innermost frame's fallback */
	int c_plain = 0;

	/* The inline chain, innermost first, from the DWARF scopes. */
	enum { MAXCHAIN = 64 };
	Dwarf_Die chain[MAXCHAIN];
	size_t nchain = 0;
	Dwarf_Die *scopes = NULL;
	Dwarf_Die *cudie = NULL;
	if (s->o.inline_frames || s->o.lines) {
		Dwarf_Addr dbias;
		cudie = dwfl_module_addrdie(m->mod, addr, &dbias);
		if (cudie != NULL && s->o.inline_frames) {
			/*
			 * dwarf_getscopes() continues past the innermost inlined
			 * instance into its abstract definition; the concrete
			 * chain comes from the scopes around that instance.
			 */
			int n = dwarf_getscopes(cudie, addr - dbias, &scopes);
			int i = 0;
			while (i < n && dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine &&
			    dwarf_tag(&scopes[i]) != DW_TAG_subprogram)
				i++;
			if (i < n && dwarf_tag(&scopes[i]) == DW_TAG_inlined_subroutine) {
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
			/*
			 * scopes[i] is the function holding the address.  addr2line
			 * names a frame by its DWARF linkage name when it has one
			 * (C++); otherwise the innermost frame by the symbol table and
			 * the others by their DWARF names: so does --compat=perl.
			 */
			if (s->o.compat_perl && i < n && dwarf_tag(&scopes[i]) == DW_TAG_subprogram) {
				c_plain = unmangled_lang(cudie);
				const char *ln = linkage_name(&scopes[i], c_plain);
				const char *dn = nchain > 0 ? dwarf_diename(&scopes[i]) : NULL;
				elf_name = name;
				name = ln ? ln : dn ? dn : name;
			}
		}
	}
	/* Source position of the address itself (innermost frame). */
	const char *leaf_file = NULL;
	int leaf_line = 0;
	if (s->o.lines) {
		Dwfl_Line *l = dwfl_module_getsrc(m->mod, addr);
		if (l != NULL)
			leaf_file = dwfl_lineinfo(l, NULL, &leaf_line, NULL, NULL, NULL);
	}

	s->len = 0;
	add_name(s, name);
	if (nchain > 0)
		add_fileline(s, call_file(cudie, &chain[nchain - 1]),
		    call_line(&chain[nchain - 1]));
	else
		add_fileline(s, leaf_file, leaf_line);
	buf_add(s, annot, annotlen);
	for (size_t k = nchain; k-- > 0;) {
		const char *in = die_name(&chain[k]);
		if (k == 0 && elf_name != NULL && linkage_name(&chain[k], c_plain) == NULL)
			in = elf_name;
		buf_add(s, ";", 1);
		add_name(s, in ? in : "??");
		if (k > 0)
			add_fileline(s, call_file(cudie, &chain[k - 1]),
			    call_line(&chain[k - 1]));
		else
			add_fileline(s, leaf_file, leaf_line);
		if (annotlen > 0)
			buf_add(s, annot, annotlen);
		else if (!s->o.compat_perl)
			buf_add(s, "_[i]", 4);
	}
	free(scopes);
	return FK_SYM_RESOLVED;
}

static int
load_kallsyms(struct fk_symbolizer *s)
{
	if (s->kallsyms_status >= 0)
		return s->kallsyms_status;
	const char *path = s->o.kallsyms ? s->o.kallsyms : "/proc/kallsyms";
	/* /proc/kallsyms reports size 0 but is read like a regular file. */
	FILE *fp = fopen_regular(path);
	s->kallsyms_status = FK_SYM_MISSING;
	if (fp == NULL)
		return s->kallsyms_status;
	s->kallsyms = fk_symmap_new();
	size_t bad;
	int rc = fk_symmap_read_kallsyms(s->kallsyms, fp, &bad);
	fclose(fp);
	if (rc < 0) {
		fk_error_clear();
		return s->kallsyms_status;
	}
	if (fk_symmap_size(s->kallsyms) == 0 || fk_symmap_restricted(s->kallsyms))
		s->kallsyms_status = FK_SYM_NOSYMS;
	else
		s->kallsyms_status = FK_SYM_RESOLVED;
	return s->kallsyms_status;
}

static int
resolve_symmap(struct fk_symbolizer *s, struct fk_symmap *map, uint64_t addr,
    const char *annot, size_t annotlen)
{
	size_t n;
	const char *name = fk_symmap_lookup(map, addr, &n);
	if (name == NULL)
		return FK_SYM_RANGE;
	s->len = 0;
	char *d = s->o.demangle ? fk_demangle(name, n) : NULL;
	if (d != NULL) {
		buf_name(s, d, strlen(d));
		free(d);
	} else {
		buf_name(s, name, n);
	}
	buf_add(s, annot, annotlen);
	return FK_SYM_RESOLVED;
}

static struct fk_symmap *
perfmap_get(struct fk_symbolizer *s, long pid)
{
	for (size_t i = 0; i < s->npmaps; i++)
		if (s->pmaps[i].pid == pid)
			return s->pmaps[i].map;
	s->pmaps = fk_xrealloc(s->pmaps, (s->npmaps + 1) * sizeof *s->pmaps);
	struct pidmap *p = &s->pmaps[s->npmaps++];
	p->pid = pid;
	p->map = NULL;
	char path[PATH_MAX];
	int n = snprintf(path, sizeof path, "%s/perf-%ld.map",
	    s->o.perf_map_dir ? s->o.perf_map_dir : "/tmp", pid);
	if (n < 0 || (size_t)n >= sizeof path)
		return NULL;
	FILE *fp = fopen_regular(path);
	if (fp == NULL)
		return NULL;
	p->map = fk_symmap_new();
	size_t bad;
	if (fk_symmap_read_perfmap(p->map, fp, &bad) < 0) {
		fk_error_clear();
	}
	fclose(fp);
	return p->map;
}

/* "perf-PID.map" at the end of a module name: the pid, else -1. */
static long
perfmap_pid(const char *mod, size_t n)
{
	const char *b = mod + n;
	while (b > mod && b[-1] != '/')
		b--;
	size_t bn = (size_t)(mod + n - b);
	if (bn < 10 || memcmp(b, "perf-", 5) != 0 || memcmp(mod + n - 4, ".map", 4) != 0)
		return -1;
	long pid = 0;
	for (const char *p = b + 5; p < mod + n - 4; p++) {
		if (!fk_is_digit(*p) || pid > 100000000)
			return -1;
		pid = pid * 10 + (*p - '0');
	}
	return pid;
}

long
fk_symbolize_root_pid(const char *frame, size_t len)
{
	const char *e = frame + len;
	const char *p = e;
	while (p > frame && fk_is_digit(p[-1]))
		p--;
	if (p > frame && p < e && p[-1] == '/') {
		/* comm-PID/TID: skip the thread id */
		e = p - 1;
		p = e;
		while (p > frame && fk_is_digit(p[-1]))
			p--;
	}
	if (p == e || p == frame || p[-1] != '-' || e - p > 9)
		return -1;
	long pid = 0;
	for (; p < e; p++)
		pid = pid * 10 + (*p - '0');
	return pid;
}

struct addr_frame {
	const char *mod;
	size_t modlen;
	uint64_t addr;
	int by_base;            /* Perl style: module given by base name */
	size_t annotlen;        /* trailing "_[x]" kept */
	const char *name;       /* NAME'MODULE+0xADDR': perf's name, else NULL */
	size_t namelen;
};

static int
hexval(const char *p, const char *e, uint64_t *out)
{
	if (p == e || e - p > 16)
		return -1;
	uint64_t v = 0;
	for (; p < e; p++) {
		unsigned c = (unsigned char)*p;
		if (c >= '0' && c <= '9')
			v = v << 4 | (c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v << 4 | (c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v << 4 | (c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t
annotation_len(const char *f, size_t n)
{
	if (n > 4 && f[n - 4] == '_' && f[n - 3] == '[' && f[n - 1] == ']' &&
	    strchr("kjiw", f[n - 2]) != NULL)
		return 4;
	return 0;
}

/* Recognise the two address encodings.  @return 1 when f is one. */
static int
parse_addr_frame(const char *f, size_t n, struct addr_frame *a)
{
	a->annotlen = annotation_len(f, n);
	a->name = NULL;
	a->namelen = 0;
	size_t m = n - a->annotlen;
	/*
	 * NAME'MODULE+0xHEX' (flame-collapse --keep-addrs=all): NAME is a
	 * tidied perf name, which never holds a quote, so the first quote ends
	 * it; the address is the hex run before the closing quote.
	 */
	const char *q = m >= 6 && f[m - 1] == '\'' ? memchr(f, '\'', m - 1) : NULL;
	if (q != NULL) {
		const char *e = f + m - 1, *h = e;
		while (h > q + 1 && fk_is_xdigit(h[-1]))
			h--;
		if (h - (q + 1) < 4 || h[-1] != 'x' || h[-2] != '0' || h[-3] != '+' ||
		    hexval(h, e, &a->addr) < 0)
			return 0;
		a->name = f;
		a->namelen = (size_t)(q - f);
		a->mod = q + 1;
		a->modlen = (size_t)(h - 3 - (q + 1));
		a->by_base = 0;
		return 1;
	}
	if (m > 5 && f[0] == '[' && f[m - 1] == ']' && f[m - 2] == '>') {
		const char *lt = NULL;
		for (size_t i = m - 2; i-- > 1;)
			if (f[i] == '<' && f[i - 1] == ' ') {
				lt = f + i;
				break;
			}
		if (lt != NULL && lt - 1 > f + 1 &&
		    hexval(lt + 1, f + m - 2, &a->addr) == 0) {
			a->mod = f + 1;
			a->modlen = (size_t)(lt - 1 - (f + 1));
			a->by_base = 1;
			return 1;
		}
	}
	/* MODULE+0xHEX, MODULE a path or a [bracketed] name */
	if (m > 4 && (f[0] == '/' || f[0] == '[')) {
		for (size_t i = m; i-- > 1;) {
			if (f[i] == '+')
				break;
			if (f[i] == 'x' && f[i - 1] == '0' && i >= 2 && f[i - 2] == '+') {
				if (hexval(f + i + 1, f + m, &a->addr) < 0)
					return 0;
				a->mod = f;
				a->modlen = i - 2;
				a->by_base = 0;
				return a->modlen > 0;
			}
		}
	}
	return 0;
}

static int
is_kernel_mod(const char *mod, size_t n)
{
	return (n == 17 && memcmp(mod, "[kernel.kallsyms]", 17) == 0) ||
	    (n >= 9 && memcmp(mod, "[kernel.", 8) == 0);
}

static int
is_unknown_mod(const char *mod, size_t n)
{
	return (n == 9 && memcmp(mod, "[unknown]", 9) == 0) ||
	    (n == 7 && memcmp(mod, "unknown", 7) == 0);
}

static int resolve_addr(struct fk_symbolizer *s, const struct addr_frame *a,
    const char *annot, long pid, int *pid_used);

/*
 * Resolve uncached: sets s->buf on success, and for an unresolved
 * NAME'MODULE+0xADDR' frame to its fallback (*fallback set).
 */
static int
resolve(struct fk_symbolizer *s, const char *f, size_t n, long pid, int *pid_used,
    int *fallback)
{
	struct addr_frame a;
	*pid_used = 0;
	*fallback = 0;
	if (!parse_addr_frame(f, n, &a)) {
		if (s->o.demangle && n > 2 && f[0] == '_' && (f[1] == 'Z' || f[1] == 'R')) {
			char *d = fk_demangle(f, n);
			if (d == NULL)
				return FK_SYM_PLAIN;
			s->len = 0;
			buf_name(s, d, strlen(d));
			free(d);
			return FK_SYM_RESOLVED;
		}
		return FK_SYM_PLAIN;
	}
	const char *annot = f + n - a.annotlen;
	int st = resolve_addr(s, &a, annot, pid, pid_used);
	if (st != FK_SYM_RESOLVED && a.name != NULL) {
		/* Never a bare address: perf's own name, demangled like a plain frame. */
		char *d = s->o.demangle && a.namelen > 2 && a.name[0] == '_' &&
		    (a.name[1] == 'Z' || a.name[1] == 'R') ? fk_demangle(a.name, a.namelen) : NULL;
		s->len = 0;
		if (d != NULL)
			buf_name(s, d, strlen(d));
		else
			buf_add(s, a.name, a.namelen);
		free(d);
		buf_add(s, annot, a.annotlen);
		*fallback = 1;
	}
	return st;
}

static int
resolve_addr(struct fk_symbolizer *s, const struct addr_frame *ap, const char *annot,
    long pid, int *pid_used)
{
	const struct addr_frame a = *ap;
	if (is_kernel_mod(a.mod, a.modlen) ||
	    (is_unknown_mod(a.mod, a.modlen) && a.addr >= KERNEL_START)) {
		int st = load_kallsyms(s);
		if (st != FK_SYM_RESOLVED)
			return st;
		return resolve_symmap(s, s->kallsyms, a.addr, annot, a.annotlen);
	}
	long mpid = perfmap_pid(a.mod, a.modlen);
	if (mpid < 0 && is_unknown_mod(a.mod, a.modlen) && a.name == NULL) {
		*pid_used = 1;
		mpid = pid;
	}
	if (mpid >= 0 || is_unknown_mod(a.mod, a.modlen)) {
		struct fk_symmap *map = mpid >= 0 ? perfmap_get(s, mpid) : NULL;
		if (map == NULL)
			return FK_SYM_MISSING;
		return resolve_symmap(s, map, a.addr, annot, a.annotlen);
	}
	if (a.modlen == 0 || a.mod[0] == '[')
		return FK_SYM_MISSING;   /* [vdso], [heap] and the like */
	struct module *m = module_get(s, a.mod, a.modlen, a.by_base);
	if (m->status != FK_SYM_RESOLVED)
		return m->status;
	return resolve_elf(s, m, a.addr, annot, a.annotlen);
}

static void
cache_grow(struct fk_symbolizer *s)
{
	size_t ncap = s->capcache * 2;
	struct cached *nc = fk_xcalloc(ncap, sizeof *nc);
	for (size_t i = 0; i < s->capcache; i++) {
		if (s->cache[i].key == NULL)
			continue;
		size_t j = s->cache[i].hash & (ncap - 1);
		while (nc[j].key != NULL)
			j = (j + 1) & (ncap - 1);
		nc[j] = s->cache[i];
	}
	free(s->cache);
	s->cache = nc;
	s->capcache = ncap;
}

static int
may_use_pid(const char *f, size_t n)
{
	/* Only [unknown] frames depend on the stack's pid. */
	return n > 7 && (memcmp(f, "[unknown", 8) == 0 || memcmp(f, "unknown", 7) == 0);
}

int
fk_symbolizer_frame(struct fk_symbolizer *s, const char *frame, size_t len,
    long pid, const char **out, size_t *outlen)
{
	long kpid = may_use_pid(frame, len) ? pid : -1;
	uint64_t h = fk_hash_bytes(frame, len, (uint64_t)kpid);
	size_t i = h & (s->capcache - 1);
	for (; s->cache[i].key != NULL; i = (i + 1) & (s->capcache - 1)) {
		struct cached *c = &s->cache[i];
		if (c->hash == h && c->keylen == len && c->pid == kpid &&
		    memcmp(c->key, frame, len) == 0) {
			*out = c->out;
			*outlen = c->outlen;
			return c->status;
		}
	}
	int pid_used, fallback;
	int st = resolve(s, frame, len, pid, &pid_used, &fallback);
	if (2 * (s->ncache + 1) > s->capcache) {
		cache_grow(s);
		i = h & (s->capcache - 1);
		while (s->cache[i].key != NULL)
			i = (i + 1) & (s->capcache - 1);
	}
	struct cached *c = &s->cache[i];
	c->hash = h;
	c->pid = kpid;
	c->key = fk_arena_strndup(&s->arena, frame, len);
	c->keylen = len;
	c->status = st;
	c->out = NULL;
	c->outlen = 0;
	if (st == FK_SYM_RESOLVED || fallback) {
		c->out = fk_arena_strndup(&s->arena, s->buf ? s->buf : "", s->len);
		c->outlen = s->len;
	}
	s->ncache++;
	*out = c->out;
	*outlen = c->outlen;
	return st;
}

struct run {
	struct fk_symbolizer *s;
	struct fk_stack_table *t;
	struct fk_symbolize_stats *st;
	char *buf;
	size_t cap;
};

static int
on_stack(void *ctx, char *stack, size_t len, const struct fk_num *counts, int ncols)
{
	struct run *r = ctx;
	if (r->t == NULL)
		r->t = fk_stack_table_new(ncols);
	double w = fk_num_double(counts[0]);
	if (ncols == 2)
		w += fk_num_double(counts[1]);
	r->st->lines++;
	r->st->total_weight += w;

	long pid = -1;
	size_t pos = 0, olen = 0;
	const char *f;
	size_t fl;
	int first = 1;
	int why_seen[FK_SYM_NWHY] = { 0 };
	while (fk_folded_next_frame(stack, len, &pos, &f, &fl)) {
		if (first)
			pid = fk_symbolize_root_pid(f, fl);
		const char *rep = f;
		size_t rlen = fl;
		const char *o;
		size_t on;
		int sst = fk_symbolizer_frame(r->s, f, fl, pid, &o, &on);
		if (sst == FK_SYM_RESOLVED) {
			rep = o;
			rlen = on;
			if (f[0] == '_')
				r->st->demangled++;
			else {
				r->st->frames++;
				r->st->resolved++;
			}
		} else if (sst != FK_SYM_PLAIN) {
			if (o != NULL) {
				rep = o;
				rlen = on;
			}
			r->st->frames++;
			r->st->unresolved[sst]++;
			why_seen[sst] = 1;
		}
		FK_GROW(r->buf, r->cap, olen + rlen + 2, 4096);
		if (!first)
			r->buf[olen++] = ';';
		memcpy(r->buf + olen, rep, rlen);
		olen += rlen;
		first = 0;
	}
	for (int k = 0; k < FK_SYM_NWHY; k++)
		if (why_seen[k])
			r->st->weight[k] += w;
	return fk_stack_table_add(r->t, r->buf ? r->buf : "", olen, counts);
}

int
fk_symbolize_run(const struct fk_symbolize_opts *opts,
    const struct fk_input *in, size_t nin, FILE *out,
    struct fk_symbolize_stats *st)
{
	/* Every operand failed to open: there is nothing to write, not an empty result. */
	if (nin == 0)
		return fk_error("no input could be read");
	struct fk_symbolize_stats local;
	if (st == NULL)
		st = &local;
	memset(st, 0, sizeof *st);
	struct run r = { .s = fk_symbolizer_new(opts), .st = st };
	int ncols = 0;
	struct fk_folded_stats fst;
	int rc = fk_folded_read(in, nin, &ncols, 0, on_stack, &r, &fst);
	st->distinct = r.s->ncache;
	st->modules = r.s->opened;
	if (rc == 0 && r.t != NULL)
		rc = fk_stack_table_write(r.t, out, 1);
	fk_stack_table_free(r.t);
	fk_symbolizer_free(r.s);
	free(r.buf);
	return rc;
}

char *
fk_symbolize_summary(const struct fk_symbolize_stats *st, char *buf, size_t size)
{
	static const char *const why[FK_SYM_NWHY] = {
		[FK_SYM_MISSING] = "module missing",
		[FK_SYM_NOSYMS] = "no symbols",
		[FK_SYM_RANGE] = "address out of range",
	};
	uint64_t left = 0;
	for (int k = 1; k < FK_SYM_NWHY; k++)
		left += st->unresolved[k];
	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (left == 0)
		return buf;
	size_t n = 0;
	int w = snprintf(buf, size, "%" PRIu64 " of %" PRIu64 " address frames unresolved",
	    left, st->frames);
	for (int k = 1; k < FK_SYM_NWHY && w >= 0 && (n += (size_t)w) < size; k++) {
		if (st->unresolved[k] == 0) {
			w = 0;
			continue;
		}
		double pct = st->total_weight > 0 ? 100.0 * st->weight[k] / st->total_weight : 0;
		double wt = st->weight[k];
		int whole = wt < 1e15 && wt == (double)(uint64_t)wt;
		w = snprintf(buf + n, size - n, whole
		    ? "; %s: %" PRIu64 " frames in stacks of weight %.0f (%.1f%%)"
		    : "; %s: %" PRIu64 " frames in stacks of weight %.6g (%.1f%%)",
		    why[k], st->unresolved[k], wt, pct);
	}
	return buf;
}
