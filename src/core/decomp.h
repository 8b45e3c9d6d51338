/*
 * decomp.h -- gzip, xz and zstd input, decompressed as a stream.
 *
 * An input is compressed when its first bytes are the gzip magic (1f 8b),
 * the xz magic (fd 37 7a 58 5a 00) or the zstd magic (28 b5 2f fd).  The
 * reader (reader.h) checks that once per input and then reads through a
 * decoder from here, so every command takes compressed input; format
 * detection (sniff.h) looks at the decompressed bytes.  Memory stays bounded: one raw buffer of 64 KiB and
 * the decoder's state (xz: at most FK_DECOMP_XZ_MEMLIMIT; zstd: a window
 * of at most 2^FK_DECOMP_ZSTD_WINDOW_LOG bytes).
 */
#ifndef FK_DECOMP_H
#define FK_DECOMP_H

#include <stddef.h>
#include <sys/types.h>

enum fk_decomp_kind {
	FK_DECOMP_NONE = 0,
	FK_DECOMP_GZIP,
	FK_DECOMP_XZ,
	FK_DECOMP_ZSTD,
};

/* Largest xz dictionary state accepted (xz -9 needs 65 MiB). */
#define FK_DECOMP_XZ_MEMLIMIT ((unsigned long long)256 << 20)
/* Largest zstd window accepted, as a power of two (zstd --long=30 writes 1 GiB). */
#define FK_DECOMP_ZSTD_WINDOW_LOG 30

/* The compression that bytes buf[0, n) start with, from the magic alone. */
enum fk_decomp_kind fk_decomp_detect(const void *buf, size_t n);
/*
 * 1 when buf[0, n) is too short to tell: empty, or a proper prefix of a
 * magic ("\x1f", "\xfd7z", "\x28\xb5").  A reader then reads more before it decides.
 */
int fk_decomp_undecided(const void *buf, size_t n);
/*
 * The compression of the regular file fd, from its first bytes (read with
 * pread(2), so the file offset does not move); NONE when it cannot be read.
 */
enum fk_decomp_kind fk_decomp_detect_fd(int fd);
/* "gzip", "xz", "zstd"; NULL for NONE. */
const char *fk_decomp_kind_name(enum fk_decomp_kind k);

struct fk_decomp;

/*
 * A decoder for a kind other than NONE: it decompresses head[0, n) (bytes
 * already read from fd, copied; may be NULL when n is 0) and then the rest
 * of fd, which stays owned by the caller.  fd -1: the input is head alone.
 * name is used in messages ("-" shows as "<stdin>"); it is copied.
 */
struct fk_decomp *fk_decomp_new(enum fk_decomp_kind kind, int fd, const char *name,
    const void *head, size_t n);
/* Accepts NULL. Does not close the descriptor. */
void fk_decomp_free(struct fk_decomp *d);
/*
 * Up to n decompressed bytes into buf (n > 0).  Concatenated gzip members,
 * xz streams and zstd frames read as one.
 * @return the number of bytes (> 0), 0 at the end of the data, or -1
 *         (recorded: "cannot read 'NAME': corrupt gzip data" and the like)
 *         on a read error, corrupt or truncated data, or bytes after the
 *         end of a gzip stream that do not start another member.  After -1
 *         every call returns -1.
 */
ssize_t fk_decomp_read(struct fk_decomp *d, void *buf, size_t n);
/*
 * After fk_decomp_read() returned -1: what went wrong, without the name
 * ("corrupt gzip data", "truncated xz data", "cannot read: ...").  Owned
 * by d.
 */
const char *fk_decomp_failure(const struct fk_decomp *d);

/*
 * Decompress the start of a compressed stream held in memory, for format
 * detection: at most cap bytes of output from src[0, n), which may stop
 * anywhere.  Nothing is recorded: a stream that is corrupt or ends early
 * gives the bytes decoded before that.  @return the bytes written to out.
 */
size_t fk_decomp_head(enum fk_decomp_kind kind, const void *src, size_t n, void *out,
    size_t cap);

#endif
