/*
 * perf_data.c -- the perf.data reader (perf_data.h).
 *
 * The layouts are perf's (tools/perf/Documentation/perf.data-file-format.txt
 * describes them); every length read from the file is checked against the
 * bytes that hold it before it is used.
 */
#include "collapse/perf_data.h"
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22     /* Linux 5.14 */
#endif

/* Record types of perf's own (PERF_RECORD_USER_TYPE_START and on). */
enum {
	REC_HEADER_ATTR = 64,
	REC_HEADER_EVENT_TYPE = 65,
	REC_HEADER_TRACING_DATA = 66,
	REC_HEADER_BUILD_ID = 67,
	REC_FINISHED_ROUND = 68,
	REC_AUXTRACE = 71,
	REC_HEADER_FEATURE = 80,
	REC_COMPRESSED = 81,
	REC_LAST_KNOWN = 82,      /* FINISHED_INIT */
	REC_KERNEL_LAST = 21,     /* AUX_OUTPUT_HW_ID */
};

/* Feature bits (HEADER_*) read here. */
enum { FEAT_BUILD_ID = 2, FEAT_EVENT_DESC = 12 };

#define FILE_HEADER_SIZE 104
#define PIPE_HEADER_SIZE 16
#define ATTR_SIZE_VER0 64
#define MAX_RECORD (1u << 16)       /* header.size is 16 bits */
#define MAX_SECTION (256u << 20)    /* attributes, features: more is damage */

struct qent {
	uint64_t time, seq, offset;
	size_t at;                  /* in qbuf; mapped: the file offset */
};

struct fk_pd {
	char *name;
	int fd;
	int seekable;               /* a regular file: read with pread() */
	const unsigned char *ahead;
	size_t aheadlen, aheadpos;
	uint64_t pos;               /* pipe: bytes consumed */
	int pipe_mode;
	uint64_t data_off, data_end;
	int open_ended;             /* data size unknown: read to the end of the file */

	struct fk_pd_attr *attrs;
	size_t nattrs;
	struct fk_pd_buildid *bids;
	size_t nbids, capbids;
	struct fk_pd_stats st;
	uint64_t unknown_seen[4];   /* unknown record types reported (bit per type < 256) */

	/* Time ordering (FINISHED_ROUND). */
	int ordered;
	struct qent *q;
	size_t nq, capq;
	unsigned char *qbuf;
	size_t qlen, qcap;
	uint64_t seq, round_max, prev_round_max;

	/*
	 * A finished file is mapped: records are read and queued where they
	 * are, not copied.  Pages are populated ahead of the reading and
	 * released behind what the queue still holds, so that what stays
	 * resident does not grow with the file.
	 */
	const unsigned char *map;
	size_t maplen;
	uint64_t populated, released;

	/* Otherwise input is read ahead in blocks: a record costs no system call. */
	unsigned char *win;
	size_t winlen, winat;       /* pipe: bytes in win, bytes used */
	uint64_t winoff;            /* file: offset of win[0] */

	unsigned char rec[MAX_RECORD + 8];
	const struct fk_pd_handler *h;
};

/* Fields are little-endian (a big-endian file is refused): fk_load_u*() of core/bytes.h. */

/* ---- input ---------------------------------------------------------------- */

/* pread() of n bytes at off: @return bytes read (short at the end), -1 on error. */
static ssize_t
read_at(struct fk_pd *d, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(d->fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (r == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return fk_error_errno(errno, "cannot read", d->name);
		}
		got += (size_t)r;
	}
	return (ssize_t)got;
}

#define WINDOW ((size_t)1 << 20)

/* n bytes of the data section at off, through the read-ahead window. */
static ssize_t
read_data(struct fk_pd *d, void *buf, size_t n, uint64_t off)
{
	if (off < d->winoff || off + n > d->winoff + d->winlen) {
		if (d->win == NULL)
			d->win = fk_xmalloc(WINDOW);
		ssize_t r = read_at(d, d->win, WINDOW, off);
		if (r < 0)
			return -1;
		d->winoff = off;
		d->winlen = (size_t)r;
	}
	size_t have = d->winoff + d->winlen - off;
	size_t k = have < n ? have : n;
	memcpy(buf, d->win + (off - d->winoff), k);
	return (ssize_t)k;
}

/* The next n bytes of a pipe: @return bytes read (short at the end), -1 on error. */
static ssize_t
read_next(struct fk_pd *d, void *buf, size_t n)
{
	size_t got = 0;
	if (d->aheadpos < d->aheadlen) {
		size_t k = d->aheadlen - d->aheadpos < n ? d->aheadlen - d->aheadpos : n;
		memcpy(buf, d->ahead + d->aheadpos, k);
		d->aheadpos += k;
		got = k;
	}
	while (got < n) {
		if (d->winat == d->winlen) {
			if (d->win == NULL)
				d->win = fk_xmalloc(WINDOW);
			ssize_t r = read(d->fd, d->win, WINDOW);
			if (r == 0)
				break;
			if (r < 0) {
				if (errno == EINTR)
					continue;
				return fk_error_errno(errno, "cannot read", d->name);
			}
			d->winlen = (size_t)r;
			d->winat = 0;
		}
		size_t k = d->winlen - d->winat < n - got ? d->winlen - d->winat : n - got;
		memcpy((char *)buf + got, d->win + d->winat, k);
		d->winat += k;
		got += k;
	}
	d->pos += got;
	return (ssize_t)got;
}

