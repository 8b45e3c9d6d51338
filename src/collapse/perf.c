/*
 * perf.c -- the `perf script` collapser.
 *
 * Speed comes from doing the Perl rules once per distinct frame line: each
 * frame line is looked up by a hash of its text in a cache that maps it to
 * the interned ids of the frames it produces.  A sample is a sequence of
 * ids; samples are merged by a hash of that sequence.  Stack text is built,
 * sorted and merged only at the end, once per distinct stack.
 */
#include "collapse/perf.h"
#include "core/arena.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/stack_table.h"
#include "symbolize/symbolize.h"
#include "core/symname.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

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

struct u32vec {
	uint32_t *v;
	size_t n, cap;
};

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

static void
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

static void
sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

/* ---- interned frame names --------------------------------------------- */

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

static void
strtab_init(struct strtab *t)
{
	fk_arena_init(&t->arena, 1u << 18);
	t->mask = 255;
	t->slots = fk_xcalloc(t->mask + 1, sizeof(*t->slots));
	t->names = NULL;
	t->n = t->cap = 0;
}

static void
strtab_release(struct strtab *t)
{
	fk_arena_release(&t->arena);
	free(t->slots);
	free(t->names);
}

static uint32_t
strtab_intern(struct strtab *t, const char *s, size_t len)
{
	uint64_t h = fk_hash_bytes(s, len, 0);
	size_t j = h & t->mask;
	uint32_t id;
	while ((id = t->slots[j])) {
		struct name *nm = &t->names[id - 1];
		if (nm->hash == h && nm->len == len && memcmp(nm->s, s, len) == 0)
			return id - 1;
		j = (j + 1) & t->mask;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->names = fk_xrealloc(t->names, t->cap * sizeof(*t->names));
	}
	struct name *nm = &t->names[t->n];
	nm->s = fk_arena_strndup(&t->arena, s, len);
	nm->len = (uint32_t)len;
	nm->hash = h;
	t->slots[j] = (uint32_t)++t->n;
	if (t->n * 2 > t->mask) {
		size_t nmask = t->mask * 2 + 1;
		uint32_t *ns = fk_xcalloc(nmask + 1, sizeof(*ns));
		for (size_t i = 0; i < t->n; i++) {
			size_t k = t->names[i].hash & nmask;
			while (ns[k])
				k = (k + 1) & nmask;
			ns[k] = (uint32_t)(i + 1);
		}
		free(t->slots);
		t->slots = ns;
		t->mask = nmask;
	}
	return (uint32_t)(t->n - 1);
}

/* ---- frame line cache ------------------------------------------------- */

/*
 * One cached frame line: its frame ids and then its key text, in one arena
 * block so that a hit touches one place.
 */
struct line_entry {
	uint64_t hash;
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

/* ---- distinct stacks -------------------------------------------------- */

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

#define HEADER_SLOTS 16

/*
 * Frame lines wait here until the sample ends, the batch is full or the
 * reader must read more (they point into its buffer): their cache slots are
 * prefetched when they arrive and looked up together, so the cache misses
 * overlap.
 */
#define BATCH_LINES 32
#define BATCH_MAX_LINE 1024

struct frame_batch {
	unsigned n;
	struct {
		const char *s;
		size_t len;
		uint64_t hash;
		unsigned long lineno;
	} l[BATCH_LINES];
};

struct parser {
	const struct fk_perf_options *opt;
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
	struct sbuf last_pname;
	int last_pname_valid;
	uint32_t last_pname_id;
	struct fields_cache fields;
	struct frame_batch batch;
	/*
	 * Recent headers (text up to the pid/tid) and their process frames,
	 * direct-mapped by the first bytes of the line: samples of a few
	 * threads interleave.
	 */
	struct header_slot {
		struct sbuf text;
		struct header h;
		size_t pid_off, tid_off;
		uint32_t pname_id;
		int java;
	} headers[HEADER_SLOTS];
	const char *file;
	unsigned long lineno;
	unsigned long line_base;      /* lines before this chunk (workers) */
	int error;
	char errmsg[512];

