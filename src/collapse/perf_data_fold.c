/*
 * perf_data_fold.c -- fold a perf.data input: samples to frames to the
 * `perf script` parser.
 *
 * Each sample is written as the text `perf script --no-inline -F
 * comm,pid,tid,time,period,event,ip,sym,symoff,dso` would print for it
 * and handed to the text parser line by line, so that every option
 * (--kernel, --addrs, --keep-addrs, --inline, the event filter, ...)
 * names frames exactly as it does for perf script text.  The text of a
 * frame is made once per distinct (module, address) and cached; the
 * parser then caches its work per distinct line as it always does.
 *
 * Names are perf's: a user address is looked up in the map its thread's
 * process had at the sample's time, as the module file's offset
 * (address - map start + map offset), in that file's symbols (the
 * symbolizer: ELF symbols, debug files, perf's build-id cache,
 * debuginfod); kernel addresses in kallsyms; addresses in anonymous
 * executable maps in /tmp/perf-PID.map.
 */
#include "collapse/perf_data.h"
#include "collapse/perf_internal.h"
#include "collapse/perf_proc.h"
#include "collapse/perf_unwind.h"
#include "core/bigmem.h"
#include "core/util.h"
#include "symbolize/buildid.h"
#include "symbolize/debugfind.h"
#include "symbolize/symbolize.h"

#include <fcntl.h>
#include <gelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* perf script's default callchain depth (kernel.perf_event_max_stack). */
#define MAX_STACK 127

enum frame_kind { FK_FRAME_USER = 1, FK_FRAME_KERNEL, FK_FRAME_NOMAP, FK_FRAME_ANON };

struct fl_slot {
	uint64_t a, b;          /* kind << 56 | pid or dso, address */
	const char *line;       /* "ADDR SYM (DSO)", NUL-terminated; NULL: empty slot */
	uint32_t len;
};

/* What is known about a module file (struct fk_proc_dso.user). */
struct dso_info {
	char bid[2 * 20 + 1];   /* build-id recorded for it (hex), "" when none */
	unsigned char bidbin[20];
	size_t bidlen;
	char *printed;          /* the name perf prints for it */
	char *unwind_path;      /* the file the unwinder reads (a build-id cache copy) */
	int unwind_known;       /* unwind_path was looked for */
	int eh_frame_hdr;       /* the unwinder's file has .eh_frame_hdr: 1, 0, -1 not known */
	int eh_known;
	uint64_t frames, unnamed;
	int status;             /* the symbolizer's last status for it */
	int warned;
};

struct fold {
	struct parser *p;
	const struct fk_perf_opts *opt;
	struct fk_pd *pd;
	struct fk_proc *proc;
	struct fk_symbolizer *sym;
	struct sbuf text, key;
	struct fk_arena arena;
	struct fl_slot *fl;
	size_t flmask, nfl;
	struct dso_info **infos;
	size_t ninfos;
	struct fk_symbolize_opts so;
	fk_unwinder *unw;       /* made at the first DWARF sample */
	struct fk_unwind_map *umaps;
	size_t cap_umaps;
	int kernel_ok;          /* kallsyms (running or cached) fits the recorded kernel */
	char kallsyms[PATH_MAX];
	uint64_t samples;
	uint64_t dwarf_samples;
};

/* ---- names -------------------------------------------------------------- */

