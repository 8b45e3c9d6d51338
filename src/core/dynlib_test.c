#include <criterion/criterion.h>
#include <stddef.h>
#include <string.h>

#include "core/dynlib.h"
#include "core/xmllib.h"

struct libc_fns {
	size_t (*strlen)(const char *);
	int (*abs)(int);
};

Test(dynlib, fills_each_slot_by_name)
{
	static const struct fk_dynsym syms[] = {
		{ "strlen", offsetof(struct libc_fns, strlen) },
		{ "abs", offsetof(struct libc_fns, abs) },
	};
	struct libc_fns f = { 0 };
	char msg[256] = "";
	cr_assert_eq(fk_dynlib_load("libc.so.6", syms, 2, &f, msg, sizeof msg), 0, "%s", msg);
	cr_assert_eq(f.strlen("flame"), 5);
	cr_assert_eq(f.abs(-7), 7);
}

Test(dynlib, says_which_symbol_is_missing)
{
	static const struct fk_dynsym syms[] = {
		{ "strlen", offsetof(struct libc_fns, strlen) },
		{ "no_such_function_in_libc", offsetof(struct libc_fns, abs) },
	};
	struct libc_fns f = { 0 };
	char msg[256] = "";
	cr_assert_eq(fk_dynlib_load("libc.so.6", syms, 2, &f, msg, sizeof msg), -1);
	cr_assert(strstr(msg, "libc.so.6 has no no_such_function_in_libc") != NULL, "%s", msg);
}

Test(dynlib, says_why_a_library_cannot_be_opened)
{
	static const struct fk_dynsym syms[] = {
		{ "strlen", offsetof(struct libc_fns, strlen) },
	};
	struct libc_fns f = { 0 };
	char msg[256] = "";
	cr_assert_eq(fk_dynlib_load("libflamekit-no-such.so.9", syms, 1, &f, msg, sizeof msg), -1);
	cr_assert(strstr(msg, "libflamekit-no-such.so.9") != NULL, "%s", msg);
	cr_assert_null(f.strlen);
}

/* Every function the SVG writer and the xctrace reader call is found in Debian's libxml2. */
Test(dynlib, libxml2_has_every_function_named)
{
	const struct fk_xmllib *x = fk_xmllib_get("the test");
	cr_assert_not_null(x);
	cr_assert_eq(x, fk_xmllib_get("the test"));
	cr_assert_not_null(FK_XML(xmlNewTextWriter));
	cr_assert_not_null(FK_XML(xmlTextReaderRead));
	xmlChar *s = FK_XML(xmlEncodeSpecialChars)(NULL, BAD_CAST "a<b&\"c\"");
	cr_assert_str_eq((const char *)s, "a&lt;b&amp;&quot;c&quot;");
	FK_XML_FREE(s);
}
