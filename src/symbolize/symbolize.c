/*
 * symbolize.c -- the symbolizer: kallsyms, perf JIT maps and demangling,
 * address frames handed to ELF modules (elfmod.c), with a cache per frame.
 */
#include "symbolize/symbolize.h"
#include "symbolize/symbolize_internal.h"
#include "symbolize/buildid.h"
#include "symbolize/debugfind.h"

#include <elfutils/libdwfl.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "symbolize/demangle.h"
#include "core/error.h"
#include "core/folded.h"
#include "core/folded_header.h"
#include "core/hash.h"
#include "core/stack_table.h"
#include "core/bigmem.h"
#include "symbolize/symmap.h"
#include "core/util.h"

/* Kernel addresses start here on x86-64 and arm64. */
#define KERNEL_START 0xffff800000000000ULL

struct fk_symbolizer *
fk_symbolizer_new(const struct fk_symbolize_opts *opts)
{
	struct fk_symbolizer *s = fk_xcalloc(1, sizeof *s);
	s->o = *opts;
	fk_arena_init(&s->arena, 1 << 16);
	s->kallsyms_status = -1;
	/*
	 * libdwfl's search path: user directories first, then the module's
	 * own directory, its .debug subdirectory and /usr/lib/debug (each
	 * absolute entry is also searched by build-id).  The leading '-'
	 * skips the CRC check of .gnu_debuglink files: build-ids decide.
	 */
	size_t n = 64;
	char **abs = fk_xcalloc(opts->ndebug + 1, sizeof *abs);
	for (size_t i = 0; i < opts->ndebug; i++) {
		/* libdwfl searches by build-id only under absolute directories. */
		abs[i] = realpath(opts->debug_dirs[i], NULL);
		if (abs[i] == NULL)
			abs[i] = fk_xstrdup(opts->debug_dirs[i]);
		n += strlen(abs[i]) + 1;
	}
	s->debugpath = fk_xmalloc(n);
	strcpy(s->debugpath, "-");
	for (size_t i = 0; i < opts->ndebug; i++) {
		strcat(s->debugpath, abs[i]);
		strcat(s->debugpath, ":");
		free(abs[i]);
	}
	free(abs);
	strcat(s->debugpath, ":.debug:/usr/lib/debug");
	s->cb.find_elf = dwfl_build_id_find_elf;
	s->cb.find_debuginfo = fk__find_debuginfo;
	s->cb.section_address = dwfl_offline_section_address;
	s->cb.debuginfo_path = &s->debugpath;
	s->capcache = 1024;
	s->cache = fk_bigmem_alloc(s->capcache * sizeof *s->cache);
	return s;
}

void
fk_symbolizer_free(struct fk_symbolizer *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nmods; i++)
		fk__module_release(&s->mods[i]);
	free(s->mods);
	for (size_t i = 0; i < s->npmaps; i++)
		fk_symmap_free(s->pmaps[i].map);
	free(s->pmaps);
	fk_symmap_free(s->kallsyms);
	fk_bigmem_free(s->cache, s->capcache * sizeof *s->cache);
	free(s->buf);
	free(s->debugpath);
	fk_arena_release(&s->arena);
	free(s);
}

uint64_t
fk_symbolizer_modules(const struct fk_symbolizer *s)
{
	return s->opened;
}
static FILE *
fopen_regular(const char *path)
{
	int fd = fk__open_regular(path);
	if (fd < 0)
		return NULL;
	FILE *fp = fdopen(fd, "r");
	if (fp == NULL)
		close(fd);
	return fp;
}
static int
load_kallsyms(struct fk_symbolizer *s)
{
	if (s->kallsyms_status >= 0)
		return s->kallsyms_status;
	const char *path = s->o.kallsyms ? s->o.kallsyms : "/proc/kallsyms";
	/* /proc/kallsyms reports size 0 but is read like a regular file. */
	int fd = fk__open_regular(path);
	s->kallsyms_status = FK_SYM_MISSING;
	if (fd < 0)
		return s->kallsyms_status;
	s->kallsyms = fk_symmap_new();
	size_t bad;
	int rc = fk_symmap_load_kallsyms(s->kallsyms, fd, &bad);
	close(fd);
	if (rc < 0) {
		fk_error_clear();
		return s->kallsyms_status;
	}
	if (fk_symmap_size(s->kallsyms) == 0 || fk_symmap_restricted(s->kallsyms))
		s->kallsyms_status = FK_SYM_NOSYMS;
	else
		s->kallsyms_status = FK_SYM_RESOLVED;
	return s->kallsyms_status;
}