	/* Workers keep their first warnings and report them after the join. */
	int buffer_warnings;
	struct { unsigned long line; char msg[128]; } warnings[16];
	unsigned nwarnings;
};

static void
parser_warn(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
parser_warn(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	if (!p->buffer_warnings) {
		char msg[256];
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		fk_warn(p->file, p->lineno, "%s", msg);
		return;
	}
	if (p->nwarnings >= sizeof(p->warnings) / sizeof(p->warnings[0]))
		return;
	p->warnings[p->nwarnings].line = p->lineno;
	va_start(ap, fmt);
	vsnprintf(p->warnings[p->nwarnings].msg, sizeof(p->warnings[0].msg), fmt, ap);
	va_end(ap);
	p->nwarnings++;
}

static void
parser_init(struct parser *p, const struct fk_perf_options *opt, struct fk_perf_stats *st)
{
	memset(p, 0, sizeof(*p));
	p->opt = opt;
	p->st = st;
	strtab_init(&p->names);
	fk_arena_init(&p->key_arena, 1u << 18);
	p->lines_mask = 255;
	p->line_slots = fk_xcalloc(p->lines_mask + 1, sizeof(*p->line_slots));
	p->stacks_mask = 255;
	p->stacks = fk_xcalloc(p->stacks_mask + 1, sizeof(*p->stacks));
	if (opt->event_filter && *opt->event_filter) {
		sbuf_adds(&p->event, opt->event_filter);
		p->event_set = 1;
	}
}

static void
parser_release(struct parser *p)
{
	strtab_release(&p->names);
	fk_arena_release(&p->key_arena);
	free(p->line_slots);
	free(p->piece_ids.v);
	free(p->stacks);
	free(p->stack_ids.v);
	free(p->cur.v);
	free(p->event_frame.v);
	free(p->pend_ids.v);
	free(p->event.s);
	free(p->tmp.s);
	free(p->tmp2.s);
	free(p->enc.s);
	fk_symbolizer_free(p->sym);
	free(p->last_pname.s);
	for (int i = 0; i < HEADER_SLOTS; i++)
		free(p->headers[i].text.s);
	free(p->fields.tail);
}

/* ---- Perl's frame rules ------------------------------------------------ */

/* Does mod name a JIT map, /tmp/perf-DIGITS.map (unanchored, like the Perl match)? */
static int
is_perf_map(const char *mod, size_t n)
{
	for (size_t i = 0; i + 10 <= n; i++) {
		if (memcmp(mod + i, "/tmp/perf-", 10) != 0)
			continue;
		size_t k = i + 10, d = k;
		while (k < n && is_digit((unsigned char)mod[k]))
			k++;
		if (k > d && k + 4 <= n && memcmp(mod + k, ".map", 4) == 0)
			return 1;
	}
	return 0;
}

static int
contains(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	return m <= n && memmem(s, n, needle, m) != NULL;
}

/* Go method names such as "net/http.(*Client).Do" keep their parentheses. */
static int
looks_like_go_method(const char *s, size_t n)
{
	const char *a = memmem(s, n, ".(", 2);
	if (!a)
		return 0;
	size_t from = (size_t)(a - s) + 2;
	for (size_t j = n; j >= from + 2; j--) {
		if (s[j - 2] == ')' && s[j - 1] == '.')
			return 1;
	}
	return 0;
}

static int
is_anon_ns(const char *s, size_t n)
{
	return n >= 21 && memcmp(s, "(anonymous namespace)", 21) == 0;
}

/* Perl's rule: cut at the first "(" that does not open "(anonymous namespace)". */
static size_t
cut_params_perl(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '(' && !is_anon_ns(s + i, n - i))
			return i;
	return n;
}

struct frame_parts {
	const char *pc, *func, *mod;
	size_t pclen, funclen, modlen;
};

/*
 * A frame line starts with blanks, the address (a word) and blanks: set
 * *i, *j and *fstart to where the address starts and ends and where the
 * name starts.  @return 0 when there is no address.
 */
static int
frame_line_head(const char *s, size_t n, size_t *i, size_t *j, size_t *fstart)
{
	size_t a = 0;
	while (a < n && is_space((unsigned char)s[a]))
		a++;
	size_t b = a;
	while (b < n && is_word((unsigned char)s[b]))
		b++;
	size_t f = b;
	while (f < n && is_space((unsigned char)s[f]))
		f++;
	*i = a;
	*j = b;
	*fstart = f;
	return b > a;
}

/* Emulate Perl's /^\s*(\w+)\s*(.+) \((.*)\)/ exactly. */
static int
split_frame_perl(const char *s, size_t n, struct frame_parts *fp)
{
	size_t i, j, fstart;
	if (!frame_line_head(s, n, &i, &j, &fstart))
		return 0;
	const char *rp = NULL;
	for (size_t k = n; k > 0; k--)
		if (s[k - 1] == ')') {
			rp = s + k - 1;
			break;
		}
	if (!rp)
		return 0;
	size_t last = (size_t)(rp - s);
	/* The last " (" with room for the module before the last ")". */
	size_t K = 0;
	int found = 0;
	for (size_t kk = last >= 2 ? last - 2 : 0; kk > i; kk--) {
		if (s[kk] == ' ' && s[kk + 1] == '(') {
			K = kk;
			found = 1;
			break;
		}
	}
	if (!found)
		return 0;
	size_t pcend = j;
	if (K < fstart + 1) {
		/* Backtrack: the function takes the char just before " (". */
		if (K < i + 2)
			return 0;
		fstart = K - 1;
		if (pcend > fstart)
			pcend = fstart;
	}
	fp->pc = s + i;
	fp->pclen = pcend - i;
	fp->func = s + fstart;
	fp->funclen = K - fstart;
	fp->mod = s + K + 2;
	fp->modlen = last - (K + 2);
	return 1;
}

/*
 * "ADDRESS SYMBOL" without a module, as perf script -F ip,sym prints it:
 * the address must be hex, and the whole rest is the symbol.
 */
static int
split_frame_no_module(const char *s, size_t n, struct frame_parts *fp)
{
	size_t i, j, fstart, e = n;
	while (e > 0 && is_space((unsigned char)s[e - 1]))
		e--;
	if (!frame_line_head(s, e, &i, &j, &fstart) || fstart >= e || fstart == j)
		return 0;
	for (size_t k = i; k < j; k++)
		if (!is_hex((unsigned char)s[k]))
			return 0;
	fp->pc = s + i;
	fp->pclen = j - i;
	fp->func = s + fstart;
	fp->funclen = e - fstart;
	fp->mod = s + e;
	fp->modlen = 0;
	return 1;
}

/* The module is the balanced parenthesised group that ends the line. */
static int
split_frame_fixed(const char *s, size_t n, struct frame_parts *fp)
{
	size_t e = n;
	while (e > 0 && is_space((unsigned char)s[e - 1]))
		e--;
	if (e == 0 || s[e - 1] != ')')
		return split_frame_perl(s, n, fp) || split_frame_no_module(s, n, fp);
	int depth = 0;
	size_t open = 0;
	int ok = 0;
	for (size_t k = e; k > 0; k--) {
		char c = s[k - 1];
		if (c == ')')
			depth++;
		else if (c == '(' && --depth == 0) {
			open = k - 1;
			ok = 1;
			break;
		}
	}
	size_t i, j, fstart;
	if (!ok || !frame_line_head(s, n, &i, &j, &fstart) || open < 1 || s[open - 1] != ' ' || open - 1 < fstart + 1)
		return split_frame_perl(s, n, fp);
	fp->pc = s + i;
	fp->pclen = j - i;
	fp->func = s + fstart;
	fp->funclen = open - 1 - fstart;
	fp->mod = s + open + 1;
	fp->modlen = e - 1 - (open + 1);
	return 1;
}

/*
 * A frame of a module file (user space): the module is a path, and not a
 * kernel image.
 */
static int
user_module(const struct frame_parts *fp)
{
	size_t z = 0;
	while (z < fp->pclen && fp->pc[z] == '0')
		z++;
	if (fp->pclen == 0 || fp->pclen - z > 16)
		return 0;
	for (size_t k = z; k < fp->pclen; k++)
		if (!(char_class[(unsigned char)fp->pc[k]] & C_HEX))
			return 0;
	return fp->modlen > 0 && fp->mod[0] == '/' &&
	    !(fp->modlen >= 7 && memcmp(fp->mod + fp->modlen - 7, "vmlinux", 7) == 0);
}

/* --inline, or --context alone outside Perl compatibility (Perl ignores it). */
static inline int
inline_on(const struct fk_perf_options *o)
{
	return o->inline_frames || (o->context && !o->compat_perl);
}

/* Perl's test for a module it hands to addr2line --inline, plus a path. */
static int
perl_inline_module(const struct frame_parts *fp)
{
	const char *m = fp->mod;
	size_t n = fp->modlen;
	if (!user_module(fp) || contains(m, n, "kernel."))
		return 0;
	for (size_t i = 0; i + 5 <= n; i++) {
		if (memcmp(m + i, "perf-", 5) == 0) {
			size_t k = i + 5;
			while (k < n && is_digit((unsigned char)m[k]))
				k++;
			if (k > i + 5 && k + 4 <= n && memcmp(m + k + 1, "map", 3) == 0)
				return 0;
		}
		if (m[i] == '[') {
			const char *rb = memchr(m + i + 1, ']', n - i - 1);
			if (rb != NULL && rb > m + i + 1)
				return 0;
		}
	}
	return 1;
}

/* The --inline symbolizer, made on first use. */
static struct fk_symbolizer *
parser_symbolizer(struct parser *p)
{
	if (p->sym == NULL) {
		struct fk_symbolize_opts so = {
			.inline_frames = 1,
			.lines = p->opt->context,
			.demangle = 1,
			.compat_perl = p->opt->compat_perl,
		};
		p->sym = fk_symbolizer_new(&so);
	}
	return p->sym;
}

/* Intern each ';'-separated frame of s[0, n) as a piece of the current line. */
static void
add_frames(struct parser *p, struct line_entry *e, const char *s, size_t n)
{
	for (size_t i = 0; i <= n;) {
		const char *sc = memchr(s + i, ';', n - i);
		size_t j = sc ? (size_t)(sc - s) : n;
		if (e->nids + 1 < UINT16_MAX) {
			u32vec_push(&p->piece_ids, strtab_intern(&p->names, s + i, j - i));
			e->nids++;
		}
		i = j + 1;
	}
}

/*
 * Append "'MODULE+0xADDR'" (the address in lower case without leading
 * zeros; a ';' in the path becomes ':').  A tidied name holds no quote, so
 * the first quote of a frame ends the name (flame-symbolize(1)).
 */
/* perf's address as "0x" and lower-case hex digits without leading zeros. */
static void
add_hex_addr(struct sbuf *out, const struct frame_parts *fp)
{
	sbuf_adds(out, "0x");
	size_t z = 0;
	while (z + 1 < fp->pclen && fp->pc[z] == '0')
		z++;
	for (size_t k = z; k < fp->pclen; k++) {
		char c = fp->pc[k];
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		sbuf_add(out, &c, 1);
	}
}

static void
add_module_addr(struct sbuf *out, const struct frame_parts *fp)
{
	size_t at = out->n;
	sbuf_adds(out, "'");
	sbuf_add(out, fp->mod, fp->modlen);
	for (size_t k = at; k < out->n; k++)
		if (out->s[k] == ';')
			out->s[k] = ':';
	sbuf_adds(out, "+");
	add_hex_addr(out, fp);
	sbuf_adds(out, "'");
}

/* Tidy one piece of a frame (Perl's rules) into out. */
static void
tidy_piece(struct parser *p, const char *f, size_t fn, const struct frame_parts *fp,
    int java, int piece_index, struct sbuf *out, int *is_unknown)
{
	const struct fk_perf_options *o = p->opt;
	int unknown = fn == 9 && memcmp(f, "[unknown]", 9) == 0;
	int raw_addr = 0, module_name = 0;

	out->n = 0;
	if (out->s)
		out->s[0] = '\0';
	if (unknown) {
		/* No module at all (perf script -F ip,sym) is as good as "[unknown]". */
		int mod_unknown = (fp->modlen == 9 && memcmp(fp->mod, "[unknown]", 9) == 0) ||
		    (fp->modlen == 0 && !o->compat_perl);
		if (o->keep_addrs == 1 && !inline_on(o) && !mod_unknown) {
			/* Lossless form for flame-symbolize: module path + module-relative address. */
			sbuf_add(out, fp->mod, fp->modlen);
			sbuf_adds(out, "+");
			add_hex_addr(out, fp);
			raw_addr = 1;
		} else {
			const char *base = "unknown";
			size_t bl = 7;
			if (!mod_unknown) {
				base = fp->mod;
				bl = fp->modlen;
				for (size_t k = fp->modlen; k > 0; k--)
					if (fp->mod[k - 1] == '/') {
						base = fp->mod + k;
						bl = fp->modlen - k;
						break;
					}
			} else {
				*is_unknown = 1;
			}
			module_name = !mod_unknown;
			sbuf_adds(out, "[");
			sbuf_add(out, base, bl);
			if (o->include_addrs) {
				sbuf_adds(out, " <");
				sbuf_add(out, fp->pc, fp->pclen);
				sbuf_adds(out, ">");
			}
			sbuf_adds(out, "]");
		}
	} else {
		sbuf_add(out, f, fn);
	}

	if (raw_addr) {
		for (size_t k = 0; k < out->n; k++)
			if (out->s[k] == ';')
				out->s[k] = ':';
	} else {
		/* tidy_generic */
		for (size_t k = 0; k < out->n; k++)
			if (out->s[k] == ';')
				out->s[k] = ':';
		/* The fixed mode keeps a module name whole, "(deleted)" and all. */
		if (!(module_name && !o->compat_perl) && !looks_like_go_method(out->s, out->n)) {
			size_t cut = o->compat_perl ? cut_params_perl(out->s, out->n)
			    : fk_symname_args_start(out->s, out->n);
			out->n = cut;
			out->s[cut] = '\0';
		}
		size_t w = 0;
		for (size_t k = 0; k < out->n; k++)
			if (out->s[k] != '"' && out->s[k] != '\'')
				out->s[w++] = out->s[k];
		out->n = w;
		out->s[w] = '\0';
		/* tidy_java */
		if (java && out->n > 0 && out->s[0] == 'L' && memchr(out->s, '/', out->n)) {
			memmove(out->s, out->s + 1, out->n);
			out->n--;
		}
	}

	/* --keep-addrs=all: perf's name, then the module file and address. */
	if (piece_index == 0 && (o->keep_addrs == 2 || (inline_on(o) && !o->compat_perl)) &&
	    user_module(fp))
		add_module_addr(out, fp);

	if (piece_index > 0) {
		if (!contains(out->s, out->n, "_[i]"))
			sbuf_adds(out, "_[i]");
	} else if (o->annotate_kernel &&
	    ((fp->modlen > 0 && fp->mod[0] == '[') ||
	     (fp->modlen >= 7 && memcmp(fp->mod + fp->modlen - 7, "vmlinux", 7) == 0)) &&
	    !contains(fp->mod, fp->modlen, "unknown")) {
		sbuf_adds(out, "_[k]");
	} else if (o->annotate_jit && is_perf_map(fp->mod, fp->modlen)) {
		if (!contains(out->s, out->n, "_[j]"))
			sbuf_adds(out, "_[j]");
	}
}

#define SLOT_PTR(x) ((struct line_entry *)(uintptr_t)((x) & 0xffffffffffffULL))
#define SLOT_TAG(h) ((h) & 0xffff000000000000ULL)

static void
lines_grow(struct parser *p)
{
	size_t nmask = p->lines_mask * 2 + 1;
	uint64_t *ns = fk_xcalloc(nmask + 1, sizeof(*ns));
	for (size_t i = 0; i <= p->lines_mask; i++) {
		uint64_t slot = p->line_slots[i];
		if (!slot)
			continue;
		size_t j = SLOT_PTR(slot)->hash & nmask;
		while (ns[j])
			j = (j + 1) & nmask;
		ns[j] = slot;
	}
	free(p->line_slots);
	p->line_slots = ns;
	p->lines_mask = nmask;
}

/* Parse a frame line the slow way and fill a cache entry. */
static void
frame_line_build(struct parser *p, const char *s, size_t n, int java, struct line_entry *e)
{
	const struct fk_perf_options *o = p->opt;
	struct frame_parts fp;
	int ok = o->compat_perl ? split_frame_perl(s, n, &fp) : split_frame_fixed(s, n, &fp);

	e->nids = 0;
	e->srcline_n = 0;
	e->bad = 0;
	e->skip_after = 0;
	if (!ok) {
		e->bad = 1;
		return;
	}
	/* s/\+0x[\da-f]+$// */
	size_t fn = fp.funclen;
	{
		size_t k = fn;
		while (k > 0 && ((fp.func[k - 1] >= '0' && fp.func[k - 1] <= '9') ||
		    (fp.func[k - 1] >= 'a' && fp.func[k - 1] <= 'f')))
			k--;
		if (k < fn && k >= 3 && memcmp(fp.func + k - 3, "+0x", 3) == 0)
			fn = k - 3;
	}
	for (size_t k = 0; k < o->nskip_after; k++) {
		if (strlen(o->skip_after[k]) == fn && memcmp(o->skip_after[k], fp.func, fn) == 0)
			e->skip_after = 1;
	}
	/*
	 * Perl's --inline: addr2line on (module, address); what it names
	 * replaces the whole line.
	 */
	if (inline_on(o) && o->compat_perl && perl_inline_module(&fp)) {
		struct sbuf *b = &p->enc;
		b->n = 0;
		sbuf_add(b, "x", 1);
		add_module_addr(b, &fp);
		const char *out;
		size_t on;
		if (fk_symbolizer_frame(parser_symbolizer(p), b->s, b->n, -1, &out, &on) ==
		    FK_SYM_RESOLVED && on > 0) {
			add_frames(p, e, out, on);
			return;
		}
	}

	/* Frames starting with "(" are process names; the fixed mode keeps "(anonymous namespace)". */
	if (fn > 0 && fp.func[0] == '(' && (o->compat_perl || !is_anon_ns(fp.func, fn)))
		return;

	/* split /->/ drops trailing empty fields. */
	size_t end = fn;
	while (end >= 2 && fp.func[end - 2] == '-' && fp.func[end - 1] == '>')
		end -= 2;
	int is_unknown = 0;
	size_t start = 0;
	int piece = 0;
	while (end > 0) {
		/* A frame splits into at most UINT16_MAX pieces; the last keeps the rest. */
		const char *a = e->nids + 1 < UINT16_MAX ?
		    memmem(fp.func + start, end - start, "->", 2) : NULL;
		size_t pe = a ? (size_t)(a - fp.func) : end;
		tidy_piece(p, fp.func + start, pe - start, &fp, java, piece, &p->tmp, &is_unknown);
		const char *out = NULL;
		size_t on = 0;
		/* --inline: each frame as flame-symbolize --inline turns --keep-addrs=all's. */
		if (inline_on(o) && !o->compat_perl)
			fk_symbolizer_frame(parser_symbolizer(p), p->tmp.s ? p->tmp.s : "", p->tmp.n,
			    -1, &out, &on);
		if (out != NULL) {
			add_frames(p, e, out, on);
		} else {
			u32vec_push(&p->piece_ids, strtab_intern(&p->names, p->tmp.s ? p->tmp.s : "", p->tmp.n));
			e->nids++;
		}
		if (!is_unknown)
			e->srcline_n = e->nids;
		piece++;
		if (!a)
			break;
		start = pe + 2;
	}
}

static inline uint64_t
frame_line_hash(const char *s, size_t n, int java)
{
	return fk_hash_bytes(s, n, (uint64_t)java + 1);
}

/* A frame line not seen before: parse it, and give it slot j. */
static __attribute__((noinline)) struct line_entry *
frame_line_insert(struct parser *p, const char *s, size_t n, int java, uint64_t h, size_t j)
{
	uint64_t tag = SLOT_TAG(h);
	struct line_entry hdr;
	memset(&hdr, 0, sizeof(hdr));
	p->piece_ids.n = 0;
	frame_line_build(p, s, n, java, &hdr);
	struct line_entry *e = fk_arena_alloc(&p->key_arena,
	    sizeof(*e) + hdr.nids * sizeof(uint32_t) + n + 1);
	*e = hdr;
	e->hash = h;
	e->keylen = (uint32_t)n;
	e->java = (uint8_t)java;
	if (hdr.nids)
		memcpy(e->ids, p->piece_ids.v, hdr.nids * sizeof(uint32_t));
	char *key = (char *)(e->ids + e->nids);
	if (n)
		memcpy(key, s, n);
	key[n] = '\0';
	assert(((uintptr_t)e >> 48) == 0);
	p->line_slots[j] = tag | (uint64_t)(uintptr_t)e;
	if (++p->nlines * 2 > p->lines_mask)
		lines_grow(p);
	return e;
}

static inline struct line_entry *
frame_line_lookup_hashed(struct parser *p, const char *s, size_t n, int java, uint64_t h)
{
	uint64_t tag = SLOT_TAG(h);
	size_t j = h & p->lines_mask;
	uint64_t slot;
	while ((slot = p->line_slots[j])) {
		if (SLOT_TAG(slot) == tag) {
			struct line_entry *e = SLOT_PTR(slot);
			if (e->hash == h && e->keylen == n && e->java == java &&
			    memcmp(line_entry_key(e), s, n) == 0)
				return e;
		}
		j = (j + 1) & p->lines_mask;
	}
	return frame_line_insert(p, s, n, java, h, j);
}

static struct line_entry *
frame_line_lookup(struct parser *p, const char *s, size_t n, int java)
{
	return frame_line_lookup_hashed(p, s, n, java, frame_line_hash(s, n, java));
}

/* ---- samples ------------------------------------------------------------ */

static void
stacks_grow(struct parser *p)
{
	size_t nmask = p->stacks_mask * 2 + 1;
	struct stack_entry *ns = fk_xcalloc(nmask + 1, sizeof(*ns));
	for (size_t i = 0; i <= p->stacks_mask; i++) {
		struct stack_entry *e = &p->stacks[i];
		if (!e->used)
			continue;
		size_t j = e->hash & nmask;
		while (ns[j].used)
			j = (j + 1) & nmask;
		ns[j] = *e;
	}
	free(p->stacks);
	p->stacks = ns;
	p->stacks_mask = nmask;
}

/*
 * Hash of a sample's frames and root frame.  The ids are read one at a
 * time: they were stored a moment ago, and a wider load would stall until
 * the stores are done.
 */
static inline uint64_t
stack_hash(const uint32_t *ids, size_t n, uint32_t root)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)root << 32) ^ n;
	for (size_t i = 0; i < n; i++)
		h = fk_hash_fold(h ^ ids[i], 0xbf58476d1ce4e5b9ULL);
	return fk_hash_fold(h, 0x94d049bb133111ebULL);
}