/* Skip n bytes of a pipe. @return 0, or -1 at its end (or an error). */
static int
skip_next(struct fk_pd *d, uint64_t n)
{
	unsigned char buf[4096];
	while (n > 0) {
		size_t k = n < sizeof buf ? (size_t)n : sizeof buf;
		ssize_t r = read_next(d, buf, k);
		if (r < (ssize_t)k)
			return -1;
		n -= k;
	}
	return 0;
}

static char *
xstrndup(const char *s, size_t n)
{
	char *c = fk_xmalloc(n + 1);
	memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

/* ---- attributes and features -------------------------------------------- */

static const char *const hw_names[] = {
	"cycles", "instructions", "cache-references", "cache-misses", "branch-instructions",
	"branch-misses", "bus-cycles", "stalled-cycles-frontend", "stalled-cycles-backend",
	"ref-cycles",
};
static const char *const sw_names[] = {
	"cpu-clock", "task-clock", "page-faults", "context-switches", "cpu-migrations",
	"minor-faults", "major-faults", "alignment-faults", "emulation-faults", "dummy",
	"bpf-output", "cgroup-switches",
};

/* perf's name of an event without EVENT_DESC, for the common types. */
static char *
default_event_name(uint32_t type, uint64_t config)
{
	char buf[64];
	if (type == 0 && config < sizeof hw_names / sizeof hw_names[0])
		return fk_xstrdup(hw_names[config]);
	if (type == 1 && config < sizeof sw_names / sizeof sw_names[0])
		return fk_xstrdup(sw_names[config]);
	snprintf(buf, sizeof buf, "type-%u/config-0x%llx", type, (unsigned long long)config);
	return fk_xstrdup(buf);
}

/* One perf_event_attr of n bytes at p. */
static struct fk_pd_attr *
add_attr(struct fk_pd *d, const unsigned char *p, size_t n)
{
	d->attrs = fk_xrealloc(d->attrs, (d->nattrs + 1) * sizeof(*d->attrs));
	struct fk_pd_attr *a = &d->attrs[d->nattrs++];
	memset(a, 0, sizeof(*a));
	if (n >= 48) {
		a->type = fk_load_u32(p);
		a->config = fk_load_u64(p + 8);
		a->sample_period = fk_load_u64(p + 16);
		a->sample_type = fk_load_u64(p + 24);
		a->read_format = fk_load_u64(p + 32);
		a->sample_id_all = (fk_load_u64(p + 40) >> 18) & 1;
	}
	if (n >= 80)
		a->branch_sample_type = fk_load_u64(p + 72);
	if (n >= 88)
		a->regs_user = fk_load_u64(p + 80);
	a->name = default_event_name(a->type, a->config);
	return a;
}

static void
attr_add_ids(struct fk_pd_attr *a, const unsigned char *p, size_t nids)
{
	a->ids = fk_xrealloc(a->ids, (a->nids + nids + 1) * sizeof(*a->ids));
	for (size_t i = 0; i < nids; i++)
		a->ids[a->nids++] = fk_load_u64(p + 8 * i);
}

static void
add_buildid(struct fk_pd *d, const unsigned char *p, size_t n)
{
	/* header (8), pid (4), build_id[24], filename */
	if (n < 8 + 4 + 24 + 1)
		return;
	uint16_t misc = fk_load_u16(p + 4);
	size_t len = 20;
	if (misc & (1u << 15)) {
		len = p[8 + 4 + 20];
		if (len > 20)
			len = 20;
	}
	FK_GROW(d->bids, d->capbids, d->nbids + 1, 16);
	struct fk_pd_buildid *b = &d->bids[d->nbids++];
	b->pid = (int32_t)fk_load_u32(p + 8);
	memcpy(b->id, p + 12, 20);
	b->len = len;
	const char *fn = (const char *)p + 36;
	b->path = xstrndup(fn, strnlen(fn, n - 36));
}

/* The BUILD_ID feature: build_id_event records back to back. */
static void
read_buildid_feature(struct fk_pd *d, const unsigned char *p, size_t n)
{
	size_t at = 0;
	while (at + 8 <= n) {
		uint16_t sz = fk_load_u16(p + at + 6);
		if (sz < 8 || at + sz > n)
			break;
		add_buildid(d, p + at, sz);
		at += sz;
	}
}

/* The EVENT_DESC feature: each event's attribute, name and ids. */
static void
read_event_desc(struct fk_pd *d, const unsigned char *p, size_t n, uint64_t off)
{
	if (n < 8)
		return;
	uint32_t nre = fk_load_u32(p), sz = fk_load_u32(p + 4);
	size_t at = 8;
	for (uint32_t i = 0; i < nre; i++) {
		if (sz > n - at || n - at - sz < 8)
			goto bad;
		at += sz;
		uint32_t nids = fk_load_u32(p + at);
		uint32_t len = fk_load_u32(p + at + 4);
		at += 8;
		if (len > n - at)
			goto bad;
		const char *s = (const char *)p + at;
		size_t sl = strnlen(s, len);
		at += len;
		if ((uint64_t)nids * 8 > n - at)
			goto bad;
		/* The events come in the attributes' order; the ids say which. */
		struct fk_pd_attr *a = i < d->nattrs ? &d->attrs[i] : NULL;
		if (nids > 0) {
			uint64_t id = fk_load_u64(p + at);
			for (size_t k = 0; k < d->nattrs; k++)
				for (size_t j = 0; j < d->attrs[k].nids; j++)
					if (d->attrs[k].ids[j] == id)
						a = &d->attrs[k];
		}
		if (a != NULL && sl > 0) {
			free(a->name);
			a->name = xstrndup(s, sl);
		}
		at += (size_t)nids * 8;
	}
	return;
bad:
	fk_warn(d->name, 0, "byte offset %llu: EVENT_DESC section cut short; event names from "
	    "the attributes", (unsigned long long)off);
}

static void
read_feature(struct fk_pd *d, unsigned feat, const unsigned char *p, size_t n, uint64_t off)
{
	if (feat == FEAT_BUILD_ID)
		read_buildid_feature(d, p, n);
	else if (feat == FEAT_EVENT_DESC)
		read_event_desc(d, p, n, off);
}

/* A section of the file, read whole (NULL when damaged: reported). */
static unsigned char *
read_section(struct fk_pd *d, uint64_t off, uint64_t size, const char *what)
{
	if (size > MAX_SECTION) {
		fk_warn(d->name, 0, "byte offset %llu: %s section of %llu bytes is not believable; "
		    "skipped", (unsigned long long)off, what, (unsigned long long)size);
		return NULL;
	}
	unsigned char *buf = fk_xmalloc(size ? size : 1);
	ssize_t r = read_at(d, buf, size, off);
	if (r < 0 || (uint64_t)r < size) {
		if (r >= 0)
			fk_warn(d->name, 0, "byte offset %llu: %s section runs past the end of the file; "
			    "skipped", (unsigned long long)off, what);
		else
			fk_error_clear();
		free(buf);
		return NULL;
	}
	return buf;
}

/* The file layout's header, attributes and features. */
static int
open_file_layout(struct fk_pd *d)
{
	unsigned char hdr[FILE_HEADER_SIZE];
	ssize_t r = read_at(d, hdr, sizeof hdr, 0);
	if (r < 0)
		return -1;
	if (r < (ssize_t)sizeof hdr)
		return fk_error("'%s': perf.data header cut short (%zd bytes)", d->name, r);
	uint64_t hsize = fk_load_u64(hdr + 8), attr_size = fk_load_u64(hdr + 16);
	uint64_t attrs_off = fk_load_u64(hdr + 24), attrs_size = fk_load_u64(hdr + 32);
	uint64_t data_off = fk_load_u64(hdr + 40), data_size = fk_load_u64(hdr + 48);
	if (hsize < FILE_HEADER_SIZE)
		return fk_error("'%s': perf.data header of %llu bytes is too short", d->name,
		    (unsigned long long)hsize);
	struct stat sb;
	uint64_t fsize = fstat(d->fd, &sb) == 0 ? (uint64_t)sb.st_size : UINT64_MAX;

	/* Attributes: each attr_size bytes of perf_event_attr, then the section of its ids. */
	if (attr_size < ATTR_SIZE_VER0 + 16 || attr_size > 4096)
		return fk_error("'%s': byte offset 16: attribute size %llu is not believable",
		    d->name, (unsigned long long)attr_size);
	unsigned char *attrs = read_section(d, attrs_off, attrs_size, "attributes");
	if (attrs == NULL)
		return fk_error("'%s': the attributes cannot be read", d->name);
	for (uint64_t at = 0; at + attr_size <= attrs_size; at += attr_size) {
		struct fk_pd_attr *a = add_attr(d, attrs + at, (size_t)attr_size - 16);
		uint64_t ids_off = fk_load_u64(attrs + at + attr_size - 16);
		uint64_t ids_size = fk_load_u64(attrs + at + attr_size - 8);
		unsigned char *ids = read_section(d, ids_off, ids_size, "attribute ids");
		if (ids != NULL)
			attr_add_ids(a, ids, (size_t)(ids_size / 8));
		free(ids);
	}
	free(attrs);
	if (d->nattrs == 0)
		return fk_error("'%s': perf.data file without attributes", d->name);

	d->data_off = data_off;
	d->data_end = data_off + data_size;
	if (data_size == 0 || data_off + data_size < data_off) {
		/* perf record writes the header last: killed, it leaves the data size 0. */
		d->open_ended = 1;
		d->data_end = fsize;
		if (fsize > data_off)
			fk_warn(d->name, 0, "byte offset 48: the header says the data section is empty "
			    "but %llu bytes follow (perf record did not finish); reading them",
			    (unsigned long long)(fsize - data_off));
		return 0;
	}
	if (d->data_end > fsize) {
		fk_warn(d->name, 0, "byte offset %llu: the data section runs past the end of the file "
		    "(truncated?); reading what is there", (unsigned long long)fsize);
		d->data_end = fsize;
	}

	/* Features: a section descriptor per bit set, after the data. */
	unsigned nfeat = 0;
	for (unsigned b = 0; b < 256; b++)
		nfeat += (fk_load_u64(hdr + 72 + 8 * (b / 64)) >> (b % 64)) & 1;
	unsigned char *secs = nfeat ? read_section(d, data_off + data_size, 16ull * nfeat,
	    "feature index") : NULL;
	if (secs == NULL)
		return 0;
	unsigned i = 0;
	int cut = 0;
	for (unsigned b = 0; b < 256; b++) {
		if (!((fk_load_u64(hdr + 72 + 8 * (b / 64)) >> (b % 64)) & 1))
			continue;
		uint64_t off = fk_load_u64(secs + 16 * i), size = fk_load_u64(secs + 16 * i + 8);
		i++;
		if ((off > fsize || size > fsize - off) && !cut) {
			cut = 1;
			fk_warn(d->name, 0, "byte offset %llu: feature section %u runs past the end of "
			    "the file (truncated?)", (unsigned long long)off, b);
		}
		if (b != FEAT_BUILD_ID && b != FEAT_EVENT_DESC)
			continue;
		unsigned char *f = read_section(d, off, size, b == FEAT_BUILD_ID ? "BUILD_ID" :
		    "EVENT_DESC");
		if (f != NULL)
			read_feature(d, b, f, (size_t)size, off);
		free(f);
	}
	free(secs);
	return 0;
}

/*
 * Map the file when perf finished writing it (a file still open-ended may
 * yet change size under the mapping): up to the end of the data section.
 */
static void
map_data(struct fk_pd *d)
{
	if (d->open_ended || d->data_end <= d->data_off || d->data_end > SIZE_MAX)
		return;
	void *p = mmap(NULL, (size_t)d->data_end, PROT_READ, MAP_PRIVATE, d->fd, 0);
	if (p == MAP_FAILED)
		return;
	(void)madvise(p, (size_t)d->data_end, MADV_SEQUENTIAL);
	d->map = p;
	d->maplen = (size_t)d->data_end;
	d->populated = d->released = d->data_off & ~(uint64_t)4095;
}

#define MAP_AHEAD ((uint64_t)8 << 20)
#define MAP_BEHIND ((uint64_t)32 << 20)

/* Mapped: fill the page tables ahead of pos in one call rather than a fault a page. */
static void
map_ahead(struct fk_pd *d, uint64_t pos)
{
	if (pos + MAP_AHEAD / 2 < d->populated || d->populated >= d->maplen)
		return;
	uint64_t n = d->maplen - d->populated < MAP_AHEAD ? d->maplen - d->populated : MAP_AHEAD;
	(void)madvise((void *)(d->map + d->populated), (size_t)n, MADV_POPULATE_READ);
	d->populated += n;
}

/* Mapped: give back the pages before low, which nothing refers to any more. */
static void
map_release(struct fk_pd *d, uint64_t low)
{
	low &= ~(uint64_t)4095;
	if (low < d->released + MAP_BEHIND)
		return;
	(void)madvise((void *)(d->map + d->released), (size_t)(low - d->released), MADV_DONTNEED);
	d->released = low;
}

struct fk_pd *
fk_pd_open(const struct fk_input *in, const char *name)
{
	struct fk_pd *d = fk_xcalloc(1, sizeof(*d));
	unsigned char magic[16];
	struct stat sb;

	d->name = fk_xstrdup(name);
	d->fd = in->fd;
	d->ahead = (const unsigned char *)in->ahead.data;
	d->aheadlen = in->ahead.len;
	d->seekable = fstat(in->fd, &sb) == 0 && S_ISREG(sb.st_mode);
	ssize_t r = d->seekable ? read_at(d, magic, sizeof magic, 0) : read_next(d, magic, sizeof magic);
	if (r < 0)
		goto fail;
	if (r < 8 || (memcmp(magic, "PERFILE2", 8) != 0 && memcmp(magic, "2ELIFREP", 8) != 0)) {
		fk_error("'%s': not a perf.data file (no PERFILE2 magic)%s", d->name,
		    r >= 8 && memcmp(magic, "PERFFILE", 8) == 0 ? "; this old version is not read" : "");
		goto fail;
	}
	if (memcmp(magic, "2ELIFREP", 8) == 0) {
		fk_error("'%s': big-endian perf.data (recorded on a big-endian machine) is not read; "
		    "convert it there with perf script", d->name);
		goto fail;
	}
	if (r < 16) {
		fk_error("'%s': perf.data header cut short", d->name);
		goto fail;
	}
	d->ordered = 1;
	if (fk_load_u64(magic + 8) == PIPE_HEADER_SIZE) {
		d->pipe_mode = 1;
		if (d->seekable) {
			/* A saved pipe capture: read it as it comes, after its 16-byte header. */
			d->seekable = 0;
			if (lseek(d->fd, 16, SEEK_SET) != 16) {
				fk_error_errno(errno, "cannot seek in", d->name);
				goto fail;
			}
			d->aheadlen = 0;
			d->pos = 16;
		}
		return d;
	}
	if (!d->seekable) {
		fk_error("'%s': a perf.data file (not pipe output) must be a regular file, not a "
		    "pipe: give its name", d->name);
		goto fail;
	}
	if (open_file_layout(d) < 0)
		goto fail;
	map_data(d);
	return d;
fail:
	fk_pd_free(d);
	return NULL;
}

void
fk_pd_free(struct fk_pd *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nattrs; i++) {
		free(d->attrs[i].name);
		free(d->attrs[i].ids);
	}
	free(d->attrs);
	for (size_t i = 0; i < d->nbids; i++)
		free(d->bids[i].path);
	free(d->bids);
	free(d->q);
	free(d->qbuf);
	free(d->win);
	if (d->map)
		munmap((void *)d->map, d->maplen);
	free(d->name);
	free(d);
}

