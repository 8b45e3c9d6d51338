#include "core/folded_header.h"
#include "core/error.h"
#include "core/stack_table.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

struct fk_folded_header {
	char *text;
	size_t len, cap;
	size_t input_start;             /* where the current input's lines begin */
	struct fk_stack_table *earlier; /* lines of the earlier inputs' headers */
};

struct fk_folded_header *
fk_folded_header_new(void)
{
	return fk_xcalloc(1, sizeof(struct fk_folded_header));
}

void
fk_folded_header_free(struct fk_folded_header *h)
{
	if (!h)
		return;
	fk_stack_table_free(h->earlier);
	free(h->text);
	free(h);
}

void
fk_folded_header_next_input(struct fk_folded_header *h)
{
	if (h->input_start == h->len)
		return;
	if (!h->earlier)
		h->earlier = fk_stack_table_new(1);
	/* Remember this input's lines so that a later input does not repeat them. */
	static const struct fk_num zero = { 0, 0 };
	size_t p = h->input_start;
	while (p < h->len) {
		const char *nl = memchr(h->text + p, '\n', h->len - p);
		size_t n = (size_t)(nl - (h->text + p));
		/* Lines are at most FK_FOLDED_HEADER_MAX bytes: the key always fits. */
		if (fk_stack_table_add(h->earlier, h->text + p, n, &zero) < 0)
			fk_error_clear();
		p += n + 1;
	}
	h->input_start = h->len;
}

int
fk_folded_header_add(struct fk_folded_header *h, const char *line, size_t len)
{
	if (h->earlier && fk_stack_table_find(h->earlier, line, len))
		return 0;
	if (len >= FK_FOLDED_HEADER_MAX - h->len)
		return 1;
	FK_GROW(h->text, h->cap, h->len + len + 1, 256);
	memcpy(h->text + h->len, line, len);
	h->len += len;
	h->text[h->len++] = '\n';
	return 0;
}

const char *
fk_folded_header_text(const struct fk_folded_header *h, size_t *len)
{
	*len = h->len;
	return h->text ? h->text : "";
}

void
fk_folded_header_write(const struct fk_folded_header *h, FILE *out)
{
	if (h && h->len)
		fwrite(h->text, 1, h->len, out);
}
