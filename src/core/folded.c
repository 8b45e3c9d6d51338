#include "core/folded.h"
#include "core/folded_header.h"
#include "core/error.h"
#include "core/util.h"

#include <inttypes.h>
#include <string.h>

/*
 * The count at the end of line[0, len): sets *fs to where it starts and
 * returns its length (0 if none): the text after the last white-space
 * character, as the Perl tools' "\s+?(COUNT)$" after a greedy "(.*)" takes
 * it.  Blanks after the count are skipped first (the Perl tools drop such
 * a line; the count is still unambiguous).
 */
static size_t
last_field(const char *line, size_t len, size_t *fs)
{
	size_t e = len;
	while (e > 0 && fk_is_blank(line[e - 1]))
		e--;
	size_t s = e;
	while (s > 0 && !fk_is_space(line[s - 1]))
		s--;
	*fs = s;
	return e - s;
}

/* The field, which fk_num_parse refused, is a number in exponent form: "1e3", "2.5E-3". */
static int
exponent_form(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
		digits += s[i++] != '.';
	if (digits == 0 || i == n || (s[i] != 'e' && s[i] != 'E'))
		return 0;
	i++;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i == n)
		return 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i == n;
}

/* Why s[0, n), which fk_num_parse refused, is not a count. */
static const char *
not_a_count(const char *s, size_t n)
{
	size_t i = s[0] == '-' || s[0] == '+', digits = 0, dots = 0, idigits = 0;
	int zero = 1;
	if (exponent_form(s + i, n - i))
		return "the count is in exponent form; write it as a plain decimal";
	for (size_t j = i; j < n; j++) {
		if (s[j] >= '0' && s[j] <= '9') {
			digits++;
			zero &= s[j] == '0';
			idigits += !dots;
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
	struct fk_num whole;
	if (fk_num_parse(s + i, idigits, &whole) == 0)
		return "the count does not fit in 64 bits with its decimal places "
		    "(9223372036854775807 at most, the decimal point left out)";
	return "the count is larger than 9223372036854775807";
}

int
fk_folded_parse(const char *line, size_t len, int want, size_t *stack_len,
    struct fk_num counts[2], int *rounded, const char **why)
{
	size_t fs, fn = last_field(line, len, &fs);
	int r;

	*rounded = 0;
	if (fn == 0) {
		*why = "empty line";
		return -1;
	}
	if (fs == 0) {
		*why = "no count after the stack";
		return -1;
	}
	if ((r = fk_num_parse(line + fs, fn, &counts[0])) < 0) {
		*why = not_a_count(line + fs, fn);
		return -1;
	}
	*rounded += r;
	/* Exactly one white-space character separates the count. */
	size_t rest = fs - 1;
	int n = 1;
	if (want != 1) {
		/* A differential line: the stack itself ends in a count. */
		size_t fs2 = rest;
		while (fs2 > 0 && !fk_is_space(line[fs2 - 1]))
			fs2--;
		struct fk_num c2;
		if (fs2 > 0 && fs2 < rest && (r = fk_num_parse(line + fs2, rest - fs2, &c2)) >= 0) {
			counts[1] = counts[0];
			counts[0] = c2;
			*rounded += r;
			rest = fs2 - 1;
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

/* What "# unit: VALUE" names as the unit of the counts. */
static const char *
unit_name(const struct fk_unit *u)
{
	return u->kind == FK_UNIT_NONE ? "samples" : u->name;
}

/* A leading comment: the unit it names, if it is a valid "# unit:" line. */
static void
header_unit(const char *line, size_t len, const char *name, struct fk_unit *u, int *has,
    struct fk_folded_stats *st)
{
	static const char key[] = "# unit:";
	struct fk_unit got;
	if (len < sizeof(key) - 1 || memcmp(line, key, sizeof(key) - 1) != 0 ||
	    fk_unit_parse(&got, line + sizeof(key) - 1, len - (sizeof(key) - 1)) < 0)
		return;
	if (!*has) {
		*u = got;
		*has = 1;
	} else if (!fk_unit_same(u, &got) && !st->unit_mixed) {
		st->unit_mixed = 1;
		fk_warn(NULL, 0, "%s: the header names two units, %s and %s: the counts are "
		    "read as plain counts", name, unit_name(u), unit_name(&got));
	}
}

void
fk_folded_units_note(struct fk_folded_units *us, const struct fk_unit *u, const char *name)
{
	if (!us->from) {
		us->from = name;
		us->unit = *u;
	} else if (!fk_unit_same(u, &us->unit) && !us->mixed) {
		us->mixed = 1;
		fk_warn(NULL, 0, "'%s' counts %s, '%s' counts %s: their counts are taken as "
		    "they are, as plain counts", us->from, unit_name(&us->unit), name,
		    unit_name(u));
	}
}

int
fk_folded_read(const struct fk_input *in, size_t nin, int *ncols,
    fk_folded_fn *fn, void *ctx, struct fk_folded_stats *st)
{
	struct fk_folded_stats local = { 0 };
	struct fk_folded_units us = { .from = NULL };
	int rc = 0;

	if (!st)
		st = &local;
	for (size_t i = 0; i < nin && rc == 0; i++) {
		struct fk_reader *r = fk_input_reader(&in[i]);
		char *line;
		size_t len;
		int got, leading = 1, header_full = 0, has_unit = 0;
		uint64_t rounded = 0, lines = st->lines;
		struct fk_unit unit = { .kind = FK_UNIT_NONE, .base = 1 };
		if (st->header)
			fk_folded_header_next_input(st->header);
		while ((got = fk_reader_line(r, &line, &len)) > 0) {
			size_t slen;
			struct fk_num counts[2];
			const char *why;
			int nr;
			if (len > 0 && line[0] == '#') {
				/* A comment; those before the first stack are the header. */
				st->comments++;
				if (leading)
					header_unit(line, len, fk_display_name(in[i].name), &unit,
					    &has_unit, st);
				if (leading && st->header && !header_full &&
				    fk_folded_header_add(st->header, line, len)) {
					header_full = 1;
					fk_warn(NULL, 0, "%s:%lu: leading comments longer than %zu bytes; "
					    "from here on they are not passed on", fk_reader_name(r),
					    fk_reader_lineno(r), FK_FOLDED_HEADER_MAX);
				}
				continue;
			}
			size_t k = 0;
			while (k < len && fk_is_blank(line[k]))
				k++;
			if (k == len)
				continue;
			leading = 0;
			int n = fk_folded_parse(line, len, *ncols, &slen, counts, &nr, &why);
			if (n < 0) {
				st->bad_lines++;
				fk_warn(fk_reader_name(r), fk_reader_lineno(r), "%s", why);
				continue;
			}
			rounded += (uint64_t)nr;
			if (*ncols == 0)
				*ncols = n;
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
		if (st->lines > lines) {
			fk_folded_units_note(&us, &unit, fk_display_name(in[i].name));
			st->unit = us.unit;
			st->unit_mixed |= us.mixed;
		}
		if (rounded) {
			/* Once per input, and not as a bad line: every stack was kept. */
			st->rounded += rounded;
			fk_warn(NULL, 0, "%s: %" PRIu64 " count%s with more than %d decimal places "
			    "rounded (half to even) to %d", fk_reader_name(r), rounded,
			    rounded == 1 ? "" : "s", FK_NUM_MAX_SCALE, FK_NUM_MAX_SCALE);
		}
		fk_reader_free(r);
	}
	return rc;
}
