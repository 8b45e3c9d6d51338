/*
 * json_write.h -- JSON text for the speedscope and d3 tree writers: frame
 * names (arbitrary bytes) as safe JSON strings, and exact decimal counts.
 */
#ifndef FK_JSON_WRITE_H
#define FK_JSON_WRITE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Write s[0, n) as a JSON string, quotes included.  Valid UTF-8 is copied;
 * '"' and '\' are escaped, control characters (U+0000..U+001F) become
 * \b \f \n \r \t or \u00XX, and U+2028 and U+2029 become \u2028 and
 * \u2029 (JavaScript source cannot hold them raw).  Every byte that does
 * not begin a valid UTF-8 sequence (stray continuation bytes, overlong
 * forms, surrogates, sequences cut short, values past U+10FFFF) becomes
 * one \ufffd, the replacement character, and the next byte is read afresh.
 * Write errors show in ferror(out).
 */
void fk_json_write_string(FILE *out, const char *s, size_t n);

/* Write v as a JSON number, without printf. */
void fk_json_write_uint(FILE *out, uint64_t v);

/* Write v / 10^scale as an exact JSON number ("12", "0.25"). */
void fk_json_write_count(FILE *out, int64_t v, int scale);

#endif
