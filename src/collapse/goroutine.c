#include "collapse/goroutine.h"
#include "core/error.h"
#include "collapse/framebuf.h"
#include "core/num.h"
#include "core/sniff.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

int
fk_goroutine_header(const char *line, size_t len, const char **state, size_t *state_len)
{
	return fk_sniff_goroutine_header(line, len, state, state_len);
}

/* Bucket "N minutes" of a wait state. */
static const char *
wait_bucket(const char *s, size_t n)
{
	long long m = 0;
	size_t i = 0;
	while (i < n && fk_is_digit(s[i]) && m < 1000000)
		m = m * 10 + (s[i++] - '0');
	if (i == 0 || i == n || strncmp(s + i, " minutes", n - i) != 0 || n - i != 8)
		return NULL;
	return m >= 60 ? ">1h" : m >= 10 ? ">10m" : m >= 1 ? ">1m" : NULL;
}

/* "[state]" or "[state, >10m]" from the text inside the header's brackets. */
static void
push_state(struct fk_framebuf *b, const char *s, size_t n, int wait)
{
	const char *comma = NULL;
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == ',' && s[i + 1] == ' ') {
			comma = s + i;
			break;
		}
	size_t head = comma ? (size_t)(comma - s) : n;
	fk_framebuf_push(b, "[", 1);
	fk_framebuf_append(b, s, head);
	if (wait && comma) {
		/* The parts after the state: "N minutes", "locked to thread", ... */
		const char *p = comma + 2, *end = s + n;
		while (p < end) {
			const char *q = p;
			while (q < end && !(q + 1 < end && q[0] == ',' && q[1] == ' '))
				q++;
			const char *bucket = wait_bucket(p, (size_t)(q - p));
			if (bucket) {
				fk_framebuf_append(b, ", ", 2);
				fk_framebuf_append(b, bucket, strlen(bucket));
			}
			p = q < end ? q + 2 : end;
		}
	}
	fk_framebuf_append(b, "]", 1);
}

/* Length of a function name without its argument list "(...)". */
static size_t
strip_args(const char *s, size_t n)
{
	if (n == 0 || s[n - 1] != ')')
		return n;
	int depth = 0;
	for (size_t i = n; i-- > 0;) {
		if (s[i] == ')')
			depth++;
		else if (s[i] == '(' && --depth == 0)
			return i;
	}
	return n;
}

/* "file.go:123" from "\t/path/to/file.go:123 +0x1d fp=..." */
static void
source_line(const char *s, size_t n, const char **out, size_t *outlen)
{
	while (n && (*s == '\t' || *s == ' '))
		s++, n--;
	const char *end = s + n;
	/* The location ends at the last ":DIGITS" followed by a space or the end. */
	const char *cut = end;
	for (const char *p = s; p < end; p++) {
		if (*p != ':' || p + 1 == end || !fk_is_digit(p[1]))
			continue;
		const char *q = p + 1;
		while (q < end && fk_is_digit(*q))
			q++;
		if (q == end || *q == ' ')
			cut = q;
	}
	const char *base = s;
	for (const char *p = s; p < cut; p++)
		if (*p == '/')
			base = p + 1;
	*out = base;
	*outlen = (size_t)(cut - base);
}

enum { G_OUT, G_FUNC, G_FILE, G_CREATOR_FILE };

struct gparser {
	const struct fk_go_opts *opt;
	struct fk_reader *r;
	struct fk_stack_table *t;
	struct fk_go_stats *st;
	struct fk_framebuf frames;
	int state;
	unsigned long header_line;
	char id[32];
	char *gstate;             /* copy of the state text */
	size_t gstate_len, gstate_cap;
	char *creator;            /* the "created by" frame, whole */
	size_t creator_len, creator_cap;
	int counts;               /* reading debug=1 */
	char *labels;             /* debug=1 "# labels: {...}" text, or NULL */
	size_t labels_len, labels_cap;
	int64_t count;
	int bad;
	int no_stack;     /* the runtime said the stack is unavailable */
	int inlined;      /* the frame being read was printed with "(...)" */
};

/*
 * Push "[key=value]" from debug=1 labels text {"k":"v", "k2":"v2"} (values
 * quoted as Go's %q does), or "[no key]".
 */
