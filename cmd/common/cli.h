/*
 * cli.h -- the small shared front end of the flame-* commands.
 *
 * This is the one module that prints: it formats the error sink and input
 * warnings for the terminal.  It never exits; commands return the exit
 * status it computes.
 */
#ifndef FK_CLI_H
#define FK_CLI_H

#include <stddef.h>

#include "core/output.h"
#include "core/reader.h"

enum { FK_EXIT_OK = 0, FK_EXIT_FAILURE = 1, FK_EXIT_USAGE = 2 };

/*
 * Set the program name and install the warning printer (first max_warnings
 * shown).  argv[0] becomes the name too, so getopt's messages say
 * "flame-trim:" and not the path the command was started by.
 */
void fk_cli_init(const char *progname, unsigned max_warnings, char **argv);
const char *fk_cli_progname(void);

/* "flame-x (flamekit) VERSION" on stdout. @return FK_EXIT_OK */
int fk_cli_version(void);
/* Print "prog: message" (printf) and the usage text to stderr. @return FK_EXIT_USAGE */
int fk_cli_usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print "prog: message" to stderr. */
void fk_cli_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Open a file that an option names (a palette, a symbol table) for
 * reading.  Only a regular file will do: /dev/zero or a FIFO would be read
 * forever, and a palette is written back.  @return the stream, or NULL:
 * then *bad is 1 and the reason printed, or 0 when the file does not exist
 * and must_exist is 0 (a palette that is yet to be made).  The checks
 * are fk_open_regular()'s; this prints its message.
 */
FILE *fk_cli_open_regular(const char *path, int must_exist, int *bad);
/* Print the error sink as "prog: text" and clear it. */
void fk_cli_print_error(void);

/*
 * Number of warnings about input (those naming a file) so far: skipped
 * lines.  The summary prints "N bad lines in all", or "N warnings in all
 * (M not shown)" when some warnings were cut; nothing when there were none.
 */
unsigned long fk_cli_warnings(void);
/* Number of the other warnings so far (no file named: rounded counts, ...). */
unsigned long fk_cli_other_warnings(void);
void fk_cli_warning_summary(void);

/*
 * Open operands (argv[0..argc)); none means stdin.  "-" is stdin.  Files
 * that cannot be opened, and directories, are reported and left out.
 * @return array owned by the caller (free with fk_cli_close_inputs), with
 *         *n entries; *failed is set to the number that could not be opened.
 */
struct fk_input *fk_cli_open_inputs(int argc, char **argv, size_t *n, size_t *failed);
void fk_cli_close_inputs(struct fk_input *in, size_t n);

/*
 * Finish a run: commit the output when rc == 0, otherwise print the error
 * and discard it.  An output closed by its reader (EPIPE) is silent.
 * @return the exit status.
 */
int fk_cli_finish(struct fk_output *out, int rc);

#endif