static void
hex_of(const unsigned char *id, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[id[i] >> 4];
		out[2 * i + 1] = digits[id[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Append s, with bytes that would break a line of text made blanks. */
static void
add_clean(struct sbuf *b, const char *s, size_t n)
{
	size_t at = b->n;
	sbuf_add(b, s, n);
	for (size_t k = at; k < b->n; k++)
		if ((unsigned char)b->s[k] < 0x20 || b->s[k] == 0x7f)
			b->s[k] = ' ';
}

/* The name perf prints for a kernel module file: "[name]" without ".ko". */
static char *
kernel_module_name(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	if (b[0] == '[')
		return fk_xstrdup(b);
	size_t n = strcspn(b, ".");
	char *s = fk_xmalloc(n + 3);
	s[0] = '[';
	memcpy(s + 1, b, n);
	s[n + 1] = ']';
	s[n + 2] = '\0';
	for (char *c = s; *c; c++)
		if (*c == '-')
			*c = '_';
	return s;
}

static struct dso_info *
dso_info(struct fold *f, uint32_t idx)
{
	struct fk_proc_dso *d = fk_proc_dso_at(f->proc, idx);
	if (d->user)
		return d->user;
	struct dso_info *in = fk_xcalloc(1, sizeof(*in));
	if (d->build_id_len) {
		in->bidlen = d->build_id_len;
		memcpy(in->bidbin, d->build_id, d->build_id_len);
	} else {
		size_t nb;
		const struct fk_pd_buildid *b = fk_pd_buildids(f->pd, &nb);
		for (size_t i = 0; i < nb; i++)
			if (strcmp(b[i].path, d->path) == 0) {
				in->bidlen = b[i].len > sizeof in->bidbin ? sizeof in->bidbin : b[i].len;
				memcpy(in->bidbin, b[i].id, in->bidlen);
				break;
			}
	}
	hex_of(in->bidbin, in->bidlen, in->bid);
	in->printed = fk_xstrdup(d->path);
	/* --inline and --keep-addrs=all read the file recorded, as names do. */
	if (in->bid[0] && d->path[0] == '/')
		fk__perf_recorded_buildid(f->p, d->path, in->bid);
	d->user = in;
	f->infos = fk_xrealloc(f->infos, (f->ninfos + 1) * sizeof(*f->infos));
	f->infos[f->ninfos++] = in;
	return in;
}

/*
 * The symbol the symbolizer finds for frame text key (MODULE+0xADDR[@BID]),
 * into b; @return the status.
 */
static int
lookup(struct fold *f, const char *key, size_t n, long pid, struct sbuf *b)
{
	const char *out = NULL;
	size_t on = 0;
	int st = fk_symbolizer_frame(f->sym, key, n, pid, &out, &on);
	if (st == FK_SYM_RESOLVED && out != NULL && on > 0) {
		add_clean(b, out, on);
		sbuf_adds(b, "+0x0");
	} else {
		sbuf_adds(b, "[unknown]");
	}
	return st;
}

static void
warn_module(struct fold *f, struct dso_info *in, const char *path, int st)
{
	if (in->warned || st == FK_SYM_RESOLVED || st == FK_SYM_UNNAMED || st == FK_SYM_RANGE)
		return;
	in->warned = 1;
	if (st == FK_SYM_BUILDID)
		fk_warn(fk_pd_name(f->pd), 0, "'%s' on this machine is not the file that was "
		    "recorded (build-id %s), and no copy was found by build-id: its frames stay "
		    "[unknown]", path, in->bid);
}

/* The text of one frame, "ADDR SYM (DSO)", made on first sight. */
static void
frame_text(struct fold *f, int kind, int pid, const struct fk_proc_map *m, uint64_t ip,
    struct sbuf *b)
{
	char num[64];
	struct sbuf *k = &f->key;
	b->n = 0;
	k->n = 0;
	if (kind == FK_FRAME_KERNEL) {
		snprintf(num, sizeof num, "%llx ", (unsigned long long)ip);
		sbuf_adds(b, num);
		const char *dso = "[kernel.kallsyms]";
		struct dso_info *in = NULL;
		if (m != NULL) {
			in = dso_info(f, m->dso);
			dso = in->printed;
		}
		if (f->kernel_ok) {
			snprintf(num, sizeof num, "[kernel.kallsyms]+0x%llx", (unsigned long long)ip);
			int st = lookup(f, num, strlen(num), -1, b);
			if (in) {
				in->frames++;
				in->unnamed += st != FK_SYM_RESOLVED;
			}
		} else {
			sbuf_adds(b, "[unknown]");
		}
		sbuf_adds(b, " (");
		sbuf_adds(b, dso);
		sbuf_adds(b, ")");
		return;
	}
	if (kind == FK_FRAME_NOMAP) {
		snprintf(num, sizeof num, "%llx [unknown] ([unknown])", (unsigned long long)ip);
		sbuf_adds(b, num);
		return;
	}
	struct fk_proc_dso *d = fk_proc_dso_at(f->proc, m->dso);
	struct dso_info *in = dso_info(f, m->dso);
	if (kind == FK_FRAME_ANON) {
		/* perf names an anonymous executable map after the JIT's symbol file. */
		char map[64];
		snprintf(map, sizeof map, "/tmp/perf-%d.map", pid);
		snprintf(num, sizeof num, "%llx ", (unsigned long long)ip);
		sbuf_adds(b, num);
		sbuf_adds(k, map);
		snprintf(num, sizeof num, "+0x%llx", (unsigned long long)ip);
		sbuf_adds(k, num);
		lookup(f, k->s, k->n, pid, b);
		sbuf_adds(b, " (");
		sbuf_adds(b, map);
		sbuf_adds(b, ")");
		return;
	}
	uint64_t rel = ip - m->start + m->pgoff;
	snprintf(num, sizeof num, "%llx ", (unsigned long long)rel);
	sbuf_adds(b, num);
	/* The form that carries the build-id: NAME'MODULE+0xADDR@BUILDID' (symbolize.h). */
	sbuf_adds(k, "[unknown]'");
	sbuf_adds(k, d->path);
	snprintf(num, sizeof num, "+0x%llx", (unsigned long long)rel);
	sbuf_adds(k, num);
	if (in->bid[0]) {
		sbuf_adds(k, "@");
		sbuf_adds(k, in->bid);
	}
	sbuf_adds(k, "'");
	int st = lookup(f, k->s, k->n, pid, b);
	in->frames++;
	in->unnamed += st != FK_SYM_RESOLVED;
	in->status = st;
	warn_module(f, in, d->path, st);
	sbuf_adds(b, " (");
	add_clean(b, in->printed, strlen(in->printed));
	sbuf_adds(b, ")");
}

/* ---- the frame cache ---------------------------------------------------- */

static uint64_t
fl_hash(uint64_t a, uint64_t b)
{
	uint64_t h = (a ^ (b * 0x9e3779b97f4a7c15ULL)) * 0xff51afd7ed558ccdULL;
	return h ^ (h >> 29);
}

static void
fl_grow(struct fold *f)
{
	size_t om = f->flmask;
	struct fl_slot *old = f->fl;
	f->flmask = om * 2 + 1;
	/* Large tables are huge-page mappings: a fault per 2 MiB, not per 4 KiB. */
	f->fl = fk_bigmem_alloc((f->flmask + 1) * sizeof(*f->fl));
	for (size_t i = 0; i <= om; i++) {
		if (!old[i].line)
			continue;
		size_t j = fl_hash(old[i].a, old[i].b) & f->flmask;
		while (f->fl[j].line)
			j = (j + 1) & f->flmask;
		f->fl[j] = old[i];
	}
	fk_bigmem_free(old, (om + 1) * sizeof(*old));
}

/* Append the frame line of ip (in cpumode) of the sample's process to the sample text. */
static void
add_frame(struct fold *f, int pid, int cpumode, uint64_t ip)
{
	int kind;
	const struct fk_proc_map *m = NULL;
	uint64_t a, b = ip;
	if (cpumode == FK_PD_CPUMODE_KERNEL || cpumode == FK_PD_CPUMODE_GUEST_KERNEL) {
		kind = FK_FRAME_KERNEL;
		m = fk_proc_find_map(f->proc, FK_PROC_KERNEL_PID, ip);
		a = (uint64_t)kind << 56 | (m ? m->dso + 1u : 0);
	} else {
		m = fk_proc_find_map(f->proc, pid, ip);
		if (m == NULL) {
			kind = FK_FRAME_NOMAP;
			a = (uint64_t)kind << 56;
		} else if (fk_proc_dso_at(f->proc, m->dso)->anon) {
			kind = FK_FRAME_ANON;
			a = (uint64_t)kind << 56 | (uint32_t)pid;
		} else {
			kind = FK_FRAME_USER;
			a = (uint64_t)kind << 56 | m->dso;
			b = ip - m->start + m->pgoff;
		}
	}
	size_t j = fl_hash(a, b) & f->flmask;
	while (f->fl[j].line) {
		if (f->fl[j].a == a && f->fl[j].b == b)
			goto found;
		j = (j + 1) & f->flmask;
	}
	struct sbuf line = { 0 };
	frame_text(f, kind, pid, m, ip, &line);
	f->fl[j].a = a;
	f->fl[j].b = b;
	f->fl[j].line = fk_arena_strndup(&f->arena, line.s, line.n);
	f->fl[j].len = (uint32_t)line.n;
	free(line.s);
	const char *text = f->fl[j].line;
	uint32_t len = f->fl[j].len;
	if (++f->nfl * 2 > f->flmask)
		fl_grow(f);
	sbuf_add(&f->text, "\t", 1);
	sbuf_add(&f->text, text, len);
	sbuf_add(&f->text, "\n", 1);
	return;
found:
	sbuf_add(&f->text, "\t", 1);
	sbuf_add(&f->text, f->fl[j].line, f->fl[j].len);
	sbuf_add(&f->text, "\n", 1);
}

/* ---- samples ------------------------------------------------------------- */

/*
 * The file the unwinder reads for module d: its own path when that file
 * has the recorded build-id (or none was recorded), else a copy in perf's
 * build-id cache with it, else its own path (the unwinder then counts it
 * as a file with the wrong build-id and leaves it out).
 */
static const char *
unwind_path(struct fold *f, uint32_t idx)
{
	struct fk_proc_dso *d = fk_proc_dso_at(f->proc, idx);
	struct dso_info *in = dso_info(f, idx);
	if (in->unwind_known)
		return in->unwind_path ? in->unwind_path : d->path;
	in->unwind_known = 1;
	char hex[FK_BUILDID_MAX + 1];
	if (!in->bid[0] || d->path[0] != '/' || (fk_buildid_read(d->path, hex) &&
	    strcmp(hex, in->bid) == 0))
		return d->path;
	struct fk_candidate *c;
	size_t n = fk_buildid_candidates(&f->so, in->bid, &c);
	for (size_t i = 0; i < n; i++) {
		if (!in->unwind_path && !c[i].debug && fk_buildid_read(c[i].path, hex) &&
		    strcmp(hex, in->bid) == 0) {
			char *abs = realpath(c[i].path, NULL);
			in->unwind_path = abs ? abs : fk_xstrdup(c[i].path);
		}
		free(c[i].path);
	}
	free(c);
	return in->unwind_path ? in->unwind_path : d->path;
}

/* Has the ELF file at path a .eh_frame_hdr section: 1, 0, or -1 when unreadable. */
static int
has_eh_frame_hdr(const char *path)
{
	int fd = fk_open_regular_fd(path);
	if (fd < 0)
		return -1;
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	size_t shstrndx;
	int r = -1;
	if (e != NULL && elf_kind(e) == ELF_K_ELF && elf_getshdrstrndx(e, &shstrndx) == 0) {
		r = 0;
		for (Elf_Scn *scn = NULL; r == 0 && (scn = elf_nextscn(e, scn)) != NULL;) {
			GElf_Shdr sh;
			const char *n = gelf_getshdr(scn, &sh) ? elf_strptr(e, shstrndx, sh.sh_name) : NULL;
			r = n != NULL && strcmp(n, ".eh_frame_hdr") == 0;
		}
	}
	elf_end(e);
	close(fd);
	return r;
}

/*
 * Does perf's unwinder stop at a frame at ip?  Debian's perf unwinds with
 * libunwind, which finds a module's CFI only through its .eh_frame_hdr
 * section: a module file without one (a static program linked without
 * --eh-frame-hdr, as gcc -static links) ends the chain with its frame.
 */
static int
unwind_stops_at(struct fold *f, int pid, uint64_t ip)
{
	const struct fk_proc_map *m = fk_proc_find_map(f->proc, pid, ip);
	if (m == NULL || fk_proc_dso_at(f->proc, m->dso)->anon)
		return 0;
	struct dso_info *in = dso_info(f, m->dso);
	if (!in->eh_known) {
		in->eh_known = 1;
		in->eh_frame_hdr = has_eh_frame_hdr(unwind_path(f, m->dso));
	}
	return in->eh_frame_hdr == 0;
}

/*
 * The user part of a --call-graph dwarf sample, unwound from its registers
 * and stack copy with the maps its process had then, innermost first into
 * ips.  As perf does before it stores such a chain, a caller frame's
 * return address is made return address - 1, inside the call, so that
 * names, lines and inlined callers are the caller's.  @return how many;
 * 0 leaves the callchain perf stored (kernel frames and the user IP).
 */
static size_t
unwind_user(struct fold *f, const struct fk_pd_sample *s, int pid, int tid, uint64_t *ips,
    size_t max)
{
	if (pid < 0 || s->nregs == 0)
		return 0;
	if (f->unw == NULL && (f->unw = fk_unwinder_create()) == NULL)
		return 0;
	size_t nm;
	uint64_t gen;
	const struct fk_proc_map *m = fk_proc_maps(f->proc, pid, &nm, &gen);
	if (nm > f->cap_umaps) {
		f->cap_umaps = nm * 2;
		f->umaps = fk_xrealloc(f->umaps, f->cap_umaps * sizeof(*f->umaps));
	}
	for (size_t i = 0; i < nm; i++) {
		struct fk_unwind_map *u = &f->umaps[i];
		struct fk_proc_dso *d = fk_proc_dso_at(f->proc, m[i].dso);
		u->start = m[i].start;
		u->end = m[i].end;
		u->pgoff = m[i].pgoff;
		if (d->anon) {
			u->path = NULL;
			u->build_id = NULL;
			u->build_id_len = 0;
			continue;
		}
		struct dso_info *in = dso_info(f, m[i].dso);
		u->path = unwind_path(f, m[i].dso);
		u->build_id = in->bidlen ? in->bidbin : NULL;
		u->build_id_len = in->bidlen;
	}
	struct fk_unwind_sample us = {
		.pid = pid, .tid = tid,
		.regs_mask = s->attr->regs_user, .abi = s->regs_abi,
		.regs = s->regs,
		.stack = s->stack, .stack_size = s->stack_size,
		.maps = f->umaps, .nmaps = nm,
		.maps_generation = gen,
	};
	unsigned char act[MAX_STACK];
	size_t n = fk_unwind_user_frames(f->unw, &us, ips, act, max < MAX_STACK ? max : MAX_STACK);
	int stopped = 0;
	for (size_t i = 0; i < n && !stopped; i++)
		if (unwind_stops_at(f, pid, ips[i])) {
			n = i + 1;
			stopped = 1;
		}
	for (size_t i = 0; i < n; i++)
		if (!act[i])
			ips[i]--;
	/*
	 * A stack copy too short for the stack: perf (with libunwind) ends the
	 * chain with a frame at address 0, less 1 as a caller's, "[unknown]".
	 */
	if (n > 0 && n < max && !stopped && fk_unwind_cut_short(f->unw))
		ips[n++] = UINT64_MAX;
	return n;
}

static int
marker_mode(uint64_t m, int cur)
{
	switch (m) {
	case FK_PD_CONTEXT_HV:
		return FK_PD_CPUMODE_HV;
	case FK_PD_CONTEXT_KERNEL:
		return FK_PD_CPUMODE_KERNEL;
	case FK_PD_CONTEXT_USER:
		return FK_PD_CPUMODE_USER;
	case FK_PD_CONTEXT_GUEST_KERNEL:
		return FK_PD_CPUMODE_GUEST_KERNEL;
	case FK_PD_CONTEXT_GUEST_USER:
		return FK_PD_CPUMODE_GUEST_USER;
	default:
		return cur;
	}
}

/* Hand the sample's text to the parser, a line at a time. */
static void
feed(struct fold *f)
{
	const char *s = f->text.s;
	size_t n = f->text.n;
	while (n > 0) {
		const char *nl = memchr(s, '\n', n);
		size_t len = nl ? (size_t)(nl - s) : n;
		fk__perf_parser_line(f->p, s, len);
		if (!nl)
			break;
		n -= len + 1;
		s = nl + 1;
	}
}

static void
on_sample(void *ctx, const struct fk_pd_sample *s)
{
	struct fold *f = ctx;
	char head[128];
	int pid = (s->attr->sample_type & FK_PD_S_TID) ? (int)s->pid : -1;
	int tid = (s->attr->sample_type & FK_PD_S_TID) ? (int)s->tid : -1;
	int cpumode = s->misc & FK_PD_CPUMODE_MASK;

	f->samples++;
	f->text.n = 0;
	add_clean(&f->text, fk_proc_thread_comm(f->proc, pid, tid),
	    strlen(fk_proc_thread_comm(f->proc, pid, tid)));
	snprintf(head, sizeof head, " %d/%d %llu.%06llu: %llu ", pid, tid,
	    (unsigned long long)(s->time / 1000000000u),
	    (unsigned long long)(s->time % 1000000000u / 1000u), (unsigned long long)s->period);
	sbuf_adds(&f->text, head);
	add_clean(&f->text, s->attr->name, strlen(s->attr->name));
	sbuf_adds(&f->text, ":");
	if (s->chain == NULL) {
		/*
		 * Without a call graph perf script prints the frame on the event
		 * line, with the sample's own address.
		 */
		size_t at = f->text.n;
		add_frame(f, pid, cpumode, s->ip);
		const char *sp = memchr(f->text.s + at, ' ', f->text.n - at);
		size_t rest = sp ? (size_t)(f->text.s + f->text.n - sp) : 0;
		char *tail = fk_xmalloc(rest + 1);
		memcpy(tail, sp, rest);
		f->text.n = at;
		snprintf(head, sizeof head, " %llx", (unsigned long long)s->ip);
		sbuf_adds(&f->text, head);
		sbuf_add(&f->text, tail, rest);
		free(tail);
		sbuf_adds(&f->text, "\n");
		feed(f);
		return;
	}
	sbuf_adds(&f->text, "\n");

	int dwarf = s->regs_abi != 0 && s->stack != NULL;
	uint64_t ips[MAX_STACK];
	size_t nips = dwarf ? unwind_user(f, s, pid, tid, ips, MAX_STACK) : 0;
	if (dwarf)
		f->dwarf_samples++;
	size_t entries = 0;
	int mode = cpumode, user_seen = 0;
	for (uint64_t i = 0; i < s->nchain && entries < MAX_STACK; i++) {
		uint64_t ip = fk_pd_chain_ip(s, i);
		if (ip >= FK_PD_CONTEXT_MAX) {
			mode = marker_mode(ip, mode);
			continue;
		}
		int user = mode == FK_PD_CPUMODE_USER || mode == FK_PD_CPUMODE_GUEST_USER;
		if (user && nips > 0)
			break;   /* the unwound user frames replace the stored ones */
		user_seen |= user;
		entries++;
		add_frame(f, pid, mode, ip);
	}
	if (nips > 0) {
		for (size_t i = 0; i < nips && entries < MAX_STACK; i++, entries++)
			add_frame(f, pid, FK_PD_CPUMODE_USER, ips[i]);
	} else if (dwarf && !user_seen && entries < MAX_STACK &&
	    (cpumode == FK_PD_CPUMODE_USER || cpumode == FK_PD_CPUMODE_GUEST_USER)) {
		/* perf stored no user callchain for a DWARF sample: the IP is its first frame. */
		add_frame(f, pid, FK_PD_CPUMODE_USER, s->ip);
	}
	sbuf_adds(&f->text, "\n");
	feed(f);
}

static void
on_event(void *ctx, const struct fk_pd_event *e)
{
	struct fold *f = ctx;
	switch (e->type) {
	case FK_PD_COMM:
		fk_proc_comm(f->proc, (int)e->pid, (int)e->tid, e->str);
		break;
	case FK_PD_FORK:
		fk_proc_fork(f->proc, (int)e->pid, (int)e->ppid, (int)e->tid, (int)e->ptid);
		break;
	case FK_PD_EXIT:
		fk_proc_exit(f->proc, (int)e->pid, (int)e->tid);
		break;
	case FK_PD_MMAP:
	case FK_PD_MMAP2: {
		int kernel = (e->misc & FK_PD_CPUMODE_MASK) == FK_PD_CPUMODE_KERNEL ||
		    (e->misc & FK_PD_CPUMODE_MASK) == FK_PD_CPUMODE_GUEST_KERNEL;
		int pid = kernel ? FK_PROC_KERNEL_PID : (int)e->pid;
		fk_proc_mmap(f->proc, pid, e->start, e->len, e->pgoff, e->str, e->build_id,
		    e->build_id_len);
		if (kernel) {
			/* perf prints the kernel image as [kernel.kallsyms], modules as [name]. */
			const struct fk_proc_map *m = fk_proc_find_map(f->proc, pid, e->start);
			struct dso_info *in = m ? dso_info(f, m->dso) : NULL;
			if (in != NULL) {
				free(in->printed);
				in->printed = strncmp(e->str, "[kernel.kallsyms]", 17) == 0 ||
				    strstr(e->str, "vmlinux") != NULL ? fk_xstrdup("[kernel.kallsyms]") :
				    kernel_module_name(e->str);
			}
		}
		break;
	}
	default:
		break;
	}
}

/* ---- the kernel ------------------------------------------------------------ */

/* The running kernel's build-id (hex) from /sys/kernel/notes, or "". */
static void
running_kernel_buildid(char *hex)
{
	unsigned char buf[4096];
	hex[0] = '\0';
	int fd = open("/sys/kernel/notes", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t n = read(fd, buf, sizeof buf);
	close(fd);
	for (size_t at = 0; n > 0 && at + 12 <= (size_t)n;) {
		uint32_t namesz, descsz, type;
		memcpy(&namesz, buf + at, 4);
		memcpy(&descsz, buf + at + 4, 4);
		memcpy(&type, buf + at + 8, 4);
		size_t name_at = at + 12, desc_at = name_at + ((namesz + 3u) & ~3u);
		if (desc_at > (size_t)n || descsz > (size_t)n - desc_at)
			return;
		if (type == 3 && namesz == 4 && memcmp(buf + name_at, "GNU", 4) == 0 && descsz <= 20) {
			hex_of(buf + desc_at, descsz, hex);
			return;
		}
		at = desc_at + ((descsz + 3u) & ~3u);
	}
}

/*
 * Which kallsyms names the recorded kernel: the copy perf record keeps in
 * its build-id cache (as perf prefers it), else the running kernel's when
 * the build-ids agree (or none was recorded); none: kernel frames stay
 * [unknown].
 */
static void
choose_kallsyms(struct fold *f, struct fk_symbolize_opts *so)
{
	size_t nb;
	const struct fk_pd_buildid *b = fk_pd_buildids(f->pd, &nb);
	char rec[41] = "", run[41];
	for (size_t i = 0; i < nb; i++)
		if (strcmp(b[i].path, "[kernel.kallsyms]") == 0)
			hex_of(b[i].id, b[i].len, rec);
	f->kernel_ok = 1;
	if (f->opt->kallsyms != NULL) {
		so->kallsyms = f->opt->kallsyms;
		return;
	}
	if (!rec[0])
		return;
	const char *dir = getenv("PERF_BUILDID_DIR");
	const char *home = getenv("HOME");
	int n = dir && *dir ? snprintf(f->kallsyms, sizeof f->kallsyms,
	    "%s/[kernel.kallsyms]/%s/kallsyms", dir, rec) :
	    snprintf(f->kallsyms, sizeof f->kallsyms, "%s/.debug/[kernel.kallsyms]/%s/kallsyms",
	    home ? home : "", rec);
	struct stat sb;
	if (n > 0 && (size_t)n < sizeof f->kallsyms && stat(f->kallsyms, &sb) == 0 &&
	    S_ISREG(sb.st_mode)) {
		so->kallsyms = f->kallsyms;
		return;
	}
	running_kernel_buildid(run);
	if (!run[0] || strcmp(run, rec) == 0)
		return;
	f->kernel_ok = 0;
	fk_warn(fk_pd_name(f->pd), 0, "recorded on another kernel (build-id %s) and its kallsyms "
	    "is not in perf's build-id cache: kernel frames stay [unknown]", rec);
}

/* ---- the input ------------------------------------------------------------- */

static void
progress(void *ctx, uint64_t bytes)
{
	struct fold *f = ctx;
	const struct fk_perf_opts *o = f->opt;
	o->progress(o->progress_ctx, f->p->st->bytes + bytes, f->p->st->samples, 0);
}

/* Lines for -v: events, samples, lost samples, modules without symbols. */
static void
notes(struct fold *f, struct fk_perf_stats *st)
{
	struct sbuf b = { 0 };
	char line[512];
	size_t na;
	struct fk_pd_attr *a = fk_pd_attrs(f->pd, &na);
	const struct fk_pd_stats *ps = fk_pd_stats(f->pd);
	if (st->notes)
		sbuf_adds(&b, st->notes);
	for (size_t i = 0; i < na; i++) {
		snprintf(line, sizeof line, "%s: event '%s': %llu sample%s\n", fk_pd_name(f->pd),
		    a[i].name, (unsigned long long)a[i].samples, a[i].samples == 1 ? "" : "s");
		sbuf_adds(&b, line);
	}
	if (ps->lost) {
		snprintf(line, sizeof line, "%s: %llu sample%s lost while recording\n",
		    fk_pd_name(f->pd), (unsigned long long)ps->lost, ps->lost == 1 ? "" : "s");
		sbuf_adds(&b, line);
	}
	if (ps->skipped || ps->unknown) {
		snprintf(line, sizeof line, "%s: %llu record%s that do not matter here skipped, "
		    "%llu of unknown types\n", fk_pd_name(f->pd), (unsigned long long)ps->skipped,
		    ps->skipped == 1 ? "" : "s", (unsigned long long)ps->unknown);
		sbuf_adds(&b, line);
	}
	if (f->dwarf_samples) {
		struct fk_unwind_stats us = { 0 };
		if (f->unw)
			fk_unwinder_stats(f->unw, &us);
		snprintf(line, sizeof line, "%s: %llu DWARF sample%s: %llu unwound past the user IP, "
		    "%llu with the IP only, %llu left as perf stored them\n", fk_pd_name(f->pd),
		    (unsigned long long)f->dwarf_samples, f->dwarf_samples == 1 ? "" : "s",
		    (unsigned long long)(us.samples - us.samples_ip_only),
		    (unsigned long long)us.samples_ip_only,
		    (unsigned long long)(f->dwarf_samples - us.samples));
		sbuf_adds(&b, line);
		snprintf(line, sizeof line, "%s: unwinding: %llu module%s read, %llu file%s "
		    "unreadable, %llu with another build-id than recorded\n", fk_pd_name(f->pd),
		    (unsigned long long)us.modules_reported, us.modules_reported == 1 ? "" : "s",
		    (unsigned long long)us.files_unreadable, us.files_unreadable == 1 ? "" : "s",
		    (unsigned long long)us.files_wrong_build_id);
		sbuf_adds(&b, line);
	}
	for (size_t i = 0; i < fk_proc_ndsos(f->proc); i++) {
		struct fk_proc_dso *d = fk_proc_dso_at(f->proc, (uint32_t)i);
		struct dso_info *in = d->user;
		if (in == NULL || in->frames == 0 || in->unnamed != in->frames)
			continue;
		snprintf(line, sizeof line, "%s: no symbols for %s (%llu frame%s)\n",
		    fk_pd_name(f->pd), in->printed, (unsigned long long)in->frames,
		    in->frames == 1 ? "" : "s");
		sbuf_adds(&b, line);
	}
	free(st->notes);
	st->notes = b.s;
}

int
fk__perf_data_input(struct parser *p, const struct fk_input *in, const char *name)
{
	struct fold f;
	memset(&f, 0, sizeof f);
	f.p = p;
	f.opt = p->opt;
	f.pd = fk_pd_open(in, name);
	if (f.pd == NULL)
		return -1;
	f.proc = fk_proc_new();
	fk_arena_init(&f.arena, 1u << 16);
	f.flmask = 1023;
	f.fl = fk_bigmem_alloc((f.flmask + 1) * sizeof(*f.fl));
	/* perf shows a .dynsym name with its version: so does its text, so do we. */
	struct fk_symbolize_opts so = { .demangle = 1, .symbol_versions = 1 };
	choose_kallsyms(&f, &so);
	f.so = so;
	f.sym = fk_symbolizer_new(&so);

	p->file = name;
	p->lineno = 0;
	struct fk_pd_handler h = { on_sample, on_event, &f };
	int rc = fk_pd_read(f.pd, &h, p->opt->progress ? progress : NULL, &f);
	const struct fk_pd_stats *ps = fk_pd_stats(f.pd);
	p->st->bytes += ps->bytes;
	p->st->cut_short += (uint64_t)ps->cut_short;
	p->st->data_bad += ps->bad + ps->unknown + ps->compressed;
	notes(&f, p->st);
	sample_end(p);
	p->file = NULL;

	for (size_t i = 0; i < f.ninfos; i++) {
		free(f.infos[i]->printed);
		free(f.infos[i]->unwind_path);
		free(f.infos[i]);
	}
	free(f.infos);
	fk_unwinder_free(f.unw);
	free(f.umaps);
	fk_bigmem_free(f.fl, (f.flmask + 1) * sizeof(*f.fl));
	free(f.text.s);
	free(f.key.s);
	fk_arena_release(&f.arena);
	fk_symbolizer_free(f.sym);
	fk_proc_free(f.proc);
	fk_pd_free(f.pd);
	return rc;
}
