/*
 * perf_internal.h -- private to the `perf script` collapser (perf*.c): the
 * parser's state, the helpers its hot paths inline, and the functions the
 * modules call across files (fk__perf_*).
 *
 * The modules:
 *   perf.c         fk_perf_collapse(): the inputs as one stream, or -j
 *   perf_jobs.c    -j: one regular file folded by worker threads
 *   perf_parser.c  the parser's state, the line dispatcher and the read loop
 *   perf_event.c   event lines: the header, its fields, the event filter
 *   perf_frame.c   frame lines: Perl's frame rules, the frame line cache
 *   perf_stacks.c  interned frame names and distinct stacks
 *
 * A worker thread (perf_jobs.c) owns its parser; parsers share only the
 * options, which nothing writes.
 */
#ifndef FK_PERF_INTERNAL_H
#define FK_PERF_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "collapse/perf.h"
#include "core/arena.h"
#include "core/bigmem.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/reader.h"
#include "core/stack_table.h"
#include "symbolize/buildid.h"

/*
 * The fk__perf_* functions are internal to the library: hidden, so that
 * code compiled position-independent calls them directly, as it calls a
 * static function.
 */
#pragma GCC visibility push(hidden)

/* ---- small helpers ---------------------------------------------------- */

/* Character classes of Perl's regular expressions on bytes, by table lookup. */
enum { C_SPACE = 1, C_DIGIT = 2, C_WORD = 4, C_HEX = 8 };

static const unsigned char char_class[256] = {
	['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE,
	['\r'] = C_SPACE, [' '] = C_SPACE,
	['0'] = C_DIGIT | C_WORD | C_HEX, ['1'] = C_DIGIT | C_WORD | C_HEX,
	['2'] = C_DIGIT | C_WORD | C_HEX, ['3'] = C_DIGIT | C_WORD | C_HEX,
	['4'] = C_DIGIT | C_WORD | C_HEX, ['5'] = C_DIGIT | C_WORD | C_HEX,
	['6'] = C_DIGIT | C_WORD | C_HEX, ['7'] = C_DIGIT | C_WORD | C_HEX,
	['8'] = C_DIGIT | C_WORD | C_HEX, ['9'] = C_DIGIT | C_WORD | C_HEX,
	['a'] = C_WORD | C_HEX, ['b'] = C_WORD | C_HEX, ['c'] = C_WORD | C_HEX,
	['d'] = C_WORD | C_HEX, ['e'] = C_WORD | C_HEX, ['f'] = C_WORD | C_HEX,
	['A'] = C_WORD | C_HEX, ['B'] = C_WORD | C_HEX, ['C'] = C_WORD | C_HEX,
	['D'] = C_WORD | C_HEX, ['E'] = C_WORD | C_HEX, ['F'] = C_WORD | C_HEX,
	['g'] = C_WORD, ['h'] = C_WORD, ['i'] = C_WORD, ['j'] = C_WORD, ['k'] = C_WORD,
	['l'] = C_WORD, ['m'] = C_WORD, ['n'] = C_WORD, ['o'] = C_WORD, ['p'] = C_WORD,
	['q'] = C_WORD, ['r'] = C_WORD, ['s'] = C_WORD, ['t'] = C_WORD, ['u'] = C_WORD,
	['v'] = C_WORD, ['w'] = C_WORD, ['x'] = C_WORD, ['y'] = C_WORD, ['z'] = C_WORD,
	['G'] = C_WORD, ['H'] = C_WORD, ['I'] = C_WORD, ['J'] = C_WORD, ['K'] = C_WORD,
	['L'] = C_WORD, ['M'] = C_WORD, ['N'] = C_WORD, ['O'] = C_WORD, ['P'] = C_WORD,
	['Q'] = C_WORD, ['R'] = C_WORD, ['S'] = C_WORD, ['T'] = C_WORD, ['U'] = C_WORD,
	['V'] = C_WORD, ['W'] = C_WORD, ['X'] = C_WORD, ['Y'] = C_WORD, ['Z'] = C_WORD,
	['_'] = C_WORD,
};

static inline int
is_space(unsigned char c)
{
	return char_class[c] & C_SPACE;
}

static inline int
is_digit(unsigned char c)
{
	return char_class[c] & C_DIGIT;
}

static inline int
is_word(unsigned char c)
{
	return char_class[c] & C_WORD;
}

static inline int
is_hex(unsigned char c)
{
	return char_class[c] & C_HEX;
}

/*
 * Of a word read from memory with memcpy, in which some bytes are marked
 * (nonzero, or their high bit set): the index of the first marked byte.
 */
static inline size_t
first_marked_byte(uint64_t marks)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return (size_t)__builtin_clzll(marks) >> 3;
#else
	return (size_t)__builtin_ctzll(marks) >> 3;
#endif
}

