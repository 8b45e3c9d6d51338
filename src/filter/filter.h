/*
 * filter.h -- pcre2 pattern sets, substitutions and a frame memo, shared by
 * flame-focus and flame-trim.
 *
 * Every pattern is compiled once (with the JIT when available) and matched
 * against one frame at a time, never against a whole stack.  Real profiles
 * hold few distinct frame names among many frame occurrences, so callers
 * keep the answer per distinct frame in a memo (fk_filter_memo_*) and match
 * each name once.
 */
#ifndef FK_FILTER_H
#define FK_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "core/folded.h"
#include "core/stack_table.h"

/* Flags for every pattern of a set. */
#define FK_FILTER_ICASE   0x1u  /* ignore case */
#define FK_FILTER_EXACT   0x2u  /* the pattern must match the whole frame */
#define FK_FILTER_LITERAL 0x4u  /* the pattern is a fixed string */

struct fk_filter;

/* An empty set with the given FK_FILTER_* flags.  Never NULL. */
struct fk_filter *fk_filter_new(unsigned flags);
/* Accepts NULL. */
void fk_filter_free(struct fk_filter *f);

/*
 * Compile pattern (NUL-terminated) and add it to the set.
 * @return 0, or -1 with code FK_ERR_USAGE and the message
 *         "bad pattern 'P': pcre2's message at offset N".
 */
int fk_filter_add(struct fk_filter *f, const char *pattern);

/* Number of patterns; a NULL set has none. */
size_t fk_filter_size(const struct fk_filter *f);

/*
 * Does any pattern of the set match s[0, n)?  (Unanchored unless the set
 * has FK_FILTER_EXACT.)  An empty or NULL set matches nothing.
 * @return 1 on a match, 0 otherwise, -1 (recorded) when pcre2 fails, e.g.
 *         on a resource limit.
 */
int fk_filter_match(struct fk_filter *f, const char *s, size_t n);

/*
 * A substitution "s/RE/REPL/FLAGS" in sed's notation: any character after
 * the "s" is the delimiter, a backslash before it quotes it.  REPL follows
 * pcre2_substitute(): $1 or ${1} for a capture group, ${name} for a named
 * one, $$ for a dollar sign.  FLAGS: g (every match), i (ignore case),
 * x (extended pattern syntax).
 */
struct fk_filter_subst;

/*
 * Parse and compile expr.
 * @return the substitution (free with fk_filter_subst_free), or NULL with
 *         code FK_ERR_USAGE recorded.
 */
struct fk_filter_subst *fk_filter_subst_new(const char *expr);
/* Accepts NULL. */
void fk_filter_subst_free(struct fk_filter_subst *s);

/*
 * Apply the substitution to s[0, n).  The result goes into *buf (malloc'd,
 * grown as needed, owned by the caller) and its length into *outlen; the
 * text is copied unchanged when the pattern does not match.
 * @return 1 when something was replaced, 0 when not, -1 (recorded) on error.
 */
int fk_filter_subst_apply(struct fk_filter_subst *s, const char *in, size_t n,
    char **buf, size_t *cap, size_t *outlen);

/*
 * Memo: distinct byte strings (frame names) numbered 0, 1, 2... in order of
 * first sight, each with a caller-defined 64-bit value.  Keys are copied
 * into an arena; memory grows with distinct keys only.
 */
struct fk_filter_memo_entry {
	uint64_t hash;
	uint64_t value;      /* 0 when the entry is new; the caller's to set */
	uint32_t id;         /* insertion index */
	uint32_t len;
	char key[];          /* len bytes, NUL-terminated */
};

struct fk_filter_memo;

struct fk_filter_memo *fk_filter_memo_new(void);
/* Accepts NULL. */
void fk_filter_memo_free(struct fk_filter_memo *m);

/*
 * Find key, inserting it when absent (*added is then set to 1, else 0).
 * @return the entry, owned by the memo and valid until it is freed.
 */
struct fk_filter_memo_entry *fk_filter_memo_get(struct fk_filter_memo *m,
    const char *key, size_t len, int *added);

size_t fk_filter_memo_size(const struct fk_filter_memo *m);
/* The entry numbered id (< size). */
struct fk_filter_memo_entry *fk_filter_memo_at(const struct fk_filter_memo *m,
    uint32_t id);

/*
 * Read folded stacks from every input into a new table, merging identical
 * stacks (the first valid line fixes one or two columns).  Bad lines are
 * warned about (FILE:LINE) and skipped.  An input without stacks gives an
 * empty one-column table.
 * @return 0 with *out owned by the caller, or -1 (recorded).
 */
int fk_filter_read(const struct fk_input *in, size_t nin,
    struct fk_stack_table **out, struct fk_folded_stats *st);

#endif
