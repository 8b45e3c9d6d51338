/*
 * dtrace.c -- the frame cleaning of stackcollapse.pl for DTrace stacks.
 */
#include "collapse/dtrace.h"
#include "core/util.h"

#include <string.h>

/*
 * The script's s/(::.*)[(<].*<slash>$1/: cut at the last '(' or '<' after
 * the first "::".
 * @return the new length.
 */
static size_t
drop_cxx_args(const char *s, size_t n)
{
	const char *cc = NULL;
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == ':' && s[i + 1] == ':') {
			cc = s + i;
			break;
		}
	if (!cc)
		return n;
	for (size_t i = n; i-- > (size_t)(cc - s) + 2;)
		if (s[i] == '(' || s[i] == '<')
			return i;
	return n;
}

/*
 * One piece of split(/->/): tr/;/:/ (the framebuf), s/^L//, "_[i]" when
 * inlined.  The default mode cleans each piece on its own (the script
 * cleans the whole frame first, so that "f+0x4b->g" loses g).
 */
/*
 * The default mode's cut: at the '(' that opens the argument list (the one
 * matching the last ')'), when it comes after the first "::".  Template
 * arguments stay, and "f(std::vector<T>)" is no longer cut at its '<'.
 */
static size_t
drop_cxx_arglist(const char *s, size_t n)
{
	const char *cc = NULL;
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == ':' && s[i + 1] == ':') {
			cc = s + i;
			break;
		}
	size_t close = n;
	while (close > 0 && s[close - 1] != ')')
		close--;
	if (!cc || close == 0)
		return n;
	int depth = 0;
	for (size_t i = close; i-- > 0;) {
		if (s[i] == ')')
			depth++;
		else if (s[i] == '(' && --depth == 0)
			return i >= (size_t)(cc - s) + 2 ? i : n;
	}
	return n;
}

static void
push_piece(struct fk_framebuf *b, const char *p, size_t n, int inlined, int compat)
{
	if (!compat) {
		/* module`function+0xOFF; a module+offset frame keeps its address for flame-symbolize. */
		if (memchr(p, '`', n))
			fk_multiline_strip_offset(p, &n);
		n = drop_cxx_arglist(p, n);
	}
	/* A JVM type descriptor "Lpkg/Class;" loses its L; the default mode leaves other names alone. */
	if (n && p[0] == 'L' && (compat || memchr(p, ';', n))) {
		p++;
		n--;
	}
	if (inlined)
		fk_framebuf_push_parts(b, p, n, "_[i]", 4);
	else
		fk_framebuf_push(b, p, n);
}

static void
dtrace_frame(struct fk_framebuf *b, const char *s, size_t n, int compat)
{
	s = fk_multiline_trim(s, &n, !compat);
	if (compat) {
		for (size_t i = n; i-- > 0;)
			if (s[i] == '+') {
				n = i;
				break;
			}
		n = drop_cxx_args(s, n);
	}
	if (n == 0) {
		s = "-";
		n = 1;
	}
	/* split(/->/) drops trailing empty fields; pushed innermost (last) first. */
	while (n >= 2 && s[n - 2] == '-' && s[n - 1] == '>')
		n -= 2;
	size_t end = n;
	while (end > 0) {
		size_t start = 0;
		for (size_t i = end; i-- > 1;)
			if (s[i - 1] == '-' && s[i] == '>') {
				start = i + 1;
				break;
			}
		push_piece(b, s + start, end - start, start > 0, compat);
		if (start == 0)
			break;
		end = start - 2;
		if (end == 0)
			push_piece(b, s, 0, 0, compat);   /* "->b": a leading empty field */
	}
}

static const struct fk_multiline_format dtrace_format = {
	.name = "DTrace",
	.frame = dtrace_frame,
	.compat_skip = 3,
	.keep_semicolons = 0,
};

int
fk_dtrace_collapse(int compat, struct fk_reader *r, struct fk_stack_table *t,
    struct fk_multiline_stats *st)
{
	return fk_multiline_collapse(&dtrace_format, compat, r, t, st);
}