static inline int
stack_is(const struct parser *p, const struct stack_entry *e, uint64_t h,
    const uint32_t *ids, uint32_t nids, uint32_t root)
{
	if (e->hash != h || e->nids != nids || e->root != root)
		return 0;
	/* Id by id, like stack_hash(): most stacks are a few frames deep. */
	for (uint32_t i = 0; i < nids; i++)
		if (p->stack_ids.v[e->off + i] != ids[i])
			return 0;
	return 1;
}

/*
 * Record the current sample: its frames (leaf first, as they came) under
 * its root frame, the process frame.  When a --skip-after function dropped
 * that, the rootmost frame kept takes its place, so that stacks that print
 * the same are one entry (and one sum, whose overflow names its line).
 */
static void
sample_end(struct parser *p)
{
	if (!p->pname_set)
		return;
	struct u32vec *cur = &p->cur;
	if (cur->n == 0 && p->event_frame.n > 0) {
		for (size_t i = 0; i < p->event_frame.n; i++)
			u32vec_push(cur, p->event_frame.v[i]);
	}
	uint32_t nids = (uint32_t)cur->n;
	if (!p->skip_rest || nids > 0) {
		uint32_t root = !p->skip_rest ? p->pname_id : cur->v[--nids];
		uint64_t h = stack_hash(cur->v, nids, root);
		size_t j = h & p->stacks_mask;
		struct stack_entry *e;
		while ((e = &p->stacks[j])->used) {
			if (stack_is(p, e, h, cur->v, nids, root))
				break;
			j = (j + 1) & p->stacks_mask;
		}
		if (!e->used) {
			e->hash = h;
			e->off = (uint32_t)p->stack_ids.n;
			e->used = 1;
			e->nids = nids;
			e->root = root;
			e->count = 0;
			for (uint32_t i = 0; i < nids; i++)
				u32vec_push(&p->stack_ids, cur->v[i]);
			if (++p->nstacks * 2 > p->stacks_mask) {
				stacks_grow(p);
				/* Find it again in the new table. */
				j = h & p->stacks_mask;
				while (!stack_is(p, &p->stacks[j], h, cur->v, nids, root))
					j = (j + 1) & p->stacks_mask;
				e = &p->stacks[j];
			}
		}
		if (p->period > INT64_MAX - e->count) {
			if (!p->error)
				snprintf(p->errmsg, sizeof(p->errmsg),
				    "%s:%lu: sum of sample periods overflows 64 bits", p->file,
				    p->lineno + p->line_base);
			p->error = 1;
		} else {
			e->count += p->period;
		}
		p->st->samples++;
	}
	cur->n = 0;
	p->event_frame.n = 0;
	p->pname_set = 0;
	p->skip_rest = 0;
}

