#include <criterion/criterion.h>
#include <fcntl.h>

#include "core/error.h"
#include "core/sniff.h"
#include "core/test_util.h"

/* A fixture in testdata/ (meson passes its directory in FK_TESTDATA). */
static const char *
fixture(const char *rel)
{
	static char path[4096];
	const char *dir = getenv("FK_TESTDATA");
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "testdata", rel);
	return path;
}

static enum fk_sniff
sniff(const char *s)
{
	return fk_sniff(s, strlen(s));
}

/* The kind of a fixture file, sniffed as an opened input (decompressed). */
static enum fk_sniff
sniff_file(const char *path, enum fk_decomp_kind *comp)
{
	int fd = open(path, O_RDONLY);
	cr_assert(fd >= 0, "cannot open %s", path);
	struct fk_input in = { .name = path, .fd = fd };
	struct fk_input_prefix ahead;
	enum fk_sniff kind;
	cr_assert_eq(fk_sniff_input(&in, &kind, comp, &ahead), 0);
	/* A file is moved back, not held in ahead. */
	cr_assert_null(ahead.data);
	cr_assert_eq(lseek(fd, 0, SEEK_CUR), 0);
	close(fd);
	return kind;
}

Test(sniff, perf_script_from_testdata)
{
	/* testdata/perf/kernel.perf.txt and mt.perf.txt (pid/tid, cpu) */
	cr_assert_eq(sniff("sys  3570   152.342407:    1001001 cpu-clock: \n"
	    "\tffffffff816e0ef2 dput+0x32 ([kernel.kallsyms])\n"), FK_SNIFF_PERF_SCRIPT);
	cr_assert_eq(sniff("small worker  3514/3516  [000]   145.700552:    1001001 cpu-clock: \n"
	    "\t            125c spin (/tmp/fk/mt)\n"), FK_SNIFF_PERF_SCRIPT);
	/* nocallgraph.perf.txt: the command right-aligned, the frame on the line. */
	cr_assert_eq(sniff("            demo  3820   175.106619:    1001001 cpu-clock:      "
	    "5630a895f1d5 burn+0x25 (/tmp/fk/demo)\n"), FK_SNIFF_PERF_SCRIPT);
	/* No time field: the event line ends with ':' and a frame line follows. */
	cr_assert_eq(sniff("app 7 cycles:\n\t10 work (/bin/app)\n"), FK_SNIFF_PERF_SCRIPT);
	cr_assert_eq(sniff("# ========\n# captured on: x\n# ========\n#\nperf 1 [000] 1.5: 1 cycles:\n"
	    "\t10 main (/bin/x)\n"), FK_SNIFF_PERF_SCRIPT);
	cr_assert_eq(sniff_file(fixture("perf/demo.perf.txt"), NULL), FK_SNIFF_PERF_SCRIPT);
}

Test(sniff, folded)
{
	cr_assert_eq(sniff("demo;__libc_start_call_main;main;serve;handle_request;burn 78078078\n"),
	    FK_SNIFF_FOLDED);
	cr_assert_eq(sniff("\n\na;b c 1.5\na 2\n"), FK_SNIFF_FOLDED);
	cr_assert_eq(sniff("a;b 1 2\n"), FK_SNIFF_FOLDED);
	cr_assert_eq(sniff_file(fixture("perf/demo.collapsed-default.txt"), NULL), FK_SNIFF_FOLDED);
	/* A perf event line ends with ':', never with a count. */
	cr_assert_neq(sniff("perf 1 1.5: 1 cycles:\n"), FK_SNIFF_FOLDED);
	/*
	 * perf script -F comm,pid,time without the time's ':' reads as folded
	 * too; flame-collapse still folds it as perf (golden case
	 * perf-layout-sniffs-folded).
	 */
	cr_assert_eq(sniff("bash 1234 123.456\n\t400123 main (/bin/bash)\n\n"), FK_SNIFF_FOLDED);
}