struct fk_pd_attr *
fk_pd_attrs(struct fk_pd *d, size_t *n)
{
	*n = d->nattrs;
	return d->attrs;
}

const struct fk_pd_buildid *
fk_pd_buildids(const struct fk_pd *d, size_t *n)
{
	*n = d->nbids;
	return d->bids;
}

const struct fk_pd_stats *
fk_pd_stats(const struct fk_pd *d)
{
	return &d->st;
}

const char *
fk_pd_name(const struct fk_pd *d)
{
	return d->name;
}

/* ---- records ---------------------------------------------------------------- */

static struct fk_pd_attr *
attr_by_id(struct fk_pd *d, uint64_t id)
{
	for (size_t k = 0; k < d->nattrs; k++)
		for (size_t j = 0; j < d->attrs[k].nids; j++)
			if (d->attrs[k].ids[j] == id)
				return &d->attrs[k];
	return NULL;
}

/* The attribute a sample (body of n bytes) belongs to, or NULL. */
static struct fk_pd_attr *
sample_attr(struct fk_pd *d, const unsigned char *p, size_t n)
{
	if (d->nattrs <= 1)
		return d->nattrs ? &d->attrs[0] : NULL;
	uint64_t t = d->attrs[0].sample_type;
	size_t at;
	if (t & FK_PD_S_IDENTIFIER) {
		at = 0;
	} else if (t & FK_PD_S_ID) {
		at = 8 * (!!(t & FK_PD_S_IP) + !!(t & FK_PD_S_TID) + !!(t & FK_PD_S_TIME) +
		    !!(t & FK_PD_S_ADDR));
	} else {
		return &d->attrs[0];
	}
	return at + 8 <= n ? attr_by_id(d, fk_load_u64(p + at)) : NULL;
}

