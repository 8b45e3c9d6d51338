/*
 * perf_frame.c -- frame lines: Perl's frame rules, and the cache that does
 * them once per distinct frame line.
 *
 * A frame line ("\t    4005d6 leaf+0x12 (/tmp/prog)") is split into address,
 * function and module; the function's pieces (inline chains "a->b") are
 * tidied as stackcollapse-perf.pl tidies them and interned.  The ids are
 * cached under the line's text, so that the next time the line comes the
 * work is one lookup (frame_line_lookup(), perf_internal.h).
 */
#include "collapse/perf_internal.h"
#include "core/symname.h"
#include "core/util.h"
#include "symbolize/buildid.h"
#include "symbolize/symbolize.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* ---- Perl's frame rules ------------------------------------------------ */

/* Does mod name a JIT map, /tmp/perf-DIGITS.map (unanchored, like the Perl match)? */
static int
is_perf_map(const char *mod, size_t n)
{
	for (size_t i = 0; i + 10 <= n; i++) {
		if (memcmp(mod + i, "/tmp/perf-", 10) != 0)
			continue;
		size_t k = i + 10, d = k;
		while (k < n && is_digit((unsigned char)mod[k]))
			k++;
		if (k > d && k + 4 <= n && memcmp(mod + k, ".map", 4) == 0)
			return 1;
	}
	return 0;
}

/* The first "ab" in s[0, n), or NULL: memchr(3) is much quicker than memmem(3) at this. */
static const char *
find_pair(const char *s, size_t n, char a, char b)
{
	const char *end = s + n;
	while (n >= 2) {
		const char *c = memchr(s, a, n - 1);
		if (c == NULL)
			return NULL;
		if (c[1] == b)
			return c;
		s = c + 1;
		n = (size_t)(end - s);
	}
	return NULL;
}

static int
contains(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	return m <= n && memmem(s, n, needle, m) != NULL;
}

static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);
	return m <= n && memcmp(s + n - m, suffix, m) == 0;
}

/* The file name of a module path. */
static const char *
base_name(const char *mod, size_t n, size_t *bn)
{
	const char *slash = memrchr(mod, '/', n);
	const char *b = slash ? slash + 1 : mod;
	*bn = n - (size_t)(b - mod);
	return b;
}

/*
 * A code file that perf inject --jit writes from a jitdump:
 * DIR/jitted-PID-INDEX.so (DIR is the dump's, /tmp or ~/.debug/jit/...).
 */
static int
is_jitdump_so(const char *mod, size_t n)
{
	size_t bn;
	const char *b = base_name(mod, n, &bn);
	if (bn < 7 + 1 + 1 + 1 + 3 || memcmp(b, "jitted-", 7) != 0 || !ends_with(b, bn, ".so"))
		return 0;
	size_t k = 7, d = k;
	while (k < bn && is_digit((unsigned char)b[k]))
		k++;
	if (k == d || k >= bn || b[k] != '-')
		return 0;
	d = ++k;
	while (k < bn && is_digit((unsigned char)b[k]))
		k++;
	return k > d && k + 3 == bn;
}

/*
 * Perl's kernel test: a module in brackets ("[kernel.kallsyms]",
 * "[nf_conntrack]") or a path ending in "vmlinux", not "[unknown]".
 */
static int
is_kernel_perl(const char *mod, size_t n)
{
	return ((n > 0 && mod[0] == '[') || ends_with(mod, n, "vmlinux")) &&
	    !contains(mod, n, "unknown");
}

/*
 * Kernel files the Perl test misses: a versioned image, as debug packages
 * install it (/usr/lib/debug/boot/vmlinux-6.1.0-13-amd64), and module
 * files, compressed or not (.../mlx5_core.ko, .ko.xz, .ko.zst, .ko.gz).
 */