static int
resolve_symmap(struct fk_symbolizer *s, struct fk_symmap *map, uint64_t addr,
    const char *annot, size_t annotlen)
{
	size_t n;
	const char *name = fk_symmap_lookup(map, addr, &n);
	if (name == NULL)
		return FK_SYM_RANGE;
	s->len = 0;
	char *d = s->o.demangle ? fk_demangle(name, n) : NULL;
	if (d != NULL) {
		fk__buf_name(s, d, strlen(d));
		free(d);
	} else {
		fk__buf_name(s, name, n);
	}
	fk__buf_add(s, annot, annotlen);
	return FK_SYM_RESOLVED;
}

static struct fk_symmap *
perfmap_get(struct fk_symbolizer *s, long pid)
{
	for (size_t i = 0; i < s->npmaps; i++)
		if (s->pmaps[i].pid == pid)
			return s->pmaps[i].map;
	s->pmaps = fk_xrealloc(s->pmaps, (s->npmaps + 1) * sizeof *s->pmaps);
	struct pidmap *p = &s->pmaps[s->npmaps++];
	p->pid = pid;
	p->map = NULL;
	char path[PATH_MAX];
	int n = snprintf(path, sizeof path, "%s/perf-%ld.map",
	    s->o.perf_map_dir ? s->o.perf_map_dir : "/tmp", pid);
	if (n < 0 || (size_t)n >= sizeof path)
		return NULL;
	FILE *fp = fopen_regular(path);
	if (fp == NULL)
		return NULL;
	p->map = fk_symmap_new();
	size_t bad;
	if (fk_symmap_read_perfmap(p->map, fp, &bad) < 0) {
		fk_error_clear();
	}
	fclose(fp);
	return p->map;
}

/* "perf-PID.map" at the end of a module name: the pid, else -1. */
static long
perfmap_pid(const char *mod, size_t n)
{
	const char *b = mod + n;
	while (b > mod && b[-1] != '/')
		b--;
	size_t bn = (size_t)(mod + n - b);
	if (bn < 10 || memcmp(b, "perf-", 5) != 0 || memcmp(mod + n - 4, ".map", 4) != 0)
		return -1;
	long pid = 0;
	for (const char *p = b + 5; p < mod + n - 4; p++) {
		if (!fk_is_digit(*p) || pid > 100000000)
			return -1;
		pid = pid * 10 + (*p - '0');
	}
	return pid;
}

long
fk_symbolize_root_pid(const char *frame, size_t len)
{
	const char *e = frame + len;
	const char *p = e;
	while (p > frame && fk_is_digit(p[-1]))
		p--;
	if (p > frame && p < e && p[-1] == '/') {
		/* comm-PID/TID: skip the thread id */
		e = p - 1;
		p = e;
		while (p > frame && fk_is_digit(p[-1]))
			p--;
	}
	if (p == e || p == frame || p[-1] != '-' || e - p > 9)
		return -1;
	long pid = 0;
	for (; p < e; p++)
		pid = pid * 10 + (*p - '0');
	return pid;
}

struct addr_frame {
	const char *mod;
	size_t modlen;
	uint64_t addr;
	int by_base;            /* Perl style: module given by base name */
	size_t annotlen;        /* trailing "_[x]" kept */
	const char *name;       /* NAME'MODULE+0xADDR': perf's name, else NULL */
	size_t namelen;
	const char *bid;        /* NAME'MODULE+0xADDR@BUILDID': the build-id */
	size_t bidlen;
};

