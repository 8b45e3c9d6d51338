/*
 * framebuf.h -- collect one stack's frames leaf first, join them root first.
 *
 * The Go formats list a stack from its leaf to its root; folded stacks go
 * from the root to the leaf.  A framebuf holds the frames of one stack as it
 * is read and builds the folded key ("root;...;leaf") in reverse order.
 * Frames are cleaned as they are added: a ';' inside a name becomes ':'
 * (unless keep_semicolons is set, for --compat=perl with the scripts that
 * keep it).
 * Nothing is allocated per stack once the buffers have grown.
 */
#ifndef FK_FRAMEBUF_H
#define FK_FRAMEBUF_H

#include <stddef.h>

struct fk_framebuf {
	char *text;      /* frame texts, back to back */
	size_t len, cap;
	size_t *off;     /* start of each frame in text; off[n] == len */
	size_t n, ncap;
	char *key;       /* the last joined key */
	size_t keycap;
	int keep_semicolons;   /* add frames as they are */
};

#define FK_FRAMEBUF_INIT { 0 }

void fk_framebuf_release(struct fk_framebuf *b);
/* Forget the frames (keep the memory). */
void fk_framebuf_clear(struct fk_framebuf *b);

/* Add a frame (leaf-most first). */
void fk_framebuf_push(struct fk_framebuf *b, const char *s, size_t n);
/* Add a frame made of two parts (s1 then s2). */
void fk_framebuf_push_parts(struct fk_framebuf *b, const char *s1, size_t n1,
    const char *s2, size_t n2);
/* Append text to the frame added last. */
void fk_framebuf_append(struct fk_framebuf *b, const char *s, size_t n);

/*
 * Make s[0, n) fit in one frame of a folded line, in place: ';' becomes
 * ':', and '\n', '\r' and NUL become ' ' (for names taken from JSON or
 * XML, where escapes can put any byte in a name).
 */
void fk_frame_clean(char *s, size_t n);

/*
 * Join the frames root first (the last added first) with ';'.
 * @return the key, owned by b and valid until the next call on b; its
 *         length is stored in *len.
 */
const char *fk_framebuf_join(struct fk_framebuf *b, size_t *len);

#endif