static int
is_kernel_file(const char *mod, size_t n)
{
	size_t bn;
	const char *b = base_name(mod, n, &bn);
	if (bn > 8 && memcmp(b, "vmlinux", 7) == 0 && (b[7] == '-' || b[7] == '_' || b[7] == '.')) {
		for (size_t k = 8; k < bn; k++)
			if (!is_word((unsigned char)b[k]) && b[k] != '.' && b[k] != '-' && b[k] != '+')
				return 0;
		return 1;
	}
	static const char *const ko[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	for (size_t i = 0; i < sizeof ko / sizeof ko[0]; i++)
		if (bn > strlen(ko[i]) && ends_with(b, bn, ko[i]))
			return 1;
	return 0;
}

/* Go method names such as "net/http.(*Client).Do" keep their parentheses. */
static int
looks_like_go_method(const char *s, size_t n)
{
	const char *a = find_pair(s, n, '.', '(');
	if (!a)
		return 0;
	size_t from = (size_t)(a - s) + 2;
	for (size_t j = n; j >= from + 2; j--) {
		if (s[j - 2] == ')' && s[j - 1] == '.')
			return 1;
	}
	return 0;
}

static int
is_anon_ns(const char *s, size_t n)
{
	return n >= 21 && memcmp(s, "(anonymous namespace)", 21) == 0;
}

/* Perl's rule: cut at the first "(" that does not open "(anonymous namespace)". */
static size_t
cut_params_perl(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '(' && !is_anon_ns(s + i, n - i))
			return i;
	return n;
}

struct frame_parts {
	const char *pc, *func, *mod;
	size_t pclen, funclen, modlen;
};

/*
 * A frame line starts with blanks, the address (a word) and blanks: set
 * *i, *j and *fstart to where the address starts and ends and where the
 * name starts.  @return 0 when there is no address.
 */
static int
frame_line_head(const char *s, size_t n, size_t *i, size_t *j, size_t *fstart)
{
	size_t a = 0;
	while (a < n && is_space((unsigned char)s[a]))
		a++;
	size_t b = a;
	while (b < n && is_word((unsigned char)s[b]))
		b++;
	size_t f = b;
	while (f < n && is_space((unsigned char)s[f]))
		f++;
	*i = a;
	*j = b;
	*fstart = f;
	return b > a;
}

/* Emulate Perl's /^\s*(\w+)\s*(.+) \((.*)\)/ exactly. */
static int
split_frame_perl(const char *s, size_t n, struct frame_parts *fp)
{
	size_t i, j, fstart;
	if (!frame_line_head(s, n, &i, &j, &fstart))
		return 0;
	const char *rp = NULL;
	for (size_t k = n; k > 0; k--)
		if (s[k - 1] == ')') {
			rp = s + k - 1;
			break;
		}
	if (!rp)
		return 0;
	size_t last = (size_t)(rp - s);
	/* The last " (" with room for the module before the last ")". */
	size_t K = 0;
	int found = 0;
	for (size_t kk = last >= 2 ? last - 2 : 0; kk > i; kk--) {
		if (s[kk] == ' ' && s[kk + 1] == '(') {
			K = kk;
			found = 1;
			break;
		}
	}
	if (!found)
		return 0;
	size_t pcend = j;
	if (K < fstart + 1) {
		/* Backtrack: the function takes the char just before " (". */
		if (K < i + 2)
			return 0;
		fstart = K - 1;
		if (pcend > fstart)
			pcend = fstart;
	}
	fp->pc = s + i;
	fp->pclen = pcend - i;
	fp->func = s + fstart;
	fp->funclen = K - fstart;
	fp->mod = s + K + 2;
	fp->modlen = last - (K + 2);
	return 1;
}

/*
 * "ADDRESS SYMBOL" without a module, as perf script -F ip,sym prints it:
 * the address must be hex, and the whole rest is the symbol.
 */
static int
split_frame_no_module(const char *s, size_t n, struct frame_parts *fp)
{
	size_t i, j, fstart, e = n;
	while (e > 0 && is_space((unsigned char)s[e - 1]))
		e--;
	if (!frame_line_head(s, e, &i, &j, &fstart) || fstart >= e || fstart == j)
		return 0;
	for (size_t k = i; k < j; k++)
		if (!is_hex((unsigned char)s[k]))
			return 0;
	fp->pc = s + i;
	fp->pclen = j - i;
	fp->func = s + fstart;
	fp->funclen = e - fstart;
	fp->mod = s + e;
	fp->modlen = 0;
	return 1;
}