Test(sniff, go_formats)
{
	cr_assert_eq(sniff("goroutine 1 [running]:\nmain.main()\n"), FK_SNIFF_GOROUTINE);
	cr_assert_eq(sniff("SIGQUIT: quit\nPC=0x466740 m=0 sigcode=0\n\ngoroutine 0 [idle]:\n"),
	    FK_SNIFF_GOROUTINE);
	cr_assert_eq(sniff("panic: boom\nnothing else\n"), FK_SNIFF_UNKNOWN);
	cr_assert_eq(sniff("goroutine profile: total 14\n5 @ 0x1 0x2\n"), FK_SNIFF_GOROUTINE_COUNTS);
	cr_assert_eq(sniff("PeriodType: cpu nanoseconds\nPeriod: 10000000\n"), FK_SNIFF_PPROF_RAW);
	cr_assert_eq(sniff_file(fixture("go/goroutine.debug2.txt"), NULL), FK_SNIFF_GOROUTINE);
	cr_assert_eq(sniff_file(fixture("go/goroutine.debug1.txt"), NULL),
	    FK_SNIFF_GOROUTINE_COUNTS);
	cr_assert_eq(sniff_file(fixture("go/cpu.raw.txt"), NULL), FK_SNIFF_PPROF_RAW);
	cr_assert_eq(sniff_file(fixture("go/sigquit.txt"), NULL), FK_SNIFF_GOROUTINE);
}

Test(sniff, json_and_xml_documents)
{
	cr_assert_eq(sniff("{\"nodes\":[{\"id\":1,\"callFrame\":{}}],\"samples\":[]}"),
	    FK_SNIFF_CPUPROFILE);
	cr_assert_eq(sniff("\xef\xbb\xbf\n {\"traceEvents\": []}"), FK_SNIFF_CHROME_TRACE);
	cr_assert_eq(sniff("[ {\"name\":\"X\",\"ph\":\"B\"}]"), FK_SNIFF_CHROME_TRACE);
	cr_assert_eq(sniff("{\"exporter\":\"x\",\"$schema\": "
	    "\"https://www.speedscope.app/file-format-schema.json\",\"profiles\":[]}"),
	    FK_SNIFF_SPEEDSCOPE);
	cr_assert_eq(sniff("{\"name\":\"root\",\"value\":3,\"children\":[]}"), FK_SNIFF_D3_JSON);
	cr_assert_eq(sniff("<?xml version=\"1.0\"?>\n<trace-query-result>\n"), FK_SNIFF_XCTRACE);
	/* Not these: other XML and JSON, and folded stacks that start with '['. */
	cr_assert_eq(sniff("<?xml version=\"1.0\"?>\n<svg/>\n"), FK_SNIFF_UNKNOWN);
	cr_assert_eq(sniff("{\"a\": 1}"), FK_SNIFF_UNKNOWN);
	cr_assert_eq(sniff("[unknown];main 5\n"), FK_SNIFF_FOLDED);
	cr_assert_eq(sniff("[{x];main 5\n"), FK_SNIFF_FOLDED);
	cr_assert_str_eq(fk_sniff_name(FK_SNIFF_XCTRACE), "xctrace");
}

Test(sniff, go_dump_after_log_lines)
{
	cr_assert_eq(sniff("2026/12/05 04:11:30 listening on :8080\npanic: boom\n\n"
	    "goroutine 43 [running]:\nmain.handler(0xc000010000)\n\t/src/main.go:20 +0x1d\n"),
	    FK_SNIFF_GOROUTINE);
	cr_assert_eq(sniff("2026/12/05 04:11:30 served 200\n"
	    "fatal error: all goroutines are asleep - deadlock!\n\n"
	    "goroutine 1 [chan receive]:\nmain.main()\n"), FK_SNIFF_GOROUTINE);
	cr_assert_eq(sniff("level=info msg=start\nSIGQUIT: quit\nPC=0x466740 m=0 sigcode=0\n\n"
	    "goroutine 0 [idle]:\nruntime.epollwait()\n"), FK_SNIFF_GOROUTINE);
	/* Without the dump, the log line stays what it was (a folded line here). */
	cr_assert_eq(sniff("2026/12/05 04:11:30 served 200\npanic: boom\n"), FK_SNIFF_FOLDED);
	/* perf script that names goroutines, even printing a header-like line, stays perf. */
	cr_assert_eq(sniff("app 7 [000] 1.5: 1 cycles:\n\t10 runtime.goroutineReady (/bin/x)\n"),
	    FK_SNIFF_PERF_SCRIPT);
	cr_assert_eq(sniff("goroutine 1234 [003] 12345.678: cycles:\n\t10 main (/bin/x)\n"),
	    FK_SNIFF_PERF_SCRIPT);
	cr_assert_eq(sniff("app 7 [000] 1.5: 1 cycles:\n\t10 main (/bin/x)\n\n"
	    "goroutine 1 [running]:\nmain.main()\n"), FK_SNIFF_PERF_SCRIPT);
	/* A header with a line that is no frame after it is not a dump. */
	cr_assert_eq(sniff("hello there\ngoroutine 1 [running]:\nnot a frame\n"), FK_SNIFF_UNKNOWN);
}

