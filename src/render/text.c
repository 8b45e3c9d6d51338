/*
 * text.c -- frame names and numbers as the writers print them (text.h).
 */
#include "render/text.h"
#include "core/error.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Cleaning untrusted text. */

static void
put_fffd(char *out, size_t *o)
{
	out[(*o)++] = (char)0xef;
	out[(*o)++] = (char)0xbf;
	out[(*o)++] = (char)0xbd;
}

size_t
fk_text_clean(const char *in, size_t len, char *out)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		unsigned c = s[i];
		if (c < 0x80) {
			/* A tab is white space to a reader: shown as a blank, not as a bad byte. */
			if (c == '\t')
				out[o++] = ' ';
			else if (c < 0x20 || c == 0x7f)
				put_fffd(out, &o);
			else
				out[o++] = (char)c;
			i++;
			continue;
		}
		size_t k;
		uint32_t min, v;
		if (c >= 0xc2 && c <= 0xdf) {
			k = 2; min = 0x80; v = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 3; min = 0x800; v = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 4; min = 0x10000; v = c & 0x07;
		} else {
			put_fffd(out, &o);
			i++;
			continue;
		}
		size_t j = 1;
		for (; j < k && i + j < len && (s[i + j] & 0xc0) == 0x80; j++)
			v = (v << 6) | (s[i + j] & 0x3f);
		if (j < k || v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff) ||
		    v == 0xfffe || v == 0xffff) {
			/* One replacement per bad byte, as a decoder would resync. */
			put_fffd(out, &o);
			i++;
			continue;
		}
		memcpy(out + o, s + i, k);
		o += k;
		i += k;
	}
	return o;
}

/*
 * printf("%.*f", dec, v) for dec 0..2 without printf: the same digits,
 * rounding the exact binary value half to even.  fma() gives the exact
 * sign of v * 10^dec - (k + 0.5), so ties and near-ties go the right way.
 * Falls back to snprintf outside +-1e15.
 */
size_t
fk_text_fixed(char *out, double v, int dec)
{
	static const double pw[] = {1, 10, 100};
	if (!(fabs(v) < 1e15)) {
		int k = snprintf(out, 64, "%.*f", dec, v);
		return k < 0 ? 0 : k < 64 ? (size_t)k : 63;
	}
	size_t o = 0;
	if (signbit(v)) {
		out[o++] = '-';
		v = -v;
	}
	double m = pw[dec], k = floor(v * m), d = fma(v, m, -(k + 0.5));
	uint64_t n = (uint64_t)k;
	if (d > 0 || (d == 0 && (n & 1)))
		n++;
	char tmp[24];
	size_t t = 0;
	for (int i = 0; i < dec; i++) {
		tmp[t++] = (char)('0' + n % 10);
		n /= 10;
	}
	do {
		tmp[t++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	for (size_t i = t; i > (size_t)dec; i--)
		out[o++] = tmp[i - 1];
	if (dec) {
		out[o++] = '.';
		for (int i = dec; i > 0; i--)
			out[o++] = tmp[i - 1];
	}
	out[o] = '\0';
	return o;
}

size_t
fk_text_utf8_count(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}


size_t
fk_text_utf8_prefix(const char *s, size_t n, size_t k)
{
	size_t i = 0;
	while (i < n && k > 0) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		k--;
	}
	return i;
}

void
fk_text_write_name(FILE *out, const char *name, size_t len, int md)
{
	char *c = fk_xmalloc(3 * len + 1);
	size_t n = fk_text_clean(name, len, c);
	if (!md) {
		fwrite(c, 1, n, out);
		free(c);
		return;
	}
	/* A code span needs a longer run of backticks than the name holds. */
	size_t run = 0, best = 0;
	for (size_t i = 0; i < n; i++) {
		run = c[i] == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	int pad = best > 0 || n == 0 || c[0] == ' ' || c[n - 1] == ' ';
	for (size_t i = 0; i <= best; i++)
		putc('`', out);
	if (pad)
		putc(' ', out);
	for (size_t i = 0; i < n; i++) {
		if (c[i] == '|')
			putc('\\', out);
		putc(c[i], out);
	}
	if (pad)
		putc(' ', out);
	for (size_t i = 0; i <= best; i++)
		putc('`', out);
	free(c);
}