/* The module is the balanced parenthesised group that ends the line. */
static int
split_frame_fixed(const char *s, size_t n, struct frame_parts *fp)
{
	size_t e = n;
	while (e > 0 && is_space((unsigned char)s[e - 1]))
		e--;
	if (e == 0 || s[e - 1] != ')')
		return split_frame_perl(s, n, fp) || split_frame_no_module(s, n, fp);
	int depth = 0;
	size_t open = 0;
	int ok = 0;
	for (size_t k = e; k > 0; k--) {
		char c = s[k - 1];
		if (c == ')')
			depth++;
		else if (c == '(' && --depth == 0) {
			open = k - 1;
			ok = 1;
			break;
		}
	}
	size_t i, j, fstart;
	if (!ok || !frame_line_head(s, n, &i, &j, &fstart) || open < 1 || s[open - 1] != ' ' || open - 1 < fstart + 1)
		return split_frame_perl(s, n, fp);
	fp->pc = s + i;
	fp->pclen = j - i;
	fp->func = s + fstart;
	fp->funclen = open - 1 - fstart;
	fp->mod = s + open + 1;
	fp->modlen = e - 1 - (open + 1);
	return 1;
}

/*
 * A frame of a module file (user space): the module is a path, and not a
 * kernel image.
 */
static int
user_module(const struct frame_parts *fp)
{
	size_t z = 0;
	while (z < fp->pclen && fp->pc[z] == '0')
		z++;
	if (fp->pclen == 0 || fp->pclen - z > 16)
		return 0;
	for (size_t k = z; k < fp->pclen; k++)
		if (!(char_class[(unsigned char)fp->pc[k]] & C_HEX))
			return 0;
	return fp->modlen > 0 && fp->mod[0] == '/' &&
	    !(fp->modlen >= 7 && memcmp(fp->mod + fp->modlen - 7, "vmlinux", 7) == 0);
}

/* --inline, or --context alone outside Perl compatibility (Perl ignores it). */
static inline int
inline_on(const struct fk_perf_opts *o)
{
	return o->inline_frames || (o->context && !o->compat_perl);
}

/* Perl's test for a module it hands to addr2line --inline, plus a path. */
static int
perl_inline_module(const struct frame_parts *fp)
{
	const char *m = fp->mod;
	size_t n = fp->modlen;
	if (!user_module(fp) || contains(m, n, "kernel."))
		return 0;
	for (size_t i = 0; i + 5 <= n; i++) {
		if (memcmp(m + i, "perf-", 5) == 0) {
			size_t k = i + 5;
			while (k < n && is_digit((unsigned char)m[k]))
				k++;
			if (k > i + 5 && k + 4 <= n && memcmp(m + k + 1, "map", 3) == 0)
				return 0;
		}
		if (m[i] == '[') {
			const char *rb = memchr(m + i + 1, ']', n - i - 1);
			if (rb != NULL && rb > m + i + 1)
				return 0;
		}
	}
	return 1;
}

/* The --inline symbolizer, made on first use. */
static struct fk_symbolizer *
parser_symbolizer(struct parser *p)
{
	if (p->sym == NULL) {
		struct fk_symbolize_opts so = {
			.inline_frames = 1,
			.lines = p->opt->context,
			.demangle = 1,
			.compat_perl = p->opt->compat_perl,
		};
		p->sym = fk_symbolizer_new(&so);
	}
	return p->sym;
}

/* Intern each ';'-separated frame of s[0, n) as a piece of the current line. */
static void
add_frames(struct parser *p, struct line_entry *e, const char *s, size_t n)
{
	for (size_t i = 0; i <= n;) {
		const char *sc = memchr(s + i, ';', n - i);
		size_t j = sc ? (size_t)(sc - s) : n;
		if (e->nids + 1 < UINT16_MAX) {
			u32vec_push(&p->piece_ids, fk__perf_strtab_intern(&p->names, s + i, j - i));
			e->nids++;
		}
		i = j + 1;
	}
}

/* perf's address as "0x" and lower-case hex digits without leading zeros. */
static void
add_hex_addr(struct sbuf *out, const struct frame_parts *fp)
{
	sbuf_adds(out, "0x");
	size_t z = 0;
	while (z + 1 < fp->pclen && fp->pc[z] == '0')
		z++;
	for (size_t k = z; k < fp->pclen; k++) {
		char c = fp->pc[k];
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		sbuf_add(out, &c, 1);
	}
}

/* The build-id of the module file fp names, read once per parser; "" when none. */
static const char *
module_buildid(struct parser *p, const struct frame_parts *fp)
{
	for (size_t i = 0; i < p->nbids; i++)
		if (strlen(p->bids[i].path) == fp->modlen &&
		    memcmp(p->bids[i].path, fp->mod, fp->modlen) == 0)
			return p->bids[i].hex;
	FK_GROW(p->bids, p->capbids, p->nbids + 1, 16);
	struct module_bid *b = &p->bids[p->nbids++];
	b->path = fk_xmalloc(fp->modlen + 1);
	memcpy(b->path, fp->mod, fp->modlen);
	b->path[fp->modlen] = '\0';
	b->hex[0] = '\0';
	b->recorded = 0;
	/* A path with a NUL in it names no file. */
	if (strlen(b->path) == fp->modlen)
		fk_buildid_read(b->path, b->hex);
	return b->hex;
}