Test(sniff, pprof_after_decompression)
{
	enum fk_decomp_kind comp;
	cr_assert_eq(sniff_file(fixture("go/cpu.pprof"), &comp), FK_SNIFF_PPROF);
	cr_assert_eq(comp, FK_DECOMP_GZIP);
	cr_assert_eq(sniff_file(fixture("go/goroutine.pprof"), NULL), FK_SNIFF_PPROF);
	/* The gzip magic alone is no longer taken for a profile. */
	cr_assert_eq(fk_sniff("\x1f\x8b\x08\x00", 4), FK_SNIFF_UNKNOWN);
}

Test(sniff, perf_data_magic)
{
	/* perf.data header: magic, then the header size (104; pipe mode: 16). */
	cr_assert_eq(fk_sniff("PERFILE2\x68\0\0\0\0\0\0\0", 16), FK_SNIFF_PERF_DATA);
	cr_assert_eq(fk_sniff("PERFILE2\x10\0\0\0\0\0\0\0", 16), FK_SNIFF_PERF_DATA);
	cr_assert_eq(fk_sniff("2ELIFREP\0\0\0\0\0\0\0\x68", 16), FK_SNIFF_PERF_DATA);
	cr_assert_eq(fk_sniff("PERFILE", 7), FK_SNIFF_UNKNOWN);
}

Test(sniff, empty_and_unknown)
{
	cr_assert_eq(fk_sniff("", 0), FK_SNIFF_EMPTY);
	cr_assert_eq(sniff("\xef\xbb\xbf"), FK_SNIFF_UNKNOWN);
	cr_assert_eq(sniff("\n\n"), FK_SNIFF_UNKNOWN);
	cr_assert_eq(sniff("hello world\n"), FK_SNIFF_UNKNOWN);
	cr_assert_str_eq(fk_sniff_name(FK_SNIFF_PERF_DATA), "perf-data");
	cr_assert_str_eq(fk_sniff_name(FK_SNIFF_FOLDED), "folded");
}

Test(sniff, pipe_keeps_the_raw_bytes_for_the_reader)
{
	unsigned char buf[256];
	size_t n = test_gzip("a;b 1\nperf 1 1.5: 1 cycles:\n", buf, sizeof(buf));
	int p[2];
	cr_assert_eq(pipe(p), 0);
	cr_assert_eq(write(p[1], buf, n), (ssize_t)n);
	close(p[1]);
	struct fk_input in = { .name = "-", .fd = p[0] };
	struct fk_input_prefix ahead;
	enum fk_sniff kind;
	enum fk_decomp_kind comp;
	cr_assert_eq(fk_sniff_input(&in, &kind, &comp, &ahead), 0);
	cr_assert_eq(kind, FK_SNIFF_FOLDED);
	cr_assert_eq(comp, FK_DECOMP_GZIP);
	cr_assert_eq(ahead.len, n);
	struct fk_reader *r = fk_reader_new_prefixed(p[0], "-", ahead.data, ahead.len);
	char *line;
	size_t len;
	cr_assert_eq(fk_reader_line(r, &line, &len), 1);
	cr_assert_str_eq(line, "a;b 1");
	cr_assert_eq(fk_reader_line(r, &line, &len), 1);
	cr_assert_eq(fk_reader_line(r, &line, &len), 0);
	fk_reader_free(r);
	free((void *)ahead.data);
	close(p[0]);
}

