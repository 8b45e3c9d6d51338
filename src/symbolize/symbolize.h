/*
 * symbolize.h -- replace raw addresses in folded stacks with names.
 *
 * Frames it resolves (see flame-symbolize(1)):
 *   MODULE+0xADDR        flame-collapse --keep-addrs: MODULE is the full
 *                        path, ADDR the module-relative address perf prints
 *                        (a file offset); "[kernel.kallsyms]+0xADDR" holds an
 *                        absolute kernel address
 *   NAME'MODULE+0xADDR'  flame-collapse --keep-addrs[=all]: the same, with
 *                        perf's tidied NAME (which holds no quote) to fall
 *                        back to when the address does not resolve
 *   NAME'MODULE+0xADDR@BUILDID'
 *                        the same, with the build-id the module file had
 *                        where it was recorded: a file that differs is not
 *                        used, and copies are found by it
 *   [MODULE <ADDR>]      stackcollapse-perf.pl --addrs: MODULE is a base name
 *                        looked up in the search path
 *   perf-PID.map / [unknown] frames: JIT code from perf-PID.map
 *   _Z...                mangled C++ and Rust names (demangled)
 * An optional trailing annotation ("_[k]" and friends) is kept.  Frames it
 * cannot resolve are left exactly as they were.
 */
#ifndef FK_SYMBOLIZE_H
#define FK_SYMBOLIZE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/reader.h"

struct fk_symbolize_opts {
	const char *const *search_path;  /* directories for base-name modules */
	size_t nsearch;
	const char *const *debug_dirs;   /* extra debug-file roots, tried first */
	size_t ndebug;
	const char *kallsyms;            /* NULL: /proc/kallsyms */
	const char *perf_map_dir;        /* NULL: /tmp */
	const char *buildid_dir;         /* perf's build-id cache; NULL: $HOME/.debug */
	const char *vmlinux;             /* kernel image with symbols, before kallsyms */
	int inline_frames;               /* expand inline chains */
	int lines;                       /* append ":file:line" */
	int demangle;
	int compat_perl;                 /* no "_[i]" on inlined frames */
	int symbol_versions;             /* keep .dynsym versions, as perf shows them */
};

/* Why a frame stayed as it was. */
enum fk_sym_status {
	FK_SYM_RESOLVED = 0,
	FK_SYM_MISSING,      /* module (or kallsyms, perf map) not found or unreadable */
	FK_SYM_NOSYMS,       /* module has no symbols */
	FK_SYM_RANGE,        /* address outside the module's segments (or the map) */
	FK_SYM_UNNAMED,      /* no symbol covers the address (only .dynsym, say) */
	FK_SYM_BUILDID,      /* module file differs from the recorded build-id, no copy */
	FK_SYM_NWHY,
	FK_SYM_PLAIN = FK_SYM_NWHY  /* not an address frame: left alone */
};

struct fk_symbolize_stats {
	uint64_t lines;                         /* stack lines read */
	uint64_t frames;                        /* address frames seen */
	uint64_t resolved;                      /* of which resolved */
	uint64_t demangled;                     /* named frames demangled */
	uint64_t unresolved[FK_SYM_NWHY];       /* frames left, by reason */
	double weight[FK_SYM_NWHY];             /* count of stacks holding such frames */
	double total_weight;
	uint64_t distinct;                      /* distinct frames resolved or tried */
	uint64_t modules;                       /* modules opened */
	uint64_t fetched;                       /* debug files debuginfod supplied */
	/*
	 * Lines about modules left without names, where the symbols were
	 * looked for, and what debuginfod fetched ("" when nothing to say);
	 * malloc'd, freed by fk_symbolize_stats_release().
	 */
	char *notes;
};

/* Free what fk_symbolize_run() put in st (accepts a zeroed st). */
void fk_symbolize_stats_release(struct fk_symbolize_stats *st);

struct fk_symbolizer;

/* opts is copied (the strings it points to must outlive the symbolizer). */
struct fk_symbolizer *fk_symbolizer_new(const struct fk_symbolize_opts *opts);
/* Accepts NULL. */
void fk_symbolizer_free(struct fk_symbolizer *s);

/*
 * Resolve one frame.  pid is the process id the stack belongs to, or -1.
 * On FK_SYM_RESOLVED, *out and *outlen hold the replacement (one or more
 * frames joined by ';'), owned by the symbolizer and valid until it is
 * freed.  On any other status *out is the text that replaces the frame
 * anyway (perf's name for an unresolved NAME'MODULE+0xADDR' frame), or
 * NULL when the frame stays exactly as it was.  Results are cached per
 * frame text (and pid where it matters).
 * @return an enum fk_sym_status.
 */
int fk_symbolizer_frame(struct fk_symbolizer *s, const char *frame, size_t len,
    long pid, const char **out, size_t *outlen);

/* Modules opened so far. */
uint64_t fk_symbolizer_modules(const struct fk_symbolizer *s);

/*
 * The process id carried by a root frame "comm-PID" or "comm-PID/TID",
 * or -1.
 */
long fk_symbolize_root_pid(const char *frame, size_t len);

/*
 * Read folded stacks from every input, symbolize every frame, and write
 * the merged stacks sorted bytewise to out, after the inputs' header
 * (folded_header.h).  st may be NULL.
 * @return 0, or -1 (recorded) on a read or write error, or when nin is 0.
 */
int fk_symbolize_run(const struct fk_symbolize_opts *opts,
    const struct fk_input *in, size_t nin, FILE *out,
    struct fk_symbolize_stats *st);

/*
 * A one-line summary of what stayed unresolved ("" when everything was),
 * written into buf (truncated to size).  @return buf.
 */
char *fk_symbolize_summary(const struct fk_symbolize_stats *st, char *buf,
    size_t size);

#endif
