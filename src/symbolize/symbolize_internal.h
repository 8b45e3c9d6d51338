/*
 * symbolize_internal.h -- private to the symbolizer (symbolize*.c,
 * elfmod.c): the symbolizer's state, the reply buffer helpers both files
 * inline, and the functions called across files (fk__*).
 *
 * The modules:
 *   symbolize.c  the symbolizer object, kallsyms and perf-map lookups,
 *                address-frame parsing, the per-frame cache, the folded run
 *   elfmod.c     ELF modules: finding and opening module and debug files,
 *                their sorted symbol tables, DWARF inline chains, file:line
 *   debugfind.c  where copies and debug files are found by build-id
 */
#ifndef FK_SYMBOLIZE_INTERNAL_H
#define FK_SYMBOLIZE_INTERNAL_H

#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "symbolize/cumap.h"
#include "symbolize/fnmap.h"
#include "symbolize/symbolize.h"
#include "symbolize/symmap.h"

/*
 * The fk__* functions are internal to the library: hidden, so that code
 * compiled position-independent calls them directly, as it calls a
 * static function.
 */
#pragma GCC visibility push(hidden)

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
	char *bid;              /* build-id recorded with its frames (hex), or NULL */
	char *path;             /* the file used, or NULL */
	char *looked;           /* where copies were looked for and why each was not used */
	const char *symsrc;     /* where its symbols came from (static text), or NULL */
	int fetched;            /* its debug file came from debuginfod */
	char *debug_hint;       /* a debug file found by build-id, handed to libdwfl */
	int debug_only;         /* the file is a debug file: no file offsets to map */
	uint64_t unnamed;       /* distinct addresses no symbol covered */
	struct msym *syms;      /* sorted by start; libdwfl's own lookup is linear */
	size_t nsyms;
	int status;             /* FK_SYM_RESOLVED when usable */
	Dwfl *dwfl;
	Dwfl_Module *mod;
	GElf_Addr bias;
	GElf_Phdr *loads;
	size_t nloads;
	/*
	 * Address -> compile unit from the units' own ranges, built on the
	 * first address libdw's .debug_aranges lookup misses (Go binaries).
	 */
	struct fk_cumap cus;
	int cus_built;
	Dwarf *dw;              /* the module's DWARF when cus is built */
	struct fk_fnmaps *fns;  /* --inline: each unit's functions, built on first use */
	Dwarf_Addr dwbias;
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
/* Append n bytes at p to s->buf (kept NUL-terminated). */
static inline void
fk__buf_add(struct fk_symbolizer *s, const char *p, size_t n)
{
	FK_GROW(s->buf, s->cap, s->len + n + 1, 256);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

static inline void
fk__buf_str(struct fk_symbolizer *s, const char *p)
{
	fk__buf_add(s, p, strlen(p));
}

/* Append a name; ';' separates frames, so a name's own ';' becomes ':' (as the Perl tools do). */
static inline void
fk__buf_name(struct fk_symbolizer *s, const char *p, size_t n)
{
	size_t at = s->len;
	fk__buf_add(s, p, n);
	for (char *c = s->buf + at; (c = memchr(c, ';', (size_t)(s->buf + s->len - c))) != NULL;)
		*c++ = ':';
}

/* ---- elfmod.c ---------------------------------------------------------- */

/*
 * Open path read-only if it is a regular file outside /proc (but
 * /proc/kallsyms).  @return the descriptor, or -1.
 */
int fk__open_regular(const char *path);

/*
 * The module for key: a full path, or with by_base a base name looked up
 * in the search path and the system directories.  With a build-id (bid,
 * bidlen hex digits), a file with another build-id is not used, and when
 * the file is absent or differs, copies are looked for by build-id
 * (debugfind.h).  Opened once per key and build-id; owned by s (valid
 * until the next call, which may move s->mods).  Its status is
 * FK_SYM_RESOLVED when usable.
 */
struct module *fk__module_get(struct fk_symbolizer *s, const char *key, size_t keylen,
    int by_base, const char *bid, size_t bidlen);

/* Free what m holds. */
void fk__module_release(struct module *m);

/*
 * libdwfl's find_debuginfo callback: the debug file found by build-id for
 * the module (its userdata) if any, else libdwfl's standard search.
 */
int fk__find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
    GElf_Addr base, const char *file_name, const char *debuglink_file,
    GElf_Word debuglink_crc, char **debuginfo_file_name);

/*
 * Resolve perf's module-relative address off in m (status FK_SYM_RESOLVED)
 * into s->buf: the symbol, and with --inline the inline chain below it
 * (outermost first), each followed by annot.  @return an FK_SYM_* status.
 */
int fk__resolve_elf(struct fk_symbolizer *s, struct module *m, uint64_t off,
    const char *annot, size_t annotlen);

/* The same for an address in the module's own address space (a vmlinux). */
int fk__resolve_elf_addr(struct fk_symbolizer *s, struct module *m, uint64_t addr,
    const char *annot, size_t annotlen);

#pragma GCC visibility pop

#endif
