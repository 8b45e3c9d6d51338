/*
 * nameattr.h -- flame-graph --nameattr files (flamegraph.pl's): per-function
 * attributes for the SVG frames, read and checked; svg.c writes them.
 */
#ifndef FK_NAMEATTR_H
#define FK_NAMEATTR_H

#include <stddef.h>
#include <stdio.h>

/* One attribute of a g_extra or a_extra list: name and value as text. */
struct fk_nameattr_extra {
	char *name, *value;
};

/* The attributes of one function; text values, escaped when written. */
struct fk_nameattr_set {
	char *name;
	char *title, *id, *class, *href, *target;
	struct fk_nameattr_extra *g_extra, *a_extra;
	size_t ng_extra, na_extra;
	struct fk_nameattr_set *next;
};

struct fk_svg_nameattr;

/*
 * Read lines of "function<TAB>key=value<TAB>...".  Keys title, id, class,
 * href (not javascript:) and target are taken as text.  g_extra and
 * a_extra, which flamegraph.pl pastes into the <g> and <a> elements as
 * markup, are read as a list of attributes (name="value", name='value' or
 * name=value, separated by blanks) and only these are kept: data-NAME
 * (NAME of two or more characters: one-letter ones are flame-graph's own),
 * aria-NAME, role, lang, xml:lang and tabindex, and in a_extra also rel,
 * hreflang, type and referrerpolicy.  Event handlers (on...), style, names
 * and namespaces of other kinds, and anything that does not parse are
 * left out with a warning naming the file and line, as are unknown keys.
 * @return the attributes; never NULL.  Free with fk_svg_nameattr_free().
 */
struct fk_svg_nameattr *fk_svg_nameattr_read(FILE *fp, const char *fname);
/* Accepts NULL. */
void fk_svg_nameattr_free(struct fk_svg_nameattr *na);

/* The set for function name[0, len), or NULL; owned by na.  na may be NULL. */
const struct fk_nameattr_set *fk_svg_nameattr_find(const struct fk_svg_nameattr *na,
    const char *name, size_t len);

#endif
