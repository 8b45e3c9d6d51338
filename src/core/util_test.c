#include <criterion/criterion.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/error.h"
#include "core/util.h"

Test(util, classes_match_the_c_locale_for_every_byte)
{
	for (int b = 0; b < 256; b++) {
		char c = (char)b;
		cr_assert_eq(fk_is_digit(c), !!isdigit(b), "byte %d", b);
		cr_assert_eq(fk_is_xdigit(c), !!isxdigit(b), "byte %d", b);
		cr_assert_eq(fk_is_blank(c), !!isblank(b), "byte %d", b);
		cr_assert_eq(fk_is_space(c), !!isspace(b), "byte %d", b);
		cr_assert_eq(fk_is_word(c), isalnum(b) || b == '_', "byte %d", b);
	}
}

Test(util, has_prefix_looks_only_at_the_first_n_bytes)
{
	cr_assert(fk_has_prefix("goroutine 1", 11, "goroutine "));
	cr_assert(fk_has_prefix("abc", 3, ""));
	cr_assert(!fk_has_prefix("goroutine", 9, "goroutine "));
	cr_assert(!fk_has_prefix("abcdef", 2, "abc"));
}

Test(util, display_name)
{
	cr_assert_str_eq(fk_display_name(NULL), "<stdin>");
	cr_assert_str_eq(fk_display_name("-"), "<stdin>");
	cr_assert_str_eq(fk_display_name("--"), "--");
	cr_assert_str_eq(fk_display_name("a.txt"), "a.txt");
}

Test(util, grow_doubles_from_the_first_size)
{
	int *v = NULL;
	size_t cap = 0;
	FK_GROW(v, cap, 1, 16);
	cr_assert_eq(cap, 16);
	FK_GROW(v, cap, 16, 16);
	cr_assert_eq(cap, 16);
	FK_GROW(v, cap, 17, 16);
	cr_assert_eq(cap, 32);
	FK_GROW(v, cap, 100, 16);
	cr_assert_eq(cap, 128);
	for (int i = 0; i < 100; i++)
		v[i] = i;
	FK_GROW(v, cap, 129, 16);
	cr_assert_eq(v[99], 99);
	free(v);
}

Test(util, grow_ends_the_program_on_a_size_that_overflows, .exit_code = 1)
{
	fk_error_set_program("util_test");
	uint64_t *v = NULL;
	size_t cap = 0;
	FK_GROW(v, cap, SIZE_MAX / 4, 16);
}

static FILE *
stream_of(const char *s, size_t n)
{
	FILE *f = tmpfile();
	cr_assert(f);
	cr_assert_eq(fwrite(s, 1, n, f), n);
	rewind(f);
	return f;
}

Test(util, lines_drop_the_bom_and_line_ends_and_count)
{
	static const char text[] = "\xef\xbb\xbf" "one\r\n\ntwo\n\xef\xbb\xbf" "three\r\r";
	FILE *f = stream_of(text, sizeof text - 1);
	struct fk_lines l;
	fk_lines_init(&l, f);
	char *line;
	static const char *want[] = {"one", "", "two", "\xef\xbb\xbf" "three"};
	for (size_t i = 0; i < 4; i++) {
		ssize_t n = fk_lines_next(&l, &line);
		cr_assert_eq(n, (ssize_t)strlen(want[i]));
		cr_assert_str_eq(line, want[i]);
		cr_assert_eq(fk_lines_lineno(&l), i + 1);
	}
	cr_assert_eq(fk_lines_next(&l, &line), -1);
	cr_assert(!ferror(f));
	fk_lines_release(&l);
	fclose(f);
}

Test(util, lines_last_line_without_newline)
{
	FILE *f = stream_of("\xef\xbb\xbfonly", 7);
	struct fk_lines l;
	fk_lines_init(&l, f);
	char *line;
	cr_assert_eq(fk_lines_next(&l, &line), 4);
	cr_assert_str_eq(line, "only");
	cr_assert_eq(fk_lines_next(&l, &line), -1);
	fk_lines_release(&l);
	fclose(f);
}

Test(util, open_regular_opens_a_file_and_refuses_the_rest)
{
	char path[] = "/tmp/fk_util_testXXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, "x\n", 2), 2);
	close(fd);

	int missing = -1;
	FILE *f = fk_open_regular(path, &missing);
	cr_assert(f);
	cr_assert_eq(missing, 0);
	cr_assert_eq(fgetc(f), 'x');
	fclose(f);
	unlink(path);

	fk_error_clear();
	cr_assert_null(fk_open_regular(path, &missing));
	cr_assert_eq(missing, 1);
	char want[128];
	snprintf(want, sizeof want, "cannot open '%s': %s", path, strerror(ENOENT));
	cr_assert_str_eq(fk_error_msg(), want);

	fk_error_clear();
	cr_assert_null(fk_open_regular("/tmp", &missing));
	cr_assert_eq(missing, 0);
	cr_assert_str_eq(fk_error_msg(), "cannot read '/tmp': not a regular file");
	fk_error_clear();
	cr_assert_eq(fk_open_regular_fd("/dev/null"), -1);
	cr_assert_eq(errno, 0);
}
