/*
 * sniff.c -- input kind detection on the first (decompressed) bytes.
 */
#include "core/sniff.h"
#include "core/error.h"
#include "core/folded.h"
#include "core/util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static const char *const sniff_names[] = {
	[FK_SNIFF_UNKNOWN] = "unknown",
	[FK_SNIFF_EMPTY] = "empty",
	[FK_SNIFF_PERF_DATA] = "perf-data",
	[FK_SNIFF_PERF_SCRIPT] = "perf-script",
	[FK_SNIFF_FOLDED] = "folded",
	[FK_SNIFF_PPROF] = "pprof",
	[FK_SNIFF_GOROUTINE] = "goroutine",
	[FK_SNIFF_GOROUTINE_COUNTS] = "goroutine-counts",
	[FK_SNIFF_PPROF_RAW] = "pprof-raw",
	[FK_SNIFF_DTRACE] = "dtrace",
	[FK_SNIFF_BPFTRACE] = "bpftrace",
	[FK_SNIFF_STAP] = "stap",
	[FK_SNIFF_JSTACK] = "jstack",
	[FK_SNIFF_CPUPROFILE] = "cpuprofile",
	[FK_SNIFF_CHROME_TRACE] = "chrome-trace",
	[FK_SNIFF_SPEEDSCOPE] = "speedscope",
	[FK_SNIFF_D3_JSON] = "d3-json",
	[FK_SNIFF_XCTRACE] = "xctrace",
	[FK_SNIFF_FOREIGN] = "foreign",
};

const char *
fk_sniff_name(enum fk_sniff s)
{
	return (unsigned)s <= FK_SNIFF_FOREIGN ? sniff_names[s] : "unknown";
}

/*
 * Whether the first 4 KiB read as binary data rather than text: control
 * bytes other than white space are at least 8% of them (random bytes have
 * about 11%, UTF-16 text 50%).  Text in any 8-bit encoding has none, and
 * a stray NUL in a line of text is far below that.
 */
static int
looks_binary(const unsigned char *b, size_t n)
{
	size_t len = n < 4096 ? n : 4096, ctl = 0;
	for (size_t i = 0; i < len; i++)
		ctl += b[i] < 0x20 && (b[i] < '\t' || b[i] > '\r') && b[i] != 0x1b;
	return ctl >= 16 && ctl * 100 >= len * 8;
}

const char *
fk_sniff_foreign(const void *buf, size_t n)
{
	static const struct {
		const char *magic;
		size_t len;
		const char *what;
	} kinds[] = {
		{ "\x7f" "ELF", 4, "an ELF file (a program or library)" },
		{ "\x04\x22\x4d\x18", 4, "lz4-compressed data" },
		{ "PK\x03\x04", 4, "a zip archive" },
		{ "7z\xbc\xaf\x27\x1c", 6, "a 7z archive" },
		{ "\x89PNG\r\n\x1a\n", 8, "a PNG image" },
	};
	const unsigned char *b = buf;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (n >= kinds[i].len && memcmp(b, kinds[i].magic, kinds[i].len) == 0)
			return kinds[i].what;
	/* "BZh" and the block size, then a block's magic (pi) or the end-of-stream one (sqrt pi). */
	if (n >= 10 && memcmp(b, "BZh", 3) == 0 && b[3] >= '1' && b[3] <= '9' &&
	    (memcmp(b + 4, "\x31\x41\x59\x26\x53\x59", 6) == 0 ||
	    memcmp(b + 4, "\x17\x72\x45\x38\x50\x90", 6) == 0))
		return "bzip2-compressed data";
	/* Windows PowerShell's > writes UTF-16 with a byte order mark. */
	if (n >= 2 && (memcmp(b, "\xff\xfe", 2) == 0 || memcmp(b, "\xfe\xff", 2) == 0))
		return "UTF-16 text (convert it to UTF-8 first: iconv -f UTF-16 -t UTF-8)";
	if (looks_binary(b, n) && !fk_sniff_pprof(buf, n))
		return "binary data of no known kind";
	return NULL;
}

/* Read a varint from p[*i..n). @return 0, or -1 when it runs off the end. */
static int
sniff_varint(const unsigned char *p, size_t n, size_t *i, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; *i < n && shift < 64; shift += 7) {
		unsigned char c = p[(*i)++];
		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return 0;
	}
	return -1;
}