/* Append a cache entry's frames to the current sample (leaf first). */
static void
sample_add_frames(struct parser *p, const uint32_t *ids, size_t n, int skip_after)
{
	if (p->skip_rest)
		return;
	for (size_t k = n; k > 0; k--)
		u32vec_push(&p->cur, ids[k - 1]);
	if (skip_after)
		p->skip_rest = 1;
}

/* ---- event lines -------------------------------------------------------- */


/*
 * Perl's header pattern: a command of at least min_comm characters (the first
 * not blank), blanks, PID digits, optional "/" and TID digits, a blank.
 */
static int
match_header(const char *s, size_t n, size_t min_comm, struct header *h)
{
	if (n == 0 || is_space((unsigned char)s[0]))
		return 0;
	for (size_t e = min_comm; e < n; e++) {
		if (!is_space((unsigned char)s[e]))
			continue;
		size_t k = e;
		while (k < n && is_space((unsigned char)s[k]))
			k++;
		size_t d0 = k;
		while (k < n && is_digit((unsigned char)s[k]))
			k++;
		if (k == d0)
			continue;
		size_t d1 = k;
		while (k < n && s[k] == '/')
			k++;
		size_t t0 = k;
		while (k < n && is_digit((unsigned char)s[k]))
			k++;
		if (k < n && is_space((unsigned char)s[k])) {
			h->comm = s;
			h->commlen = e;
			h->pid = s + d0;
			h->pidlen = d1 - d0;
			h->tid = s + t0;
			h->tidlen = k - t0;
			h->end = k;
			return 1;
		}
	}
	return 0;
}

