/*
 * sniff.h -- what kind of profile data an input holds, from its first bytes.
 *
 * One place for format detection: flame-collapse picks its parser with it
 * (collapse.h), and a command can tell a user who gave it the wrong input
 * what to run instead.  The library only answers; the hints are the
 * commands' (it does not know their names).  Detection runs on the
 * decompressed bytes of a gzip or xz input (decomp.h).
 */
#ifndef FK_SNIFF_H
#define FK_SNIFF_H

#include <stddef.h>

#include "core/decomp.h"
#include "core/reader.h"

/* Bytes looked at: detection needs no more, and reads no more. */
#define FK_SNIFF_PEEK ((size_t)64 << 10)

enum fk_sniff {
	FK_SNIFF_UNKNOWN = 0,      /* none of the below (perf script is flame-collapse's default) */
	FK_SNIFF_EMPTY,            /* no bytes at all */
	/*
	 * A perf.data file: the "PERFILE2" magic in either byte order, which
	 * `perf record -o -` (pipe mode) writes too, or the old "PERFFILE".
	 */
	FK_SNIFF_PERF_DATA,
	/*
	 * `perf script` text: the first line (after "#" comments) is an event
	 * line, "comm pid[/tid] [cpu] time: [period] event:", with a timestamp
	 * or followed by an indented "addr sym (module)" frame line.
	 */
	FK_SNIFF_PERF_SCRIPT,
	FK_SNIFF_FOLDED,           /* the first line is "stack COUNT" or "stack BEFORE AFTER" */
	FK_SNIFF_PPROF,            /* a protobuf that starts with fields of profile.proto */
	FK_SNIFF_GOROUTINE,        /* Go goroutine dump (debug=2), panic or SIGQUIT traceback */
	FK_SNIFF_GOROUTINE_COUNTS, /* Go goroutine dump (debug=1): "goroutine profile: total N" */
	FK_SNIFF_PPROF_RAW,        /* `go tool pprof -raw`: "PeriodType: ..." or "Samples:" */
	/* Text of other profilers' tools: see fk_sniff_text_tools(). */
	FK_SNIFF_DTRACE,           /* DTrace aggregation of stack()/ustack()/jstack() */
	FK_SNIFF_BPFTRACE,         /* bpftrace map of kstack/ustack keys */
	FK_SNIFF_STAP,             /* SystemTap print_backtrace()/print_ubacktrace() aggregation */
	FK_SNIFF_JSTACK,           /* Java thread dump (jstack, jcmd Thread.print) */
	/* JSON and XML profiles: fk_sniff_document() says how each is told. */
	FK_SNIFF_CPUPROFILE,       /* V8 .cpuprofile */
	FK_SNIFF_CHROME_TRACE,     /* Chrome Trace Event JSON */
	FK_SNIFF_SPEEDSCOPE,       /* speedscope's file format */
	FK_SNIFF_D3_JSON,          /* d3-flame-graph's nested tree */
	FK_SNIFF_XCTRACE,          /* `xctrace export` XML */
	FK_SNIFF_FOREIGN,          /* a known binary kind no command reads (fk_sniff_foreign) */
};

/*
 * What buf[0, n) is when its magic names a binary kind that is neither a
 * profile nor compression the reader undoes: "an ELF file (a program or
 * library)", "bzip2-compressed data", "lz4-compressed data", "a zip
 * archive", "a 7z archive", "a PNG image", UTF-16 text (with its byte
 * order mark), or "binary data of no known kind" when the first 4 KiB hold
 * too many control bytes for text (and are no pprof profile); NULL for
 * anything else.  A static string.
 */
const char *fk_sniff_foreign(const void *buf, size_t n);

/*
 * The JSON or XML document kind that text[0, n) (after blanks and a byte
 * order mark) starts, or UNKNOWN.  Keys are searched for in the bytes
 * seen, so the kind is told whatever the order of keys:
 *  - SPEEDSCOPE: an object with "$schema": "https://www.speedscope.app/...";
 *  - CHROME_TRACE: an object with a "traceEvents" key, or an array whose
 *    first element is an object with a "ph" key (an event's phase);
 *  - CPUPROFILE: an object with "nodes" and "callFrame" keys;
 *  - D3_JSON: an object with "name" and "children" or "value" keys;
 *  - XCTRACE: "<?xml" then a <trace-query-result> element.
 */
