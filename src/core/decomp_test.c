#include <criterion/criterion.h>
#include <lzma.h>
#include <zstd.h>

#include "core/decomp.h"
#include "core/error.h"
#include "core/reader.h"
#include "core/test_util.h"

static size_t
xz_text(const char *text, unsigned char *out, size_t cap)
{
	size_t n = 0;
	cr_assert_eq(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, (const uint8_t *)text,
	    strlen(text), out, &n, cap), LZMA_OK);
	return n;
}

static size_t
zstd_text(const char *text, unsigned char *out, size_t cap)
{
	size_t n = ZSTD_compress(out, cap, text, strlen(text), 3);
	cr_assert_not(ZSTD_isError(n));
	return n;
}

/* Every line of the reader on data, joined with "|"; "ERR:why" at a failure. */
static char *
read_all(const void *data, size_t n, int piped_prefix)
{
	static char acc[4096];
	int fd = test_fd_with(data, n);
	struct fk_reader *r = piped_prefix
	    ? fk_reader_new_prefixed(fd, "x.gz", data, n > 7 ? 7 : n)
	    : fk_reader_new(fd, "x.gz");
	if (piped_prefix)
		lseek(fd, n > 7 ? 7 : (off_t)n, SEEK_SET);
	char *line;
	size_t len;
	int got;
	acc[0] = '\0';
	while ((got = fk_reader_line(r, &line, &len)) > 0) {
		strcat(acc, line);
		strcat(acc, "|");
	}
	if (got < 0) {
		unsigned long at;
		strcat(acc, "ERR:");
		strcat(acc, fk_reader_failure(r, &at));
		fk_error_clear();
	}
	fk_reader_free(r);
	close(fd);
	return acc;
}

Test(decomp, detects_magic)
{
	cr_assert_eq(fk_decomp_detect("\x1f\x8b\x08", 3), FK_DECOMP_GZIP);
	cr_assert_eq(fk_decomp_detect("\xfd" "7zXZ\0\0", 7), FK_DECOMP_XZ);
	cr_assert_eq(fk_decomp_detect("\xfd" "7zXZ", 5), FK_DECOMP_NONE);
	cr_assert_eq(fk_decomp_detect("a;b 1\n", 6), FK_DECOMP_NONE);
	cr_assert(fk_decomp_undecided("", 0));
	cr_assert(fk_decomp_undecided("\x1f", 1));
	cr_assert(fk_decomp_undecided("\xfd" "7z", 3));
	cr_assert_not(fk_decomp_undecided("\x1f" "a", 2));
	cr_assert_not(fk_decomp_undecided("perf", 4));
	cr_assert_str_eq(fk_decomp_kind_name(FK_DECOMP_XZ), "xz");
	cr_assert_eq(fk_decomp_detect("\x28\xb5\x2f\xfd\x20", 5), FK_DECOMP_ZSTD);
	cr_assert_eq(fk_decomp_detect("\x28\xb5\x2f", 3), FK_DECOMP_NONE);
	cr_assert(fk_decomp_undecided("\x28\xb5", 2));
	cr_assert_str_eq(fk_decomp_kind_name(FK_DECOMP_ZSTD), "zstd");
}

Test(decomp, reader_reads_zstd)
{
	/* Before zstd was read, its bytes went through as text: garbage, exit 0. */
	unsigned char buf[512];
	size_t n = zstd_text("a;b 1\na;c 2\n", buf, sizeof(buf));
	cr_assert_str_eq(read_all(buf, n, 0), "a;b 1|a;c 2|");
	cr_assert_str_eq(read_all(buf, n, 1), "a;b 1|a;c 2|");
	size_t k = zstd_text("three\n", buf + n, sizeof(buf) - n);
	cr_assert_str_eq(read_all(buf, n + k, 0), "a;b 1|a;c 2|three|");
	/* Longer than one read of the reader: the decoder's buffered output drains. */
	static char big[300000], zbig[8192];
	for (size_t i = 0; i < sizeof(big) - 1; i++)
		big[i] = i % 100 == 99 ? '\n' : 'x';
	n = zstd_text(big, (unsigned char *)zbig, sizeof(zbig));
	int fd = test_fd_with(zbig, n);
	struct fk_reader *r = fk_reader_new(fd, "big.zst");
	char *line;
	size_t len, lines = 0;
	while (fk_reader_line(r, &line, &len) > 0) {
		cr_assert_eq(len, 99);
		lines++;
	}
	cr_assert_eq(lines, sizeof(big) / 100);
	fk_reader_free(r);
	close(fd);
}

Test(decomp, zstd_damage_is_an_error)
{
	unsigned char buf[512], bad[512];
	size_t n = zstd_text("a;b 1\na;c 2\n", buf, sizeof(buf));
	cr_assert_str_eq(read_all(buf, n - 1, 0), "a;b 1|ERR:truncated zstd data");
	cr_assert_str_eq(read_all(buf, 5, 0), "ERR:truncated zstd data");
	memcpy(bad, buf, n);
	bad[4] = 0xff;   /* frame header descriptor: a reserved bit set */
	cr_assert_str_eq(read_all(bad, n, 0), "ERR:corrupt zstd data");
	memcpy(bad, buf, n);
	memcpy(bad + n, "junk", 4);
	cr_assert_str_eq(read_all(bad, n + 4, 0), "a;b 1|a;c 2|ERR:corrupt zstd data");
}

