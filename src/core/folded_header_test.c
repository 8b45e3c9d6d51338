#include <criterion/criterion.h>

#include "core/folded_header.h"

#include <stdlib.h>
#include <string.h>

static void
add(struct fk_folded_header *h, const char *line)
{
	cr_assert_eq(fk_folded_header_add(h, line, strlen(line)), 0, "%s", line);
}

static void
assert_text(const struct fk_folded_header *h, const char *want)
{
	size_t n;
	const char *t = fk_folded_header_text(h, &n);
	cr_assert_eq(n, strlen(want), "got '%.*s'", (int)n, t);
	cr_assert_eq(memcmp(t, want, n), 0, "got '%.*s'", (int)n, t);
}

Test(folded_header, keeps_lines_in_order_with_newlines)
{
	struct fk_folded_header *h = fk_folded_header_new();
	assert_text(h, "");
	fk_folded_header_next_input(h);
	add(h, "# unit: nanoseconds");
	add(h, "#");
	add(h, "# unit: nanoseconds");   /* within one input, repeats stay */
	assert_text(h, "# unit: nanoseconds\n#\n# unit: nanoseconds\n");
	fk_folded_header_free(h);
}

/* A later input's header leaves out the lines an earlier one already gave. */
Test(folded_header, later_inputs_do_not_repeat_lines)
{
	struct fk_folded_header *h = fk_folded_header_new();
	fk_folded_header_next_input(h);
	add(h, "# unit: nanoseconds");
	add(h, "# host: a");
	fk_folded_header_next_input(h);
	add(h, "# host: b");
	add(h, "# unit: nanoseconds");
	fk_folded_header_next_input(h);
	add(h, "# host: b");
	assert_text(h, "# unit: nanoseconds\n# host: a\n# host: b\n");
	fk_folded_header_free(h);
}

Test(folded_header, stops_at_its_size_limit)
{
	struct fk_folded_header *h = fk_folded_header_new();
	size_t n = FK_FOLDED_HEADER_MAX / 2;
	char *big = malloc(n);
	memset(big, 'x', n);
	big[0] = '#';
	cr_assert_eq(fk_folded_header_add(h, big, n), 0);
	cr_assert_eq(fk_folded_header_add(h, big, n), 1);
	size_t len;
	fk_folded_header_text(h, &len);
	cr_assert_eq(len, n + 1);
	free(big);
	fk_folded_header_free(h);
	fk_folded_header_free(NULL);
}