/* s[0, n) is all digits, at least one. */
static int
is_count(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_digit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Perl: /:\s*(\d+)*\s+(\S+):\s*$/ on the whole line. */
static int
match_period_event(const char *s, size_t n, const char **per, size_t *perlen,
    const char **ev, size_t *evlen)
{
	size_t end = n;
	while (end > 0 && is_space((unsigned char)s[end - 1]))
		end--;
	if (end < 2 || s[end - 1] != ':')
		return 0;
	size_t ts = end - 1;
	while (ts > 0 && !is_space((unsigned char)s[ts - 1]))
		ts--;
	if (ts == 0 || ts == end - 1)
		return 0;
	size_t p = ts;
	while (p > 0 && is_space((unsigned char)s[p - 1]))
		p--;
	size_t q = p;
	while (q > 0 && is_digit((unsigned char)s[q - 1]))
		q--;
	if (q < p) {
		size_t r = q;
		while (r > 0 && is_space((unsigned char)s[r - 1]))
			r--;
		if (r == 0 || s[r - 1] != ':')
			return 0;
		*per = s + q;
		*perlen = p - q;
	} else {
		if (p == 0 || s[p - 1] != ':')
			return 0;
		*per = NULL;
		*perlen = 0;
	}
	*ev = s + ts;
	*evlen = end - 1 - ts;
	return 1;
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

/*
 * Index of the first byte of s[0, n) at or after k that is not blank.
 * perf indents frame lines with a tab and pads the address with spaces:
 * those are skipped a word at a time.
 */
static inline size_t
skip_blanks(const char *s, size_t n, size_t k)
{
	while (k < n && s[k] == '\t')
		k++;
	for (; k + 8 <= n; k += 8) {
		uint64_t w;
		memcpy(&w, s + k, 8);
		w ^= 0x2020202020202020ULL;
		if (w) {
			k += first_marked_byte(w);
			break;
		}
	}
	while (k < n && is_space((unsigned char)s[k]))
		k++;
	return k;
}

/*
 * How many bytes at s (of n) are digits or dots: a time stamp.  Eight at a
 * time, since every event line has one.
 */
static inline size_t
digits_and_dots(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	size_t q = 0;
	for (; q + 8 <= n; q += 8) {
		uint64_t w;
		memcpy(&w, s + q, 8);
		/* A byte is a digit when (byte ^ '0') < 10: its high bit stays clear after adding 0x76. */
		uint64_t x = w ^ (ones * '0');
		uint64_t not_digit = (((x & ~high) + ones * 0x76) | x) & high;
		/* A byte is a dot when (byte ^ '.') is zero. */
		uint64_t y = w ^ (ones * '.');
		uint64_t dot = ~(((y & ~high) + ~high) | y) & high;
		uint64_t other = not_digit & ~dot;
		if (other)
			return q + first_marked_byte(other);
	}
	while (q < n && (is_digit((unsigned char)s[q]) || s[q] == '.'))
		q++;
	return q;
}

/*
 * The fixed mode reads the fields after the pid in perf's order: [cpu],
 * time:, period, event:, then whatever perf printed after the event (a
 * tracepoint payload, or the frame of a sample without call graph).
 * Everything after the time stamp usually repeats from one sample to the
 * next, so that part is cached.  @return 1 for a sample header, 0 for
 * something else, -1 for one of the records that --show-task-events,
 * --show-mmap-events and the like print between samples
 * ("PERF_RECORD_COMM: ...").
 */
static int
parse_fields(struct fields_cache *fc, const char *s, size_t n, size_t k,
    const char **per, size_t *perlen, const char **ev, size_t *evlen,
    const char **rest, size_t *restlen)
{
	size_t after_time = (size_t)-1;

	*per = NULL;
	*perlen = 0;
	fc->fresh = 0;
	if (fc->valid) {
		/* Fast path: "[cpu] TIME:" then the same text as the last header. */
		size_t q = k;
		while (q < n && is_space((unsigned char)s[q]))
			q++;
		if (q < n && s[q] == '[') {
			const char *rb = memchr(s + q, ']', n - q);
			q = rb ? (size_t)(rb - s) + 1 : n;
			while (q < n && is_space((unsigned char)s[q]))
				q++;
		}
		size_t t0 = q;
		q += digits_and_dots(s + q, n - q);
		if (q > t0 + 1 && q < n && s[q] == ':' && is_digit((unsigned char)s[t0]) &&
		    (q + 1 == n || is_space((unsigned char)s[q + 1]))) {
			q++;
			if (fc->taillen == n - q && memcmp(fc->tail, s + q, n - q) == 0) {
				const char *base = s + q;
				*per = fc->have_per ? base + fc->per_off : NULL;
				*perlen = fc->perlen;
				*ev = base + fc->ev_off;
				*evlen = fc->evlen;
				*rest = base + fc->rest_off;
				*restlen = fc->restlen;
				fc->hit = 1;
				return fc->ok;
			}
		}
	}
	fc->hit = 0;
	for (int field = 0; field < 8; field++) {
		while (k < n && is_space((unsigned char)s[k]))
			k++;
		if (k >= n)
			break;
		size_t t = k;
		while (k < n && !is_space((unsigned char)s[k]))
			k++;
		size_t tl = k - t;
		if (s[t] == '[' && s[k - 1] == ']')
			continue;                      /* [cpu] */
		if (tl > 12 && memcmp(s + t, "PERF_RECORD_", 12) == 0)
			return -1;                     /* a side-band record, not a sample */
		if (s[k - 1] == ':') {
			size_t d = t + digits_and_dots(s + t, k - 1 - t);
			if (d == k - 1 && tl > 1 && is_digit((unsigned char)s[t]) &&
			    after_time == (size_t)-1) {
				/* time: -- the rest is often what the last header had. */
				after_time = k;
				if (fc->valid && fc->taillen == n - k &&
				    memcmp(fc->tail, s + k, n - k) == 0) {
					const char *base = s + k;
					*per = fc->have_per ? base + fc->per_off : NULL;
					*perlen = fc->perlen;
					*ev = base + fc->ev_off;
					*evlen = fc->evlen;
					*rest = base + fc->rest_off;
					*restlen = fc->restlen;
					return fc->ok;
				}
				continue;
			}
			*ev = s + t;
			*evlen = tl - 1;
			while (k < n && is_space((unsigned char)s[k]))
				k++;
			size_t e = n;
			while (e > k && is_space((unsigned char)s[e - 1]))
				e--;
			*rest = s + k;
			*restlen = e - k;
			int ok = *evlen > 0;
			/* Cache only what lies wholly after the time stamp. */
			if (after_time != (size_t)-1 && (!*per || *per >= s + after_time)) {
				size_t tn = n - after_time;
				if (tn + 1 > fc->cap) {
					fc->cap = tn + 64;
					fc->tail = fk_xrealloc(fc->tail, fc->cap);
				}
				memcpy(fc->tail, s + after_time, tn);
				fc->taillen = tn;
				fc->valid = 1;
				fc->ok = ok;
				fc->have_per = *per != NULL;
				fc->per_off = *per ? (size_t)(*per - (s + after_time)) : 0;
				fc->perlen = *perlen;
				fc->ev_off = (size_t)(*ev - (s + after_time));
				fc->evlen = *evlen;
				fc->rest_off = (size_t)(*rest - (s + after_time));
				fc->restlen = *restlen;
				fc->have_period = 0;
				fc->event_kept = 0;
				fc->fresh = 1;
			}
			return ok;
		}
		size_t d = t;
		while (d < k && is_digit((unsigned char)s[d]))
			d++;
		/*
		 * The period; one that is not a whole number ("-5", "1e5") is
		 * taken too, so that the event after it is still read, and the
		 * caller says what it made of it.
		 */
		if (d == k || (after_time != (size_t)-1 && !*per &&
		    (s[t] == '-' || s[t] == '+' || is_digit((unsigned char)s[t])))) {
			*per = s + t;
			*perlen = tl;
			continue;
		}
		return 0;
	}
	return 0;
}

static void
note_other_event(struct parser *p, const char *ev, size_t evlen)
{
	p->st->filtered++;
	if (!p->st->other_event[0]) {
		size_t m = evlen < sizeof(p->st->other_event) - 1 ? evlen : sizeof(p->st->other_event) - 1;
		memcpy(p->st->other_event, ev, m);
		p->st->other_event[m] = '\0';
	}
}

/* Which recent-header slot a header line belongs in: by its first 12 bytes. */
static inline size_t
header_slot_of(const char *s, size_t n)
{
	if (n < 12)
		return fk_hash_bytes(s, n, 3) % HEADER_SLOTS;
	uint64_t a, b = 0;
	memcpy(&a, s, 8);
	memcpy(&b, s + 8, 4);
	return (size_t)(fk_hash_fold(a ^ 0x9e3779b97f4a7c15ULL, b ^ 0xbf58476d1ce4e5b9ULL) % HEADER_SLOTS);
}

/* @return 1 when s is an event line (handled), 0 when it is something else. */
static int
event_line(struct parser *p, const char *s, size_t n, int padded)
{
	const struct fk_perf_options *o = p->opt;
	struct header h;
	const char *per = NULL, *ev = NULL, *rest = NULL;
	size_t perlen = 0, evlen = 0, restlen = 0;
	int have_event;

	/* Samples of a few threads interleave: reuse a recent header's work. */
	struct header_slot *hs = &p->headers[header_slot_of(s, n)];
	int same_header = hs->text.n > 0 && n > hs->text.n &&
	    is_space((unsigned char)s[hs->text.n]) &&
	    memcmp(s, hs->text.s, hs->text.n) == 0;
	if (same_header) {
		h = hs->h;
		h.comm = s;
		h.pid = s + hs->pid_off;
		h.tid = s + hs->tid_off;
	} else if (!match_header(s, n, o->compat_perl ? 2 : 1, &h)) {
		return 0;
	}
	if (o->compat_perl) {
		have_event = match_period_event(s, n, &per, &perlen, &ev, &evlen);
	} else {
		have_event = parse_fields(&p->fields, s, n, h.end, &per, &perlen, &ev, &evlen, &rest, &restlen);
		if (have_event < 0) {
			/* It ends the sample before it, and starts none. */
			sample_end(p);
			return 1;
		}
		/* An indented line is a header only when its fields read as one. */
		if (!have_event && padded)
			return 0;
		if (!have_event) {
			rest = NULL;
			have_event = match_period_event(s, n, &per, &perlen, &ev, &evlen);
		}
		/* A header without a blank line before it still ends the previous sample. */
		sample_end(p);
	}
	/* The same text after the time stamp as the last header: its event was kept then. */
	if (have_event && !(p->fields.hit && p->fields.event_kept)) {
		if (!p->event_set) {
			sbuf_add(&p->event, ev, evlen);
			p->event_set = 1;
			p->event_defaulted = 1;
		} else if (p->event.n != evlen || memcmp(p->event.s, ev, evlen) != 0) {
			note_other_event(p, ev, evlen);
			return 1;
		}
		if (p->fields.hit || p->fields.fresh)
			p->fields.event_kept = 1;
	}
	/* Perl: a missing period, or "0", counts as 1. */
	int64_t period = 1;
	if (!o->compat_perl && p->fields.hit && p->fields.have_period) {
		period = p->fields.period;
	} else if (per && !is_count(per, perlen)) {
		parser_warn(p, "sample period '%.*s' is not a whole number; the sample counts 1",
		    (int)(perlen > 40 ? 40 : perlen), per);
	} else if (per && !(perlen == 1 && per[0] == '0')) {
		size_t z = 0;
		while (z + 1 < perlen && per[z] == '0')
			z++;
		uint64_t v = 0;
		for (size_t k = z; k < perlen && k < z + 19; k++)
			v = v * 10 + (uint64_t)(per[k] - '0');
		/*
		 * 18 digits cannot overflow.  A period that does not fit a count
		 * is never wrapped: that sample is left out, reported, and its
		 * frames with it (no process name is set for them).
		 */
		if (perlen - z > 19 || v > (uint64_t)INT64_MAX) {
			parser_warn(p, "sample period '%.*s' is larger than %lld; the sample is left out",
			    (int)(perlen > 40 ? 40 : perlen), per, (long long)INT64_MAX);
			p->st->unrecognized++;
			return 1;
		}
		period = (int64_t)v;
	}
	p->period = period;
	if (!o->compat_perl && p->fields.fresh) {
		p->fields.period = period;
		p->fields.have_period = 1;
	}

	if (same_header) {
		p->pname_id = hs->pname_id;
		p->java = hs->java;
		p->pname_set = 1;
		goto frame_on_event_line;
	}

	/* pname: comm, "comm-PID" or "comm-PID/TID"; "?" for an unknown pid. */
	const char *pid = h.pid, *tid = h.tid;
	size_t pidlen = h.pidlen, tidlen = h.tidlen;
	if (tidlen == 0 || (tidlen == 1 && tid[0] == '0')) {
		tid = pid;
		tidlen = pidlen;
		pid = "?";
		pidlen = 1;
	}
	struct sbuf *b = &p->tmp2;
	b->n = 0;
	sbuf_add(b, h.comm, h.commlen);
	if (o->include_tid) {
		sbuf_adds(b, "-");
		sbuf_add(b, pid, pidlen);
		sbuf_adds(b, "/");
		sbuf_add(b, tid, tidlen);
	} else if (o->include_pid) {
		sbuf_adds(b, "-");
		sbuf_add(b, pid, pidlen);
	}
	for (size_t k = 0; k < b->n; k++)
		if (b->s[k] == ' ')
			b->s[k] = '_';
	/* Consecutive samples mostly come from the same thread. */
	if (!p->last_pname_valid || p->last_pname.n != b->n ||
	    memcmp(p->last_pname.s, b->s, b->n) != 0) {
		p->last_pname.n = 0;
		sbuf_add(&p->last_pname, b->s, b->n);
		p->last_pname_valid = 1;
		p->last_pname_id = strtab_intern(&p->names, b->s, b->n);
	}
	p->pname_id = p->last_pname_id;
	p->java = b->n >= 4 && memcmp(b->s, "java", 4) == 0;
	p->pname_set = 1;
	hs->text.n = 0;
	sbuf_add(&hs->text, s, h.end);
	hs->h = h;
	hs->pid_off = (size_t)(h.pid - s);
	hs->tid_off = (size_t)(h.tid - s);
	hs->pname_id = p->pname_id;
	hs->java = p->java;

frame_on_event_line:

	/* A sample without call graph carries its one frame on the event line. */
	p->event_frame.n = 0;
	if (rest && restlen > 0 && is_word((unsigned char)rest[0])) {
		size_t k = 0;
		while (k < restlen && ((rest[k] >= '0' && rest[k] <= '9') ||
		    (rest[k] >= 'a' && rest[k] <= 'f') || (rest[k] >= 'A' && rest[k] <= 'F')))
			k++;
		if (k > 0 && k < restlen && is_space((unsigned char)rest[k])) {
			struct line_entry *e = frame_line_lookup(p, rest, restlen, p->java);
			if (!e->bad) {
				for (size_t i = e->nids; i > 0; i--)
					u32vec_push(&p->event_frame, e->ids[i - 1]);
			}
		}
	}
	return 1;
}

/* ---- srcline ------------------------------------------------------------ */

/* A source line read after a frame (perf script -F+srcline). */
static void
srcline_line(struct parser *p, const char *s, size_t n)
{
	struct sbuf *b = &p->tmp;
	uint32_t id = p->pend_ids.v[p->pend_i];

	/* s/\[.*?\]//g, then trim. */
	p->tmp2.n = 0;
	for (size_t k = 0; k < n; k++) {
		if (s[k] == '[') {
			const char *c = memchr(s + k + 1, ']', n - k - 1);
			if (c) {
				k = (size_t)(c - s);
				continue;
			}
		}
		sbuf_add(&p->tmp2, s + k, 1);
	}
	size_t a = 0, e = p->tmp2.n;
	while (a < e && is_space((unsigned char)p->tmp2.s[a]))
		a++;
	while (e > a && is_space((unsigned char)p->tmp2.s[e - 1]))
		e--;
	if (e > a) {
		const struct name *nm = &p->names.names[id];
		b->n = 0;
		sbuf_add(b, nm->s, nm->len);
		sbuf_adds(b, ":");
		sbuf_add(b, p->tmp2.s + a, e - a);
		p->pend_ids.v[p->pend_i] = strtab_intern(&p->names, b->s, b->n);
	}
	p->pend_i++;
	if (p->pend_i >= p->pend_n) {
		sample_add_frames(p, p->pend_ids.v, p->pend_total, p->pend_skip);
		p->pend_n = 0;
	}
}

/* ---- the line dispatcher ---------------------------------------------- */

/*
 * Can s be the source line perf prints after a frame ("  prog.c:42")?
 * Not a blank line, an event line or a frame line: perf indents frames
 * with a tab, and a frame starts with its hex address.
 */
static int
is_source_line(const char *s, size_t n)
{
	if (n == 0 || s[0] != ' ')
		return 0;
	size_t k = 0;
	while (k < n && is_space((unsigned char)s[k]))
		k++;
	size_t h = k;
	while (h < n && is_hex((unsigned char)s[h]))
		h++;
	return !(h > k && h < n && is_space((unsigned char)s[h]));
}

/*
 * The text of a source line as perf prints it ("prog.c:42", "x.h:7 (inlined)",
 * "??:0", "prog[1070]"), blanks already skipped.
 */
static int
plain_source_line(const char *s, size_t n)
{
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	if (n > 10 && memcmp(s + n - 10, " (inlined)", 10) == 0)
		n -= 10;
	/* Without line information perf prints the module and offset: "prog[1070]". */
	if (n > 2 && s[n - 1] == ']') {
		size_t h = n - 1;
		while (h > 0 && is_hex((unsigned char)s[h - 1]))
			h--;
		/* ("[JIT] tid 1911[7f2f...]" has blanks; a frame starts with its address.) */
		size_t a = 0;
		while (a < n && is_hex((unsigned char)s[a]))
			a++;
		return h < n - 1 && h > 1 && s[h - 1] == '[' && !(a > 0 && a < n && is_space((unsigned char)s[a]));
	}
	size_t d = n;
	while (d > 0 && is_digit((unsigned char)s[d - 1]))
		d--;
	if (d == n || d == 0 || s[d - 1] != ':')
		return 0;
	return memchr(s, '\t', d) == NULL && memchr(s, ' ', d) == NULL;
}

/*
 * Cheap test for an indented header: frame lines start with a hex address
 * that is not followed by a PID.
 */
static int
maybe_header(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && !is_space((unsigned char)s[k])) {
		if (!is_hex((unsigned char)s[k]))
			return 1;
		k++;
	}
	while (k < n && is_space((unsigned char)s[k]))
		k++;
	size_t d = k;
	while (k < n && (is_digit((unsigned char)s[k]) || s[k] == '/'))
		k++;
	return k > d && k < n && is_space((unsigned char)s[k]);
}

static void
unrecognized_line(struct parser *p, const char *s, size_t n)
{
	char shown[96];
	size_t k = 0;

	p->st->unrecognized++;
	/* Show the start of the line, with unprintable bytes as "\xNN". */
	for (size_t i = 0; i < n && k + 5 < sizeof(shown) - 4; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x20 && ch < 0x7f)
			shown[k++] = (char)ch;
		else
			k += (size_t)snprintf(shown + k, 5, "\\x%02x", ch);
	}
	if (n > 0 && k + 5 >= sizeof(shown) - 4)
		memcpy(shown + k, "...", 3), k += 3;
	shown[k] = '\0';
	parser_warn(p, "unrecognized line: %s", shown);
}

