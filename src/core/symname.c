#include "core/symname.h"
#include "core/util.h"

#include <string.h>

/* The Perl tool's rule: the first "(" that does not open "(anonymous namespace)". */
static size_t
first_paren(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '(' && !(n - i >= 21 && memcmp(s + i, "(anonymous namespace)", 21) == 0))
			return i;
	return n;
}

size_t
fk_symname_args_start(const char *s, size_t n)
{
	int depth = 0;
	size_t cut = n;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == 'o' && n - i >= 8 && memcmp(s + i, "operator", 8) == 0 &&
		    (i == 0 || !fk_is_word(s[i - 1])) && (i + 8 == n || !fk_is_word(s[i + 8]))) {
			size_t k = i + 8;
			while (k < n && s[k] == ' ')
				k++;
			if (k + 1 < n && s[k] == '(' && s[k + 1] == ')') {
				i = k + 1;         /* operator() */
				continue;
			}
			size_t k0 = k;
			while (k < n && s[k] != '\0' && strchr("<>=!+-*/%&|^~[],", s[k]))
				k++;
			i = (k > k0 ? k : i + 8) - 1;
			continue;
		}
		if (c == '<' || c == '{' || c == '[') {
			depth++;
		} else if ((c == '>' || c == '}' || c == ']') && depth > 0) {
			depth--;
		} else if (c == '(' && depth == 0) {
			if (n - i >= 21 && memcmp(s + i, "(anonymous namespace)", 21) == 0) {
				i += 20;
				continue;
			}
			if (i > 0 && s[i - 1] == '.')
				continue;          /* Go receiver: pkg.(*T).M */
			cut = i;
			break;
		}
	}
	/* Unbalanced "<" (a comparison operator we did not know): the plain rule. */
	if (cut == n && depth > 0)
		cut = first_paren(s, n);
	return cut == 0 ? n : cut;
}
