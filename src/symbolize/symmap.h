/*
 * symmap.h -- address -> name maps read from text: kallsyms and perf maps.
 *
 * /proc/kallsyms and System.map: "ADDR TYPE NAME [module]" per line; only
 * text symbols (t, T, w, W) are kept and each one ends where the next
 * begins.  perf JIT maps (/tmp/perf-PID.map): "START SIZE NAME" in hex per
 * line; a later line covering the same address wins, as in perf.
 */
#ifndef FK_SYMMAP_H
#define FK_SYMMAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct fk_symmap;

struct fk_symmap *fk_symmap_new(void);
/* Accepts NULL. */
void fk_symmap_free(struct fk_symmap *m);

/*
 * Read a kallsyms or System.map text.  Lines that do not parse are skipped
 * and counted in the return value's *bad.
 * @return 0, or -1 (recorded) on a read error.
 */
int fk_symmap_read_kallsyms(struct fk_symmap *m, FILE *fp, size_t *bad);
/*
 * The same from descriptor fd (not closed), mapped when it is a regular
 * file: the map keeps the text, not a copy of each name.  A map reads one
 * kallsyms, once.
 */
int fk_symmap_load_kallsyms(struct fk_symmap *m, int fd, size_t *bad);
/* Read a perf map file.  Same contract as fk_symmap_read_kallsyms(). */
int fk_symmap_read_perfmap(struct fk_symmap *m, FILE *fp, size_t *bad);

/* Number of symbols held. */
size_t fk_symmap_size(const struct fk_symmap *m);
/*
 * True when every address read was zero: kallsyms as seen by an
 * unprivileged user (kptr_restrict), which names nothing.
 */
int fk_symmap_restricted(const struct fk_symmap *m);

/*
 * The name covering addr, or NULL when no symbol does.  Owned by the map,
 * valid until fk_symmap_free().  *len gets its length.
 */
const char *fk_symmap_lookup(struct fk_symmap *m, uint64_t addr, size_t *len);

#endif