/* A frame line's cache entry, applied to the current sample. */
static void
frame_line_apply(struct parser *p, struct line_entry *e, const char *s, size_t n)
{
	if (e->bad) {
		unrecognized_line(p, s, n);
		return;
	}
	if (!p->pname_set)
		return;
	if (p->opt->srcline && e->srcline_n > 0) {
		p->pend_ids.n = 0;
		for (size_t i = 0; i < e->nids; i++)
			u32vec_push(&p->pend_ids, e->ids[i]);
		p->pend_n = e->srcline_n;
		p->pend_total = e->nids;
		p->pend_i = 0;
		p->pend_skip = e->skip_after;
		return;
	}
	sample_add_frames(p, e->ids, e->nids, e->skip_after);
}

/* Look up the waiting frame lines, in order. */
static void
batch_flush(struct parser *p)
{
	struct frame_batch *b = &p->batch;
	if (!b->n)
		return;
	int java = p->pname_set ? p->java : 0;
	/* Second round of prefetching: the entries the first slots point at. */
	for (unsigned i = 0; i < b->n; i++) {
		uint64_t slot = p->line_slots[b->l[i].hash & p->lines_mask];
		if (slot) {
			/* The entry and its key, which usually runs into a second cache line. */
			__builtin_prefetch(SLOT_PTR(slot));
			__builtin_prefetch((const char *)SLOT_PTR(slot) + 64);
		}
	}
	unsigned long lineno = p->lineno;
	for (unsigned i = 0; i < b->n; i++) {
		const char *s = b->l[i].s;
		size_t n = b->l[i].len;
		p->lineno = b->l[i].lineno;
		frame_line_apply(p, frame_line_lookup_hashed(p, s, n, java, b->l[i].hash), s, n);
	}
	p->lineno = lineno;
	b->n = 0;
}

