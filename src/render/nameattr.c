/*
 * nameattr.c -- --nameattr files.  flamegraph.pl writes the values of
 * g_extra and a_extra into the element unchanged, so a file could add an
 * event handler or break the document; here they are parsed into
 * attributes, checked against a short list of harmless names and written
 * escaped like every other value (svg.c).
 */
#include "render/nameattr.h"
#include "core/error.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct fk_svg_nameattr {
	struct fk_nameattr_set *head;
};

static char *
dup_n(const char *s, size_t n)
{
	char *d = fk_xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static int
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '_' || c == '.' || c == ':';
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Is name[0, n) an attribute a nameattr file may add (nameattr.h)? */
static int
extra_allowed(const char *name, size_t n, int on_a)
{
	static const char *const plain[] = { "role", "lang", "xml:lang", "tabindex" };
	static const char *const link[] = { "rel", "hreflang", "type", "referrerpolicy" };
	for (size_t i = 0; i < n; i++)
		if (!is_name_char(name[i]) || name[i] == ':' || (name[i] >= 'A' && name[i] <= 'Z'))
			goto fixed;
	if (n > 5 + 1 && memcmp(name, "data-", 5) == 0)
		return 1;
	if (n > 5 && memcmp(name, "aria-", 5) == 0)
		return 1;
fixed:
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
		if (strlen(plain[i]) == n && memcmp(name, plain[i], n) == 0)
			return 1;
	for (size_t i = 0; on_a && i < sizeof link / sizeof link[0]; i++)
		if (strlen(link[i]) == n && memcmp(name, link[i], n) == 0)
			return 1;
	return 0;
}

/* The five predefined entities of XML, since flamegraph.pl's values are markup. */
static size_t
decode_entities(char *s, size_t n)
{
	static const struct { const char *ent; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' },
	};
	size_t w = 0;
	for (size_t r = 0; r < n;) {
		int done = 0;
		for (size_t i = 0; s[r] == '&' && !done && i < sizeof ents / sizeof ents[0]; i++) {
			size_t el = strlen(ents[i].ent);
			if (n - r >= el && memcmp(s + r, ents[i].ent, el) == 0) {
				s[w++] = ents[i].c;
				r += el;
				done = 1;
			}
		}
		if (!done)
			s[w++] = s[r++];
	}
	return w;
}

static void
extra_add(struct fk_nameattr_extra **v, size_t *n, const char *name, size_t nl,
    const char *value, size_t vl)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen((*v)[i].name) == nl && memcmp((*v)[i].name, name, nl) == 0) {
			/* A repeated name: the last one counts, as with the other keys. */
			free((*v)[i].value);
			(*v)[i].value = dup_n(value, vl);
			(*v)[i].value[decode_entities((*v)[i].value, vl)] = '\0';
			return;
		}
	*v = fk_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].name = dup_n(name, nl);
	(*v)[*n].value = dup_n(value, vl);
	(*v)[*n].value[decode_entities((*v)[*n].value, vl)] = '\0';
	(*n)++;
}

/*
 * Parse s, the value of g_extra or a_extra, into attributes: those
 * allowed go into v, the others are reported.
 */
static void
extra_parse(const char *fname, unsigned long lineno, const char *key, const char *s,
    int on_a, struct fk_nameattr_extra **v, size_t *n)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		while (i < len && is_blank(s[i]))
			i++;
		if (i == len)
			break;
		size_t n0 = i;
		while (i < len && is_name_char(s[i]))
			i++;
		size_t nl = i - n0;
		const char *val = NULL;
		size_t vl = 0;
		if (nl > 0 && i < len && s[i] == '=') {
			i++;
			if (i < len && (s[i] == '"' || s[i] == '\'')) {
				const char *q = memchr(s + i + 1, s[i], len - i - 1);
				if (q) {
					val = s + i + 1;
					vl = (size_t)(q - val);
					i = (size_t)(q - s) + 1;
				}
			} else {
				size_t v0 = i;
				while (i < len && !is_blank(s[i]) && !strchr("\"'<>=`", s[i]))
					i++;
				if (i > v0) {
					val = s + v0;
					vl = i - v0;
				}
			}
		}
		if (val == NULL || (i < len && !is_blank(s[i]))) {
			fk_warn(fname, lineno, "%s: cannot read an attribute at '%.20s'; the rest is left out",
			    key, s + n0);
			return;
		}
		if (!extra_allowed(s + n0, nl, on_a)) {
			fk_warn(fname, lineno, "%s: attribute '%.*s' not allowed", key,
			    (int)(nl > 40 ? 40 : nl), s + n0);
			continue;
		}
		extra_add(v, n, s + n0, nl, val, vl);
	}
}