int
fk_sniff_pprof(const void *data, size_t n)
{
	const unsigned char *p = data;
	/* Text has no control bytes but tab, newline and carriage return. */
	int binary = 0;
	for (size_t i = 0; i < n && i < 64; i++)
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
			binary = 1;
	if (!binary)
		return 0;
	/* The first fields must be fields of Profile with their wire types. */
	size_t i = 0;
	int fields = 0;
	while (i < n && fields < 4) {
		uint64_t key, v;
		if (sniff_varint(p, n, &i, &key) < 0)
			break;
		uint64_t f = key >> 3;
		int wt = (int)(key & 7);
		int len_ok = (f >= 1 && f <= 6) || f == 11 || f == 13 || f == 15;
		int var_ok = (f >= 7 && f <= 10) || f == 12 || f == 13 || f == 14;
		if (!(wt == 2 && len_ok) && !(wt == 0 && var_ok))
			return 0;
		if (sniff_varint(p, n, &i, &v) < 0)
			break;
		fields++;
		if (wt == 2) {
			if (v > n - i)
				break;   /* goes on beyond what we have */
			i += (size_t)v;
		}
	}
	return fields >= 2 || (fields == 1 && i == n);
}

int
fk_sniff_goroutine_header(const char *line, size_t len, const char **state, size_t *state_len)
{
	size_t i = 10;
	if (!fk_has_prefix(line, len, "goroutine ") || len < 14 || !fk_is_digit(line[i]))
		return 0;
	while (i < len && fk_is_digit(line[i]))
		i++;
	if (i == len || line[i] != ' ' || line[len - 1] != ':' || line[len - 2] != ']')
		return 0;
	const char *open = memchr(line + i, '[', len - i);
	if (!open || open[-1] != ' ')
		return 0;
	*state = open + 1;
	*state_len = (size_t)(line + len - 2 - *state);
	return 1;
}

/* Not inlined: GCC's -Wnonnull under sanitizers sees a null haystack that cannot be. */
__attribute__((noinline)) static int
has(const char *s, size_t n, const char *needle)
{
	return memmem(s, n, needle, strlen(needle)) != NULL;
}

enum fk_sniff
fk_sniff_document(const char *s, size_t n)
{
	size_t i = fk_bom_len(s, n);
	while (i < n && fk_is_space(s[i]))
		i++;
	if (i == n)
		return FK_SNIFF_UNKNOWN;
	const char *p = s + i;
	size_t m = n - i;
	if (p[0] == '<')
		return fk_has_prefix(p, m, "<?xml") && has(p, m, "<trace-query-result") ?
		    FK_SNIFF_XCTRACE : FK_SNIFF_UNKNOWN;
	if (p[0] == '[') {
		size_t k = 1;
		while (k < m && fk_is_space(p[k]))
			k++;
		return k < m && p[k] == '{' && has(p, m, "\"ph\"") ? FK_SNIFF_CHROME_TRACE :
		    FK_SNIFF_UNKNOWN;
	}
	if (p[0] != '{')
		return FK_SNIFF_UNKNOWN;
	if (has(p, m, "\"https://www.speedscope.app/") && has(p, m, "\"$schema\""))
		return FK_SNIFF_SPEEDSCOPE;
	if (has(p, m, "\"traceEvents\""))
		return FK_SNIFF_CHROME_TRACE;
	if (has(p, m, "\"nodes\"") && has(p, m, "\"callFrame\""))
		return FK_SNIFF_CPUPROFILE;
	if (has(p, m, "\"name\"") && (has(p, m, "\"children\"") || has(p, m, "\"value\"")))
		return FK_SNIFF_D3_JSON;
	return FK_SNIFF_UNKNOWN;
}

/* The first line of a Go crash: "panic: ", "fatal error: ", "SIGQUIT: quit", ... */
static int
crash_preamble(const char *s, size_t n)
{
	if (fk_has_prefix(s, n, "panic: ") || fk_has_prefix(s, n, "fatal error: ") ||
	    fk_has_prefix(s, n, "runtime: ") || fk_has_prefix(s, n, "unexpected fault address"))
		return 1;
	if (!fk_has_prefix(s, n, "SIG"))
		return 0;
	size_t i = 3;
	while (i < n && s[i] >= 'A' && s[i] <= 'Z')
		i++;
	return i > 3 && i + 1 < n && s[i] == ':' && s[i + 1] == ' ';
}