/*
 * The sample_id_all fields at the end of a non-sample record's body:
 * time, pid and tid.
 */
static void
read_id_trailer(struct fk_pd *d, const unsigned char *p, size_t n, uint64_t *time,
    uint32_t *pid, uint32_t *tid)
{
	*time = 0;
	if (d->nattrs == 0 || !d->attrs[0].sample_id_all)
		return;
	uint64_t t = d->attrs[0].sample_type;
	size_t size = 8 * (!!(t & FK_PD_S_TID) + !!(t & FK_PD_S_TIME) + !!(t & FK_PD_S_ID) +
	    !!(t & FK_PD_S_STREAM_ID) + !!(t & FK_PD_S_CPU) + !!(t & FK_PD_S_IDENTIFIER));
	if (size > n)
		return;
	const unsigned char *q = p + n - size;
	if (t & FK_PD_S_TID) {
		if (pid)
			*pid = fk_load_u32(q);
		if (tid)
			*tid = fk_load_u32(q + 4);
		q += 8;
	}
	if (t & FK_PD_S_TIME)
		*time = fk_load_u64(q);
}

/* Read a sample's fields; @return 0, or -1 when the record is too short for its layout. */
static int
parse_sample(struct fk_pd *d, const unsigned char *p, size_t n, struct fk_pd_sample *s)
{
	memset(s, 0, sizeof(*s));
	s->attr = sample_attr(d, p, n);
	if (s->attr == NULL)
		return -1;
	uint64_t t = s->attr->sample_type;
	size_t at = 0;
#define NEED(k) do { if ((k) > n - at) return -1; } while (0)
	if (t & FK_PD_S_IDENTIFIER) {
		NEED(8);
		at += 8;
	}
	if (t & FK_PD_S_IP) {
		NEED(8);
		s->ip = fk_load_u64(p + at);
		at += 8;
	}
	if (t & FK_PD_S_TID) {
		NEED(8);
		s->pid = fk_load_u32(p + at);
		s->tid = fk_load_u32(p + at + 4);
		at += 8;
	}
	if (t & FK_PD_S_TIME) {
		NEED(8);
		s->time = fk_load_u64(p + at);
		at += 8;
	}
	if (t & FK_PD_S_ADDR) {
		NEED(8);
		at += 8;
	}
	if (t & FK_PD_S_ID) {
		NEED(8);
		at += 8;
	}
	if (t & FK_PD_S_STREAM_ID) {
		NEED(8);
		at += 8;
	}
	if (t & FK_PD_S_CPU) {
		NEED(8);
		s->cpu = fk_load_u32(p + at);
		at += 8;
	}
	/* Without PERIOD in the sample (perf record -c N), perf script shows the
	 * attribute's period, so the weight is that, not 1. */
	s->period = s->attr->sample_period ? s->attr->sample_period : 1;
	if (t & FK_PD_S_PERIOD) {
		NEED(8);
		s->period = fk_load_u64(p + at);
		at += 8;
	}
	if (t & FK_PD_S_READ) {
		uint64_t rf = s->attr->read_format;
		size_t per = 8 * (1 + !!(rf & (1u << 2)) + !!(rf & (1u << 4)));
		size_t fixed = 8 * (!!(rf & 1) + !!(rf & 2));
		if (rf & (1u << 3)) {
			NEED(8);
			uint64_t nr = fk_load_u64(p + at);
			at += 8;
			NEED(fixed);
			at += fixed;
			if (nr > (n - at) / per)
				return -1;
			at += (size_t)nr * per;
		} else {
			NEED(fixed + per);
			at += fixed + per;
		}
	}
	if (t & FK_PD_S_CALLCHAIN) {
		NEED(8);
		uint64_t nr = fk_load_u64(p + at);
		at += 8;
		if (nr > (n - at) / 8)
			return -1;
		s->chain = p + at;
		s->nchain = nr;
		at += (size_t)nr * 8;
	}
	if (t & FK_PD_S_RAW) {
		NEED(4);
		uint32_t sz = fk_load_u32(p + at);
		at += 4;
		NEED(sz);
		at += sz;
		/* The raw data is padded so that what follows is 8-byte aligned. */
	}
	if (t & FK_PD_S_BRANCH_STACK) {
		NEED(8);
		uint64_t nr = fk_load_u64(p + at);
		at += 8;
		if (s->attr->branch_sample_type & (1u << 17)) {   /* PERF_SAMPLE_BRANCH_HW_INDEX */
			NEED(8);
			at += 8;
		}
		if (nr > (n - at) / 24)
			return -1;
		at += (size_t)nr * 24;
	}
	if (t & FK_PD_S_REGS_USER) {
		NEED(8);
		s->regs_abi = fk_load_u64(p + at);
		at += 8;
		if (s->regs_abi) {
			size_t nregs = (size_t)__builtin_popcountll(s->attr->regs_user);
			NEED(nregs * 8);
			for (size_t i = 0; i < nregs; i++)
				s->regs[i] = fk_load_u64(p + at + 8 * i);
			s->nregs = nregs;
			at += nregs * 8;
		}
	}
	if (t & FK_PD_S_STACK_USER) {
		NEED(8);
		uint64_t size = fk_load_u64(p + at);
		at += 8;
		if (size) {
			NEED(size);
			s->stack = p + at;
			at += size;
			NEED(8);
			uint64_t dyn = fk_load_u64(p + at);
			s->stack_size = dyn < size ? dyn : size;
		}
	}
	s->have_stack = 1;
#undef NEED
	return 0;
}