Test(sniff, read_error_is_recorded)
{
	struct fk_input in = { .name = "nowhere", .fd = -1 };
	struct fk_input_prefix ahead;
	enum fk_sniff kind;
	cr_assert_eq(fk_sniff_input(&in, &kind, NULL, &ahead), -1);
	cr_assert(strstr(fk_error_msg(), "cannot read 'nowhere'"));
	fk_error_clear();
}

Test(sniff, text_tools_from_their_first_lines)
{
	/* DTrace: the header, or (dtrace -q) module`function frames and a count line. */
	cr_assert_eq(sniff("CPU     ID                    FUNCTION:NAME\n  0  64091   :tick-60s \n"),
	    FK_SNIFF_DTRACE);
	cr_assert_eq(sniff("\n              unix`i86_mwait+0xd\n              unix`idle+0x114\n"
	    "             1641\n"), FK_SNIFF_DTRACE);
	/* Without the count line within the bytes seen, nothing is claimed. */
	cr_assert_eq(sniff("              unix`i86_mwait+0xd\n"), FK_SNIFF_UNKNOWN);
	/* bpftrace: "@[" or "@name[", or the banner and such a line. */
	cr_assert_eq(sniff("@[\n    schedule+54\n]: 3\n"), FK_SNIFF_BPFTRACE);
	cr_assert_eq(sniff("@stacks[\n    schedule+54\n]: 3\n"), FK_SNIFF_BPFTRACE);
	cr_assert_eq(sniff("Attaching 1 probe...\n\n\n@[\n    schedule+54\n]: 3\n"), FK_SNIFF_BPFTRACE);
	cr_assert_eq(sniff("Attaching 2 probes...\n@calls: 12\n"), FK_SNIFF_UNKNOWN);
	/* SystemTap: "0xADDR : name" or "0xADDR [module+0xOFF]". */
	cr_assert_eq(sniff(" 0xffffffff8103ce3b : native_safe_halt+0xb/0x10 [kernel]\n\t2404\n"),
	    FK_SNIFF_STAP);
	cr_assert_eq(sniff(" 0x00007f5e4c8f1a2d [/usr/lib64/libz.so.1+0x9a2d]\n"), FK_SNIFF_STAP);
	/* jstack: the preamble (jcmd's "PID:" first), or a thread header and its state. */
	cr_assert_eq(sniff("2026-12-05 08:28:18\nFull thread dump OpenJDK 64-Bit Server VM (17 mixed mode):\n"),
	    FK_SNIFF_JSTACK);
	cr_assert_eq(sniff("5087:\n2026-12-05 08:28:26\nFull thread dump OpenJDK:\n"), FK_SNIFF_JSTACK);
	cr_assert_eq(sniff("\"main\" #1 prio=5 os_prio=0 tid=0x1 nid=0x2 runnable\n"
	    "   java.lang.Thread.State: RUNNABLE\n"), FK_SNIFF_JSTACK);
	cr_assert_eq(sniff("2026-12-05 08:28:18\nsomething else\n"), FK_SNIFF_UNKNOWN);
	cr_assert_str_eq(fk_sniff_name(FK_SNIFF_JSTACK), "jstack");
	cr_assert_eq(sniff_file(fixture("text/jstack-l.txt"), NULL), FK_SNIFF_JSTACK);
	cr_assert_eq(sniff_file(fixture("text/stap-user.txt"), NULL), FK_SNIFF_STAP);
	cr_assert_eq(sniff_file(fixture("text/bpftrace-tuple.txt"), NULL), FK_SNIFF_BPFTRACE);
	cr_assert_eq(sniff_file(fixture("text/dtrace-quiet.txt"), NULL), FK_SNIFF_DTRACE);
}