enum fk_sniff fk_sniff_document(const char *text, size_t n);

/* "perf-data", "perf-script", "folded", ...; for messages and tests. */
const char *fk_sniff_name(enum fk_sniff s);

/*
 * The kind of data that starts with buf[0, n) (already decompressed; n is
 * at most FK_SNIFF_PEEK, fewer bytes mean the input is that short):
 *  - PERF_DATA: the magic (first 8 bytes);
 *  - PPROF: fk_sniff_pprof();
 *  - GOROUTINE_COUNTS: first non-blank line "goroutine profile: total N";
 *  - GOROUTINE: first non-blank line a goroutine header
 *    (fk_sniff_goroutine_header()), or a Go crash preamble ("panic: ",
 *    "fatal error: ", "SIGQUIT: " and the like) with such a header within
 *    the bytes seen;
 *  - PPROF_RAW: first non-blank line starting "PeriodType: " or equal to
 *    "Samples:";
 *  - PERF_SCRIPT: as described at the enum;
 *  - DTRACE, BPFTRACE, STAP, JSTACK: fk_sniff_text_tools();
 *  - FOLDED: as described at the enum;
 *  - the JSON and XML kinds: fk_sniff_document();
 *  - EMPTY for n == 0, else UNKNOWN.
 * A byte order mark and blank lines before the first line are skipped.
 */
enum fk_sniff fk_sniff(const void *buf, size_t n);

/*
 * The tools whose text output starts with line[0, len), the first line
 * that is not blank or a "#" comment, followed by s[pos, n):
 *  - JSTACK (after a line "PID:" that jcmd writes first, if there is
 *    one): the line starts "Full thread dump ", or is a jstack time
 *    stamp "YYYY-MM-DD HH:MM:SS" followed by such a line, or starts with
 *    '"' (a thread's header) and the next line holds
 *    "java.lang.Thread.State: ";
 *  - DTRACE: the line is dtrace's header "CPU ID FUNCTION:NAME" (blanks
 *    between), or (dtrace -q) it is indented, has a '`' (module`function)
 *    and no ';', and a line of only blanks and digits (a count) follows
 *    within the bytes seen;
 *  - BPFTRACE: the line is "@[" or "@name[" (a map keyed by a stack), or
 *    bpftrace's "Attaching N probe(s)..." followed by such a line within
 *    the bytes seen;
 *  - STAP: the line, without leading blanks, is "0xHEX : " and a name,
 *    or "0xHEX [module+0xOFF]", and has no ';'.
 * @return the kind, or FK_SNIFF_UNKNOWN.
 */
enum fk_sniff fk_sniff_text_tools(const char *line, size_t len, const char *s, size_t n,
    size_t pos);

/*
 * Whether data starts like a binary pprof profile (not gzipped): binary
 * data whose first protobuf fields (up to four) are fields of
 * profile.proto's Profile with the right wire types.
 */
int fk_sniff_pprof(const void *data, size_t n);

/*
 * Parse a Go goroutine header line "goroutine N [state, M minutes, ...]:"
 * (also "goroutine N gp=0x... m=... [state]:").  On success the state text
 * inside the brackets is returned through *state and *state_len (pointing
 * into line).  @return 1 for a header, 0 otherwise.
 */
int fk_sniff_goroutine_header(const char *line, size_t len, const char **state,
    size_t *state_len);

/*
 * Sniff an opened input without consuming it: read up to FK_SNIFF_PEEK
 * bytes, decompress them when they are gzip or xz (*comp, may be NULL),
 * and classify the result (*kind).  The input is left as it was for the
 * reader that follows:
 *  - a seekable input is moved back (ahead->data NULL, ahead->len 0);
 *  - from a pipe the raw bytes read cannot be put back: they are handed
 *    out in *ahead and must come before the rest of the descriptor, e.g.
 *    fk_reader_new_prefixed(in->fd, in->name, ahead->data, ahead->len),
 *    which decompresses them too.  ahead->data is malloc'ed and owned by
 *    the caller: free((void *)ahead->data) once that reader is freed.
 * Sniff an input once: a second call on a pipe would see the bytes after
 * the first call's.
 * @return 0, or -1 (recorded: "cannot read 'NAME': ...") on a read error.
 */
int fk_sniff_input(const struct fk_input *in, enum fk_sniff *kind, enum fk_decomp_kind *comp,
    struct fk_input_prefix *ahead);

#endif
