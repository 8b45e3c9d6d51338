#include "collapse/framebuf.h"
#include "core/error.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

void
fk_framebuf_release(struct fk_framebuf *b)
{
	free(b->text);
	free(b->off);
	free(b->key);
	memset(b, 0, sizeof(*b));
}

void
fk_framebuf_clear(struct fk_framebuf *b)
{
	b->len = 0;
	b->n = 0;
}

static void
framebuf_text(struct fk_framebuf *b, const char *s, size_t n)
{
	if (n == 0)
		return;   /* nothing to add, and the buffer may not exist yet */
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n)
			cap *= 2;
		b->text = fk_xrealloc(b->text, cap);
		b->cap = cap;
	}
	char *d = b->text + b->len;
	memcpy(d, s, n);
	for (char *p = d; !b->keep_semicolons && (p = memchr(p, ';', (size_t)(d + n - p))) != NULL; p++)
		*p = ':';
	b->len += n;
}

void
fk_frame_clean(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ';')
			s[i] = ':';
		else if (s[i] == '\n' || s[i] == '\r' || s[i] == '\0')
			s[i] = ' ';
	}
}

void
fk_framebuf_push(struct fk_framebuf *b, const char *s, size_t n)
{
	FK_GROW(b->off, b->ncap, b->n + 2, 32);
	if (b->n == 0)
		b->off[0] = 0;
	framebuf_text(b, s, n);
	b->n++;
	b->off[b->n] = b->len;
}

void
fk_framebuf_push_parts(struct fk_framebuf *b, const char *s1, size_t n1,
    const char *s2, size_t n2)
{
	fk_framebuf_push(b, s1, n1);
	fk_framebuf_append(b, s2, n2);
}

void
fk_framebuf_append(struct fk_framebuf *b, const char *s, size_t n)
{
	if (b->n == 0) {
		fk_framebuf_push(b, s, n);
		return;
	}
	framebuf_text(b, s, n);
	b->off[b->n] = b->len;
}

const char *
fk_framebuf_join(struct fk_framebuf *b, size_t *len)
{
	size_t need = b->len + b->n + 1;
	if (need > b->keycap) {
		b->keycap = need * 2;
		b->key = fk_xrealloc(b->key, b->keycap);
	}
	size_t k = 0;
	for (size_t i = b->n; i-- > 0;) {
		size_t fl = b->off[i + 1] - b->off[i];
		if (fl)   /* empty frames only: the text buffer may not exist */
			memcpy(b->key + k, b->text + b->off[i], fl);
		k += fl;
		if (i)
			b->key[k++] = ';';
	}
	b->key[k] = '\0';
	*len = k;
	return b->key;
}
