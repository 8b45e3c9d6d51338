/*
 * stap.c -- the frame cleaning of stackcollapse-stap.pl for SystemTap stacks.
 */
#include "collapse/stap.h"
#include "core/util.h"

#include <string.h>

/* The length of a leading "0xHEX", or 0. */
static size_t
hex_len(const char *s, size_t n)
{
	if (n < 3 || s[0] != '0' || s[1] != 'x' || !fk_is_xdigit(s[2]))
		return 0;
	size_t i = 2;
	while (i < n && fk_is_xdigit(s[i]))
		i++;
	return i;
}

/*
 * The frame as the default mode names it:
 *  "0xADDR : name+0xOFF/0xSIZE [module]" -> "name"
 *  "0xADDR [module+0xOFF]"               -> "module+0xOFF"
 *  "0xADDR"                              -> "0xADDR"
 * Anything else: the text after the last " : ", without an offset.
 */
static const char *
frame_name(const char *s, size_t *n)
{
	size_t len = *n, h = hex_len(s, len);
	if (h && h == len)
		return s;
	if (h && len > h + 3 && s[h] == ' ' && s[h + 1] == '[' && s[len - 1] == ']') {
		*n = len - h - 3;
		return s + h + 2;
	}
	const char *name = s;
	for (size_t i = len; i-- > 2;)
		if (s[i - 2] == ' ' && s[i - 1] == ':' && s[i] == ' ') {
			name = s + i + 1;
			break;
		}
	len -= (size_t)(name - s);
	/* The module in brackets at the end, after a blank. */
	if (len && name[len - 1] == ']')
		for (size_t i = len - 1; i-- > 0;)
			if (name[i] == '[') {
				if (i > 0 && name[i - 1] == ' ')
					len = i - 1;
				break;
			}
	fk_multiline_strip_offset(name, &len);
	*n = len;
	return name;
}

static void
stap_frame(struct fk_framebuf *b, const char *s, size_t n, int compat)
{
	s = fk_multiline_trim(s, &n, !compat);
	if (compat) {
		/* s/\+[^+]*$//; s/.* : //; */
		for (size_t i = n; i-- > 0;)
			if (s[i] == '+') {
				n = i;
				break;
			}
		for (size_t i = n; i-- > 2;)
			if (s[i - 2] == ' ' && s[i - 1] == ':' && s[i] == ' ') {
				s += i + 1;
				n -= i + 1;
				break;
			}
	} else {
		s = frame_name(s, &n);
	}
	if (n == 0) {
		s = "-";
		n = 1;
	}
	fk_framebuf_push(b, s, n);
}

static const struct fk_multiline_format stap_format = {
	.name = "SystemTap",
	.frame = stap_frame,
	.compat_skip = 0,
	.keep_semicolons = 1,
};

int
fk_stap_collapse(int compat, struct fk_reader *r, struct fk_stack_table *t,
    struct fk_multiline_stats *st)
{
	return fk_multiline_collapse(&stap_format, compat, r, t, st);
}