Test(decomp, reader_reads_gzip_and_xz)
{
	unsigned char buf[512];
	size_t n = test_gzip("a;b 1\na;c 2\n", buf, sizeof(buf));
	cr_assert_str_eq(read_all(buf, n, 0), "a;b 1|a;c 2|");
	cr_assert_str_eq(read_all(buf, n, 1), "a;b 1|a;c 2|");
	n = xz_text("x\r\ny", buf, sizeof(buf));
	cr_assert_str_eq(read_all(buf, n, 0), "x|y|");
	cr_assert_str_eq(read_all(buf, n, 1), "x|y|");
}

Test(decomp, concatenated_members_read_as_one)
{
	unsigned char buf[512];
	size_t n = test_gzip("one\ntw", buf, sizeof(buf));
	n += test_gzip("o\nthree\n", buf + n, sizeof(buf) - n);
	cr_assert_str_eq(read_all(buf, n, 0), "one|two|three|");
	unsigned char xz[512];
	size_t k = xz_text("1\n", xz, sizeof(xz));
	k += xz_text("2\n", xz + k, sizeof(xz) - k);
	cr_assert_str_eq(read_all(xz, k, 0), "1|2|");
}

Test(decomp, byte_order_mark_after_decompression_is_dropped)
{
	unsigned char buf[512];
	size_t n = test_gzip("\xef\xbb\xbf" "a 1\n", buf, sizeof(buf));
	cr_assert_str_eq(read_all(buf, n, 0), "a 1|");
}

Test(decomp, damage_is_an_error_not_a_crash)
{
	unsigned char buf[512];
	size_t n = test_gzip("a;b 1\na;c 2\n", buf, sizeof(buf));
	cr_assert_str_eq(read_all(buf, n - 3, 0), "a;b 1|a;c 2|ERR:truncated gzip data");
	cr_assert_str_eq(read_all(buf, 12, 0), "ERR:truncated gzip data");
	cr_assert_str_eq(read_all(buf, 2, 0), "ERR:truncated gzip data");
	unsigned char bad[512];
	memcpy(bad, buf, n);
	bad[2] = 7;   /* compression method: only 8 (deflate) exists */
	cr_assert_str_eq(read_all(bad, n, 0), "ERR:corrupt gzip data");
	memcpy(bad, buf, n);
	bad[n - 6] ^= 0x01;   /* the CRC-32 of the data */
	cr_assert_str_eq(read_all(bad, n, 0), "a;b 1|a;c 2|ERR:corrupt gzip data");
	memcpy(bad + n, "junk", 4);
	memcpy(bad, buf, n);
	cr_assert_str_eq(read_all(bad, n + 4, 0), "a;b 1|a;c 2|ERR:trailing garbage after gzip data");
	n = xz_text("a;b 1\n", buf, sizeof(buf));
	cr_assert_str_eq(read_all(buf, n - 1, 0), "a;b 1|ERR:truncated xz data");
	cr_assert_str_eq(read_all(buf, 20, 0), "ERR:truncated xz data");
	memcpy(bad, buf, n);
	bad[n - 5] ^= 0x55;   /* the stream footer */
	cr_assert_str_eq(read_all(bad, n, 0), "a;b 1|ERR:corrupt xz data");
}

Test(decomp, failure_is_recorded_with_the_name)
{
	unsigned char buf[512];
	size_t n = test_gzip("a 1\n", buf, sizeof(buf));
	struct fk_decomp *d = fk_decomp_new(FK_DECOMP_GZIP, -1, "p.gz", buf, n - 4);
	char out[64];
	ssize_t k, total = 0;
	while ((k = fk_decomp_read(d, out, sizeof(out))) > 0)
		total += k;
	cr_assert_eq(k, -1);
	cr_assert_str_eq(fk_error_msg(), "cannot read 'p.gz': truncated gzip data");
	cr_assert_str_eq(fk_decomp_failure(d), "truncated gzip data");
	cr_assert_eq(fk_decomp_read(d, out, sizeof(out)), -1);
	fk_decomp_free(d);
	fk_error_clear();
}

Test(decomp, head_decodes_a_prefix_quietly)
{
	unsigned char buf[512];
	char out[64];
	size_t n = test_gzip("goroutine 1 [running]:\nmain.main()\n", buf, sizeof(buf));
	size_t k = fk_decomp_head(FK_DECOMP_GZIP, buf, n - 8, out, 9);
	cr_assert_eq(k, 9);
	cr_assert(memcmp(out, "goroutine", 9) == 0);
	/* Cut: what came before the cut, nothing recorded. */
	k = fk_decomp_head(FK_DECOMP_GZIP, buf, n - 8, out, sizeof(out));
	cr_assert_eq(k, 35);
	cr_assert_str_eq(fk_error_msg(), "");
	cr_assert_eq(fk_decomp_head(FK_DECOMP_GZIP, "\x1f\x8bzz", 4, out, sizeof(out)), 0);
}

Test(decomp, detects_a_file_without_moving_it)
{
	unsigned char buf[512];
	size_t n = xz_text("a 1\n", buf, sizeof(buf));
	int fd = test_fd_with(buf, n);
	lseek(fd, 3, SEEK_SET);
	cr_assert_eq(fk_decomp_detect_fd(fd), FK_DECOMP_XZ);
	cr_assert_eq(lseek(fd, 0, SEEK_CUR), 3);
	close(fd);
	fd = test_fd_with("a 1\n", 4);
	cr_assert_eq(fk_decomp_detect_fd(fd), FK_DECOMP_NONE);
	close(fd);
}
