/*
 * unit.h -- what the counts of a profile measure, and figures that read well.
 *
 * flame-collapse names the unit of a profile whose counts are not plain
 * sample counts in the "# unit: VALUE" header line of flamekit-folded(5);
 * flame-graph reads it back to print "1.31 s" or "65.5 MB" instead of
 * "1,310,000,000 samples".  The values are pprof's unit names:
 * "nanoseconds", "microseconds", "milliseconds", "seconds" (time), "bytes",
 * or any other word for what is counted ("goroutines", "cycles").
 * Time scales from ns to s; bytes in powers of 1000 (SI: kB, MB, GB, TB).
 */
#ifndef FK_UNIT_H
#define FK_UNIT_H

#include <stddef.h>

/* Longest unit value kept, with its NUL. */
#define FK_UNIT_MAX 48

enum fk_unit_kind {
	FK_UNIT_NONE = 0,   /* plain counts of samples: no unit to show */
	FK_UNIT_TIME,       /* one count is `base` nanoseconds */
	FK_UNIT_BYTES,      /* one count is a byte */
	FK_UNIT_COUNT,      /* counts of something named: `name` ("goroutines") */
};

struct fk_unit {
	enum fk_unit_kind kind;
	double base;              /* TIME: nanoseconds per count; else 1 */
	char name[FK_UNIT_MAX];   /* the header value ("nanoseconds", "goroutines") */
};

/*
 * The unit a header value names (text[0, len), blanks around it ignored).
 * "count", "counts" and "samples" are plain counts (FK_UNIT_NONE).
 * @return 0, or -1 when the value is empty, longer than FK_UNIT_MAX - 1
 *         bytes or holds other characters than letters, digits, "_", "-"
 *         and "." (u is then FK_UNIT_NONE).
 */
int fk_unit_parse(struct fk_unit *u, const char *text, size_t len);

/*
 * The unit of a pprof sample type ("cpu", "nanoseconds"): time and bytes
 * as named; "count" (or no unit) is a count of the type's things, named by
 * the type's last word after "_" in the plural ("goroutine" ->
 * "goroutines", "alloc_objects" -> "objects"), except for types
 * of plain samples ("samples", "sample", "") that have no unit.  Other
 * unit names are counts of those.  @return 0, or -1 as fk_unit_parse().
 */
int fk_unit_from_pprof(struct fk_unit *u, const char *type, const char *unit);

/* Whether two units are the same (two FK_UNIT_NONE are). */
int fk_unit_same(const struct fk_unit *a, const struct fk_unit *b);

/*
 * v counts of u, readable: 3 significant figures in the unit that keeps
 * the figure under 1000 ("1.31 s", "65.5 MB", "950 µs"; seconds past 1000
 * stay seconds: "3,600 s"), counts exact with thousands separators and the
 * unit's name ("1,051 goroutines").  FK_UNIT_NONE: the exact count alone.
 * @return the length written to buf (NUL-terminated, truncated to size).
 */
size_t fk_unit_readable(const struct fk_unit *u, double v, char *buf, size_t size);

/*
 * v counts of u exactly, with thousands separators and the short name of
 * one count: "1,310,000,000 ns", "68,681,728 B", "1,051 goroutines".
 * Decimals keep up to 2 places.  @return as fk_unit_readable().
 */
size_t fk_unit_exact(const struct fk_unit *u, double v, char *buf, size_t size);

/*
 * The short name of one count: "ns", "µs", "ms", "s", "B", the count's
 * name, or "" for FK_UNIT_NONE.  Static.
 */
const char *fk_unit_symbol(const struct fk_unit *u);

#endif