/* A line of s[0, n) from *pos: its text without "\r\n"; *pos moves past it. */
static int
next_line(const char *s, size_t n, size_t *pos, const char **line, size_t *len)
{
	if (*pos >= n)
		return 0;
	const char *p = s + *pos, *nl = memchr(p, '\n', n - *pos);
	size_t l = nl ? (size_t)(nl - p) : n - *pos;
	*pos += l + (nl != NULL);
	if (l && p[l - 1] == '\r')
		l--;
	*line = p;
	*len = l;
	return 1;
}

/* A Go traceback frame line: "pkg.func(args)" with no blank before the '('. */
static int
go_frame_line(const char *s, size_t n)
{
	if (n < 3 || s[n - 1] != ')' || s[0] == '\t' || s[0] == ' ')
		return 0;
	const char *open = memchr(s, '(', n);
	return open && open > s && !memchr(s, ' ', (size_t)(open - s));
}

/*
 * A goroutine dump somewhere in s[pos, n): a goroutine header followed by a
 * frame line or a tab-indented line ("\tgoroutine running on other thread").
 * Log lines may come before it (a service's own output before a panic).
 */
static int
go_dump_ahead(const char *s, size_t n, size_t pos)
{
	const char *line, *state;
	size_t len, state_len;
	int header = 0;
	while (next_line(s, n, &pos, &line, &len)) {
		if (header && ((len > 0 && line[0] == '\t') || go_frame_line(line, len)))
			return 1;
		header = fk_sniff_goroutine_header(line, len, &state, &state_len);
	}
	return 0;
}

/* A perf script frame line: indented, then a hexadecimal address and a blank. */
static int
perf_frame_line(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && fk_is_blank(s[i]))
		i++;
	size_t h = i;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
		i++;
	return h > 0 && i > h && (i == n || s[i] == ' ');
}

/*
 * A perf script event line: not a tab-indented frame line (perf pads the
 * command with spaces), with a pid field ("1234" or "1234/1235") after the
 * command; *timed is set when a "SECONDS.MICROS:" timestamp follows.  The
 * command may hold blanks, so any later field counts.
 */
static int
perf_event_line(const char *s, size_t n, int *timed)
{
	int pid = 0, field = 0;
	*timed = 0;
	if (n == 0 || s[0] == '\t')
		return 0;
	for (size_t i = 0; i < n;) {
		while (i < n && fk_is_blank(s[i]))
			i++;
		size_t b = i;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		const char *f = s + b;
		size_t k = 0, fl = i - b;
		if (fl == 0 || field++ == 0)
			continue;   /* the command */
		while (k < fl && fk_is_digit(f[k]))
			k++;
		if (k == 0)
			continue;
		if (k == fl || (f[k] == '/' && k + 1 < fl)) {
			size_t j = k == fl ? k : k + 1;
			while (j < fl && fk_is_digit(f[j]))
				j++;
			if (j == fl)
				pid = 1;
		} else if (pid && f[k] == '.' && fl > k + 2 && f[fl - 1] == ':') {
			size_t j = k + 1;
			while (j < fl - 1 && fk_is_digit(f[j]))
				j++;
			if (j == fl - 1)
				*timed = 1;
		}
	}
	while (n > 0 && fk_is_blank(s[n - 1]))
		n--;
	return pid && (*timed || (n > 0 && s[n - 1] == ':'));
}

/* --- DTrace, bpftrace, SystemTap, jstack (fk_sniff_text_tools()) --- */

/* s[0, n) with the blanks at both ends removed. */
static const char *
strip_blanks(const char *s, size_t *n)
{
	while (*n && fk_is_blank(s[0])) {
		s++;
		(*n)--;
	}
	while (*n && fk_is_blank(s[*n - 1]))
		(*n)--;
	return s;
}

