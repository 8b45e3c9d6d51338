#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "render/nameattr.h"

static int warnings;

static void
count_warning(void *ctx, const char *file, unsigned long line, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)line;
	(void)msg;
	warnings++;
}

static struct fk_svg_nameattr *
read_text(const char *text)
{
	warnings = 0;
	fk_warn_set_handler(count_warning, NULL);
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	cr_assert_not_null(fp);
	struct fk_svg_nameattr *na = fk_svg_nameattr_read(fp, "test");
	fclose(fp);
	return na;
}

static const char *
extra(const struct fk_nameattr_extra *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return v[i].value;
	return NULL;
}

Test(nameattr, extras_kept_as_text)
{
	struct fk_svg_nameattr *na = read_text(
	    "main\tg_extra=data-note=\"a &amp; &lt;b&gt;\" role='img' lang=en\t"
	    "a_extra=rel=\"noopener\" data-ab=\"x\"\n");
	const struct fk_nameattr_set *a = fk_svg_nameattr_find(na, "main", 4);
	cr_assert_not_null(a);
	cr_assert_eq(a->ng_extra, 3);
	cr_assert_str_eq(extra(a->g_extra, a->ng_extra, "data-note"), "a & <b>");
	cr_assert_str_eq(extra(a->g_extra, a->ng_extra, "role"), "img");
	cr_assert_str_eq(extra(a->g_extra, a->ng_extra, "lang"), "en");
	cr_assert_eq(a->na_extra, 2);
	cr_assert_str_eq(extra(a->a_extra, a->na_extra, "rel"), "noopener");
	cr_assert_eq(warnings, 0);
	fk_svg_nameattr_free(na);
}

Test(nameattr, hostile_extras_left_out)
{
	struct fk_svg_nameattr *na = read_text(
	    "f\tg_extra=onclick=\"alert(1)\" ONLOAD=x style=\"a\" id=\"dup\" data-s=\"1\" "
	    "xmlns:e=\"u\" rel=\"g-only\" data-ok=\"1\"\n"
	    "g\tg_extra=data-ab=\"a\\\"><script>\" data-late=\"no\"\n"
	    "h\tg_extra=<script>alert(1)</script>\n");
	const struct fk_nameattr_set *a = fk_svg_nameattr_find(na, "f", 1);
	cr_assert_eq(a->ng_extra, 1);
	cr_assert_str_eq(a->g_extra[0].name, "data-ok");
	a = fk_svg_nameattr_find(na, "g", 1);
	cr_assert_eq(a->ng_extra, 0, "a value that ends inside a name stops the list");
	a = fk_svg_nameattr_find(na, "h", 1);
	cr_assert_eq(a->ng_extra, 0);
	cr_assert_eq(warnings, 7 + 1 + 1);
	fk_svg_nameattr_free(na);
}