static int
hexval(const char *p, const char *e, uint64_t *out)
{
	if (p == e || e - p > 16)
		return -1;
	uint64_t v = 0;
	for (; p < e; p++) {
		unsigned c = (unsigned char)*p;
		if (c >= '0' && c <= '9')
			v = v << 4 | (c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v << 4 | (c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v << 4 | (c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t
annotation_len(const char *f, size_t n)
{
	if (n > 4 && f[n - 4] == '_' && f[n - 3] == '[' && f[n - 1] == ']' &&
	    strchr("kjiw", f[n - 2]) != NULL)
		return 4;
	return 0;
}

/* Recognise the two address encodings.  @return 1 when f is one. */
static int
parse_addr_frame(const char *f, size_t n, struct addr_frame *a)
{
	a->annotlen = annotation_len(f, n);
	a->name = NULL;
	a->namelen = 0;
	a->bid = NULL;
	a->bidlen = 0;
	size_t m = n - a->annotlen;
	/*
	 * NAME'MODULE+0xHEX' or NAME'MODULE+0xHEX@BUILDID' (flame-collapse
	 * --keep-addrs): NAME is a tidied perf name, which never holds a
	 * quote, so the first quote ends it; the address is the hex run before
	 * the closing quote, or before "@BUILDID".
	 */
	const char *q = m >= 6 && f[m - 1] == '\'' ? memchr(f, '\'', m - 1) : NULL;
	if (q != NULL) {
		const char *e = f + m - 1, *h = e;
		while (h > q + 1 && fk_is_xdigit(h[-1]))
			h--;
		if (h > q + 1 && h[-1] == '@') {
			if (!fk_buildid_valid(h, (size_t)(e - h)))
				return 0;
			a->bid = h;
			a->bidlen = (size_t)(e - h);
			e = h - 1;
			for (h = e; h > q + 1 && fk_is_xdigit(h[-1]);)
				h--;
		}
		if (h - (q + 1) < 4 || h[-1] != 'x' || h[-2] != '0' || h[-3] != '+' ||
		    hexval(h, e, &a->addr) < 0)
			return 0;
		a->name = f;
		a->namelen = (size_t)(q - f);
		a->mod = q + 1;
		a->modlen = (size_t)(h - 3 - (q + 1));
		a->by_base = 0;
		return 1;
	}
	if (m > 5 && f[0] == '[' && f[m - 1] == ']' && f[m - 2] == '>') {
		const char *lt = NULL;
		for (size_t i = m - 2; i-- > 1;)
			if (f[i] == '<' && f[i - 1] == ' ') {
				lt = f + i;
				break;
			}
		if (lt != NULL && lt - 1 > f + 1 &&
		    hexval(lt + 1, f + m - 2, &a->addr) == 0) {
			a->mod = f + 1;
			a->modlen = (size_t)(lt - 1 - (f + 1));
			a->by_base = 1;
			return 1;
		}
	}
	/* MODULE+0xHEX, MODULE a path or a [bracketed] name */
	if (m > 4 && (f[0] == '/' || f[0] == '[')) {
		for (size_t i = m; i-- > 1;) {
			if (f[i] == '+')
				break;
			if (f[i] == 'x' && f[i - 1] == '0' && i >= 2 && f[i - 2] == '+') {
				if (hexval(f + i + 1, f + m, &a->addr) < 0)
					return 0;
				a->mod = f;
				a->modlen = i - 2;
				a->by_base = 0;
				return a->modlen > 0;
			}
		}
	}
	return 0;
}

static int
is_kernel_mod(const char *mod, size_t n)
{
	return (n == 17 && memcmp(mod, "[kernel.kallsyms]", 17) == 0) ||
	    (n >= 9 && memcmp(mod, "[kernel.", 8) == 0);
}

static int
is_unknown_mod(const char *mod, size_t n)
{
	return (n == 9 && memcmp(mod, "[unknown]", 9) == 0) ||
	    (n == 7 && memcmp(mod, "unknown", 7) == 0);
}

static int resolve_addr(struct fk_symbolizer *s, const struct addr_frame *a,
    const char *annot, long pid, int *pid_used);

/*
 * Resolve uncached: sets s->buf on success, and for an unresolved
 * NAME'MODULE+0xADDR' frame to its fallback (*fallback set).
 */
static int
resolve(struct fk_symbolizer *s, const char *f, size_t n, long pid, int *pid_used,
    int *fallback)
{
	struct addr_frame a;
	*pid_used = 0;
	*fallback = 0;
	if (!parse_addr_frame(f, n, &a)) {
		if (s->o.demangle && n > 2 && f[0] == '_' && (f[1] == 'Z' || f[1] == 'R')) {
			char *d = fk_demangle(f, n);
			if (d == NULL)
				return FK_SYM_PLAIN;
			s->len = 0;
			fk__buf_name(s, d, strlen(d));
			free(d);
			return FK_SYM_RESOLVED;
		}
		return FK_SYM_PLAIN;
	}
	const char *annot = f + n - a.annotlen;
	int st = resolve_addr(s, &a, annot, pid, pid_used);
	if (st != FK_SYM_RESOLVED && a.name != NULL) {
		/* Never a bare address: perf's own name, demangled like a plain frame. */
		char *d = s->o.demangle && a.namelen > 2 && a.name[0] == '_' &&
		    (a.name[1] == 'Z' || a.name[1] == 'R') ? fk_demangle(a.name, a.namelen) : NULL;
		s->len = 0;
		if (d != NULL)
			fk__buf_name(s, d, strlen(d));
		else
			fk__buf_add(s, a.name, a.namelen);
		free(d);
		fk__buf_add(s, annot, a.annotlen);
		*fallback = 1;
	}
	return st;
}

static int
resolve_addr(struct fk_symbolizer *s, const struct addr_frame *ap, const char *annot,
    long pid, int *pid_used)
{
	const struct addr_frame a = *ap;
	if (is_kernel_mod(a.mod, a.modlen) ||
	    (is_unknown_mod(a.mod, a.modlen) && a.addr >= KERNEL_START)) {
		/* vmlinux names the kernel proper; kallsyms its modules too. */
		if (s->o.vmlinux != NULL) {
			struct module *m = fk__module_get(s, s->o.vmlinux, strlen(s->o.vmlinux), 0,
			    NULL, 0);
			if (m->status == FK_SYM_RESOLVED &&
			    fk__resolve_elf_addr(s, m, a.addr, annot, a.annotlen) == FK_SYM_RESOLVED)
				return FK_SYM_RESOLVED;
		}
		int st = load_kallsyms(s);
		if (st != FK_SYM_RESOLVED)
			return st;
		return resolve_symmap(s, s->kallsyms, a.addr, annot, a.annotlen);
	}
	long mpid = perfmap_pid(a.mod, a.modlen);
	if (mpid < 0 && is_unknown_mod(a.mod, a.modlen) && a.name == NULL) {
		*pid_used = 1;
		mpid = pid;
	}
	if (mpid >= 0 || is_unknown_mod(a.mod, a.modlen)) {
		struct fk_symmap *map = mpid >= 0 ? perfmap_get(s, mpid) : NULL;
		if (map == NULL)
			return FK_SYM_MISSING;
		return resolve_symmap(s, map, a.addr, annot, a.annotlen);
	}
	if (a.modlen == 0 || a.mod[0] == '[')
		return FK_SYM_MISSING;   /* [vdso], [heap] and the like */
	struct module *m = fk__module_get(s, a.mod, a.modlen, a.by_base, a.bid, a.bidlen);
	if (m->status != FK_SYM_RESOLVED)
		return m->status;
	return fk__resolve_elf(s, m, a.addr, annot, a.annotlen);
}

static void
cache_grow(struct fk_symbolizer *s)
{
	size_t ncap = s->capcache * 2;
	/* Large tables are huge-page mappings: a fault per 2 MiB, not per 4 KiB. */
	struct cached *nc = fk_bigmem_alloc(ncap * sizeof *nc);
	for (size_t i = 0; i < s->capcache; i++) {
		if (s->cache[i].key == NULL)
			continue;
		size_t j = s->cache[i].hash & (ncap - 1);
		while (nc[j].key != NULL)
			j = (j + 1) & (ncap - 1);
		nc[j] = s->cache[i];
	}
	fk_bigmem_free(s->cache, s->capcache * sizeof *s->cache);
	s->cache = nc;
	s->capcache = ncap;
}

static int
may_use_pid(const char *f, size_t n)
{
	/* Only [unknown] frames depend on the stack's pid. */
	return n > 7 && (memcmp(f, "[unknown", 8) == 0 || memcmp(f, "unknown", 7) == 0);
}

int
fk_symbolizer_frame(struct fk_symbolizer *s, const char *frame, size_t len,
    long pid, const char **out, size_t *outlen)
{
	long kpid = may_use_pid(frame, len) ? pid : -1;
	uint64_t h = fk_hash_bytes(frame, len, (uint64_t)kpid);
	size_t i = h & (s->capcache - 1);
	for (; s->cache[i].key != NULL; i = (i + 1) & (s->capcache - 1)) {
		struct cached *c = &s->cache[i];
		if (c->hash == h && c->keylen == len && c->pid == kpid &&
		    memcmp(c->key, frame, len) == 0) {
			*out = c->out;
			*outlen = c->outlen;
			return c->status;
		}
	}
	int pid_used, fallback;
	int st = resolve(s, frame, len, pid, &pid_used, &fallback);
	if (2 * (s->ncache + 1) > s->capcache) {
		cache_grow(s);
		i = h & (s->capcache - 1);
		while (s->cache[i].key != NULL)
			i = (i + 1) & (s->capcache - 1);
	}
	struct cached *c = &s->cache[i];
	c->hash = h;
	c->pid = kpid;
	c->key = fk_arena_strndup(&s->arena, frame, len);
	c->keylen = len;
	c->status = st;
	c->out = NULL;
	c->outlen = 0;
	if (st == FK_SYM_RESOLVED || fallback) {
		c->out = fk_arena_strndup(&s->arena, s->buf ? s->buf : "", s->len);
		c->outlen = s->len;
	}
	s->ncache++;
	*out = c->out;
	*outlen = c->outlen;
	return st;
}

struct run {
	struct fk_symbolizer *s;
	struct fk_stack_table *t;
	struct fk_symbolize_stats *st;
	char *buf;
	size_t cap;
};

static int
on_stack(void *ctx, char *stack, size_t len, const struct fk_num *counts, int ncols)
{
	struct run *r = ctx;
	if (r->t == NULL)
		r->t = fk_stack_table_new(ncols);
	double w = fk_num_double(counts[0]);
	if (ncols == 2)
		w += fk_num_double(counts[1]);
	r->st->lines++;
	r->st->total_weight += w;

	long pid = -1;
	size_t pos = 0, olen = 0;
	const char *f;
	size_t fl;
	int first = 1;
	int why_seen[FK_SYM_NWHY] = { 0 };
	while (fk_folded_next_frame(stack, len, &pos, &f, &fl)) {
		if (first)
			pid = fk_symbolize_root_pid(f, fl);
		const char *rep = f;
		size_t rlen = fl;
		const char *o;
		size_t on;
		int sst = fk_symbolizer_frame(r->s, f, fl, pid, &o, &on);
		if (sst == FK_SYM_RESOLVED) {
			rep = o;
			rlen = on;
			if (f[0] == '_')
				r->st->demangled++;
			else {
				r->st->frames++;
				r->st->resolved++;
			}
		} else if (sst != FK_SYM_PLAIN) {
			if (o != NULL) {
				rep = o;
				rlen = on;
			}
			r->st->frames++;
			r->st->unresolved[sst]++;
			why_seen[sst] = 1;
		}
		FK_GROW(r->buf, r->cap, olen + rlen + 2, 4096);
		if (!first)
			r->buf[olen++] = ';';
		memcpy(r->buf + olen, rep, rlen);
		olen += rlen;
		first = 0;
	}
	for (int k = 0; k < FK_SYM_NWHY; k++)
		if (why_seen[k])
			r->st->weight[k] += w;
	return fk_stack_table_add(r->t, r->buf ? r->buf : "", olen, counts);
}

/* Write where libdwfl looks for debug files of a module that has none. */
static void
debug_search_text(const struct fk_symbolizer *s, FILE *fp)
{
	fputs("debug files by build-id and .gnu_debuglink under ", fp);
	for (size_t i = 0; i < s->o.ndebug; i++)
		fprintf(fp, "%s, ", s->o.debug_dirs[i]);
	fputs("the module's directory and its .debug/, /usr/lib/debug", fp);
	const char *urls = getenv("DEBUGINFOD_URLS");
	if (urls != NULL && *urls != '\0')
		fprintf(fp, ", debuginfod (%s)", urls);
	else
		fputs("; debuginfod not asked (DEBUGINFOD_URLS unset)", fp);
}

/* The notes of fk_symbolize_stats: modules left without names and why. */
static char *
module_notes(const struct fk_symbolizer *s, struct fk_symbolize_stats *st)
{
	enum { MAXLINES = 20 };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	if (fp == NULL)
		return NULL;
	size_t lines = 0, more = 0;
	for (size_t i = 0; i < s->nmods; i++) {
		const struct module *m = &s->mods[i];
		if (m->fetched)
			st->fetched++;
		if (m->status == FK_SYM_RESOLVED && m->unnamed == 0)
			continue;
		if (lines++ >= MAXLINES) {
			more++;
			continue;
		}
		fprintf(fp, "%s%s%s: ", m->key, m->bid ? " build-id " : "", m->bid ? m->bid : "");
		switch (m->status) {
		case FK_SYM_RESOLVED:
			fprintf(fp, "%" PRIu64 " addresses outside every symbol of %s (%s); ",
			    m->unnamed, m->symsrc ? m->symsrc : "its symbol table", m->path);
			debug_search_text(s, fp);
			break;
		case FK_SYM_NOSYMS:
			fprintf(fp, "no symbols in %s; ", m->path ? m->path : m->key);
			debug_search_text(s, fp);
			break;
		case FK_SYM_BUILDID:
			fprintf(fp, "the file differs from the recorded build; looked in %s",
			    m->looked ? m->looked : m->key);
			break;
		default:
			fprintf(fp, "not found; looked in %s", m->looked ? m->looked : m->key);
			break;
		}
		fputc('\n', fp);
	}
	if (more > 0)
		fprintf(fp, "and %zu more modules\n", more);
	if (s->kallsyms != NULL && fk_symmap_restricted(s->kallsyms))
		fprintf(fp, "kernel: %s shows every address as 0 (kernel.kptr_restrict): "
		    "symbolize as root, set kernel.kptr_restrict=0, or give --kallsyms or --vmlinux\n",
		    s->o.kallsyms ? s->o.kallsyms : "/proc/kallsyms");
	if (st->fetched > 0) {
		fprintf(fp, "debuginfod supplied debug files for %" PRIu64 " modules:", st->fetched);
		for (size_t i = 0; i < s->nmods; i++)
			if (s->mods[i].fetched)
				fprintf(fp, " %s", s->mods[i].key);
		fputc('\n', fp);
	}
	fclose(fp);
	return buf;
}

void
fk_symbolize_stats_release(struct fk_symbolize_stats *st)
{
	free(st->notes);
	st->notes = NULL;
}

int
fk_symbolize_run(const struct fk_symbolize_opts *opts,
    const struct fk_input *in, size_t nin, FILE *out,
    struct fk_symbolize_stats *st)
{
	/* Every operand failed to open: there is nothing to write, not an empty result. */
	if (nin == 0)
		return fk_error("no input could be read");
	struct fk_symbolize_stats local;
	if (st == NULL)
		st = &local;
	memset(st, 0, sizeof *st);
	struct run r = { .s = fk_symbolizer_new(opts), .st = st };
	int ncols = 0;
	struct fk_folded_stats fst = { 0 };
	fst.header = fk_folded_header_new();
	int rc = fk_folded_read(in, nin, &ncols, on_stack, &r, &fst);
	st->distinct = r.s->ncache;
	st->modules = r.s->opened;
	st->notes = module_notes(r.s, st);
	if (rc == 0)
		fk_folded_header_write(fst.header, out);
	if (rc == 0 && r.t != NULL)
		rc = fk_stack_table_write(r.t, out, 1);
	else if (rc == 0 && ferror(out))
		rc = fk_error_errno(errno, "cannot write", "output");
	fk_folded_header_free(fst.header);
	fk_stack_table_free(r.t);
	fk_symbolizer_free(r.s);
	free(r.buf);
	if (st == &local)
		fk_symbolize_stats_release(&local);
	return rc;
}

char *
fk_symbolize_summary(const struct fk_symbolize_stats *st, char *buf, size_t size)
{
	static const char *const why[FK_SYM_NWHY] = {
		[FK_SYM_MISSING] = "module missing",
		[FK_SYM_NOSYMS] = "no symbols",
		[FK_SYM_RANGE] = "address out of range",
		[FK_SYM_UNNAMED] = "no symbol at address",
		[FK_SYM_BUILDID] = "module differs from recorded build",
	};
	uint64_t left = 0;
	for (int k = 1; k < FK_SYM_NWHY; k++)
		left += st->unresolved[k];
	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (left == 0)
		return buf;
	size_t n = 0;
	int w = snprintf(buf, size, "%" PRIu64 " of %" PRIu64 " address frames unresolved",
	    left, st->frames);
	for (int k = 1; k < FK_SYM_NWHY && w >= 0 && (n += (size_t)w) < size; k++) {
		if (st->unresolved[k] == 0) {
			w = 0;
			continue;
		}
		double pct = st->total_weight > 0 ? 100.0 * st->weight[k] / st->total_weight : 0;
		double wt = st->weight[k];
		int whole = wt < 1e15 && wt == (double)(uint64_t)wt;
		w = snprintf(buf + n, size - n, whole
		    ? "; %s: %" PRIu64 " frames in stacks of weight %.0f (%.1f%%)"
		    : "; %s: %" PRIu64 " frames in stacks of weight %.6g (%.1f%%)",
		    why[k], st->unresolved[k], wt, pct);
	}
	return buf;
}