/* Queue a frame line (leading blanks gone) for batch_flush(). */
static inline void
batch_add(struct parser *p, const char *s, size_t n)
{
	struct frame_batch *b = &p->batch;
	if (b->n == BATCH_LINES)
		batch_flush(p);
	uint64_t h = frame_line_hash(s, n, p->pname_set ? p->java : 0);
	__builtin_prefetch(&p->line_slots[h & p->lines_mask]);
	b->l[b->n].s = s;
	b->l[b->n].len = n;
	b->l[b->n].hash = h;
	b->l[b->n].lineno = p->lineno;
	b->n++;
}

static void
parser_line(struct parser *p, const char *s, size_t n)
{
	const struct fk_perf_options *o = p->opt;

	if (p->pend_n) {
		if (o->compat_perl || is_source_line(s, n)) {
			srcline_line(p, s, n);
			return;
		}
		/* perf prints no source line for a frame it cannot place: stop waiting. */
		sample_add_frames(p, p->pend_ids.v, p->pend_total, p->pend_skip);
		p->pend_n = 0;
	}
	if (n == 0) {
		batch_flush(p);
		sample_end(p);
		return;
	}
	unsigned char c = (unsigned char)s[0];
	if (c == '#')
		return;
	if (!is_space(c)) {
		batch_flush(p);
		if (event_line(p, s, n, 0))
			return;
	} else {
		/* Leading blanks never change a frame line's meaning: leave them out of the key. */
		size_t k = skip_blanks(s, n, 0);
		if (!o->compat_perl) {
			if (k == n) {
				batch_flush(p);
				sample_end(p);
				return;
			}
			/*
			 * Padded command names: a header may start with blanks (perf
			 * indents frame lines with a tab, so those are not tried).
			 */
			if (c != '\t' && maybe_header(s + k, n - k)) {
				batch_flush(p);
				if (event_line(p, s + k, n - k, 1))
					return;
			}
			/* perf script -F +srcline without --srcline: its source lines are not frames. */
			if (c == ' ' && !o->srcline && p->pname_set && plain_source_line(s + k, n - k))
				return;
		}
		s += k;
		n -= k;
	}
	/* Frame lines wait in the batch unless they need the slow, stateful paths. */
	if (!o->srcline && n <= BATCH_MAX_LINE) {
		batch_add(p, s, n);
		return;
	}
	batch_flush(p);
	frame_line_apply(p, frame_line_lookup(p, s, n, p->pname_set ? p->java : 0), s, n);
}

/*
 * Most lines of a capture are frame lines, indented with a tab: queue them
 * here, without parser_line()'s checks for the rarer kinds of line.
 * @return 0 when the line needs parser_line().
 */
static inline int
frame_line_fast(struct parser *p, const char *s, size_t n)
{
	if (p->pend_n || p->opt->srcline)
		return 0;
	size_t k = skip_blanks(s, n, 1);
	if (k == n || n - k > BATCH_MAX_LINE)
		return 0;
	batch_add(p, s + k, n - k);
	return 1;
}

/*
 * A read error or a line over the limit: the input ends there, reported
 * with its line; what came before it and the other inputs still count.
 */
static void
input_cut_short(struct parser *p, struct fk_reader *r)
{
	unsigned long at;
	const char *why = fk_reader_failure(r, &at);
	size_t n;
	const char *rest = fk_reader_unread(r, &n);
	p->st->cut_short++;
	p->lineno = at;
	parser_warn(p, "%s; the rest of this input is skipped", why);
	fk_error_clear();   /* reported: it must not stick to a later error */
	/* Cut inside a call chain (an indented line): that sample is incomplete, not counted. */
	batch_flush(p);
	if (n > 0 && (rest[0] == '\t' || rest[0] == ' ')) {
		p->cur.n = 0;
		p->event_frame.n = 0;
		p->pname_set = 0;
		p->skip_rest = 0;
		p->pend_n = 0;
	}
}

/*
 * Every line of r, into the parser, or only up to the first sample's event
 * line when until_event is set; progress is reported when the options ask
 * for it (workers and the event finder run without).  Every read loop must
 * be this one: the batch points into the reader's buffer, which moves when
 * it reads more.
 * @return 0 at the end of the input (or at that event), -1 when reading
 * failed (recorded in r).
 */
static int
parser_read(struct parser *p, struct fk_reader *r, int until_event)
{
	char *line;
	size_t len;
	uint64_t tick = 0;
	for (;;) {
		int got = fk_reader_line_buffered(r, &line, &len);
		if (!got) {
			/* Reading more may move the lines the batch points at. */
			batch_flush(p);
			if ((got = fk_reader_line(r, &line, &len)) <= 0)
				return got;
		}
		p->lineno = fk_reader_lineno(r);
		if (p->opt->progress && (++tick & 0xffff) == 0)
			p->opt->progress(p->opt->progress_ctx, p->st->bytes + fk_reader_offset(r),
			    p->st->samples, 0);
		/* The two commonest lines, frame lines and the blank line after a sample, first. */
		if (line[0] == '\t') {
			if (frame_line_fast(p, line, len))
				continue;
		} else if (len == 0 && !p->pend_n) {
			batch_flush(p);
			sample_end(p);
			continue;
		}
		parser_line(p, line, len);
		if (until_event && p->event_set)
			return 0;
	}
}

static int
parser_input(struct parser *p, const struct fk_input *in, const struct fk_input_prefix *pre)
{
	struct fk_reader *r = pre ? fk_reader_new_prefixed(in->fd, in->name, pre->data, pre->len)
	    : fk_reader_new(in->fd, in->name);
	if (p->opt->compat_perl)
		fk_reader_keep_bom(r);

	p->file = fk_reader_name(r);
	int got = parser_read(p, r, 0);
	p->st->bytes += fk_reader_offset(r);
	if (got < 0)
		input_cut_short(p, r);
	batch_flush(p);
	if (!p->opt->compat_perl) {
		/* The last sample of a file counts even without a blank line after it. */
		if (p->pend_n) {
			sample_add_frames(p, p->pend_ids.v, p->pend_total, p->pend_skip);
			p->pend_n = 0;
		}
		sample_end(p);
	}
	p->file = NULL;
	fk_reader_free(r);
	return 0;
}