static void
push_label(struct fk_framebuf *b, const char *key, const char *s, size_t n)
{
	size_t klen = strlen(key);
	for (size_t i = 0; s && i + klen + 4 <= n; i++) {
		if (s[i] != '"' || memcmp(s + i + 1, key, klen) != 0 ||
		    memcmp(s + i + 1 + klen, "\":\"", 3) != 0)
			continue;
		if (i > 0 && s[i - 1] != '{' && s[i - 1] != ' ')
			continue;
		fk_framebuf_push_parts(b, "[", 1, key, klen);
		fk_framebuf_append(b, "=", 1);
		for (size_t j = i + klen + 4; j < n && s[j] != '"'; j++) {
			if (s[j] == '\\' && j + 1 < n)
				j++;
			fk_framebuf_append(b, s + j, 1);
		}
		fk_framebuf_append(b, "]", 1);
		return;
	}
	fk_framebuf_push_parts(b, "[no ", 4, key, klen);
	fk_framebuf_append(b, "]", 1);
}

static int
gparser_emit(struct gparser *p)
{
	struct fk_framebuf *b = &p->frames;
	if (p->bad) {
		fk_framebuf_clear(b);
		return 0;
	}
	if (b->n == 0)
		fk_framebuf_push(b, "[no stack]", 10);
	for (size_t k = p->counts ? p->opt->nlabels : 0; k-- > 0;)
		push_label(b, p->opt->labels[k], p->labels, p->labels_len);
	if (p->creator_len && !p->opt->no_creator)
		fk_framebuf_push(b, p->creator, p->creator_len);
	if (p->opt->state && p->gstate_len)
		push_state(b, p->gstate, p->gstate_len, p->opt->wait);
	size_t len;
	const char *key = fk_framebuf_join(b, &len);
	fk_framebuf_clear(b);
	p->st->stacks++;
	p->st->goroutines += (uint64_t)p->count;
	if (fk_stack_table_add_int(p->t, key, len, p->count) < 0)
		return fk_error("%s:%lu", fk_reader_name(p->r), p->header_line);
	return 0;
}

/* Room for need bytes in *buf (of *cap bytes). */
static void
reserve(char **buf, size_t *cap, size_t need)
{
	if (need > *cap) {
		*cap = need > 2 * *cap ? need : 2 * *cap;
		*buf = fk_xrealloc(*buf, *cap);
	}
}

static void
gparser_start(struct gparser *p, const char *state, size_t state_len)
{
	fk_framebuf_clear(&p->frames);
	p->header_line = fk_reader_lineno(p->r);
	reserve(&p->gstate, &p->gstate_cap, state_len);
	if (state_len)
		memcpy(p->gstate, state, state_len);
	p->gstate_len = state_len;
	p->creator_len = 0;
	p->count = 1;
	p->labels_len = 0;
	p->bad = 0;
	p->no_stack = 0;
	p->state = G_FUNC;
}

/* Set the creator frame from "created by F" or "created by F in goroutine N". */
static void
set_creator(struct gparser *p, const char *s, size_t n)
{
	const char *in = NULL;
	for (size_t i = 0; i + 14 <= n; i++)
		if (memcmp(s + i, " in goroutine ", 14) == 0)
			in = s + i;
	if (in)
		n = (size_t)(in - s);
	reserve(&p->creator, &p->creator_cap, n);
	if (n)
		memcpy(p->creator, s, n);
	p->creator_len = n;
}