struct u32vec {
	uint32_t *v;
	size_t n, cap;
};

/* Room for n more at the end: @return where they go (the caller fills them). */
static inline uint32_t *
u32vec_extend(struct u32vec *a, size_t n)
{
	/* Never NULL, even for n == 0: NULL + 0 is undefined. */
	if (__builtin_expect(a->n + n > a->cap || a->v == NULL, 0)) {
		while (a->n + n > a->cap || a->cap == 0)
			a->cap = a->cap ? a->cap * 2 : 256;
		a->v = fk_xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	uint32_t *d = a->v + a->n;
	a->n += n;
	return d;
}

static inline void
u32vec_push(struct u32vec *a, uint32_t x)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->v = fk_xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n++] = x;
}

/* A growable byte buffer for building frame text on cache misses. */
struct sbuf {
	char *s;
	size_t n, cap;
};

static inline void
sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		while (b->n + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 256;
		b->s = fk_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static inline void
sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

/* ---- interned frame names (perf_stacks.c) ------------------------------- */

struct name {
	const char *s;
	uint32_t len;
	uint64_t hash;
};

struct strtab {
	struct fk_arena arena;
	uint32_t *slots;     /* id + 1, 0 = empty */
	size_t mask;
	struct name *names;
	size_t n, cap;
};

void fk__perf_strtab_init(struct strtab *t);
void fk__perf_strtab_release(struct strtab *t);
/* The id of s[0, len), interned on first sight; names[id] stays put. */
uint32_t fk__perf_strtab_intern(struct strtab *t, const char *s, size_t len);

/* ---- frame line cache (perf_frame.c) ------------------------------------ */

/*
 * One cached frame line: its frame ids and then its key text, in one arena
 * block so that a hit touches one place.
 */
struct line_entry {
	uint64_t hash;
	struct line_entry *next;   /* the frame line that followed this one last time */
	uint32_t keylen;
	uint16_t nids;
	uint16_t srcline_n;    /* leading pieces that read a srcline line */
	uint8_t java;
	uint8_t bad;           /* not a frame line */
	uint8_t skip_after;    /* matches a --skip-after function */
	uint32_t ids[];        /* nids ids, then keylen bytes of key */
};

static inline const char *
line_entry_key(const struct line_entry *e)
{
	return (const char *)(e->ids + e->nids);
}

#define SLOT_PTR(x) ((struct line_entry *)(uintptr_t)((x) & 0xffffffffffffULL))
#define SLOT_TAG(h) ((h) & 0xffff000000000000ULL)

/* ---- the parser --------------------------------------------------------- */

struct fk_symbolizer;

struct stack_entry {
	uint64_t hash;
	uint32_t off, nids;    /* the frames below the root, leaf first, at parser.stack_ids + off */
	uint32_t root;         /* the process frame, or the rootmost frame kept by --skip-after */
	uint32_t used;         /* 0: an empty slot */
	int64_t count;
};

struct header {
	const char *comm, *pid, *tid;
	size_t commlen, pidlen, tidlen;
	size_t end;            /* just past the pid/tid */
};

/* What parse_fields() found after a time stamp, kept to skip the work next time. */
struct fields_cache {
	char *tail;              /* the text after the time stamp */
	size_t taillen, cap;
	int valid, ok;
	int hit;                 /* the last call was answered from the cache */
	int event_kept;          /* the cached text's event passed the event filter */
	int fresh;               /* the last call filled the cache */
	int64_t period;          /* parsed period for the cached text */
	int have_period;
	int have_per;
	size_t per_off, perlen, ev_off, evlen, rest_off, restlen;   /* relative to tail */
};

/* Recent headers: sets chosen by the first bytes of the line, of a few ways each. */
#define HEADER_SETS 16
#define HEADER_WAYS 4

/* A module file and its build-id ("" when it has none or cannot be read). */
struct module_bid {
	char *path;
	char hex[FK_BUILDID_MAX + 1];
	int recorded;           /* hex is the build-id a perf.data capture recorded */
};

struct parser {
	const struct fk_perf_opts *opt;
	struct fk_perf_stats *st;
	struct strtab names;

	struct fk_arena key_arena;
	/*
	 * Probe array of (hash tag << 32 | entry index + 1), 0 = empty: 8 bytes
	 * a slot keeps the hot part of the cache small.
	 */
	uint64_t *line_slots;          /* tag << 48 | entry pointer, 0 = empty */
	size_t lines_mask, nlines;
	struct u32vec piece_ids;

	struct stack_entry *stacks;
	size_t stacks_mask, nstacks;
	struct u32vec stack_ids;

	/* Current sample. */
	int pname_set;
	int java;
	uint32_t pname_id;
	int64_t period;
	struct u32vec cur;            /* frame ids, leaf first, pieces reversed */
	int skip_rest;                /* --skip-after matched: drop rootward frames */
	struct u32vec event_frame;    /* frame printed on the event line (no call graph) */

	/* srcline: pieces waiting for their source line. */
	uint32_t pend_off;
	uint16_t pend_n, pend_i, pend_total;
	int pend_skip;
	struct u32vec pend_ids;

	/* Event filter. */
	struct sbuf event;            /* the event type kept, once set (any length) */
	int event_set;
	int event_defaulted;

	struct sbuf tmp, tmp2;
	struct fk_symbolizer *sym;    /* --inline: made on the first frame line */
	struct sbuf enc;              /* --inline: the frame as --keep-addrs=all writes it */
	struct module_bid *bids;      /* --keep-addrs: build-ids of module files, read once */
	size_t nbids, capbids;
	struct sbuf last_pname;
	int last_pname_valid;
	uint32_t last_pname_id;
	struct fields_cache fields;
	struct line_entry *last;      /* the current sample's last frame line, or NULL */
	int strong_hash;              /* frame lines collided: hash their whole text */
	/*
	 * Recent headers (text up to the pid/tid) and their process frames:
	 * samples of a few threads interleave.  A header whose fields read
	 * "[cpu] TIME: TAIL" also keeps TAIL and what the sample it starts
	 * took from it, so that the next header of that thread with the same
	 * TAIL (most of them: only the time differs) is done by comparing.
	 */
	struct header_slot {
		struct sbuf text;
		struct header h;
		size_t pid_off, tid_off;
		uint32_t pname_id;
		int java;
		struct sbuf prefix;       /* the text before the time: text, blanks, [cpu], blanks */
		struct sbuf tail;         /* the text after "TIME:" */
		int tail_valid;           /* tail, cpu and period describe a sample kept */
		int cpu;                  /* a "[cpu]" field came before the time */
		int64_t period;
	} headers[HEADER_SETS][HEADER_WAYS];
	unsigned char header_next[HEADER_SETS];   /* the way a new header takes */
	const char *file;
	unsigned long lineno;
	unsigned long line_base;      /* lines before this chunk (workers) */
	int error;
	char errmsg[512];

	/* Workers keep their first warnings and report them after the join. */
	int buffer_warnings;
	unsigned chunk;               /* the chunk being read (workers), for the warnings */
	struct { unsigned chunk; unsigned long line; char msg[128]; } warnings[16];
	unsigned nwarnings;
};

/* perf_parser.c: the parser's life, and reading. */
void fk__perf_parser_init(struct parser *p, const struct fk_perf_opts *opt,
    struct fk_perf_stats *st);
void fk__perf_parser_release(struct parser *p);
/* Warn about the current line (buffered when p->buffer_warnings is set). */
void fk__perf_parser_warn(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Every line of r, or only up to the first sample's event line when
 * until_event is set.  @return 0 at the end of the input (or at that
 * event), -1 when reading failed (recorded in r).
 */
int fk__perf_parser_read(struct parser *p, struct fk_reader *r, int until_event);
/* After fk__perf_parser_read() failed: report it, and drop a sample it cut. */
void fk__perf_input_cut_short(struct parser *p, struct fk_reader *r);

/*
 * perf_event.c: @return 1 when s is an event line (handled), 0 when it is
 * something else.
 */
int fk__perf_event_line(struct parser *p, const char *s, size_t n, int padded);

/* perf_frame.c: a frame line not seen before: parse it, and give it slot j. */
struct line_entry *fk__perf_frame_line_insert(struct parser *p, const char *s, size_t n,
    int java, uint64_t h, size_t j);
/*
 * perf_frame.c: frame lines collide in the cache (a lookup met more than
 * FRAME_LINE_MAX_ALIKE other lines of the very same 64-bit hash, which
 * only lines that differ in the middle have): hash them whole from now on.
 */
#define FRAME_LINE_MAX_ALIKE 8
void fk__perf_frame_lines_rehash(struct parser *p);

/* perf_stacks.c: record the current sample, which has a process frame. */
void fk__perf_sample_end(struct parser *p);
/* Build the text of every distinct stack into a table that merges and sorts. */
void fk__perf_parser_emit(struct parser *p, struct fk_stack_table *out);

/* perf_parser.c: one line of text (s stays put until the sample ends). */
void fk__perf_parser_line(struct parser *p, const char *s, size_t n);

/*
 * perf_data_fold.c: fold the perf.data input in (named name) into p.
 * @return 0, or -1 (recorded) when it cannot be read.
 */
int fk__perf_data_input(struct parser *p, const struct fk_input *in, const char *name);

/*
 * The build-id (hex) a perf.data capture recorded for the module file at
 * path: --inline and --keep-addrs=all then name that file's frames with
 * it, so that a file on disk with another build-id is not read (a copy is
 * looked for by build-id instead).
 */
void fk__perf_recorded_buildid(struct parser *p, const char *path, const char *hex);
/* perf.c: does the input start with a perf.data magic? */
int fk__perf_is_data(const struct fk_input *in);

/*
 * perf_jobs.c: fold one regular file of size bytes with opt->jobs threads.
 * @return 0, -1 on error (recorded), or 1 when the sequential parser is to
 * fold the file instead (nothing written or reported yet).
 */
int fk__perf_collapse_parallel(const struct fk_perf_opts *opt, const struct fk_input *in,
    uint64_t size, FILE *out, struct fk_perf_stats *stats);
/*
 * The threads that pay for a file of size bytes, at most opt->jobs: no
 * more than the CPUs this process may run on, and one for every two
 * chunks of input (a smaller share costs more in starting and merging
 * than it saves), and one while other work keeps the CPUs busy (unless
 * opt->jobs_when_busy).
 */
int fk__perf_jobs_worth(const struct fk_perf_opts *opt, uint64_t size);

#pragma GCC visibility pop

/* ---- inline parts of the hot paths -------------------------------------- */

/*
 * Frame lines are hashed by their first and last 16 bytes and their
 * length (the address, the start of the name, and the module): the key
 * is compared whole on a hit anyway.  Should lines collide (they differ
 * only in the middle), the parser switches to hashing all of the text
 * (frame_line_lookup_hashed()).
 * The same text in a Java process and another is two entries of one
 * hash: lines are hashed before the parser knows their process.
 */
static inline uint64_t
frame_line_hash(const struct parser *p, const char *s, size_t n)
{
	if (__builtin_expect(n < 16 || p->strong_hash, 0))
		return fk_hash_bytes(s, n, 1);
	uint64_t a = fk_load_u64(s) ^ 0xa0761d6478bd642fULL;
	uint64_t b = fk_load_u64(s + 8) ^ 0xe7037ed1a0b428dbULL ^ n;
	uint64_t c = fk_load_u64(s + n - 16) ^ 0x8ebc6af09c88c6e3ULL;
	uint64_t d = fk_load_u64(s + n - 8) ^ 0x589965cc75374cc3ULL;
	return fk_hash_fold(fk_hash_fold(a, b) ^ c, d);
}

#if defined(__SSE2__)
/* 16 bytes of s and t: all equal? as a mask of 16 bits. */
static inline __m128i
eq16(const char *s, const char *t)
{
	return _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)s),
	    _mm_loadu_si128((const __m128i *)(const void *)t));
}
#endif

