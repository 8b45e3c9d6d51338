#include "core/symname.h"
#include "core/util.h"

#include <string.h>

/* The Perl tool's rule: the first "(" that does not open "(anonymous namespace)". */
static size_t
first_paren(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '(' && !(n - i >= 21 && memcmp(s + i, "(anonymous namespace)", 21) == 0))
			return i;
	return n;
}

size_t
fk_symname_args_start(const char *s, size_t n)
{
	int depth = 0;
	size_t cut = n;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == 'o' && n - i >= 8 && memcmp(s + i, "operator", 8) == 0 &&
		    (i == 0 || !fk_is_word(s[i - 1])) && (i + 8 == n || !fk_is_word(s[i + 8]))) {
			size_t k = i + 8;
			while (k < n && s[k] == ' ')
				k++;
			if (k + 1 < n && s[k] == '(' && s[k + 1] == ')') {
				i = k + 1;         /* operator() */
				continue;
			}
			size_t k0 = k;
			while (k < n && s[k] != '\0' && strchr("<>=!+-*/%&|^~[],", s[k]))
				k++;
			i = (k > k0 ? k : i + 8) - 1;
			continue;
		}
		if (c == '<' || c == '{' || c == '[') {
			depth++;
		} else if ((c == '>' || c == '}' || c == ']') && depth > 0) {
			depth--;
		} else if (c == '(' && depth == 0) {
			if (n - i >= 21 && memcmp(s + i, "(anonymous namespace)", 21) == 0) {
				i += 20;
				continue;
			}
			if (i > 0 && s[i - 1] == '.')
				continue;          /* Go receiver: pkg.(*T).M */
			cut = i;
			break;
		}
	}
	/* Unbalanced "<" (a comparison operator we did not know): the plain rule. */
	if (cut == n && depth > 0)
		cut = first_paren(s, n);
	return cut == 0 ? n : cut;
}

/* ---- legacy Rust names --------------------------------------------------- */

enum { RUST_HASH_LEN = 19 };    /* "::h" and 16 hex digits */

static int
is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static int
ends_in_rust_hash(const char *s, size_t n)
{
	if (n <= RUST_HASH_LEN)
		return 0;
	const char *h = s + n - RUST_HASH_LEN;
	if (h[0] != ':' || h[1] != ':' || h[2] != 'h')
		return 0;
	for (size_t i = 3; i < RUST_HASH_LEN; i++)
		if (!is_lower_hex(h[i]))
			return 0;
	return 1;
}

/*
 * The escape "$...$" at s[0] (of n): its length through the closing "$",
 * and the UTF-8 bytes it stands for in out[0, *outlen) (at most 4).
 * @return 0 when it is not one of rustc's escapes.
 */
static size_t
rust_escape(const char *s, size_t n, char *out, size_t *outlen)
{
	static const struct { const char *esc; char c; } named[] = {
		{ "SP", '@' }, { "BP", '*' }, { "RF", '&' }, { "LT", '<' },
		{ "GT", '>' }, { "LP", '(' }, { "RP", ')' }, { "C", ',' },
	};
	const char *end = n > 1 ? memchr(s + 1, '$', n - 1) : NULL;
	if (end == NULL)
		return 0;
	size_t len = (size_t)(end - s) + 1, in = len - 2;
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
		if (strlen(named[i].esc) == in && memcmp(s + 1, named[i].esc, in) == 0) {
			out[0] = named[i].c;
			*outlen = 1;
			return len;
		}
	}
	/* $uHEX$: a code point in lower-case hex, printable. */
	if (in < 2 || in > 7 || s[1] != 'u')
		return 0;
	unsigned long cp = 0;
	for (size_t i = 2; i <= in; i++) {
		if (!is_lower_hex(s[i]))
			return 0;
		cp = cp * 16 + (unsigned long)(s[i] <= '9' ? s[i] - '0' : s[i] - 'a' + 10);
	}
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff)
		return 0;
	if (cp < 0x80) {
		out[0] = (char)cp;
		*outlen = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		*outlen = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		*outlen = 3;
	} else {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		*outlen = 4;
	}
	/* Never longer than the escape: "$u" and a digit per 4 bits cover the bytes. */
	return *outlen <= len ? len : 0;
}

size_t
fk_symname_rust_legacy(char *s, size_t n)
{
	if (!ends_in_rust_hash(s, n))
		return n;
	size_t body = n - RUST_HASH_LEN;
	char buf[4];
	size_t bl;

	/* Every "$" must open an escape, or the name is not rustc's. */
	for (size_t r = 0; r < body;) {
		if (s[r] != '$') {
			r++;
			continue;
		}
		size_t len = rust_escape(s + r, body - r, buf, &bl);
		if (len == 0)
			return n;
		r += len;
	}
	/* Decode; w never passes r, so this works in place. */
	size_t w = 0;
	int elem_start = 1;
	for (size_t r = 0; r < body;) {
		if (elem_start && s[r] == '_' && r + 1 < body && s[r + 1] == '$') {
			r++;
		} else if (s[r] == '$') {
			size_t len = rust_escape(s + r, body - r, buf, &bl);
			memcpy(s + w, buf, bl);
			w += bl;
			r += len;
		} else if (s[r] == '.' && r + 1 < body && s[r + 1] == '.') {
			s[w++] = ':';
			s[w++] = ':';
			r += 2;
		} else if (s[r] == ':' && r + 1 < body && s[r + 1] == ':') {
			s[w++] = ':';
			s[w++] = ':';
			r += 2;
			elem_start = 1;
			continue;
		} else {
			s[w++] = s[r++];
		}
		elem_start = 0;
	}
	return w;
}