static int
gparser_line(struct gparser *p, const char *line, size_t len)
{
	const char *state;
	size_t state_len;

	if (p->state == G_FILE || p->state == G_CREATOR_FILE) {
		if (len > 0 && line[0] == '\t') {
			if (p->opt->lines) {
				const char *src;
				size_t srclen;
				source_line(line, len, &src, &srclen);
				if (p->state == G_FILE) {
					fk_framebuf_append(&p->frames, ":", 1);
					fk_framebuf_append(&p->frames, src, srclen);
				} else {
					reserve(&p->creator, &p->creator_cap, p->creator_len + 1 + srclen);
					p->creator[p->creator_len++] = ':';
					memcpy(p->creator + p->creator_len, src, srclen);
					p->creator_len += srclen;
				}
			}
			/*
			 * Only inlined frames print "(...)" for arguments; a frame at
			 * its function's entry has no "+0x" offset but is not inlined.
			 */
			if (p->state == G_FILE && p->inlined)
				fk_framebuf_append(&p->frames, "_[i]", 4);
			p->state = G_FUNC;
			return 0;
		}
		fk_warn(fk_reader_name(p->r), fk_reader_lineno(p->r),
		    "expected a source line; goroutine %s skipped", p->id);
		p->bad = 1;
		p->state = G_FUNC;
		/* Read the line again as a function line. */
	}
	if (p->state == G_FUNC) {
		if (len == 0) {
			p->state = G_OUT;
			return gparser_emit(p);
		}
		if (fk_goroutine_header(line, len, &state, &state_len)) {
			if (gparser_emit(p) < 0)
				return -1;
			gparser_start(p, state, state_len);
			snprintf(p->id, sizeof(p->id), "%.*s", (int)(strchr(line + 10, ' ') - line - 10), line + 10);
			return 0;
		}
		if (line[0] == '\t') {
			/* "\tgoroutine running on other thread; stack unavailable" */
			p->no_stack = 1;
			return 0;
		}
		if (fk_has_prefix(line, len, "created by ")) {
			set_creator(p, line, len);
			p->state = G_CREATOR_FILE;
			return 0;
		}
		if (fk_has_prefix(line, len, "...") && line[len - 1] == '.')
			return 0;  /* "...additional frames elided..." */
		size_t name_len = strip_args(line, len);
		if (line[len - 1] != ')' || memchr(line, ' ', name_len)) {
			/* Not a call: the text after a traceback ("exit status 2", a log line). */
			p->state = G_OUT;
			p->st->outside++;
			return gparser_emit(p);
		}
		p->inlined = len - name_len == 5 && memcmp(line + name_len, "(...)", 5) == 0;
		fk_framebuf_push(&p->frames, line, name_len);
		p->state = G_FILE;
		return 0;
	}
	if (fk_goroutine_header(line, len, &state, &state_len)) {
		gparser_start(p, state, state_len);
		snprintf(p->id, sizeof(p->id), "%.*s", (int)(strchr(line + 10, ' ') - line - 10), line + 10);
	} else if (len > 0) {
		p->st->outside++;
	}
	return 0;
}

/* Does a source line end in its offset, " +0x" and hex digits? */
static int
offset_at_end(const char *s, size_t n)
{
	size_t k = n;
	while (k > 0 && ((s[k - 1] >= '0' && s[k - 1] <= '9') || (s[k - 1] >= 'a' && s[k - 1] <= 'f')))
		k--;
	return k < n && k >= 4 && memcmp(s + k - 4, " +0x", 4) == 0;
}

/*
 * A read error or a line over the limit: the input ends there, reported
 * with its line; the goroutines before it still count.
 */
static void
cut_short(struct gparser *p)
{
	fk_reader_warn_cut(p->r);
	p->st->cut_short++;
	p->state = G_OUT;
}

int
fk_goroutine_collapse(const struct fk_go_opts *opt, struct fk_reader *r,
    struct fk_stack_table *t, struct fk_go_stats *st)
{
	struct gparser p = { .opt = opt, .r = r, .t = t, .st = st, .state = G_OUT };
	char *line;
	size_t len;
	int got, rc = 0;
	uint64_t off = 0;
	int newline = 1;

	int whole = 1;
	while (rc == 0 && (got = fk_reader_line(r, &line, &len)) > 0) {
		uint64_t now = fk_reader_offset(r);
		newline = now - off > len;
		off = now;
		/*
		 * Without a newline the last line may be cut short, unless it is
		 * a source line that got as far as its "+0x" offset.
		 */
		whole = newline || (len > 0 && line[0] == '\t' && offset_at_end(line, len));
		if (!whole && p.state != G_OUT) {
			/*
			 * The dump stops inside this line: whatever it is (a frame, a
			 * header, a source line), the goroutine being read is incomplete.
			 */
			fk_warn(fk_reader_name(r), fk_reader_lineno(r),
			    "dump cut off in the middle of a line of goroutine %s; it is left out", p.id);
			p.state = G_OUT;
			break;
		}
		rc = gparser_line(&p, line, len);
	}
	if (rc == 0 && got < 0) {
		/* The goroutine being read is incomplete: it is left out with the rest. */
		cut_short(&p);
	}
	if (rc == 0 && p.state != G_OUT) {
		if (p.state != G_FUNC || (p.frames.n == 0 && !p.no_stack) || !whole)
			fk_warn(fk_reader_name(r), fk_reader_lineno(r),
			    "dump cut off in the middle of the stack of goroutine %s; it is left out", p.id);
		else
			rc = gparser_emit(&p);
	}
	fk_framebuf_release(&p.frames);
	free(p.gstate);
	free(p.creator);
	return rc;
}

