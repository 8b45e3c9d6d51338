#include <criterion/criterion.h>
#include <zlib.h>

#include "core/error.h"
#include "collapse/pprof.h"
#include "core/test_util.h"

/* A tiny protobuf writer for building profiles. */
struct buf { unsigned char b[4096]; size_t n; };

static void
put_varint(struct buf *o, uint64_t v)
{
	while (v >= 0x80) {
		o->b[o->n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	o->b[o->n++] = (unsigned char)v;
}

static void
put_int(struct buf *o, unsigned field, uint64_t v)
{
	put_varint(o, field << 3);
	put_varint(o, v);
}

static void
put_bytes(struct buf *o, unsigned field, const void *p, size_t n)
{
	put_varint(o, field << 3 | 2);
	put_varint(o, n);
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void
put_msg(struct buf *o, unsigned field, const struct buf *m)
{
	put_bytes(o, field, m->b, m->n);
}

static void
put_str(struct buf *o, const char *s)
{
	put_bytes(o, 6, s, strlen(s));
}

/*
 * Strings: 0 "", 1 samples, 2 count, 3 cpu, 4 nanoseconds, 5 main.leaf,
 * 6 main.caller, 7 /src/main.go, 8 worker, 9 hot, 10 runtime.main,
 * 11 /usr/lib/libfoo.so
 * Functions 1 leaf, 2 caller, 3 runtime.main.  Location 10 holds leaf
 * inlined into caller; location 20 is runtime.main; location 30 has no
 * lines, in mapping 1.
 */
static void
make_profile(struct buf *p, int default_cpu)
{
	struct buf m;
	memset(p, 0, sizeof(*p));
	m.n = 0; put_int(&m, 1, 1); put_int(&m, 2, 2); put_msg(p, 1, &m);
	m.n = 0; put_int(&m, 1, 3); put_int(&m, 2, 4); put_msg(p, 1, &m);
	/* Sample 1: packed ids 10 20, values 3 30, label worker=hot. */
	struct buf s = { .n = 0 }, packed = { .n = 0 }, lab = { .n = 0 };
	put_varint(&packed, 10); put_varint(&packed, 20);
	put_msg(&s, 1, &packed);
	packed.n = 0; put_varint(&packed, 3); put_varint(&packed, 30);
	put_msg(&s, 2, &packed);
	put_int(&lab, 1, 8); put_int(&lab, 2, 9); put_msg(&s, 3, &lab);
	put_msg(p, 2, &s);
	/* Sample 2: unpacked ids 30 20, values 1 10. */
	s.n = 0;
	put_int(&s, 1, 30); put_int(&s, 1, 20); put_int(&s, 2, 1); put_int(&s, 2, 10);
	put_msg(p, 2, &s);
	/* Sample 3: zero values, left out. */
	s.n = 0;
	put_int(&s, 1, 20); put_int(&s, 2, 0); put_int(&s, 2, 0);
	put_msg(p, 2, &s);
	m.n = 0; put_int(&m, 1, 1); put_int(&m, 2, 0x7f0000000000); put_int(&m, 3, 0x7f0000100000);
	put_int(&m, 4, 0x1000); put_int(&m, 5, 11); put_msg(p, 3, &m);
	struct buf line = { .n = 0 };
	m.n = 0; put_int(&m, 1, 10); put_int(&m, 2, 1); put_int(&m, 3, 0x401000);
	line.n = 0; put_int(&line, 1, 1); put_int(&line, 2, 12); put_msg(&m, 4, &line);
	line.n = 0; put_int(&line, 1, 2); put_int(&line, 2, 34); put_msg(&m, 4, &line);
	put_msg(p, 4, &m);
	m.n = 0; put_int(&m, 1, 20); put_int(&m, 3, 0x402000);
	line.n = 0; put_int(&line, 1, 3); put_int(&line, 2, 250); put_msg(&m, 4, &line);
	put_msg(p, 4, &m);
	m.n = 0; put_int(&m, 1, 30); put_int(&m, 2, 1); put_int(&m, 3, 0x7f0000000abc);
	put_msg(p, 4, &m);
	m.n = 0; put_int(&m, 1, 1); put_int(&m, 2, 5); put_int(&m, 4, 7); put_msg(p, 5, &m);
	m.n = 0; put_int(&m, 1, 2); put_int(&m, 2, 6); put_int(&m, 4, 7); put_msg(p, 5, &m);
	m.n = 0; put_int(&m, 1, 3); put_int(&m, 2, 10); put_int(&m, 4, 7); put_msg(p, 5, &m);
	const char *strs[] = { "", "samples", "count", "cpu", "nanoseconds", "main.leaf",
	    "main.caller", "/src/main.go", "worker", "hot", "runtime.main", "/usr/lib/libfoo.so" };
	for (size_t i = 0; i < sizeof(strs) / sizeof(*strs); i++)
		put_str(p, strs[i]);
	if (default_cpu)
		put_int(p, 14, 1);   /* default_sample_type: "samples" */
}

static char *
fold(const void *data, size_t n, struct fk_pprof_opts opt, struct fk_pprof_stats *st)
{
	struct fk_stack_table *t = fk_stack_table_new(1);
	char *out = NULL;
	size_t len;
	if (fk_pprof_collapse(&opt, "prof.pb.gz", data, n, t, st) == 0)
		TEST_CAPTURE(out, len, fk_stack_table_write(t, test_out, 1));
	(void)len;
	fk_stack_table_free(t);
	return out;
}

static size_t
gzip(const void *in, size_t n, unsigned char *out, size_t cap)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	cr_assert_eq(deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	size_t got = cap - z.avail_out;
	deflateEnd(&z);
	return got;
}

Test(pprof, folds_the_last_sample_type_with_inlined_frames)
{
	struct buf p;
	struct fk_pprof_stats st;
	make_profile(&p, 0);
	cr_assert(fk_pprof_sniff(p.b, p.n));
	char *out = fold(p.b, p.n, (struct fk_pprof_opts){ 0 }, &st);
	cr_assert_not_null(out, "%s", fk_error_msg());
	cr_assert_str_eq(out,
	    "runtime.main;/usr/lib/libfoo.so+0x1abc 10\n"
	    "runtime.main;main.caller;main.leaf_[i] 30\n");
	cr_assert_str_eq(st.sample_type, "cpu");
	cr_assert_str_eq(st.unit, "nanoseconds");
	cr_assert_eq(st.samples, 2);
	free(out);
}

Test(pprof, default_and_named_sample_types_labels_and_lines)
{
	struct buf p;
	make_profile(&p, 1);
	char *out = fold(p.b, p.n, (struct fk_pprof_opts){ 0 }, NULL);
	cr_assert_not_null(out);
	cr_assert(strstr(out, "main.leaf_[i] 3\n"), "default type 'samples': %s", out);
	free(out);
	char *keys[] = { "worker" };
	struct fk_pprof_opts o = { .sample_type = "cpu", .labels = keys, .nlabels = 1, .lines = 1 };
	out = fold(p.b, p.n, o, NULL);
	cr_assert_not_null(out);
	cr_assert_str_eq(out,
	    "[no worker];runtime.main:main.go:250;/usr/lib/libfoo.so+0x1abc 10\n"
	    "[worker=hot];runtime.main:main.go:250;main.caller:main.go:34;main.leaf:main.go:12_[i] 30\n");
	free(out);
}

Test(pprof, unknown_sample_type_lists_the_types)
{
	struct buf p;
	make_profile(&p, 0);
	fk_error_clear();
	cr_assert_null(fold(p.b, p.n, (struct fk_pprof_opts){ .sample_type = "alloc_space" }, NULL));
	cr_assert(strstr(fk_error_msg(), "no sample type 'alloc_space' in 'prof.pb.gz' (it has: samples, cpu)"),
	    "%s", fk_error_msg());
	fk_error_clear();
}

Test(pprof, gzip_whole_and_cut_off)
{
	struct buf p;
	static unsigned char z[8192];
	make_profile(&p, 0);
	size_t zn = gzip(p.b, p.n, z, sizeof(z));
	cr_assert(fk_pprof_sniff(z, zn));
	char *out = fold(z, zn, (struct fk_pprof_opts){ 0 }, NULL);
	cr_assert_not_null(out, "%s", fk_error_msg());
	cr_assert(strstr(out, "main.leaf_[i] 30\n"));
	free(out);
	fk_error_clear();
	cr_assert_null(fold(z, zn / 2, (struct fk_pprof_opts){ 0 }, NULL));
	cr_assert(strstr(fk_error_msg(), "truncated profile 'prof.pb.gz': the gzip stream ends early"), "%s",
	    fk_error_msg());
	fk_error_clear();
	z[12] ^= 0xff;   /* damage the deflate data */
	z[13] ^= 0xff;
	cr_assert_null(fold(z, zn, (struct fk_pprof_opts){ 0 }, NULL));
	cr_assert(strstr(fk_error_msg(), "'prof.pb.gz'"), "%s", fk_error_msg());
	fk_error_clear();
}

Test(pprof, bad_lengths_are_errors)
{
	struct buf p;
	make_profile(&p, 0);
	/* Cut in the middle of the last field. */
	fk_error_clear();
	cr_assert_null(fold(p.b, p.n - 3, (struct fk_pprof_opts){ 0 }, NULL));
	cr_assert(strstr(fk_error_msg(), "corrupt profile"), "%s", fk_error_msg());
	fk_error_clear();
	/* A length larger than what is left. */
	unsigned char bad[] = { 0x0a, 0x04, 0x08, 0x01, 0x10, 0x02, 0x12, 0x7f, 0x08 };
	cr_assert_null(fold(bad, sizeof(bad), (struct fk_pprof_opts){ 0 }, NULL));
	cr_assert(strstr(fk_error_msg(), "corrupt profile 'prof.pb.gz': bad field or length"), "%s", fk_error_msg());
	fk_error_clear();
	/* A sample with fewer values than types. */
	struct buf q = { .n = 0 }, m = { .n = 0 };
	put_int(&m, 1, 1); put_msg(&q, 1, &m);
	put_msg(&q, 1, &m);
	m.n = 0; put_int(&m, 2, 5); put_msg(&q, 2, &m);
	put_str(&q, ""); put_str(&q, "x");
	cr_assert_null(fold(q.b, q.n, (struct fk_pprof_opts){ 0 }, NULL));
	cr_assert(strstr(fk_error_msg(), "sample 1 has 1 values for 2 sample types"), "%s",
	    fk_error_msg());
	fk_error_clear();
}

Test(pprof, sniff)
{
	cr_assert(fk_pprof_sniff("\x1f\x8b\x08", 3));
	cr_assert_not(fk_pprof_sniff("\n\nperf 123", 10));
	cr_assert_not(fk_pprof_sniff("\x1f", 1));
}

Test(pprof, sniffs_plain_profiles_as_go_writes_them)
{
	/* period_type {type: 1, unit: 2} first, as runtime/pprof writes it. */
	cr_assert(fk_pprof_sniff("\x5a\x04\x08\x01\x10\x02\x60\x01", 8));
	cr_assert(fk_pprof_sniff("\x0a\x04\x08\x01\x10\x02", 6));
	cr_assert_not(fk_pprof_sniff("Z\x04x", 3));
}

Test(pprof, sniffs_plain_profiles_starting_with_a_varint_field)
{
	/* time_nanos (field 9) first, as runtime/pprof's CPU profiler writes it. */
	cr_assert(fk_pprof_sniff("\x48\xcf\xa8\xa0\x8d\x01\x5a\x04\x08\x01\x10\x02", 12));
	/* Text never qualifies, even when its bytes happen to be valid keys. */
	cr_assert_not(fk_pprof_sniff("perf 1234 cycles", 16));
	/* A key of a field that Profile does not have. */
	cr_assert_not(fk_pprof_sniff("\x80\x01\x01\x02", 4));
}

Test(pprof, inflate_refuses_more_than_the_limit)
{
	static unsigned char zeros[100000], z[4096];
	size_t zn = gzip(zeros, sizeof(zeros), z, sizeof(z));
	unsigned char *out = NULL;
	size_t n = 0;
	fk_error_clear();
	cr_assert_eq(fk_pprof_inflate("bomb.gz", z, zn, 50000, &out, &n), -1);
	cr_assert(strstr(fk_error_msg(), "profile too large 'bomb.gz': over 50000 bytes decompressed"),
	    "%s", fk_error_msg());
	fk_error_clear();
	cr_assert_eq(fk_pprof_inflate("ok.gz", z, zn, sizeof(zeros), &out, &n), 0, "%s", fk_error_msg());
	cr_assert_eq(n, sizeof(zeros));
	free(out);
}

static void
count_warning(void *ctx, const char *file, unsigned long line, const char *msg)
{
	(void)line;
	cr_assert_str_eq(file, "prof.pb.gz");
	cr_assert(strstr(msg, "1 samples with a negative samples value skipped"), "%s", msg);
	(*(int *)ctx)++;
}

Test(pprof, negative_values_are_skipped_with_a_warning)
{
	struct buf q = { .n = 0 }, m = { .n = 0 };
	put_int(&m, 1, 1); put_msg(&q, 1, &m);
	m.n = 0; put_int(&m, 2, (uint64_t)-5); put_msg(&q, 2, &m);   /* no locations */
	m.n = 0; put_int(&m, 2, 7); put_msg(&q, 2, &m);
	put_str(&q, ""); put_str(&q, "samples");
	int warnings = 0;
	fk_warn_set_handler(count_warning, &warnings);
	struct fk_pprof_stats st;
	char *out = fold(q.b, q.n, (struct fk_pprof_opts){ 0 }, &st);
	fk_warn_set_handler(NULL, NULL);
	cr_assert_not_null(out, "%s", fk_error_msg());
	cr_assert_str_eq(out, "[no stack] 7\n");
	cr_assert_eq(st.skipped, 1);
	cr_assert_eq(warnings, 1);
	free(out);
}
