/*
 * perf_parser.c -- the parser: its state, the line dispatcher and the read
 * loop.
 *
 * Each line is told apart by its first bytes: a frame line (indented with
 * a tab, the commonest) is looked up in the frame line cache
 * (perf_frame.c), a blank line ends the sample (perf_stacks.c), an event
 * line starts the next one (perf_event.c), and with --srcline a source line
 * names the frame before it.
 */
#include "collapse/perf_internal.h"
#include "symbolize/symbolize.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the parser's life -------------------------------------------------- */

void
fk__perf_parser_warn(struct parser *p, const char *fmt, ...)
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
	p->warnings[p->nwarnings].chunk = p->chunk;
	p->warnings[p->nwarnings].line = p->lineno;
	va_start(ap, fmt);
	vsnprintf(p->warnings[p->nwarnings].msg, sizeof(p->warnings[0].msg), fmt, ap);
	va_end(ap);
	p->nwarnings++;
}

void
fk__perf_parser_init(struct parser *p, const struct fk_perf_opts *opt, struct fk_perf_stats *st)
{
	memset(p, 0, sizeof(*p));
	p->opt = opt;
	p->st = st;
	fk__perf_strtab_init(&p->names);
	fk_arena_init(&p->key_arena, 1u << 18);
	p->lines_mask = 255;
	p->line_slots = fk_bigmem_alloc((p->lines_mask + 1) * sizeof(*p->line_slots));
	p->stacks_mask = 255;
	p->stacks = fk_bigmem_alloc((p->stacks_mask + 1) * sizeof(*p->stacks));
	if (opt->event_filter && *opt->event_filter) {
		sbuf_adds(&p->event, opt->event_filter);
		p->event_set = 1;
	}
}

void
fk__perf_parser_release(struct parser *p)
{
	fk__perf_strtab_release(&p->names);
	fk_arena_release(&p->key_arena);
	fk_bigmem_free(p->line_slots, (p->lines_mask + 1) * sizeof(*p->line_slots));
	free(p->piece_ids.v);
	fk_bigmem_free(p->stacks, (p->stacks_mask + 1) * sizeof(*p->stacks));
	free(p->stack_ids.v);
	free(p->cur.v);
	free(p->event_frame.v);
	free(p->pend_ids.v);
	free(p->event.s);
	free(p->tmp.s);
	free(p->tmp2.s);
	free(p->enc.s);
	for (size_t i = 0; i < p->nbids; i++)
		free(p->bids[i].path);
	free(p->bids);
	fk_symbolizer_free(p->sym);
	free(p->last_pname.s);
	for (int i = 0; i < HEADER_SETS; i++) {
		for (int w = 0; w < HEADER_WAYS; w++) {
			free(p->headers[i][w].text.s);
			free(p->headers[i][w].tail.s);
			free(p->headers[i][w].prefix.s);
		}
	}
	free(p->fields.tail);
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
		p->pend_ids.v[p->pend_i] = fk__perf_strtab_intern(&p->names, b->s, b->n);
	}
	p->pend_i++;
	if (p->pend_i >= p->pend_n) {
		sample_add_frames(p, p->pend_ids.v, p->pend_total, p->pend_skip);
		p->pend_n = 0;
	}
}

/* ---- the line dispatcher ---------------------------------------------- */

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
	fk__perf_parser_warn(p, "unrecognized line: %s", shown);
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

/*
 * The cache entry of frame line s[0, n) of hash h: most often the line
 * that followed the previous frame line last time (a caller follows its
 * callee), checked against the whole text; else looked up by hash.
 */
static inline __attribute__((always_inline)) struct line_entry *
frame_line_find(struct parser *p, const char *s, size_t n, uint64_t h)
{
	int java = p->pname_set ? p->java : 0;
	struct line_entry *last = p->last, *e;
	if (last && (e = last->next) && e->keylen == n && e->java == java &&
	    bytes_equal(line_entry_key(e), s, n)) {
		p->last = e;
		return e;
	}
	e = frame_line_lookup_hashed(p, s, n, java, h);
	if (last)
		last->next = e;
	p->last = e;
	return e;
}

static void
parser_line(struct parser *p, const char *s, size_t n)
{
	const struct fk_perf_opts *o = p->opt;

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
		p->last = NULL;
		sample_end(p);
		return;
	}
	unsigned char c = (unsigned char)s[0];
	if (c == '#')
		return;
	if (!is_space(c)) {
		p->last = NULL;
		if (fk__perf_event_line(p, s, n, 0))
			return;
	} else {
		/* Leading blanks never change a frame line's meaning: leave them out of the key. */
		size_t k = skip_blanks(s, n, 0);
		if (!o->compat_perl) {
			if (k == n) {
				p->last = NULL;
				sample_end(p);
				return;
			}
			/*
			 * Padded command names: a header may start with blanks (perf
			 * indents frame lines with a tab, so those are not tried).
			 */
			if (c != '\t' && maybe_header(s + k, n - k)) {
				p->last = NULL;
				if (fk__perf_event_line(p, s + k, n - k, 1))
					return;
			}
			/* perf script -F +srcline without --srcline: its source lines are not frames. */
			if (c == ' ' && !o->srcline && p->pname_set && plain_source_line(s + k, n - k))
				return;
		}
		s += k;
		n -= k;
	}
	frame_line_apply(p, frame_line_find(p, s, n, frame_line_hash(p, s, n)), s, n);
}

