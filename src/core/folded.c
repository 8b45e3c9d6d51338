#include "core/folded.h"
#include "core/error.h"
#include "core/util.h"

#include <string.h>

/* Find the last field of line[0, len): sets *fs; returns its length (0 if none). */
static size_t
last_field(const char *line, size_t len, size_t *fs)
{
	size_t e = len;
	while (e > 0 && fk_is_blank(line[e - 1]))
		e--;
	size_t s = e;
	while (s > 0 && !fk_is_blank(line[s - 1]))
		s--;
	*fs = s;
	return e - s;
}

#define STR_(x) #x
#define STR(x) STR_(x)

/* Why s[0, n), which fk_num_parse refused, is not a count. */
static const char *
not_a_count(const char *s, size_t n)
{
	size_t i = s[0] == '-' || s[0] == '+', digits = 0, dots = 0, places = 0, run = 0;
	int zero = 1;
	for (size_t j = i; j < n; j++) {
		if (s[j] >= '0' && s[j] <= '9') {
			digits++;
			zero &= s[j] == '0';
			/* Decimal places up to the last one that is not 0. */
			if (dots)
				run++;
			if (dots && s[j] != '0')
				places = run;
		} else if (s[j] == '.') {
			dots++;
		} else {
			return "the last field is not a count";
		}
	}
	if (digits == 0 || dots > 1)
		return "the last field is not a count";
	if (s[0] == '-' && !zero)
		return "the count is negative";
	if (s[0] == '-' || s[0] == '+')
		return "the count has a sign";
	if (places > FK_NUM_MAX_SCALE)
		return "the count has more than " STR(FK_NUM_MAX_SCALE) " decimal places";
	return "the count is larger than 9223372036854775807";
}

int
fk_folded_parse(const char *line, size_t len, int want, size_t *stack_len,
    struct fk_num counts[2], const char **why)
{
	size_t fs, fn = last_field(line, len, &fs);

	if (fn == 0) {
		*why = "empty line";
		return -1;
	}
	if (fs == 0) {
		*why = "no count after the stack";
		return -1;
	}
	if (fk_num_parse(line + fs, fn, &counts[0]) < 0) {
		*why = not_a_count(line + fs, fn);
		return -1;
	}
	size_t rest = fs;
	while (rest > 0 && fk_is_blank(line[rest - 1]))
		rest--;
	int n = 1;
	if (want != 1) {
		size_t fs2, fn2 = last_field(line, rest, &fs2);
		struct fk_num c2;
		if (fn2 > 0 && fs2 > 0 && fk_num_parse(line + fs2, fn2, &c2) == 0) {
			counts[1] = counts[0];
			counts[0] = c2;
			rest = fs2;
			while (rest > 0 && fk_is_blank(line[rest - 1]))
				rest--;
			n = 2;
		} else if (want == 2) {
			*why = "expected two counts (differential input)";
			return -1;
		}
	}
	if (rest == 0) {
		*why = "no stack before the count";
		return -1;
	}
	/* Input with CR-only line endings reads as one line: never merge it silently. */
	if (memchr(line, '\r', rest)) {
		*why = "carriage return inside the line (CR-only line endings?)";
		return -1;
	}
	*stack_len = rest;
	return n;
}

int
fk_folded_read(const struct fk_input *in, size_t nin, int *ncols, int flags,
    fk_folded_fn *fn, void *ctx, struct fk_folded_stats *st)
{
	struct fk_folded_stats local = {0, 0, 0};
	int rc = 0;

	if (!st)
		st = &local;
	for (size_t i = 0; i < nin && rc == 0; i++) {
		struct fk_reader *r = fk_input_reader(&in[i]);
		char *line;
		size_t len;
		int got;
		while ((got = fk_reader_line(r, &line, &len)) > 0) {
			size_t slen;
			struct fk_num counts[2];
			const char *why;
			size_t k = 0;
			while (k < len && fk_is_blank(line[k]))
				k++;
			if (k == len)
				continue;
			int n = fk_folded_parse(line, len, *ncols, &slen, counts, &why);
			if (n < 0) {
				st->bad_lines++;
				fk_warn(fk_reader_name(r), fk_reader_lineno(r), "%s", why);
				continue;
			}
			if (*ncols == 0)
				*ncols = n;
			if (flags & FK_FOLDED_KEEP_BLANKS) {
				while (slen + 1 < len && fk_is_blank(line[slen + 1]))
					slen++;
			}
			line[slen] = '\0';
			int got_fn = fn(ctx, line, slen, counts, n);
			if (got_fn == FK_FOLDED_REFUSED) {
				st->bad_lines++;
				fk_warn(fk_reader_name(r), fk_reader_lineno(r), "%s; the line is left out",
				    fk_error_msg());
				fk_error_clear();
				continue;
			}
			if (got_fn < 0) {
				rc = fk_error("%s:%lu", fk_reader_name(r), fk_reader_lineno(r));
				break;
			}
			st->lines++;
		}
		if (got < 0) {
			/*
			 * A line over the limit, or a read error: this input ends
			 * here, reported; the lines before it and the other inputs
			 * still count.
			 */
			st->cut_short++;
			fk_reader_warn_cut(r);
		}
		fk_reader_free(r);
	}
	return rc;
}