Test(sniff, text_tools_leave_the_other_formats_alone)
{
	/* A folded line with a backtick or "0x" frames stays folded. */
	cr_assert_eq(sniff("  a`b;c 5\n  7\n"), FK_SNIFF_FOLDED);
	cr_assert_eq(sniff("0x1234 : f;g 5\n"), FK_SNIFF_FOLDED);
	cr_assert_eq(sniff("@[;x 5\n"), FK_SNIFF_FOLDED);
	/* perf script whose command is padded with blanks and holds a backtick. */
	cr_assert_eq(sniff("        a`b  3570   152.342407:    1001001 cpu-clock: \n"
	    "\tffffffff816e0ef2 dput+0x32 ([kernel.kallsyms])\n      12\n"), FK_SNIFF_PERF_SCRIPT);
	cr_assert_eq(sniff("goroutine 1 [running]:\nmain.main()\n"), FK_SNIFF_GOROUTINE);
	cr_assert_eq(sniff("PeriodType: cpu nanoseconds\n"), FK_SNIFF_PPROF_RAW);
}

Test(sniff, binary_kinds_no_command_reads)
{
	/* Before, these went to the perf script parser: garbage stacks, exit 0. */
	cr_assert_eq(fk_sniff("\x7f" "ELF\x02\x01\x01\0", 8), FK_SNIFF_FOREIGN);
	cr_assert_str_eq(fk_sniff_foreign("\x7f" "ELF\x02", 5), "an ELF file (a program or library)");
	cr_assert_str_eq(fk_sniff_foreign("BZh91AY&SY\x0d", 11), "bzip2-compressed data");
	cr_assert_str_eq(fk_sniff_foreign("\x04\x22\x4d\x18\x64", 5), "lz4-compressed data");
	cr_assert_str_eq(fk_sniff_foreign("PK\x03\x04", 4), "a zip archive");
	cr_assert_str_eq(fk_sniff_foreign("\x89PNG\r\n\x1a\n", 8), "a PNG image");
	cr_assert_eq(fk_sniff("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), FK_SNIFF_FOREIGN);
	/* Text that starts alike stays text: a frame "BZh9" or "PK" is a folded stack. */
	cr_assert_null(fk_sniff_foreign("BZh9;main 5\n", 12));
	cr_assert_eq(sniff("BZh9;main 5\n"), FK_SNIFF_FOLDED);
	cr_assert_eq(sniff("PKG;main 5\n"), FK_SNIFF_FOLDED);
	cr_assert_null(fk_sniff_foreign("\x7f" "EL", 3));
	cr_assert_str_eq(fk_sniff_name(FK_SNIFF_FOREIGN), "foreign");
}

Test(sniff, binary_data_of_no_known_kind)
{
	/* Random bytes went to the perf script parser: two garbage stacks, exit 0. */
	unsigned char rnd[4096];
	uint64_t x = 88172645463325252ULL;
	for (size_t i = 0; i < sizeof rnd; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		rnd[i] = (unsigned char)(x >> 24);
	}
	cr_assert_eq(fk_sniff(rnd, sizeof rnd), FK_SNIFF_FOREIGN);
	cr_assert_str_eq(fk_sniff_foreign(rnd, sizeof rnd), "binary data of no known kind");
	/* UTF-16 text, with a byte order mark and without. */
	char u16[256];
	size_t n = 0;
	u16[n++] = (char)0xff;
	u16[n++] = (char)0xfe;
	for (const char *t = "main;work;leaf 5\nmain;idle 3\nmain;work 9\n"; *t && n + 2 <= sizeof u16; t++) {
		u16[n++] = *t;
		u16[n++] = 0;
	}
	cr_assert_eq(fk_sniff(u16, n), FK_SNIFF_FOREIGN);
	cr_assert(strstr(fk_sniff_foreign(u16, n), "UTF-16") != NULL);
	cr_assert_str_eq(fk_sniff_foreign(u16 + 2, n - 2), "binary data of no known kind");
	/* Text with a stray NUL or control byte in a line stays text. */
	static const char nul[] = "main;a\0b 5\nmain;c\x01 3\nmain;d 2\nmain;e 1\n";
	cr_assert_null(fk_sniff_foreign(nul, sizeof nul - 1));
	cr_assert_eq(fk_sniff(nul, sizeof nul - 1), FK_SNIFF_FOLDED);
	/* A Go profile is a binary protobuf (gzip'd): still pprof. */
	enum fk_decomp_kind comp;
	cr_assert_eq(sniff_file(fixture("go/cpu.pprof"), &comp), FK_SNIFF_PPROF);
	cr_assert_eq(sniff_file(fixture("go/heap.pprof"), &comp), FK_SNIFF_PPROF);
}
