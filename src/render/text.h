/*
 * text.h -- frame names and numbers as the SVG, PNG and report writers
 * print them: untrusted names cleaned to valid UTF-8, character counts for
 * label truncation, the label width estimate, and fast fixed-point numbers.
 */
#ifndef FK_TEXT_H
#define FK_TEXT_H

#include <math.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Clean untrusted text for XML: a tab becomes a blank; invalid UTF-8 bytes,
 * the other C0 control characters, DEL and the non-characters U+FFFE/U+FFFF
 * each become U+FFFD.  out must
 * hold 3 * len bytes; it is not NUL-terminated.
 * @return the length of the cleaned text (== len when nothing changed).
 */
size_t fk_text_clean(const char *in, size_t len, char *out);

/*
 * Write name[0, len) cleaned (fk_text_clean()) for a text or Markdown
 * table: with md, in a code span fenced by more backticks than the name
 * holds, padded where it starts or ends in a backtick or blank, "|"
 * escaped.  Write errors show in ferror(out).
 */
void fk_text_write_name(FILE *out, const char *name, size_t len, int md);

/* Characters in cleaned (valid UTF-8) text: what label truncation counts. */
size_t fk_text_utf8_count(const char *s, size_t n);

/* Bytes of s (n bytes of valid UTF-8) holding its first k characters. */
size_t fk_text_utf8_prefix(const char *s, size_t n, size_t k);

/*
 * Characters a label may have in room pixels, flamegraph.pl's estimate:
 * each is fontwidth * fontsize wide.  Not an integer when the room is NaN.
 */
static inline double
fk_text_fit(double room, double fontsize, double fontwidth)
{
	return floor(room / (fontsize * fontwidth));
}

/*
 * Write v as printf("%.*f", dec, v) does (dec 0..2), but faster: the frame
 * writer's number formatting.  out holds 64 bytes.  @return the length.
 */
size_t fk_text_fixed(char *out, double v, int dec);

#endif