/* Is this record type one perf writes that does not matter here? */
static int
known_type(uint32_t type)
{
	return (type >= 1 && type <= REC_KERNEL_LAST) ||
	    (type >= REC_HEADER_ATTR && type <= REC_LAST_KNOWN);
}

/* Hand on one record (in order). */
static void
deliver(struct fk_pd *d, const unsigned char *rec, uint64_t offset)
{
	uint32_t type = fk_load_u32(rec);
	uint16_t misc = fk_load_u16(rec + 4), size = fk_load_u16(rec + 6);
	const unsigned char *p = rec + 8;
	size_t n = size - 8u;
	struct fk_pd_event e;

	if (type == FK_PD_SAMPLE) {
		struct fk_pd_sample s;
		if (parse_sample(d, p, n, &s) < 0) {
			d->st.bad++;
			if (d->st.bad <= 10)
				fk_warn(d->name, 0, "byte offset %llu: sample of %u bytes does not hold the "
				    "fields its event's sample type says; skipped",
				    (unsigned long long)offset, size);
			return;
		}
		s.offset = offset;
		s.misc = misc;
		s.attr->samples++;
		if (d->h->sample)
			d->h->sample(d->h->ctx, &s);
		return;
	}
	memset(&e, 0, sizeof e);
	e.type = type;
	e.misc = misc;
	e.offset = offset;
	const char *str = NULL;
	size_t strmax = 0;
	switch (type) {
	case FK_PD_MMAP:
		if (n < 32 + 1)
			goto bad;
		e.pid = fk_load_u32(p), e.tid = fk_load_u32(p + 4);
		e.start = fk_load_u64(p + 8), e.len = fk_load_u64(p + 16), e.pgoff = fk_load_u64(p + 24);
		str = (const char *)p + 32, strmax = n - 32;
		break;
	case FK_PD_MMAP2:
		if (n < 64 + 1)
			goto bad;
		e.pid = fk_load_u32(p), e.tid = fk_load_u32(p + 4);
		e.start = fk_load_u64(p + 8), e.len = fk_load_u64(p + 16), e.pgoff = fk_load_u64(p + 24);
		if (misc & (1u << 14)) {   /* PERF_RECORD_MISC_MMAP_BUILD_ID */
			e.build_id_len = p[32] <= 20 ? p[32] : 20;
			e.build_id = p + 36;
		}
		str = (const char *)p + 64, strmax = n - 64;
		break;
	case FK_PD_COMM:
		if (n < 8 + 1)
			goto bad;
		e.pid = fk_load_u32(p), e.tid = fk_load_u32(p + 4);
		str = (const char *)p + 8, strmax = n - 8;
		break;
	case FK_PD_FORK:
	case FK_PD_EXIT:
		if (n < 24)
			goto bad;
		e.pid = fk_load_u32(p), e.ppid = fk_load_u32(p + 4), e.tid = fk_load_u32(p + 8), e.ptid = fk_load_u32(p + 12);
		e.time = fk_load_u64(p + 16);
		break;
	case FK_PD_LOST:
		if (n < 16)
			goto bad;
		e.lost = fk_load_u64(p + 8);
		d->st.lost += e.lost;
		break;
	case FK_PD_LOST_SAMPLES:
		if (n < 8)
			goto bad;
		e.lost = fk_load_u64(p);
		d->st.lost += e.lost;
		break;
	default:
		return;
	}
	if (str != NULL) {
		/* The string is NUL-terminated within the record (and padded), or damaged. */
		if (memchr(str, '\0', strmax) == NULL)
			goto bad;
		e.str = str;
		uint64_t t;
		read_id_trailer(d, p, n, &t, NULL, NULL);
		e.time = t;
	}
	if (d->h->event)
		d->h->event(d->h->ctx, &e);
	return;
bad:
	d->st.bad++;
	if (d->st.bad <= 10)
		fk_warn(d->name, 0, "byte offset %llu: record of type %u too short (%u bytes); skipped",
		    (unsigned long long)offset, type, size);
}