/*
 * s[0, n) == t[0, n), read 16 bytes at a time (n may be anything); frame
 * lines of up to 64 bytes take no loop.
 */
static inline int
bytes_equal(const char *s, const char *t, size_t n)
{
	if (__builtin_expect(n < 16, 0)) {
		if (n >= 8)
			return ((fk_load_u64(s) ^ fk_load_u64(t)) |
			    (fk_load_u64(s + n - 8) ^ fk_load_u64(t + n - 8))) == 0;
		return memcmp(s, t, n) == 0;
	}
#if defined(__SSE2__)
	__m128i d = _mm_and_si128(eq16(s, t), eq16(s + n - 16, t + n - 16));
	if (n > 32) {
		d = _mm_and_si128(d, eq16(s + 16, t + 16));
		if (n > 48) {
			d = _mm_and_si128(d, eq16(s + 32, t + 32));
			for (size_t i = 48; i + 16 < n; i += 16)
				d = _mm_and_si128(d, eq16(s + i, t + i));
		}
	}
	return _mm_movemask_epi8(d) == 0xffff;
#else
	uint64_t d = (fk_load_u64(s + n - 16) ^ fk_load_u64(t + n - 16)) |
	    (fk_load_u64(s + n - 8) ^ fk_load_u64(t + n - 8));
	for (size_t i = 0; i + 16 < n; i += 8)
		d |= fk_load_u64(s + i) ^ fk_load_u64(t + i);
	return d == 0;
#endif
}

