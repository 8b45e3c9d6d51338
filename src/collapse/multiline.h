/*
 * multiline.h -- what the text formats with one frame a line share.
 *
 * DTrace and SystemTap print an aggregation keyed by a stack as the
 * frames, leaf first, one a line, followed by a line holding only the
 * count (stackcollapse.pl and stackcollapse-stap.pl read them the same
 * way); bpftrace and jstack differ more and have loops of their own
 * (bpftrace.h, jstack.h).  All four report through the same statistics.
 */
#ifndef FK_MULTILINE_H
#define FK_MULTILINE_H

#include <stddef.h>
#include <stdint.h>

#include "collapse/framebuf.h"
#include "core/reader.h"
#include "core/stack_table.h"

struct fk_multiline_stats {
	uint64_t stacks;      /* records counted */
	uint64_t bad;         /* records or lines skipped, each reported with fk_warn() */
	uint64_t cut_short;   /* inputs not read to the end (a read error, a line too long) */
	uint64_t lines;       /* lines read from every input so far (Perl's $. over <>) */
	uint64_t other;       /* bpftrace, jstack: non-blank lines outside records, skipped
	                       * without a warning each (fk_collapse() warns when an input
	                       * has such lines and not one record) */
};

/* The root frame of a record that has a count but no frame (default mode). */
#define FK_MULTILINE_NO_STACK "[no stack]"

/*
 * Add one frame line s[0, n) (a line that is not a count line and not
 * blank) to b, leaf first; compat selects the Perl script's cleaning.
 */
typedef void fk_multiline_frame_fn(struct fk_framebuf *b, const char *s, size_t n, int compat);

struct fk_multiline_format {
	const char *name;               /* in messages: "DTrace", "SystemTap" */
	fk_multiline_frame_fn *frame;
	/*
	 * --compat=perl: lines skipped at the start of all input (Perl's
	 * $headerlines); the default mode skips only a DTrace header instead.
	 */
	unsigned compat_skip;
	int keep_semicolons;            /* --compat=perl keeps ';' in frames */
};

/*
 * /^\s*(\d+)+$/: blanks, then digits to the end of the line.
 * @return 1 with the digits in *digits and *len, else 0.
 */
int fk_multiline_count_line(const char *s, size_t n, const char **digits, size_t *len);

/* /^\s*$/. */
int fk_multiline_blank(const char *s, size_t n);

/* s[0, n) without leading (and, when trail is set, trailing) space; updates *n. */
const char *fk_multiline_trim(const char *s, size_t *n, int trail);

/*
 * The default mode's offset stripping: s[0, *n) without a trailing
 * "+0xHEX", "+0xHEX/0xHEX" or "+DIGITS" (a '+' elsewhere, as in
 * "libstdc++.so", stays).  @return 1 when something was stripped.
 */
int fk_multiline_strip_offset(const char *s, size_t *n);

/*
 * Fold a frames-then-count input from r into t, adding to *st (zeroed by
 * the caller once for all inputs).  The default mode also skips a DTrace
 * header ("CPU ID FUNCTION:NAME" and its probe line) and counts a record
 * without frames under FK_MULTILINE_NO_STACK.  Frames left without a
 * count at the end of the input are reported with fk_warn() (st->bad).  A
 * read error or a line over the limit ends the input (fk_warn(),
 * st->cut_short); what was read before it counts.
 * @return 0, or -1 (recorded, naming file and line) when a count overflows.
 */
int fk_multiline_collapse(const struct fk_multiline_format *f, int compat, struct fk_reader *r,
    struct fk_stack_table *t, struct fk_multiline_stats *st);

/*
 * Add count digits[0, len) to key in t.
 * @return 0, or -1 (recorded with the reader's file and line) on overflow.
 */
int fk_multiline_add(struct fk_stack_table *t, const char *key, size_t keylen,
    const char *digits, size_t len, const struct fk_reader *r);

#endif