/* The time a record sorts by. */
static uint64_t
record_time(struct fk_pd *d, const unsigned char *rec)
{
	uint32_t type = fk_load_u32(rec);
	size_t n = fk_load_u16(rec + 6) - 8u;
	const unsigned char *p = rec + 8;
	uint64_t t = 0;
	if (type == FK_PD_SAMPLE) {
		struct fk_pd_attr *a = sample_attr(d, p, n);
		if (a == NULL || !(a->sample_type & FK_PD_S_TIME))
			return 0;
		uint64_t st = a->sample_type;
		size_t at = 8 * (!!(st & FK_PD_S_IDENTIFIER) + !!(st & FK_PD_S_IP) + !!(st & FK_PD_S_TID));
		return at + 8 <= n ? fk_load_u64(p + at) : 0;
	}
	read_id_trailer(d, p, n, &t, NULL, NULL);
	return t;
}

static int
qent_cmp(const void *a, const void *b)
{
	const struct qent *x = a, *y = b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Hand on the queued records of time <= limit, in time order; keep the rest. */
static void
queue_flush(struct fk_pd *d, uint64_t limit)
{
	if (d->nq == 0)
		return;
	qsort(d->q, d->nq, sizeof(*d->q), qent_cmp);
	size_t i = 0;
	const unsigned char *base = d->map ? d->map : d->qbuf;
	for (; i < d->nq && d->q[i].time <= limit; i++)
		deliver(d, base + d->q[i].at, d->q[i].offset);
	if (i == d->nq) {
		d->nq = 0;
		d->qlen = 0;
		return;
	}
	if (d->map) {
		/* The records stay where they are in the file. */
		memmove(d->q, d->q + i, (d->nq - i) * sizeof(*d->q));
		d->nq -= i;
		return;
	}
	/* Compact what waits for the next round. */
	unsigned char *nb = fk_xmalloc(d->qcap);
	size_t len = 0;
	for (size_t k = i; k < d->nq; k++) {
		size_t sz = fk_load_u16(d->qbuf + d->q[k].at + 6);
		memcpy(nb + len, d->qbuf + d->q[k].at, sz);
		d->q[k - i] = d->q[k];
		d->q[k - i].at = len;
		len += sz;
	}
	free(d->qbuf);
	d->qbuf = nb;
	d->qlen = len;
	d->nq -= i;
}

static void
queue_add(struct fk_pd *d, const unsigned char *rec, uint64_t offset)
{
	size_t sz = fk_load_u16(rec + 6);
	FK_GROW(d->q, d->capq, d->nq + 1, 1024);
	uint64_t t = record_time(d, rec);
	if (d->map) {
		d->q[d->nq++] = (struct qent){ t, d->seq++, offset, (size_t)offset };
	} else {
		FK_GROW(d->qbuf, d->qcap, d->qlen + sz, 1u << 16);
		memcpy(d->qbuf + d->qlen, rec, sz);
		d->q[d->nq++] = (struct qent){ t, d->seq++, offset, d->qlen };
		d->qlen += sz;
	}
	if (t > d->round_max)
		d->round_max = t;
}

/* Mapped: the lowest file offset a queued record (or the reading, at pos) still needs. */
static uint64_t
queue_low(const struct fk_pd *d, uint64_t pos)
{
	uint64_t low = pos;
	for (size_t k = 0; k < d->nq; k++)
		if (d->q[k].at < low)
			low = d->q[k].at;
	return low;
}

/* Pipe layout: attributes, features and build-ids come as records. */
static void
header_record(struct fk_pd *d, uint32_t type, const unsigned char *rec, size_t size,
    uint64_t offset)
{
	const unsigned char *p = rec + 8;
	size_t n = size - 8;
	if (type == REC_HEADER_ATTR) {
		size_t asz = n >= 8 ? fk_load_u32(p + 4) : 0;
		if (asz == 0)
			asz = ATTR_SIZE_VER0;
		if (asz > n) {
			fk_warn(d->name, 0, "byte offset %llu: attribute record cut short; skipped",
			    (unsigned long long)offset);
			d->st.bad++;
			return;
		}
		struct fk_pd_attr *a = add_attr(d, p, asz);
		attr_add_ids(a, p + asz, (n - asz) / 8);
	} else if (type == REC_HEADER_BUILD_ID) {
		add_buildid(d, rec, size);
	} else if (type == REC_HEADER_FEATURE && n >= 8) {
		read_feature(d, (unsigned)fk_load_u64(p), p + 8, n - 8, offset);
	}
}

/* One record read whole: dispatch by type. */
static void
record(struct fk_pd *d, const unsigned char *rec, uint64_t offset)
{
	uint32_t type = fk_load_u32(rec);
	uint16_t size = fk_load_u16(rec + 6);
	if (type < FK_PD_NTYPES)
		d->st.records[type]++;
	if (!known_type(type)) {
		d->st.unknown++;
		if (type >= 256 || !(d->unknown_seen[type / 64] & (1ull << (type % 64)))) {
			if (type < 256)
				d->unknown_seen[type / 64] |= 1ull << (type % 64);
			fk_warn(d->name, 0, "byte offset %llu: unknown record type %u (%u bytes); skipped",
			    (unsigned long long)offset, type, size);
		}
		return;
	}
	switch (type) {
	case FK_PD_SAMPLE:
	case FK_PD_MMAP:
	case FK_PD_MMAP2:
	case FK_PD_COMM:
	case FK_PD_FORK:
	case FK_PD_EXIT:
	case FK_PD_LOST:
	case FK_PD_LOST_SAMPLES:
		if (d->ordered)
			queue_add(d, rec, offset);
		else
			deliver(d, rec, offset);
		return;
	case REC_FINISHED_ROUND:
		queue_flush(d, d->prev_round_max);
		d->prev_round_max = d->round_max;
		if (d->map)
			map_release(d, queue_low(d, offset));
		return;
	case REC_HEADER_ATTR:
	case REC_HEADER_BUILD_ID:
	case REC_HEADER_FEATURE:
		header_record(d, type, rec, size, offset);
		return;
	case REC_COMPRESSED:
		d->st.compressed++;
		if (d->st.compressed == 1)
			fk_warn(d->name, 0, "byte offset %llu: compressed records (perf record -z) are "
			    "not read; their samples are left out (perf inject -i FILE -o OUT "
			    "decompresses)", (unsigned long long)offset);
		return;
	default:
		d->st.skipped++;
		return;
	}
}

/*
 * Data that follows some records outside their size: @return how many bytes
 * to skip after the record.
 */
static uint64_t
trailing_bytes(uint32_t type, const unsigned char *rec, size_t size)
{
	if (type == REC_HEADER_TRACING_DATA && size >= 12)
		return ((uint64_t)fk_load_u32(rec + 8) + 7) & ~7ull;
	if (type == REC_AUXTRACE && size >= 16)
		return fk_load_u64(rec + 8);
	return 0;
}

int
fk_pd_read(struct fk_pd *d, const struct fk_pd_handler *h,
    void (*progress)(void *ctx, uint64_t bytes), void *progress_ctx)
{
	uint64_t pos = d->pipe_mode ? d->pos : d->data_off;
	uint64_t end = d->pipe_mode ? UINT64_MAX : d->data_end;
	uint64_t tick = 0;
	unsigned char *rec = d->rec;

	d->h = h;
	/* Without time stamps on every record there is no order to restore. */
	if (!d->pipe_mode && (d->attrs[0].sample_type & FK_PD_S_TIME) == 0)
		d->ordered = 0;
	for (;;) {
		if (progress && (++tick & 0x3fff) == 0)
			progress(progress_ctx, pos);
		if (!d->pipe_mode && pos >= end)
			break;
		ssize_t r;
		if (d->map) {
			/* In place: the bounds below are those of the mapping. */
			map_ahead(d, pos);
			rec = (unsigned char *)d->map + pos;
			r = end - pos < 8 ? (ssize_t)(end - pos) : 8;
		} else if (d->pipe_mode) {
			r = read_next(d, rec, 8);
		} else {
			size_t want = end - pos < 8 ? (size_t)(end - pos) : 8;
			r = read_data(d, rec, want, pos);
		}
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		if (r < 8) {
			fk_warn(d->name, 0, "byte offset %llu: the input ends inside a record header "
			    "(truncated)", (unsigned long long)pos);
			d->st.cut_short = 1;
			break;
		}
		uint32_t type = fk_load_u32(rec);
		uint16_t size = fk_load_u16(rec + 6);
		if (size < 8) {
			fk_warn(d->name, 0, "byte offset %llu: record of type %u with size %u; the rest "
			    "of the data cannot be told apart and is skipped", (unsigned long long)pos,
			    type, size);
			d->st.bad++;
			d->st.cut_short = 1;
			break;
		}
		if (!d->pipe_mode && size > end - pos) {
			fk_warn(d->name, 0, "byte offset %llu: record of type %u and %u bytes runs past "
			    "the end of the data (%llu)%s", (unsigned long long)pos, type, size,
			    (unsigned long long)end, d->open_ended ? " (truncated)" : "; the rest is skipped");
			d->st.bad++;
			d->st.cut_short = 1;
			break;
		}
		r = d->map ? (ssize_t)(size - 8u) : d->pipe_mode ? read_next(d, rec + 8, size - 8u) :
		    read_data(d, rec + 8, size - 8u, pos + 8);
		if (r < 0)
			return -1;
		if (r < (ssize_t)(size - 8u)) {
			fk_warn(d->name, 0, "byte offset %llu: the input ends inside a record of type %u "
			    "(truncated)", (unsigned long long)pos, type);
			d->st.cut_short = 1;
			break;
		}
		record(d, rec, pos);
		uint64_t extra = trailing_bytes(type, rec, size);
		pos += size;
		if (extra) {
			if (d->pipe_mode ? skip_next(d, extra) < 0 : extra > end - pos) {
				fk_warn(d->name, 0, "byte offset %llu: the data after a record of type %u "
				    "runs past the end of the input", (unsigned long long)pos, type);
				d->st.cut_short = 1;
				break;
			}
			pos += extra;
		}
	}
	queue_flush(d, UINT64_MAX);
	d->st.bytes = pos;
	if (progress)
		progress(progress_ctx, pos);
	return 0;
}