/* debug=1: "N @ 0x... 0x..." */
static int
counts_header(const char *line, size_t len, int64_t *count)
{
	size_t i = 0;
	while (i < len && fk_is_digit(line[i]))
		i++;
	if (i == 0 || i + 3 > len || memcmp(line + i, " @", 2) != 0)
		return 0;
	long long n;
	const char *errstr;
	char num[24];
	if (i >= sizeof(num))
		return -1;
	memcpy(num, line, i);
	num[i] = '\0';
	if (fk_strtonum(num, 0, INT64_MAX, &n, &errstr) < 0)
		return -1;
	*count = n;
	return 1;
}

int
fk_goroutine_counts_collapse(const struct fk_go_opts *opt, struct fk_reader *r,
    struct fk_stack_table *t, struct fk_go_stats *st)
{
	struct gparser p = { .opt = opt, .r = r, .t = t, .st = st, .state = G_OUT, .counts = 1 };
	char *line;
	size_t len;
	int got, rc = 0, newline = 1;
	uint64_t off = 0;

	while (rc == 0 && (got = fk_reader_line(r, &line, &len)) > 0) {
		uint64_t now = fk_reader_offset(r);
		newline = now - off > len;
		off = now;
		int64_t count;
		int h = counts_header(line, len, &count);
		if (h != 0) {
			if (p.state == G_FUNC && (rc = gparser_emit(&p)) < 0)
				break;
			if (h < 0) {
				fk_warn(fk_reader_name(r), fk_reader_lineno(r), "bad goroutine count");
				p.state = G_OUT;
				continue;
			}
			gparser_start(&p, "", 0);
			p.count = count;
			snprintf(p.id, sizeof(p.id), "group");
			continue;
		}
		if (p.state != G_FUNC) {
			if (len > 0 && !fk_has_prefix(line, len, "goroutine profile: "))
				st->outside++;
			continue;
		}
		if (len == 0) {
			p.state = G_OUT;
			rc = gparser_emit(&p);
			continue;
		}
		if (len > 10 && memcmp(line, "# labels: ", 10) == 0) {
			if (len - 10 > p.labels_cap) {
				p.labels_cap = len - 10;
				p.labels = fk_xrealloc(p.labels, p.labels_cap);
			}
			memcpy(p.labels, line + 10, len - 10);
			p.labels_len = len - 10;
			continue;
		}
		/* "#\t0x4a1f24\tmain.leakSend+0x24\t/path/main.go:20" */
		if (len < 2 || line[0] != '#' || line[1] != '\t')
			continue;
		const char *f = memchr(line + 2, '\t', len - 2);
		if (!f) {
			/* An address without a symbol. */
			fk_framebuf_push(&p.frames, line + 2, len - 2);
			continue;
		}
		f++;
		const char *end = line + len;
		const char *tab = memchr(f, '\t', (size_t)(end - f));
		const char *fe = tab ? tab : end;
		const char *plus = NULL;
		for (const char *q = f; q + 2 < fe; q++)
			if (q[0] == '+' && q[1] == '0' && q[2] == 'x')
				plus = q;
		fk_framebuf_push(&p.frames, f, (size_t)((plus ? plus : fe) - f));
		if (opt->lines && tab) {
			const char *src;
			size_t srclen;
			source_line(tab + 1, (size_t)(end - tab - 1), &src, &srclen);
			fk_framebuf_append(&p.frames, ":", 1);
			fk_framebuf_append(&p.frames, src, srclen);
		}
	}
	if (rc == 0 && got < 0)
		cut_short(&p);
	if (rc == 0 && p.state == G_FUNC) {
		if (p.frames.n == 0 || !newline)
			fk_warn(fk_reader_name(r), fk_reader_lineno(r),
			    "dump cut off in the middle of a stack; it is left out");
		else
			rc = gparser_emit(&p);
	}
	fk_framebuf_release(&p.frames);
	free(p.labels);
	free(p.gstate);
	free(p.creator);
	return rc;
}