/* Build the text of every distinct stack into a table that merges and sorts. */
static void
parser_emit(struct parser *p, struct fk_stack_table *out)
{
	struct sbuf *b = &p->tmp;
	for (size_t i = 0; i <= p->stacks_mask; i++) {
		struct stack_entry *e = &p->stacks[i];
		if (!e->used)
			continue;
		b->n = 0;
		/* Root first: the root frame, then the frames from the last. */
		const struct name *nm = &p->names.names[e->root];
		sbuf_add(b, nm->s, nm->len);
		for (uint32_t k = e->nids; k > 0; k--) {
			nm = &p->names.names[p->stack_ids.v[e->off + k - 1]];
			sbuf_add(b, ";", 1);
			sbuf_add(b, nm->s, nm->len);
		}
		if (fk_stack_table_add_int(out, b->s ? b->s : "", b->n, e->count) < 0)
			p->error = 1;
	}
}

static void
stats_add(struct fk_perf_stats *to, const struct fk_perf_stats *from)
{
	to->bytes += from->bytes;
	to->samples += from->samples;
	to->filtered += from->filtered;
	to->unrecognized += from->unrecognized;
	to->cut_short += from->cut_short;
	if (!to->other_event[0] && from->other_event[0])
		memcpy(to->other_event, from->other_event, sizeof(to->other_event));
}

struct worker {
	pthread_t thread;
	struct parser p;
	struct fk_perf_stats st;
	struct fk_perf_options opt;
	int fd;
	const char *name;
	uint64_t start, end;
	unsigned long lines;
	int rc;
};

static void *
worker_run(void *arg)
{
	struct worker *w = arg;
	struct fk_reader *r = fk_reader_new_range(w->fd, w->name, w->start, w->end);
	if (w->opt.compat_perl)
		fk_reader_keep_bom(r);

	w->p.file = fk_reader_name(r);
	int got = parser_read(&w->p, r, 0);
	w->lines = fk_reader_lineno(r);
	w->st.bytes += fk_reader_offset(r);
	if (got < 0)
		input_cut_short(&w->p, r);   /* before the last sample ends: it may be cut */
	batch_flush(&w->p);
	if (!w->opt.compat_perl)
		sample_end(&w->p);
	w->p.file = NULL;
	fk_reader_free(r);
	return NULL;
}

/* Offset just past the first blank line at or after off, or end. */
static uint64_t
next_sample_boundary(int fd, uint64_t off, uint64_t end)
{
	char buf[65536];
	char prev = 0;
	while (off < end) {
		ssize_t n = pread(fd, buf, sizeof(buf), (off_t)off);
		if (n <= 0)
			return end;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n' && prev == '\n')
				return off + (uint64_t)i + 1;
			prev = buf[i];
		}
		off += (uint64_t)n;
	}
	return end;
}

/*
 * The event type the sequential parser would settle on: the first one seen,
 * copied into ev.  @return 1, or 0 when the input names none.
 */
static int
first_event(const struct fk_perf_options *opt, int fd, const char *name, struct sbuf *ev)
{
	struct fk_perf_stats st;
	struct fk_perf_options o = *opt;
	struct parser p;
	memset(&st, 0, sizeof(st));
	o.progress = NULL;
	o.nskip_after = 0;
	parser_init(&p, &o, &st);
	p.buffer_warnings = 1;
	struct fk_reader *r = fk_reader_new_range(fd, name, 0, UINT64_MAX);
	parser_read(&p, r, 1);
	int set = p.event_set;
	if (set)
		sbuf_add(ev, p.event.s ? p.event.s : "", p.event.n);
	fk_reader_free(r);
	parser_release(&p);
	return set;
}

/*
 * Parallel collapse of one regular file: chunks start right after a blank
 * line, where the sequential parser holds no state but the event filter,
 * which is settled beforehand.  Output is identical to the sequential run.
 */
static int
collapse_parallel(const struct fk_perf_options *opt, const struct fk_input *in,
    uint64_t size, FILE *out, struct fk_perf_stats *stats)
{
	int jobs = opt->jobs;
	struct worker *w = fk_xcalloc((size_t)jobs, sizeof(*w));
	struct sbuf ev = { NULL, 0, 0 };
	int rc = 0, ev_set = 1;

	/* Handed to the workers as bytes: a name may be long or hold a NUL. */
	if (opt->event_filter && *opt->event_filter)
		sbuf_adds(&ev, opt->event_filter);
	else
		ev_set = first_event(opt, in->fd, in->name, &ev);
	uint64_t start = 0;
	for (int k = 0; k < jobs; k++) {
		uint64_t end = k == jobs - 1 ? size
		    : next_sample_boundary(in->fd, size / (uint64_t)jobs * (uint64_t)(k + 1), size);
		if (end < start)
			end = start;
		w[k].opt = *opt;
		w[k].opt.progress = NULL;
		w[k].opt.event_filter = NULL;
		w[k].fd = in->fd;
		w[k].name = in->name;
		w[k].start = start;
		w[k].end = end;
		parser_init(&w[k].p, &w[k].opt, &w[k].st);
		w[k].p.buffer_warnings = 1;
		if (ev_set) {
			sbuf_add(&w[k].p.event, ev.s ? ev.s : "", ev.n);
			w[k].p.event_set = 1;
		}
		start = end;
	}
	for (int k = 1; k < jobs; k++)
		if (pthread_create(&w[k].thread, NULL, worker_run, &w[k]) != 0)
			worker_run(&w[k]), w[k].thread = 0;
	worker_run(&w[0]);
	for (int k = 1; k < jobs; k++)
		if (w[k].thread)
			pthread_join(w[k].thread, NULL);

	struct fk_stack_table *t = fk_stack_table_new(1);
	unsigned long base = 0;
	for (int k = 0; k < jobs; k++) {
		/* Cut short (a line too long): the rest of the file is skipped, as when read in one go. */
		if (k > 0 && w[k - 1].st.cut_short)
			break;
		for (unsigned i = 0; i < w[k].p.nwarnings; i++)
			fk_warn((strcmp(in->name, "-") == 0 ? "<stdin>" : in->name),
			    base + w[k].p.warnings[i].line, "%s", w[k].p.warnings[i].msg);
		base += w[k].lines;
		stats_add(stats, &w[k].st);
		if (w[k].rc < 0 || w[k].p.error) {
			if (rc == 0)
				fk_error("%s", w[k].p.errmsg);
			rc = -1;
		}
		if (rc == 0)
			parser_emit(&w[k].p, t);
		if (w[k].p.error && rc == 0) {
			rc = -1;
		}
	}
	snprintf(stats->event, sizeof(stats->event), "%s", ev.s ? ev.s : "");
	free(ev.s);
	if (rc == 0) {
		stats->stacks = fk_stack_table_size(t);
		rc = fk_stack_table_write(t, out, 1);
	}
	fk_stack_table_free(t);
	for (int k = 0; k < jobs; k++)
		parser_release(&w[k].p);
	free(w);
	return rc;
}

int
fk_perf_collapse(const struct fk_perf_options *opt, const struct fk_input *in,
    size_t nin, FILE *out, struct fk_perf_stats *stats)
{
	struct fk_perf_stats local;
	struct parser p;
	struct stat sb;
	int rc = 0;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	/* Worth splitting only for one big regular file. */
	if (opt->jobs > 1 && nin == 1 && !opt->srcline && fstat(in[0].fd, &sb) == 0 &&
	    S_ISREG(sb.st_mode) && sb.st_size >= (off_t)opt->jobs * (4 << 20) &&
	    (!opt->prefixes || opt->prefixes[0].len == 0) && lseek(in[0].fd, 0, SEEK_CUR) == 0)
		return collapse_parallel(opt, in, (uint64_t)sb.st_size, out, stats);

	parser_init(&p, opt, stats);
	for (size_t i = 0; i < nin && rc == 0; i++)
		rc = parser_input(&p, &in[i], opt->prefixes ? &opt->prefixes[i] : NULL);
	if (opt->progress)
		opt->progress(opt->progress_ctx, stats->bytes, stats->samples, 1);
	if (p.event_set)
		snprintf(stats->event, sizeof(stats->event), "%s", p.event.s ? p.event.s : "");
	if (rc == 0 && !p.error) {
		struct fk_stack_table *t = fk_stack_table_new(1);
		parser_emit(&p, t);
		stats->stacks = fk_stack_table_size(t);
		if (!p.error)
			rc = fk_stack_table_write(t, out, 1);
		fk_stack_table_free(t);
	}
	if (p.error) {
		if (p.errmsg[0])
			fk_error("%s", p.errmsg);
		rc = -1;
	}
	parser_release(&p);
	return rc;
}
