/*
 * multiline.c -- the frames-then-count loop of DTrace and SystemTap input.
 */
#include "collapse/multiline.h"
#include "core/error.h"
#include "core/num.h"
#include "core/util.h"

#include <string.h>

int
fk_multiline_count_line(const char *s, size_t n, const char **digits, size_t *len)
{
	size_t i = 0;
	while (i < n && fk_is_space(s[i]))
		i++;
	size_t d = i;
	while (i < n && fk_is_digit(s[i]))
		i++;
	if (i == d || i != n)
		return 0;
	*digits = s + d;
	*len = n - d;
	return 1;
}

int
fk_multiline_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!fk_is_space(s[i]))
			return 0;
	return 1;
}

const char *
fk_multiline_trim(const char *s, size_t *n, int trail)
{
	size_t i = 0, e = *n;
	while (i < e && fk_is_space(s[i]))
		i++;
	while (trail && e > i && fk_is_space(s[e - 1]))
		e--;
	*n = e - i;
	return s + i;
}

/* s[0, n) is "0x" and hex digits. */
static int
hex_number(const char *s, size_t n)
{
	if (n < 3 || s[0] != '0' || s[1] != 'x')
		return 0;
	for (size_t i = 2; i < n; i++)
		if (!fk_is_xdigit(s[i]))
			return 0;
	return 1;
}

int
fk_multiline_strip_offset(const char *s, size_t *n)
{
	const char *plus = NULL;
	for (size_t i = *n; i-- > 0;)
		if (s[i] == '+') {
			plus = s + i;
			break;
		}
	if (!plus)
		return 0;
	const char *t = plus + 1, *end = s + *n;
	size_t tl = (size_t)(end - t);
	const char *slash = memchr(t, '/', tl);
	int ok;
	if (slash)
		ok = hex_number(t, (size_t)(slash - t)) && hex_number(slash + 1, (size_t)(end - slash - 1));
	else if (hex_number(t, tl))
		ok = 1;
	else {
		ok = tl > 0;
		for (size_t i = 0; i < tl; i++)
			ok &= fk_is_digit(t[i]);
	}
	if (ok)
		*n = (size_t)(plus - s);
	return ok;
}

int
fk_multiline_add(struct fk_stack_table *t, const char *key, size_t keylen,
    const char *digits, size_t len, const struct fk_reader *r)
{
	struct fk_num num;
	if (fk_num_parse(digits, len, &num) < 0 || fk_stack_table_add(t, key, keylen, &num) < 0) {
		fk_error_clear();
		return fk_error("%s:%lu: count too large", fk_reader_name(r), fk_reader_lineno(r));
	}
	return 0;
}

/* dtrace's header: "CPU     ID                    FUNCTION:NAME". */
static int
dtrace_header(const char *s, size_t n)
{
	s = fk_multiline_trim(s, &n, 1);
	if (!fk_has_prefix(s, n, "CPU") || n < 13 || memcmp(s + n - 13, "FUNCTION:NAME", 13) != 0)
		return 0;
	return 1;
}

/* Its probe line: "  0  64091                        :tick-60s ". */
static int
dtrace_probe_line(const char *s, size_t n)
{
	size_t i = 0;
	for (int field = 0; field < 2; field++) {
		while (i < n && fk_is_blank(s[i]))
			i++;
		size_t d = i;
		while (i < n && fk_is_digit(s[i]))
			i++;
		if (i == d || i == n || !fk_is_blank(s[i]))
			return 0;
	}
	return memchr(s + i, ':', n - i) != NULL;
}

int
fk_multiline_collapse(const struct fk_multiline_format *f, int compat, struct fk_reader *r,
    struct fk_stack_table *t, struct fk_multiline_stats *st)
{
	struct fk_framebuf fb = FK_FRAMEBUF_INIT;
	unsigned long first = 0;   /* line of the first frame of the pending record */
	int header = 0;            /* 1 after the header line: the probe line may follow */
	int seen = 0;              /* a non-blank line was read from this input */
	int rc = 0, got;
	char *line;
	size_t len;

	fb.keep_semicolons = compat && f->keep_semicolons;
	while ((got = fk_reader_line(r, &line, &len)) > 0) {
		if (compat && st->lines++ < f->compat_skip)
			continue;
		const char *digits;
		size_t dl;
		if (fk_multiline_count_line(line, len, &digits, &dl)) {
			size_t kl;
			const char *key;
			if (fb.n == 0 && !compat) {
				key = FK_MULTILINE_NO_STACK;
				kl = strlen(key);
			} else {
				key = fk_framebuf_join(&fb, &kl);
			}
			if ((rc = fk_multiline_add(t, key, kl, digits, dl, r)) < 0)
				break;
			st->stacks++;
			fk_framebuf_clear(&fb);
			header = 0;
			seen = 1;
			continue;
		}
		if (fk_multiline_blank(line, len))
			continue;
		if (!compat && !seen && dtrace_header(line, len)) {
			header = seen = 1;
			continue;
		}
		if (!compat && header) {
			header = 0;
			if (fb.n == 0 && dtrace_probe_line(line, len))
				continue;
		}
		seen = 1;
		if (fb.n == 0)
			first = fk_reader_lineno(r);
		f->frame(&fb, line, len, compat);
	}
	if (got < 0) {
		/* The rest of this input is lost; what was read of it still counts. */
		fk_reader_warn_cut(r);
		st->cut_short++;
	} else if (rc == 0 && fb.n) {
		fk_warn(fk_reader_name(r), first,
		    "%s stack without a count at the end of the input; skipped", f->name);
		st->bad++;
	}
	fk_framebuf_release(&fb);
	return rc;
}