/* The module's build-id a perf.data capture recorded, or NULL. */
static const char *
recorded_buildid(const struct parser *p, const struct frame_parts *fp)
{
	for (size_t i = 0; i < p->nbids; i++)
		if (p->bids[i].recorded && strlen(p->bids[i].path) == fp->modlen &&
		    memcmp(p->bids[i].path, fp->mod, fp->modlen) == 0)
			return p->bids[i].hex;
	return NULL;
}

void
fk__perf_recorded_buildid(struct parser *p, const char *path, const char *hex)
{
	struct module_bid *b = NULL;
	for (size_t i = 0; i < p->nbids && b == NULL; i++)
		if (strcmp(p->bids[i].path, path) == 0)
			b = &p->bids[i];
	if (b == NULL) {
		FK_GROW(p->bids, p->capbids, p->nbids + 1, 16);
		b = &p->bids[p->nbids++];
		b->path = fk_xstrdup(path);
	}
	snprintf(b->hex, sizeof b->hex, "%s", hex);
	b->recorded = 1;
}

/*
 * Append "'MODULE+0xADDR'", or "'MODULE+0xADDR@BUILDID'" when bid is not
 * empty (the address in lower case without leading zeros; a ';' in the
 * path becomes ':').  A tidied name holds no quote, so the first quote of
 * a frame ends the name (flamekit-folded(5)).
 */
static void
add_module_addr(struct sbuf *out, const struct frame_parts *fp, const char *bid)
{
	size_t at = out->n;
	sbuf_adds(out, "'");
	sbuf_add(out, fp->mod, fp->modlen);
	for (size_t k = at; k < out->n; k++)
		if (out->s[k] == ';')
			out->s[k] = ':';
	sbuf_adds(out, "+");
	add_hex_addr(out, fp);
	if (bid != NULL && *bid != '\0') {
		sbuf_adds(out, "@");
		sbuf_adds(out, bid);
	}
	sbuf_adds(out, "'");
}

