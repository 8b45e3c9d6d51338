/*
 * decomp.c -- gzip (zlib), xz (liblzma) and zstd (libzstd) stream decoders over a descriptor.
 */
#include "core/decomp.h"
#include "core/error.h"
#include "core/util.h"

#include <assert.h>
#include <errno.h>
#include <lzma.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#define DECOMP_RAW (64u << 10)

static const unsigned char gzip_magic[] = { 0x1f, 0x8b };
static const unsigned char xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
static const unsigned char zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };

struct fk_decomp {
	enum fk_decomp_kind kind;
	int fd;               /* -1: no more input after head */
	char *name;           /* NULL: quiet (fk_decomp_head) */
	unsigned char *raw;
	size_t raw_cap;
	const unsigned char *next;   /* unread raw bytes */
	size_t avail;
	int raw_eof;
	int member_end;       /* gzip: a member ended; another may follow */
	int done, failed;
	char why[96];
	int frame_open;       /* zstd: the last frame begun has not ended */
	z_stream z;
	lzma_stream x;
	ZSTD_DStream *zs;
};

enum fk_decomp_kind
fk_decomp_detect(const void *buf, size_t n)
{
	if (n >= sizeof(gzip_magic) && memcmp(buf, gzip_magic, sizeof(gzip_magic)) == 0)
		return FK_DECOMP_GZIP;
	if (n >= sizeof(xz_magic) && memcmp(buf, xz_magic, sizeof(xz_magic)) == 0)
		return FK_DECOMP_XZ;
	if (n >= sizeof(zstd_magic) && memcmp(buf, zstd_magic, sizeof(zstd_magic)) == 0)
		return FK_DECOMP_ZSTD;
	return FK_DECOMP_NONE;
}

int
fk_decomp_undecided(const void *buf, size_t n)
{
	return n == 0 || (n < sizeof(gzip_magic) && memcmp(buf, gzip_magic, n) == 0) ||
	    (n < sizeof(xz_magic) && memcmp(buf, xz_magic, n) == 0) ||
	    (n < sizeof(zstd_magic) && memcmp(buf, zstd_magic, n) == 0);
}

enum fk_decomp_kind
fk_decomp_detect_fd(int fd)
{
	unsigned char b[sizeof(xz_magic)];
	ssize_t n;
	do
		n = pread(fd, b, sizeof(b), 0);
	while (n < 0 && errno == EINTR);
	return n > 0 ? fk_decomp_detect(b, (size_t)n) : FK_DECOMP_NONE;
}

const char *
fk_decomp_kind_name(enum fk_decomp_kind k)
{
	return k == FK_DECOMP_GZIP ? "gzip" : k == FK_DECOMP_XZ ? "xz" :
	    k == FK_DECOMP_ZSTD ? "zstd" : NULL;
}

static ssize_t fail(struct fk_decomp *d, const char *why);

/*
 * The failure: -1 (recorded), and every later read fails the same way.
 * With bytes decoded before it in this call, those are returned first
 * and the failure comes with the next call.
 */
static ssize_t
fail_after(struct fk_decomp *d, const char *why, size_t decoded)
{
	if (decoded) {
		d->failed = 1;
		snprintf(d->why, sizeof(d->why), "%s", why);
		return (ssize_t)decoded;
	}
	return fail(d, why);
}

static ssize_t
fail(struct fk_decomp *d, const char *why)
{
	if (!d->failed) {
		d->failed = 1;
		snprintf(d->why, sizeof(d->why), "%s", why);
	}
	if (d->name)
		fk_error("cannot read '%s': %s", d->name, d->why);
	return -1;
}

/* More raw bytes when none are left: 0, or -1 (recorded) on a read error. */
static int
refill(struct fk_decomp *d)
{
	if (d->avail > 0 || d->raw_eof)
		return 0;
	if (d->fd < 0) {
		d->raw_eof = 1;
		return 0;
	}
	for (;;) {
		ssize_t n = read(d->fd, d->raw, d->raw_cap);
		if (n > 0) {
			d->next = d->raw;
			d->avail = (size_t)n;
			return 0;
		}
		if (n == 0) {
			d->raw_eof = 1;
			return 0;
		}
		if (errno != EINTR) {
			char why[96];
			snprintf(why, sizeof(why), "cannot read: %s", strerror(errno));
			return (int)fail(d, why);
		}
	}
}

