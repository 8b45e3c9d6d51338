/*
 * Output files: whole or nothing, also when memory runs out.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/error.h"
#include "core/output.h"

/* Let a sanitizer build return NULL for an impossible size, as malloc does. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

static int
entries(const char *dir)
{
	DIR *d = opendir(dir);
	cr_assert_not_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

Test(output, out_of_memory_exits_1_and_leaves_no_temporary_file)
{
	char dir[] = "/tmp/fk-output-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof path, "%s/out.svg", dir);
	fflush(NULL);
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		struct fk_output o;
		if (fk_output_open(&o, path) < 0)
			_exit(3);
		fputs("half", o.fp);
		fk_error_set_program("output_test");
		(void)fk_xmalloc(SIZE_MAX / 2);   /* cannot be had */
		_exit(4);
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status), "ended by a signal, not an exit");
	cr_expect_eq(WEXITSTATUS(status), 1);
	cr_expect_eq(entries(dir), 0, "a file was left in %s", dir);
	rmdir(dir);
}
