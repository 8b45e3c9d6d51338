/*
 * collapse.h -- flame-collapse's input formats: detect, dispatch, fold.
 *
 * Formats: perf (`perf script` text, perf.h), perf-data (perf.data
 * files, folded through the same parser: perf_data.h), goroutine and
 * goroutine-counts (Go goroutine dumps, goroutine.h), pprof (binary
 * profiles, pprof.h), pprof-raw (`go tool pprof -raw`, pprof_raw.h),
 * dtrace, bpftrace, stap and jstack (the text of those tools: dtrace.h,
 * bpftrace.h, stap.h, jstack.h),
 * cpuprofile (V8 .cpuprofile, cpuprofile.h), chrome-trace (Chrome
 * Trace Event JSON, chrome_trace.h), speedscope (speedscope.h),
 * d3-json (d3-flame-graph's tree, d3json.h) and xctrace (Instruments
 * `xctrace export` XML, xctrace.h).
 * Unless a format is forced, each input's format is detected from its
 * first FK_COLLAPSE_PEEK bytes, decompressed when gzip or xz
 * (fk_sniff_input()); a pipe is not rewound: the bytes read to detect are
 * handed on to the parser.  perf is the answer when nothing
 * else matches.  Every format's stacks are merged and written sorted,
 * except bpftrace's with --compat=perl (written as read, like the script).
 */
#ifndef FK_COLLAPSE_H
#define FK_COLLAPSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "collapse/bpftrace.h"
#include "collapse/dtrace.h"
#include "collapse/chrome_trace.h"
#include "collapse/cpuprofile.h"
#include "collapse/d3json.h"
#include "collapse/speedscope.h"
#include "collapse/xctrace.h"
#include "collapse/goroutine.h"
#include "collapse/jstack.h"
#include "collapse/perf.h"
#include "collapse/pprof.h"
#include "collapse/pprof_raw.h"
#include "collapse/stap.h"
#include "core/reader.h"
#include "core/sniff.h"

#define FK_COLLAPSE_PEEK FK_SNIFF_PEEK

enum fk_format {
	FK_FORMAT_AUTO = 0,
	FK_FORMAT_PERF,
	FK_FORMAT_GOROUTINE,
	FK_FORMAT_GOROUTINE_COUNTS,
	FK_FORMAT_PPROF,
	FK_FORMAT_PPROF_RAW,
	FK_FORMAT_DTRACE,
	FK_FORMAT_BPFTRACE,
	FK_FORMAT_STAP,
	FK_FORMAT_JSTACK,
	FK_FORMAT_CPUPROFILE,
	FK_FORMAT_CHROME_TRACE,
	FK_FORMAT_SPEEDSCOPE,
	FK_FORMAT_D3_JSON,
	FK_FORMAT_XCTRACE,
	FK_FORMAT_PERF_DATA,
	FK_FORMAT_LAST = FK_FORMAT_PERF_DATA,
};

/* "perf", "goroutine", ...; NULL for AUTO. */
const char *fk_format_name(enum fk_format f);
/* @return 0, or -1 (nothing recorded) for an unknown name. */
int fk_format_parse(const char *name, enum fk_format *f);

/*
 * The format flame-collapse reads for an input of that kind (fk_sniff(),
 * core/sniff.h): pprof, goroutine, goroutine-counts, pprof-raw, dtrace,
 * bpftrace, stap and jstack for theirs, perf for everything else.
 */
enum fk_format fk_format_from_sniff(enum fk_sniff s);

/*
 * The format of an input that starts with buf[0..n) (n is at most
 * FK_COLLAPSE_PEEK; fewer bytes mean the input is that short): gzip or xz
 * data is decompressed first, then sniffed (fk_format_from_sniff()).
 */
enum fk_format fk_format_detect(const void *buf, size_t n);

/* Called once per input with its format (forced or detected). */
typedef void fk_collapse_note_fn(void *ctx, const char *input, enum fk_format f, int forced);

struct fk_collapse_opts {
	enum fk_format format;            /* AUTO: detect each input */
	struct fk_perf_opts perf;
	struct fk_go_opts go;
	struct fk_pprof_opts pprof;
	struct fk_jstack_opts jstack;
	enum fk_weight weight;            /* cpuprofile, chrome-trace, speedscope, xctrace */
	const char *profile;              /* speedscope: the profile to fold; NULL: all */
	int no_header;                    /* write no "# unit:" header (fk_collapse()) */
	fk_collapse_note_fn *note;        /* may be NULL */
	void *note_ctx;
};

struct fk_collapse_stats {
	enum fk_format format;            /* of the inputs (all the same) */
	struct fk_perf_stats perf;        /* for perf input */
	struct fk_go_stats go;            /* for goroutine input */
	struct fk_pprof_stats pprof;      /* for pprof input (the last profile) */
	struct fk_pprof_raw_stats pprof_raw;   /* for pprof-raw input */
	struct fk_multiline_stats text;   /* for dtrace, bpftrace, stap and jstack input */
	struct fk_v8_stats v8;            /* for cpuprofile and chrome-trace input */
	struct fk_speedscope_stats speedscope;
	struct fk_d3json_stats d3json;
	struct fk_xctrace_stats xctrace;
	uint64_t cut_short;               /* JSON and XML inputs not read to the end */
};

/*
 * The options set in opt that cannot apply to input of format f (--go-state
 * on a debug=1 dump, --label on a debug=2 dump, ...), as long option names
 * without "--", into names[0..max).  @return how many.
 */
size_t fk_collapse_idle_options(const struct fk_collapse_opts *opt, enum fk_format f,
    const char **names, size_t max);

/*
 * The unit of the counts that input of format f gives, as read into st
 * (core/unit.h): the sample type's of pprof and pprof-raw input (its name
 * to sample_type, "" for the other formats), goroutines for goroutine
 * dumps, microseconds for V8 and Chrome profiles and nanoseconds for
 * xctrace when weighed by time; plain counts for the other formats.
 */
struct fk_unit;
void fk_collapse_unit(const struct fk_collapse_opts *opt, enum fk_format f,
    const struct fk_collapse_stats *st, struct fk_unit *u, char sample_type[64]);

/*
 * Fold every input and write the sorted folded stacks to out.  perf input
 * is read as one stream (perf.h); the other formats are read one input at
 * a time into one table.  perf input cannot be mixed with the others.
 * Each input's format is told from its first bytes here, so the inputs
 * carry no bytes read ahead (in[i].ahead is empty).
 * Unless opt->no_header or opt->perf.compat_perl, the stacks of inputs
 * whose counts have a unit (fk_collapse_unit()) come after a header
 * (flamekit-folded(5)): "# sample-type: TYPE" for pprof input, then
 * "# unit: UNIT".  Inputs with different units are folded all the same,
 * with a warning naming two of them, and no header is written.
 * @return 0, or -1 (recorded) on a read, format or write error, or when nin is 0.
 */
int fk_collapse(const struct fk_collapse_opts *opt, const struct fk_input *in, size_t nin,
    FILE *out, struct fk_collapse_stats *st);

#endif
