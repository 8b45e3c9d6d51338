/*
 * demangle.c -- thin wrapper over the C++ runtime's demangler.
 */
#include "demangle.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

/* The C-linkage entry point of libstdc++'s demangler (cxxabi.h). */
extern char *__cxa_demangle(const char *mangled, char *buf, size_t *n, int *status);

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* Decode rustc's legacy escapes in place ("$LT$" -> "<", ".." -> "::"). */
static void
rust_unescape(char *s)
{
	static const struct { const char *esc; char c; } tab[] = {
		{ "$SP$", '@' }, { "$BP$", '*' }, { "$RF$", '&' },
		{ "$LT$", '<' }, { "$GT$", '>' }, { "$LP$", '(' },
		{ "$RP$", ')' }, { "$C$", ',' },
	};
	char *w = s;
	for (const char *r = s; *r;) {
		/* An identifier that starts with an escape carries a '_' before it. */
		if (r[0] == '_' && r[1] == '$' && (r == s || r[-1] == ':')) {
			r++;
			continue;
		}
		if (*r == '$') {
			size_t i;
			for (i = 0; i < sizeof tab / sizeof tab[0]; i++) {
				size_t n = strlen(tab[i].esc);
				if (strncmp(r, tab[i].esc, n) == 0) {
					*w++ = tab[i].c;
					r += n;
					break;
				}
			}
			if (i < sizeof tab / sizeof tab[0])
				continue;
			if (r[1] == 'u' && is_hex(r[2]) && is_hex(r[3])) {
				/* "$u7e$" and friends: one ASCII character. */
				const char *e = strchr(r + 2, '$');
				if (e != NULL && e - r <= 5) {
					unsigned v = (unsigned)strtoul(r + 2, NULL, 16);
					if (v >= 0x20 && v < 0x7f) {
						*w++ = (char)v;
						r = e + 1;
						continue;
					}
				}
			}
		} else if (r[0] == '.' && r[1] == '.') {
			*w++ = ':';
			*w++ = ':';
			r += 2;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/*
 * A Rust legacy symbol demangles to "path::h0123456789abcdef".  Strip the
 * hash and decode the escapes; leave anything else alone.
 */
static void
rust_legacy_fixup(char *s)
{
	size_t n = strlen(s);
	if (n < 19 || strncmp(s + n - 19, "::h", 3) != 0)
		return;
	for (size_t i = n - 16; i < n; i++)
		if (!is_hex(s[i]))
			return;
	s[n - 19] = '\0';
	if (strchr(s, '$') != NULL || strstr(s, "..") != NULL)
		rust_unescape(s);
}

char *
fk_demangle(const char *name, size_t len)
{
	size_t annot = 0;
	if (len > 4 && name[len - 4] == '_' && name[len - 3] == '[' &&
	    name[len - 1] == ']')
		annot = 4;
	size_t base = len - annot;
	if (base < 3 || name[0] != '_' || name[1] != 'Z')
		return NULL;

	char *m = fk_xmalloc(base + 1);
	memcpy(m, name, base);
	m[base] = '\0';
	int status = 0;
	char *d = __cxa_demangle(m, NULL, NULL, &status);
	free(m);
	if (d == NULL || status != 0) {
		free(d);
		return NULL;
	}
	if (strncmp(name, "_ZN", 3) == 0)
		rust_legacy_fixup(d);
	if (annot) {
		size_t dn = strlen(d);
		char *t = fk_xrealloc(d, dn + annot + 1);
		memcpy(t + dn, name + base, annot);
		t[dn + annot] = '\0';
		d = t;
	}
	return d;
}