/* Tidy one piece of a frame (Perl's rules) into out. */
static void
tidy_piece(struct parser *p, const char *f, size_t fn, const struct frame_parts *fp,
    int java, int piece_index, struct sbuf *out, int *is_unknown)
{
	const struct fk_perf_opts *o = p->opt;
	int unknown = fn == 9 && memcmp(f, "[unknown]", 9) == 0;
	int raw_addr = 0, module_name = 0;

	out->n = 0;
	if (out->s)
		out->s[0] = '\0';
	if (unknown) {
		/* No module at all (perf script -F ip,sym) is as good as "[unknown]". */
		int mod_unknown = (fp->modlen == 9 && memcmp(fp->mod, "[unknown]", 9) == 0) ||
		    (fp->modlen == 0 && !o->compat_perl);
		if (o->keep_addrs == 3 && !inline_on(o) && !mod_unknown) {
			/* Lossless form for flame-symbolize: module path + module-relative address. */
			sbuf_add(out, fp->mod, fp->modlen);
			sbuf_adds(out, "+");
			add_hex_addr(out, fp);
			raw_addr = 1;
		} else {
			const char *base = "unknown";
			size_t bl = 7;
			if (!mod_unknown) {
				base = fp->mod;
				bl = fp->modlen;
				for (size_t k = fp->modlen; k > 0; k--)
					if (fp->mod[k - 1] == '/') {
						base = fp->mod + k;
						bl = fp->modlen - k;
						break;
					}
			} else {
				*is_unknown = 1;
			}
			module_name = !mod_unknown;
			sbuf_adds(out, "[");
			sbuf_add(out, base, bl);
			if (o->include_addrs) {
				sbuf_adds(out, " <");
				sbuf_add(out, fp->pc, fp->pclen);
				sbuf_adds(out, ">");
			}
			sbuf_adds(out, "]");
		}
	} else {
		sbuf_add(out, f, fn);
		/* Rust names that perf left half mangled, as perf should have printed them. */
		if (!o->compat_perl) {
			out->n = fk_symname_rust_legacy(out->s, out->n);
			out->s[out->n] = '\0';
		}
	}

	if (raw_addr) {
		for (size_t k = 0; k < out->n; k++)
			if (out->s[k] == ';')
				out->s[k] = ':';
	} else {
		/* tidy_generic */
		for (size_t k = 0; k < out->n; k++)
			if (out->s[k] == ';')
				out->s[k] = ':';
		/* The fixed mode keeps a module name whole, "(deleted)" and all. */
		if (!(module_name && !o->compat_perl) && !looks_like_go_method(out->s, out->n)) {
			size_t cut = o->compat_perl ? cut_params_perl(out->s, out->n)
			    : fk_symname_args_start(out->s, out->n);
			out->n = cut;
			out->s[cut] = '\0';
		}
		size_t w = 0;
		for (size_t k = 0; k < out->n; k++)
			if (out->s[k] != '"' && out->s[k] != '\'')
				out->s[w++] = out->s[k];
		out->n = w;
		out->s[w] = '\0';
		/* tidy_java */
		if (java && out->n > 0 && out->s[0] == 'L' && memchr(out->s, '/', out->n)) {
			memmove(out->s, out->s + 1, out->n);
			out->n--;
		}
	}

	/*
	 * --keep-addrs: perf's name, then the module file, address and
	 * build-id; for every frame (all), or for those perf could not name.
	 * --inline hands the same to the symbolizer here and now.
	 */
	int keep = o->keep_addrs == 2 || (o->keep_addrs == 1 && module_name && !inline_on(o));
	int direct = inline_on(o) && !o->compat_perl;
	if (piece_index == 0 && (keep || direct) && user_module(fp))
		add_module_addr(out, fp, direct ? recorded_buildid(p, fp) :
		    keep && o->read_buildids ? module_buildid(p, fp) : NULL);

	if (piece_index > 0) {
		if (!contains(out->s, out->n, "_[i]"))
			sbuf_adds(out, "_[i]");
	} else if (o->annotate_kernel && (is_kernel_perl(fp->mod, fp->modlen) ||
	    (!o->compat_perl && is_kernel_file(fp->mod, fp->modlen)))) {
		sbuf_adds(out, "_[k]");
	} else if (o->annotate_jit && (is_perf_map(fp->mod, fp->modlen) ||
	    (!o->compat_perl && is_jitdump_so(fp->mod, fp->modlen)))) {
		if (!contains(out->s, out->n, "_[j]"))
			sbuf_adds(out, "_[j]");
	}
}

/* Parse a frame line the slow way and fill a cache entry. */
static void
frame_line_build(struct parser *p, const char *s, size_t n, int java, struct line_entry *e)
{
	const struct fk_perf_opts *o = p->opt;
	struct frame_parts fp;
	int ok = o->compat_perl ? split_frame_perl(s, n, &fp) : split_frame_fixed(s, n, &fp);

	e->nids = 0;
	e->srcline_n = 0;
	e->bad = 0;
	e->skip_after = 0;
	if (!ok) {
		e->bad = 1;
		return;
	}
	/* s/\+0x[\da-f]+$// */
	size_t fn = fp.funclen;
	{
		size_t k = fn;
		while (k > 0 && ((fp.func[k - 1] >= '0' && fp.func[k - 1] <= '9') ||
		    (fp.func[k - 1] >= 'a' && fp.func[k - 1] <= 'f')))
			k--;
		if (k < fn && k >= 3 && memcmp(fp.func + k - 3, "+0x", 3) == 0)
			fn = k - 3;
	}
	for (size_t k = 0; k < o->nskip_after; k++) {
		if (strlen(o->skip_after[k]) == fn && memcmp(o->skip_after[k], fp.func, fn) == 0)
			e->skip_after = 1;
	}
	/*
	 * Perl's --inline: addr2line on (module, address); what it names
	 * replaces the whole line.
	 */
	if (inline_on(o) && o->compat_perl && perl_inline_module(&fp)) {
		struct sbuf *b = &p->enc;
		b->n = 0;
		sbuf_add(b, "x", 1);
		add_module_addr(b, &fp, recorded_buildid(p, &fp));
		const char *out;
		size_t on;
		if (fk_symbolizer_frame(parser_symbolizer(p), b->s, b->n, -1, &out, &on) ==
		    FK_SYM_RESOLVED && on > 0) {
			add_frames(p, e, out, on);
			return;
		}
	}

	/* Frames starting with "(" are process names; the fixed mode keeps "(anonymous namespace)". */
	if (fn > 0 && fp.func[0] == '(' && (o->compat_perl || !is_anon_ns(fp.func, fn)))
		return;

	/* split /->/ drops trailing empty fields. */
	size_t end = fn;
	while (end >= 2 && fp.func[end - 2] == '-' && fp.func[end - 1] == '>')
		end -= 2;
	int is_unknown = 0;
	size_t start = 0;
	int piece = 0;
	while (end > 0) {
		/* A frame splits into at most UINT16_MAX pieces; the last keeps the rest. */
		const char *a = e->nids + 1 < UINT16_MAX ?
		    find_pair(fp.func + start, end - start, '-', '>') : NULL;
		size_t pe = a ? (size_t)(a - fp.func) : end;
		tidy_piece(p, fp.func + start, pe - start, &fp, java, piece, &p->tmp, &is_unknown);
		const char *out = NULL;
		size_t on = 0;
		/* --inline: each frame as flame-symbolize --inline turns --keep-addrs=all's. */
		if (inline_on(o) && !o->compat_perl)
			fk_symbolizer_frame(parser_symbolizer(p), p->tmp.s ? p->tmp.s : "", p->tmp.n,
			    -1, &out, &on);
		if (out != NULL) {
			add_frames(p, e, out, on);
		} else {
			u32vec_push(&p->piece_ids, fk__perf_strtab_intern(&p->names, p->tmp.s ? p->tmp.s : "", p->tmp.n));
			e->nids++;
		}
		if (!is_unknown)
			e->srcline_n = e->nids;
		piece++;
		if (!a)
			break;
		start = pe + 2;
	}
}