struct fk_svg_nameattr *
fk_svg_nameattr_read(FILE *fp, const char *fname)
{
	struct fk_svg_nameattr *na = fk_xcalloc(1, sizeof(*na));
	struct fk_nameattr_set **tail = &na->head;
	struct fk_lines lines;
	char *line;
	ssize_t n;
	fk_lines_init(&lines, fp);
	while ((n = fk_lines_next(&lines, &line)) >= 0) {
		unsigned long lineno = fk_lines_lineno(&lines);
		char *tab = strchr(line, '\t');
		if (!tab) {
			if (n > 0)
				fk_warn(fname, lineno, "invalid format (function<TAB>attr=value...)");
			continue;
		}
		*tab = '\0';
		struct fk_nameattr_set *a = fk_xcalloc(1, sizeof(*a));
		a->name = fk_xstrdup(line);
		char *save = NULL;
		for (char *kv = strtok_r(tab + 1, "\t", &save); kv; kv = strtok_r(NULL, "\t", &save)) {
			char *eq = strchr(kv, '=');
			if (!eq)
				continue;
			*eq = '\0';
			if (strcmp(kv, "g_extra") == 0 || strcmp(kv, "a_extra") == 0) {
				int on_a = kv[0] == 'a';
				extra_parse(fname, lineno, kv, eq + 1, on_a,
				    on_a ? &a->a_extra : &a->g_extra, on_a ? &a->na_extra : &a->ng_extra);
				continue;
			}
			char **slot = strcmp(kv, "title") == 0 ? &a->title :
			    strcmp(kv, "id") == 0 ? &a->id :
			    strcmp(kv, "class") == 0 ? &a->class :
			    strcmp(kv, "href") == 0 ? &a->href :
			    strcmp(kv, "target") == 0 ? &a->target : NULL;
			if (!slot || (slot == &a->href && strncasecmp(eq + 1, "javascript:", 11) == 0)) {
				fk_warn(fname, lineno, "attribute '%s' not supported", kv);
				continue;
			}
			free(*slot);
			*slot = fk_xstrdup(eq + 1);
		}
		*tail = a;
		tail = &a->next;
	}
	fk_lines_release(&lines);
	return na;
}

static void
extras_free(struct fk_nameattr_extra *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].value);
	}
	free(v);
}

void
fk_svg_nameattr_free(struct fk_svg_nameattr *na)
{
	if (!na)
		return;
	struct fk_nameattr_set *a = na->head;
	while (a) {
		struct fk_nameattr_set *next = a->next;
		free(a->name);
		free(a->title);
		free(a->id);
		free(a->class);
		free(a->href);
		free(a->target);
		extras_free(a->g_extra, a->ng_extra);
		extras_free(a->a_extra, a->na_extra);
		free(a);
		a = next;
	}
	free(na);
}

const struct fk_nameattr_set *
fk_svg_nameattr_find(const struct fk_svg_nameattr *na, const char *name, size_t len)
{
	if (!na)
		return NULL;
	for (const struct fk_nameattr_set *a = na->head; a; a = a->next)
		if (strlen(a->name) == len && memcmp(a->name, name, len) == 0)
			return a;
	return NULL;
}