/* The cache entry of frame line s[0, n) of hash h (frame_line_hash()), made on first sight. */
static inline struct line_entry *
frame_line_lookup_hashed(struct parser *p, const char *s, size_t n, int java, uint64_t h)
{
	uint64_t tag = SLOT_TAG(h);
	size_t j = h & p->lines_mask;
	uint64_t slot;
	unsigned alike = 0;
	while ((slot = p->line_slots[j])) {
		if (SLOT_TAG(slot) == tag) {
			struct line_entry *e = SLOT_PTR(slot);
			if (e->hash == h) {
				if (e->keylen == n && e->java == java && bytes_equal(line_entry_key(e), s, n))
					return e;
				if (__builtin_expect(++alike > FRAME_LINE_MAX_ALIKE, 0) && !p->strong_hash) {
					fk__perf_frame_lines_rehash(p);
					return frame_line_lookup_hashed(p, s, n, java, frame_line_hash(p, s, n));
				}
			}
		}
		j = (j + 1) & p->lines_mask;
	}
	return fk__perf_frame_line_insert(p, s, n, java, h, j);
}

static inline struct line_entry *
frame_line_lookup(struct parser *p, const char *s, size_t n, int java)
{
	return frame_line_lookup_hashed(p, s, n, java, frame_line_hash(p, s, n));
}

/*
 * Record the current sample: its frames (leaf first, as they came) under
 * its root frame, the process frame.  A sample without one (none started,
 * or it was left out) leaves nothing to record.
 */
static inline void
sample_end(struct parser *p)
{
	if (p->pname_set)
		fk__perf_sample_end(p);
}

/* Append a cache entry's frames to the current sample (leaf first). */
static inline void
sample_add_frames(struct parser *p, const uint32_t *ids, size_t n, int skip_after)
{
	if (p->skip_rest)
		return;
	uint32_t *d = u32vec_extend(&p->cur, n);
	for (size_t k = 0; k < n; k++)
		d[k] = ids[n - 1 - k];
	if (skip_after)
		p->skip_rest = 1;
}

#endif