static voidpf
z_alloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	return fk_xcalloc(items, size);
}

static void
z_free(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

static void *
xz_alloc(void *opaque, size_t items, size_t size)
{
	(void)opaque;
	return fk_xcalloc(items, size);
}

static void
xz_free(void *opaque, void *p)
{
	(void)opaque;
	free(p);
}

static const lzma_allocator xz_allocator = { xz_alloc, xz_free, NULL };

struct fk_decomp *
fk_decomp_new(enum fk_decomp_kind kind, int fd, const char *name, const void *head, size_t n)
{
	struct fk_decomp *d = fk_xcalloc(1, sizeof(*d));
	d->kind = kind;
	d->fd = fd;
	if (name)
		d->name = fk_xstrdup(fk_display_name(name));
	d->raw_cap = n > DECOMP_RAW ? n : DECOMP_RAW;
	d->raw = fk_xmalloc(d->raw_cap);
	if (n)
		memcpy(d->raw, head, n);
	d->next = d->raw;
	d->avail = n;
	assert(kind == FK_DECOMP_GZIP || kind == FK_DECOMP_XZ || kind == FK_DECOMP_ZSTD);
	/* zlib and liblzma allocate through fk_xmalloc(): they cannot fail for lack of memory. */
	if (kind == FK_DECOMP_GZIP) {
		d->z.zalloc = z_alloc;
		d->z.zfree = z_free;
		/* 16 + 15: a gzip wrapper only, the largest window. */
		int zr = inflateInit2(&d->z, 16 + 15);
		assert(zr == Z_OK);
		(void)zr;
	} else if (kind == FK_DECOMP_ZSTD) {
		/* libzstd allocates with malloc(): its failures end as the xmalloc family's do. */
		if (!(d->zs = ZSTD_createDStream()))
			fk_out_of_memory(sizeof(*d));
		/* Windows past FK_DECOMP_ZSTD_WINDOW_LOG fail as too large, not as out of memory. */
		size_t zr = ZSTD_DCtx_setParameter(d->zs, ZSTD_d_windowLogMax,
		    FK_DECOMP_ZSTD_WINDOW_LOG);
		assert(!ZSTD_isError(zr));
		(void)zr;
	} else {
		lzma_stream init = LZMA_STREAM_INIT;
		d->x = init;
		d->x.allocator = &xz_allocator;
		lzma_ret lr = lzma_stream_decoder(&d->x, FK_DECOMP_XZ_MEMLIMIT, LZMA_CONCATENATED);
		assert(lr == LZMA_OK);
		(void)lr;
	}
	return d;
}

void
fk_decomp_free(struct fk_decomp *d)
{
	if (!d)
		return;
	if (d->kind == FK_DECOMP_GZIP)
		inflateEnd(&d->z);
	else if (d->kind == FK_DECOMP_ZSTD)
		ZSTD_freeDStream(d->zs);
	else
		lzma_end(&d->x);
	free(d->raw);
	free(d->name);
	free(d);
}

static ssize_t
gzip_read(struct fk_decomp *d, unsigned char *buf, size_t n)
{
	d->z.next_out = buf;
	d->z.avail_out = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
	uInt want = d->z.avail_out;
	while (d->z.avail_out == want) {
		if (refill(d) < 0)
			return -1;
		if (d->member_end) {
			/* Concatenated members read as one; anything else after the end is an error. */
			if (d->avail == 0) {
				d->done = 1;
				return 0;
			}
			if (d->next[0] != gzip_magic[0])
				return fail(d, "trailing garbage after gzip data");
			if (inflateReset(&d->z) != Z_OK)
				return fail(d, "corrupt gzip data");
			d->member_end = 0;
		}
		if (d->avail == 0)
			return fail(d, "truncated gzip data");
		d->z.next_in = (unsigned char *)d->next;
		d->z.avail_in = d->avail > UINT32_MAX ? UINT32_MAX : (uInt)d->avail;
		uInt before = d->z.avail_in;
		int zr = inflate(&d->z, Z_NO_FLUSH);
		d->next += before - d->z.avail_in;
		d->avail -= before - d->z.avail_in;
		if (zr == Z_STREAM_END)
			d->member_end = 1;
		else if (zr != Z_OK && zr != Z_BUF_ERROR)
			return fail_after(d, "corrupt gzip data", want - d->z.avail_out);
	}
	return (ssize_t)(want - d->z.avail_out);
}

static ssize_t
xz_read(struct fk_decomp *d, unsigned char *buf, size_t n)
{
	d->x.next_out = buf;
	d->x.avail_out = n;
	while (d->x.avail_out == n) {
		if (refill(d) < 0)
			return -1;
		d->x.next_in = d->next;
		d->x.avail_in = d->avail;
		lzma_ret lr = lzma_code(&d->x, d->raw_eof ? LZMA_FINISH : LZMA_RUN);
		d->next = d->x.next_in;
		d->avail = d->x.avail_in;
		switch (lr) {
		case LZMA_OK:
			break;
		case LZMA_STREAM_END:
			d->done = 1;
			return (ssize_t)(n - d->x.avail_out);
		case LZMA_MEMLIMIT_ERROR:
			return fail(d, "xz data needs more than 256 MiB of memory to decompress");
		case LZMA_BUF_ERROR:
			return fail_after(d, "truncated xz data", n - d->x.avail_out);
		case LZMA_OPTIONS_ERROR:
			return fail(d, "unsupported xz options");
		default:
			return fail_after(d, "corrupt xz data", n - d->x.avail_out);
		}
	}
	return (ssize_t)(n - d->x.avail_out);
}

/* Concatenated frames read as one; the data may not end inside a frame. */
static ssize_t
zstd_read(struct fk_decomp *d, unsigned char *buf, size_t n)
{
	ZSTD_outBuffer out = { buf, n, 0 };
	for (;;) {
		if (refill(d) < 0)
			return -1;
		if (d->avail == 0 && !d->frame_open) {
			d->done = 1;
			return 0;
		}
		ZSTD_inBuffer in = { d->next, d->avail, 0 };
		size_t zr = ZSTD_decompressStream(d->zs, &out, &in);
		d->next += in.pos;
		d->avail -= in.pos;
		if (ZSTD_isError(zr)) {
			if (ZSTD_getErrorCode(zr) == ZSTD_error_memory_allocation)
				fk_out_of_memory(0);
			const char *why = ZSTD_getErrorCode(zr) == ZSTD_error_frameParameter_windowTooLarge ?
			    "zstd data needs more than 1 GiB of memory to decompress" :
			    "corrupt zstd data";
			return fail_after(d, why, out.pos);
		}
		/* 0: a frame ended and all of it was written out; another may follow. */
		d->frame_open = zr != 0;
		if (out.pos > 0)
			return (ssize_t)out.pos;
		if (in.pos == 0)   /* neither input taken nor output given: the input ended early */
			return fail(d, "truncated zstd data");
	}
}

ssize_t
fk_decomp_read(struct fk_decomp *d, void *buf, size_t n)
{
	assert(n > 0);
	if (d->failed)
		return fail(d, d->why);
	if (d->done)
		return 0;
	if (d->kind == FK_DECOMP_ZSTD)
		return zstd_read(d, buf, n);
	return d->kind == FK_DECOMP_GZIP ? gzip_read(d, buf, n) : xz_read(d, buf, n);
}

const char *
fk_decomp_failure(const struct fk_decomp *d)
{
	return d->failed ? d->why : "";
}

size_t
fk_decomp_head(enum fk_decomp_kind kind, const void *src, size_t n, void *out, size_t cap)
{
	if (kind == FK_DECOMP_NONE || cap == 0)
		return 0;
	struct fk_decomp *d = fk_decomp_new(kind, -1, NULL, src, n);
	size_t got = 0;
	while (got < cap) {
		ssize_t k = fk_decomp_read(d, (char *)out + got, cap - got);
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	fk_decomp_free(d);
	return got;
}