/* The words of s[0, n) are exactly the NULL-ended list (blanks between). */
static int
words_are(const char *s, size_t n, const char *const *words)
{
	size_t i = 0;
	for (; *words; words++) {
		while (i < n && fk_is_blank(s[i]))
			i++;
		size_t k = strlen(*words);
		if (n - i < k || memcmp(s + i, *words, k) != 0 || (i + k < n && !fk_is_blank(s[i + k])))
			return 0;
		i += k;
	}
	while (i < n && fk_is_blank(s[i]))
		i++;
	return i == n;
}

/* "@[" or "@name[". */
static int
bpftrace_open(const char *s, size_t n)
{
	if (n < 2 || s[0] != '@' || s[n - 1] != '[')
		return 0;
	for (size_t i = 1; i + 1 < n; i++)
		if (!fk_is_word(s[i]))
			return 0;
	return 1;
}

/* "YYYY-MM-DD HH:MM:SS". */
static int
jstack_time(const char *s, size_t n)
{
	static const char pat[] = "dddd-dd-dd dd:dd:dd";
	if (n != sizeof(pat) - 1)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (pat[i] == 'd' ? !fk_is_digit(s[i]) : s[i] != pat[i])
			return 0;
	return 1;
}

static size_t
hex_prefix(const char *s, size_t n)
{
	if (n < 3 || s[0] != '0' || s[1] != 'x' || !fk_is_xdigit(s[2]))
		return 0;
	size_t i = 2;
	while (i < n && fk_is_xdigit(s[i]))
		i++;
	return i;
}

enum fk_sniff
fk_sniff_text_tools(const char *line, size_t len, const char *s, size_t n, size_t pos)
{
	static const char *const dtrace_header[] = { "CPU", "ID", "FUNCTION:NAME", NULL };
	const char *l = NULL;
	size_t ll = 0, p = pos, k = 0;
	int next = next_line(s, n, &p, &l, &ll);

	/* jcmd PID Thread.print starts with "PID:". */
	while (k < len && fk_is_digit(line[k]))
		k++;
	if (k > 0 && k + 1 == len && line[k] == ':' && next) {
		line = l;
		len = ll;
		pos = p;
		next = next_line(s, n, &p, &l, &ll);
	}
	if (fk_has_prefix(line, len, "Full thread dump "))
		return FK_SNIFF_JSTACK;
	if (jstack_time(line, len) && next && fk_has_prefix(l, ll, "Full thread dump "))
		return FK_SNIFF_JSTACK;
	if (line[0] == '"' && next) {
		l = strip_blanks(l, &ll);
		if (fk_has_prefix(l, ll, "java.lang.Thread.State: "))
			return FK_SNIFF_JSTACK;
	}
	if (words_are(line, len, dtrace_header))
		return FK_SNIFF_DTRACE;
	if (bpftrace_open(line, len))
		return FK_SNIFF_BPFTRACE;
	if (fk_has_prefix(line, len, "Attaching ") && len > 13 &&
	    (memcmp(line + len - 9, " probe...", 9) == 0 || memcmp(line + len - 10, " probes...", 10) == 0)) {
		for (p = pos; next_line(s, n, &p, &l, &ll);)
			if (bpftrace_open(l, ll))
				return FK_SNIFF_BPFTRACE;
		return FK_SNIFF_UNKNOWN;
	}
	if (memchr(line, ';', len))
		return FK_SNIFF_UNKNOWN;
	size_t tl = len;
	const char *t = strip_blanks(line, &tl);
	size_t h = hex_prefix(t, tl);
	if (h && ((tl > h + 3 && memcmp(t + h, " : ", 3) == 0 && !fk_is_blank(t[h + 3])) ||
	    (tl > h + 2 && t[h] == ' ' && t[h + 1] == '[' && t[tl - 1] == ']')))
		return FK_SNIFF_STAP;
	if (fk_is_blank(line[0]) && memchr(line, '`', len)) {
		for (p = pos; next_line(s, n, &p, &l, &ll);) {
			k = 0;
			while (k < ll && fk_is_blank(l[k]))
				k++;
			size_t d = k;
			while (k < ll && fk_is_digit(l[k]))
				k++;
			if (d > 0 && k > d && k == ll)
				return FK_SNIFF_DTRACE;
		}
	}
	return FK_SNIFF_UNKNOWN;
}

