/*
 * bpftrace.c -- fold bpftrace's printed maps of stacks (bpftrace.h).
 */
#include "collapse/bpftrace.h"
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <string.h>

/* The last "]: " in s[0, n) that a digit follows (any character with any_count), or NULL. */
static const char *
last_end(const char *s, size_t n, int any_count)
{
	for (size_t i = n; i-- > 0;)
		if (i + 3 <= n && memcmp(s + i, "]: ", 3) == 0 &&
		    (any_count || (i + 3 < n && fk_is_digit(s[i + 3]))))
			return s + i;
	return NULL;
}

/* The digits at s, up to the first non-digit; their count. */
static size_t
digits_len(const char *s, const char *end)
{
	size_t k = 0;
	while (s + k < end && fk_is_digit(s[k]))
		k++;
	return k;
}

/* A record's opening line: "@[" (compat), or "@name[" in the default mode. */
static int
record_start(const char *s, size_t n, int compat)
{
	if (compat)
		return n == 2 && s[0] == '@' && s[1] == '[';
	if (n < 2 || s[0] != '@' || s[n - 1] != '[')
		return 0;
	for (size_t i = 1; i + 1 < n; i++)
		if (!fk_is_word(s[i]))
			return 0;
	return 1;
}

/*
 * /^@\[,\s(.*)\]: (\d+)/ (the default mode: with a map name): a record
 * with an empty stack on one line; its key and count.
 */
static int
one_line_record(const char *s, size_t n, int compat, const char **key, size_t *kl,
    const char **count, size_t *cl)
{
	size_t i = 1;
	if (!compat)
		while (i < n && fk_is_word(s[i]))
			i++;
	if (n < i + 3 || s[0] != '@' || s[i] != '[' || s[i + 1] != ',' || !fk_is_space(s[i + 2]))
		return 0;
	const char *b = s + i + 3, *e = last_end(b, n - (size_t)(b - s), 0);
	if (!e)
		return 0;
	*key = b;
	*kl = (size_t)(e - b);
	*count = e + 3;
	*cl = digits_len(*count, s + n);
	return 1;
}

static int
emit(const char *key, size_t kl, const char *count, size_t cl, int compat,
    struct fk_stack_table *t, FILE *out, const struct fk_reader *r, struct fk_multiline_stats *st)
{
	st->stacks++;
	if (!compat)
		return fk_multiline_add(t, key, kl, count, cl, r);
	fwrite(key, 1, kl, out);
	putc(' ', out);
	fwrite(count, 1, cl, out);
	if (putc('\n', out) == EOF || ferror(out))
		return fk_error_errno(errno, "cannot write", "output");
	return 0;
}

int
fk_bpftrace_collapse(int compat, struct fk_reader *r, struct fk_stack_table *t, FILE *out,
    struct fk_multiline_stats *st)
{
	struct fk_framebuf fb = FK_FRAMEBUF_INIT;
	unsigned long first = 0;   /* line of the pending record's "@[" */
	int in_stack = 0, rc = 0, got = 0;
	char *line;
	size_t len, kl, cl;
	const char *key, *count;

	fb.keep_semicolons = compat;
	while (rc == 0 && (got = fk_reader_line(r, &line, &len)) > 0) {
		if (!in_stack) {
			if (record_start(line, len, compat)) {
				in_stack = 1;
				first = fk_reader_lineno(r);
				fk_framebuf_clear(&fb);
			} else if (one_line_record(line, len, compat, &key, &kl, &count, &cl)) {
				if (compat) {
					rc = emit(key, kl, count, cl, compat, t, out, r, st);
				} else {
					fk_framebuf_clear(&fb);
					fk_framebuf_push(&fb, key, kl);
					key = fk_framebuf_join(&fb, &kl);
					rc = emit(key, kl, count, cl, compat, t, out, r, st);
				}
			} else if (!fk_multiline_blank(line, len) &&
			    !fk_has_prefix(line, len, "Attaching ")) {
				st->other++;   /* not bpftrace's "Attaching N probes..." */
			}
			continue;
		}
		const char *end = last_end(line, len, !compat);
		if (end) {
			/* /^,?\s?(.*)\]: (\d+)/: the last part of a tuple key, and the count. */
			const char *b = line;
			if (b < end && *b == ',')
				b++;
			if (b < end && fk_is_space(*b))
				b++;
			size_t pl = (size_t)(end - b);
			if (!compat)
				b = fk_multiline_trim(b, &pl, 1);   /* a comm or a number: no offset to strip */
			if (pl)
				fk_framebuf_push(&fb, b, pl);
			count = end + 3;
			cl = digits_len(count, line + len);
			in_stack = 0;
			if (!compat && (cl == 0 || !fk_multiline_blank(count + cl, len - (size_t)(count + cl - line)))) {
				fk_warn(fk_reader_name(r), fk_reader_lineno(r),
				    "bpftrace record without a count; skipped");
				st->bad++;
				continue;
			}
			/* The frames were read leaf first: join() puts the last read first. */
			if (!compat && fb.n == 0)
				fk_framebuf_push(&fb, FK_MULTILINE_NO_STACK, strlen(FK_MULTILINE_NO_STACK));
			key = fk_framebuf_join(&fb, &kl);
			rc = emit(key, kl, count, cl, compat, t, out, r, st);
			continue;
		}
		size_t fl = len;
		const char *f = fk_multiline_trim(line, &fl, !compat);
		if (!compat) {
			if (fl == 0 || (fl == 1 && f[0] == ','))
				continue;   /* a blank line, or the separator of a tuple's parts */
			if (record_start(f, fl, 0) && f == line) {
				fk_warn(fk_reader_name(r), first,
				    "bpftrace record without its end \"]: COUNT\"; skipped");
				st->bad++;
				first = fk_reader_lineno(r);
				fk_framebuf_clear(&fb);
				continue;
			}
		}
		/* "func+808": the offset goes, as for the other formats; "0x7f3b2a1c9e10" stays. */
		if (!compat)
			fk_multiline_strip_offset(f, &fl);
		fk_framebuf_push(&fb, f, fl);
	}
	if (got < 0) {
		fk_reader_warn_cut(r);
		st->cut_short++;
	} else if (rc == 0 && in_stack) {
		fk_warn(fk_reader_name(r), first,
		    "bpftrace record without its end \"]: COUNT\" at the end of the input; skipped");
		st->bad++;
	}
	fk_framebuf_release(&fb);
	return rc;
}