void
fk__perf_parser_line(struct parser *p, const char *s, size_t n)
{
	parser_line(p, s, n);
}

/* ---- reading ------------------------------------------------------------ */

/*
 * A read error or a line over the limit: the input ends there, reported
 * with its line; what came before it and the other inputs still count.
 */
void
fk__perf_input_cut_short(struct parser *p, struct fk_reader *r)
{
	unsigned long at;
	const char *why = fk_reader_failure(r, &at);
	size_t n;
	const char *rest = fk_reader_unread(r, &n);
	p->st->cut_short++;
	p->lineno = at;
	fk__perf_parser_warn(p, "%s; the rest of this input is skipped", why);
	fk_error_clear();   /* reported: it must not stick to a later error */
	/* Cut inside a call chain (an indented line): that sample is incomplete, not counted. */
	if (n > 0 && (rest[0] == '\t' || rest[0] == ' ')) {
		p->cur.n = 0;
		p->event_frame.n = 0;
		p->pname_set = 0;
		p->skip_rest = 0;
		p->pend_n = 0;
	}
}

/*
 * Lines read ahead of the one being parsed: the cache slots of the frame
 * lines among them are fetched from memory meanwhile (a sample's first
 * frame line is rarely the one predicted, and its slot is rarely in the
 * cache).  Deeper read-ahead, or fetching the entries too, measured no
 * better.
 */
#define AHEAD_LINES 4

struct ahead_line {
	const char *s;
	size_t n;
	uint64_t hash;            /* frame lines: frame_line_hash() */
	unsigned long lineno;
	int frame;                /* a frame line, its leading blanks left out */
	int strong;               /* hashed after the parser switched to strong hashes */
};

/* Parse a line read ahead. */
static inline void
ahead_parse(struct parser *p, const struct ahead_line *a)
{
	p->lineno = a->lineno;
	if (!a->frame) {
		if (a->n == 0) {
			p->last = NULL;
			sample_end(p);
		} else {
			parser_line(p, a->s, a->n);
		}
		return;
	}
	uint64_t h = a->strong == p->strong_hash ? a->hash : frame_line_hash(p, a->s, a->n);
	struct line_entry *e = frame_line_find(p, a->s, a->n, h);
	if (__builtin_expect(e->bad, 0)) {
		unrecognized_line(p, a->s, a->n);
		return;
	}
	if (p->pname_set)
		sample_add_frames(p, e->ids, e->nids, e->skip_after);
	/* The line predicted to come next. */
	if (e->next)
		__builtin_prefetch(e->next);
}

/*
 * Every line of r into the parser, without --srcline (whose source lines
 * change how the lines after them are read): lines are read AHEAD_LINES
 * ahead of the one parsed, as long as the reader's buffer holds them
 * (fk_reader_line_buffered() leaves them where they are).
 */
static int
parser_read_ahead(struct parser *p, struct fk_reader *r)
{
	struct ahead_line ring[AHEAD_LINES];
	unsigned first = 0, n = 0;
	const int progress = p->opt->progress != NULL;
	uint64_t tick = 0;
	for (;;) {
		char *line;
		size_t len;
		if (!fk_reader_line_buffered(r, &line, &len)) {
			/* Reading more may move the lines read ahead: parse them first. */
			for (; n > 0; n--, first = (first + 1) % AHEAD_LINES)
				ahead_parse(p, &ring[first]);
			int got = fk_reader_line(r, &line, &len);
			if (got <= 0)
				return got;
		}
		if (progress && (++tick & 0xffff) == 0)
			p->opt->progress(p->opt->progress_ctx, p->st->bytes + fk_reader_offset(r),
			    p->st->samples, 0);
		struct ahead_line *a = &ring[(first + n) % AHEAD_LINES];
		a->lineno = fk_reader_lineno(r);
		a->s = line;
		a->n = len;
		a->frame = 0;
		if (line[0] == '\t') {
			size_t k = skip_blanks(line, len, 1);
			if (k < len) {
				a->s = line + k;
				a->n = len - k;
				a->frame = 1;
				a->strong = p->strong_hash;
				a->hash = frame_line_hash(p, a->s, a->n);
				__builtin_prefetch(&p->line_slots[a->hash & p->lines_mask]);
			}
		}
		n++;
		if (n == AHEAD_LINES) {
			ahead_parse(p, &ring[first]);
			first = (first + 1) % AHEAD_LINES;
			n--;
		}
	}
}

/*
 * Every line of r, into the parser, or only up to the first sample's event
 * line when until_event is set; progress is reported when the options ask
 * for it (workers and the event finder run without).
 * @return 0 at the end of the input (or at that event), -1 when reading
 * failed (recorded in r).
 */
int
fk__perf_parser_read(struct parser *p, struct fk_reader *r, int until_event)
{
	if (!until_event && !p->opt->srcline)
		return parser_read_ahead(p, r);
	char *line;
	size_t len;
	uint64_t tick = 0;
	for (;;) {
		int got = fk_reader_line(r, &line, &len);
		if (got <= 0)
			return got;
		p->lineno = fk_reader_lineno(r);
		if (p->opt->progress && (++tick & 0xffff) == 0)
			p->opt->progress(p->opt->progress_ctx, p->st->bytes + fk_reader_offset(r),
			    p->st->samples, 0);
		parser_line(p, line, len);
		if (until_event && p->event_set)
			return 0;
	}
}