enum fk_sniff
fk_sniff(const void *buf, size_t n)
{
	const char *s = buf;
	const char *line, *state;
	size_t len = 0, state_len, pos;

	if (n == 0)
		return FK_SNIFF_EMPTY;
	if (n >= 8 && (memcmp(s, "PERFILE2", 8) == 0 || memcmp(s, "2ELIFREP", 8) == 0 ||
	    memcmp(s, "PERFFILE", 8) == 0))
		return FK_SNIFF_PERF_DATA;
	if (fk_sniff_foreign(buf, n))
		return FK_SNIFF_FOREIGN;
	if (fk_sniff_pprof(buf, n))
		return FK_SNIFF_PPROF;
	enum fk_sniff doc = fk_sniff_document(s, n);
	if (doc != FK_SNIFF_UNKNOWN)
		return doc;
	/* Lines, in order; blank lines before the first one are skipped, and a byte order mark. */
	pos = fk_bom_len(s, n);
	while (next_line(s, n, &pos, &line, &len) && len == 0)
		;
	if (len == 0)
		return FK_SNIFF_UNKNOWN;
	if (fk_has_prefix(line, len, "goroutine profile: total "))
		return FK_SNIFF_GOROUTINE_COUNTS;
	if (fk_sniff_goroutine_header(line, len, &state, &state_len))
		return FK_SNIFF_GOROUTINE;
	if (fk_has_prefix(line, len, "PeriodType: ") || (len == 8 && fk_has_prefix(line, len, "Samples:")))
		return FK_SNIFF_PPROF_RAW;
	if (crash_preamble(line, len)) {
		const char *l;
		size_t ll;
		for (size_t p = pos; next_line(s, n, &p, &l, &ll);)
			if (fk_sniff_goroutine_header(l, ll, &state, &state_len))
				return FK_SNIFF_GOROUTINE;
		return FK_SNIFF_UNKNOWN;
	}
	/* perf script --header writes "#" lines first. */
	while (line[0] == '#' && next_line(s, n, &pos, &line, &len))
		;
	int timed;
	if (perf_event_line(line, len, &timed)) {
		const char *l;
		size_t ll;
		if (timed || (next_line(s, n, &pos, &l, &ll) && perf_frame_line(l, ll)))
			return FK_SNIFF_PERF_SCRIPT;
	}
	/* A Go crash or dump after other lines: log lines, a SIGQUIT preamble. */
	if (go_dump_ahead(s, n, 0))
		return FK_SNIFF_GOROUTINE;
	enum fk_sniff tool = line[0] != '#' ? fk_sniff_text_tools(line, len, s, n, pos) : FK_SNIFF_UNKNOWN;
	if (tool != FK_SNIFF_UNKNOWN)
		return tool;
	size_t slen;
	struct fk_num counts[2];
	const char *why;
	int rounded;
	if (line[0] != '#' && fk_folded_parse(line, len, 0, &slen, counts, &rounded, &why) > 0)
		return FK_SNIFF_FOLDED;
	return FK_SNIFF_UNKNOWN;
}

int
fk_sniff_input(const struct fk_input *in, enum fk_sniff *kind, enum fk_decomp_kind *comp,
    struct fk_input_prefix *ahead)
{
	char *buf = fk_xmalloc(FK_SNIFF_PEEK);
	size_t got = 0;
	ahead->data = NULL;
	ahead->len = 0;
	while (got < FK_SNIFF_PEEK) {
		ssize_t r = read(in->fd, buf + got, FK_SNIFF_PEEK - got);
		if (r > 0) {
			got += (size_t)r;
			continue;
		}
		if (r == 0)
			break;
		if (errno == EINTR)
			continue;
		free(buf);
		return fk_error_errno(errno, "cannot read",
		    fk_display_name(in->name));
	}
	enum fk_decomp_kind c = fk_decomp_detect(buf, got);
	if (comp)
		*comp = c;
	if (c == FK_DECOMP_NONE) {
		*kind = fk_sniff(buf, got);
	} else {
		char *plain = fk_xmalloc(FK_SNIFF_PEEK);
		*kind = fk_sniff(plain, fk_decomp_head(c, buf, got, plain, FK_SNIFF_PEEK));
		free(plain);
	}
	if (got == 0 || lseek(in->fd, -(off_t)got, SEEK_CUR) >= 0) {
		free(buf);
		return 0;
	}
	ahead->data = buf;
	ahead->len = got;
	return 0;
}
