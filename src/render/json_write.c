/*
 * json_write.c -- JSON strings and numbers (json_write.h).
 */
#include "render/json_write.h"
#include "core/num.h"

#include <stdint.h>

/*
 * The length of the valid UTF-8 sequence at s[0, n) (2..4 bytes; s[0] is
 * not ASCII), or 0 when it is not one.  *cp is its code point.
 */
static size_t
utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	size_t k;
	uint32_t min, v;
	if (c >= 0xc2 && c <= 0xdf) {
		k = 2; min = 0x80; v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		k = 3; min = 0x800; v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		k = 4; min = 0x10000; v = c & 0x07;
	} else {
		return 0;
	}
	if (n < k)
		return 0;
	for (size_t j = 1; j < k; j++) {
		if ((s[j] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[j] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return k;
}

void
fk_json_write_string(FILE *out, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t run = 0;   /* start of the bytes copied as they are */
	putc('"', out);
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			i++;
			continue;
		}
		uint32_t cp = 0;
		size_t k = c >= 0x80 ? utf8_seq(s + i, n - i, &cp) : 0;
		if (k && cp != 0x2028 && cp != 0x2029) {
			i += k;
			continue;
		}
		fwrite(s + run, 1, i - run, out);
		if (k) {
			fputs(cp == 0x2028 ? "\\u2028" : "\\u2029", out);
			i += k;
		} else if (c >= 0x80) {
			fputs("\\ufffd", out);
			i++;
		} else {
			char e[7] = { '\\', 0 };
			switch (c) {
			case '"': e[1] = '"'; break;
			case '\\': e[1] = '\\'; break;
			case '\b': e[1] = 'b'; break;
			case '\f': e[1] = 'f'; break;
			case '\n': e[1] = 'n'; break;
			case '\r': e[1] = 'r'; break;
			case '\t': e[1] = 't'; break;
			default:
				e[1] = 'u'; e[2] = '0'; e[3] = '0';
				e[4] = hex[c >> 4]; e[5] = hex[c & 15];
				break;
			}
			fputs(e, out);
			i++;
		}
		run = i;
	}
	fwrite(s + run, 1, n - run, out);
	putc('"', out);
}

void
fk_json_write_uint(FILE *out, uint64_t v)
{
	char buf[24];
	size_t i = sizeof(buf);
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	fwrite(buf + i, 1, sizeof(buf) - i, out);
}

void
fk_json_write_count(FILE *out, int64_t v, int scale)
{
	char buf[FK_NUM_BUFSZ];
	fwrite(buf, 1, fk_num_format(v, scale, buf), out);
}