/* ---- the frame line cache ----------------------------------------------- */

/* Put every cached line in a new table of nmask + 1 slots, by its hash. */
static void
lines_rebuild(struct parser *p, size_t nmask)
{
	uint64_t *ns = fk_bigmem_alloc((nmask + 1) * sizeof(*ns));
	for (size_t i = 0; i <= p->lines_mask; i++) {
		uint64_t slot = p->line_slots[i];
		if (!slot)
			continue;
		const struct line_entry *e = SLOT_PTR(slot);
		size_t j = e->hash & nmask;
		while (ns[j])
			j = (j + 1) & nmask;
		ns[j] = SLOT_TAG(e->hash) | (slot & 0xffffffffffffULL);
	}
	fk_bigmem_free(p->line_slots, (p->lines_mask + 1) * sizeof(*ns));
	p->line_slots = ns;
	p->lines_mask = nmask;
}

void
fk__perf_frame_lines_rehash(struct parser *p)
{
	p->strong_hash = 1;
	for (size_t i = 0; i <= p->lines_mask; i++) {
		uint64_t slot = p->line_slots[i];
		if (slot) {
			struct line_entry *e = SLOT_PTR(slot);
			e->hash = frame_line_hash(p, line_entry_key(e), e->keylen);
		}
	}
	lines_rebuild(p, p->lines_mask);
}

/* A frame line not seen before: parse it, and give it slot j. */
__attribute__((noinline)) struct line_entry *
fk__perf_frame_line_insert(struct parser *p, const char *s, size_t n, int java, uint64_t h, size_t j)
{
	uint64_t tag = SLOT_TAG(h);
	struct line_entry hdr;
	memset(&hdr, 0, sizeof(hdr));
	p->piece_ids.n = 0;
	frame_line_build(p, s, n, java, &hdr);
	struct line_entry *e = fk_arena_alloc(&p->key_arena,
	    sizeof(*e) + hdr.nids * sizeof(uint32_t) + n + 1);
	*e = hdr;
	e->hash = h;
	e->keylen = (uint32_t)n;
	e->java = (uint8_t)java;
	if (hdr.nids)
		memcpy(e->ids, p->piece_ids.v, hdr.nids * sizeof(uint32_t));
	char *key = (char *)(e->ids + e->nids);
	if (n)
		memcpy(key, s, n);
	key[n] = '\0';
	assert(((uintptr_t)e >> 48) == 0);
	p->line_slots[j] = tag | (uint64_t)(uintptr_t)e;
	if (++p->nlines * 2 > p->lines_mask)
		lines_rebuild(p, p->lines_mask * 2 + 1);
	return e;
}
