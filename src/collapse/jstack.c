/*
 * jstack.c -- fold Java thread dumps as stackcollapse-jstack.pl does (jstack.h).
 */
#include "collapse/jstack.h"
#include "core/error.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* A growable text buffer for the thread's name and state, kept across lines. */
struct text {
	char *s;
	size_t len, cap;
	int set;
};

static void
text_set(struct text *t, const char *s, size_t n)
{
	if (n + 1 > t->cap) {
		t->cap = n + 64;
		t->s = fk_xrealloc(t->s, t->cap);
	}
	memcpy(t->s, s, n);
	t->s[n] = '\0';
	t->len = n;
	t->set = 1;
}

static int
contains(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, word, k) == 0)
			return 1;
	return 0;
}

static int
ends_with(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);
	return n >= k && memcmp(s + n - k, word, k) == 0;
}

/* /C. CompilerThread/ and the other threads of the JVM itself. */
static int
background_thread(const char *s, size_t n)
{
	for (size_t i = 0; i + 16 <= n; i++)
		if (s[i] == 'C' && memcmp(s + i + 2, " CompilerThread", 15) == 0)
			return 1;
	return contains(s, n, "Signal Dispatcher") || contains(s, n, "Service Thread") ||
	    contains(s, n, "Attach Listener");
}

/* /Socket.*accept0$/ */
static int
socket_accept(const char *s, size_t n)
{
	if (!ends_with(s, n, "accept0"))
		return 0;
	for (size_t i = 0; i + 6 + 7 <= n; i++)
		if (memcmp(s + i, "Socket", 6) == 0)
			return 1;
	return 0;
}

/*
 * --shorten-pkgs: /(.*\.)([^.]+\.[^.]+)$/, then every word of the package
 * part cut to its first character.  Writes into out (at least n bytes).
 * @return the length, or -1 when the name has no package (two dots).
 */
static long
shorten(const char *s, size_t n, char *out)
{
	const char *d2 = NULL, *d1 = NULL;
	for (size_t i = n; i-- > 0;)
		if (s[i] == '.') {
			if (!d2)
				d2 = s + i;
			else {
				d1 = s + i;
				break;
			}
		}
	if (!d1 || d2 == s + n - 1 || d2 - d1 < 2)
		return -1;
	size_t k = 0;
	for (const char *p = s; p <= d1; p++) {
		if (fk_is_word(*p) && p > s && fk_is_word(p[-1]))
			continue;
		out[k++] = *p;
	}
	size_t rest = (size_t)(s + n - (d1 + 1));
	memcpy(out + k, d1 + 1, rest);
	return (long)(k + rest);
}

struct thread {
	struct fk_framebuf fb;
	struct text name, state;
	char *tmp;            /* a shortened frame */
	size_t tmpcap;
	unsigned long first;  /* line of the header, 0 outside a block */
};

static void
thread_clear(struct thread *th)
{
	fk_framebuf_clear(&th->fb);
	th->name.set = 0;
	text_set(&th->state, "?", 1);
	th->first = 0;
}

/* The end of a block: count it when its state says it runs (or always with --thread-state). */
static int
thread_end(const struct fk_jstack_opts *opt, int compat, struct thread *th, struct fk_stack_table *t,
    const struct fk_reader *r, struct fk_multiline_stats *st)
{
	int rc = 0;
	int runs = strcmp(th->state.s, "RUNNABLE") == 0;
	int keep = opt->state ? strcmp(th->state.s, "?") != 0 : runs;
	/* The JVM's own threads have a name and a state but no frame: not Java code running. */
	if (keep && (compat || th->fb.n)) {
		if (th->name.set)
			fk_framebuf_push(&th->fb, th->name.s, th->name.len);
		if (opt->state && th->fb.n) {
			fk_framebuf_push_parts(&th->fb, "[", 1, th->state.s, th->state.len);
			fk_framebuf_append(&th->fb, "]", 1);
		}
		if (th->fb.n) {
			size_t kl;
			const char *key = fk_framebuf_join(&th->fb, &kl);
			if (fk_stack_table_add_int(t, key, kl, 1) < 0) {
				fk_error_clear();
				rc = fk_error("%s:%lu: count overflows", fk_reader_name(r), fk_reader_lineno(r));
			}
			st->stacks++;
		}
	}
	thread_clear(th);
	return rc;
}

int
fk_jstack_collapse(const struct fk_jstack_opts *opt, int compat, struct fk_reader *r,
    struct fk_stack_table *t, struct fk_multiline_stats *st)
{
	struct thread th = { .fb = FK_FRAMEBUF_INIT };
	int rc = 0, got = 0;
	char *line;
	size_t len;

	th.fb.keep_semicolons = compat;
	thread_clear(&th);
	while (rc == 0 && (got = fk_reader_line(r, &line, &len)) > 0) {
		if (len && line[0] == '#')
			continue;
		if (len == 0 || (!compat && fk_multiline_blank(line, len))) {
			rc = thread_end(opt, compat, &th, t, r, st);
			continue;
		}
		if (line[0] == '"') {
			const char *q = memchr(line + 1, '"', len - 1);
			size_t nl = q ? (size_t)(q - line - 1) : len - 1;
			const char *name = line + 1;
			th.first = fk_reader_lineno(r);
			if (!opt->no_thread_name) {
				size_t tl = nl;
				if (!opt->thread_number) {
					/* s/-\d+$// */
					size_t e = tl;
					while (e > 0 && fk_is_digit(name[e - 1]))
						e--;
					if (e < tl && e > 0 && name[e - 1] == '-')
						tl = e - 1;
				}
				text_set(&th.name, name, tl);
			}
			if (background_thread(name, nl))
				text_set(&th.state, "BACKGROUND", 10);
			continue;
		}
		const char *st_at = NULL;
		for (size_t i = 0; i + 24 <= len; i++)
			if (memcmp(line + i, "java", 4) == 0 && memcmp(line + i + 5, "lang", 4) == 0 &&
			    memcmp(line + i + 10, "Thread", 6) == 0 && memcmp(line + i + 17, "State: ", 7) == 0) {
				st_at = line + i + 24;
				break;
			}
		/* (\S+): the state, when a non-blank follows; else the line is tried as the others. */
		size_t sl = 0;
		while (st_at && st_at + sl < line + len && !fk_is_space(st_at[sl]))
			sl++;
		if (sl) {
			if (strcmp(th.state.s, "?") == 0)
				text_set(&th.state, st_at, sl);
			continue;
		}
		size_t i = 0;
		while (i < len && fk_is_space(line[i]))
			i++;
		if (len - i >= 3 && memcmp(line + i, "at ", 3) == 0) {
			const char *f = line + i + 3, *paren = memchr(f, '(', len - i - 3);
			size_t fl = paren ? (size_t)(paren - f) : len - i - 3;
			if (opt->shorten_pkgs) {
				if (fl > th.tmpcap) {
					th.tmpcap = fl * 2;
					th.tmp = fk_xrealloc(th.tmp, th.tmpcap);
				}
				long k = shorten(f, fl, th.tmp);
				if (k >= 0 || compat) {
					/* The script writes an empty frame for a class without a package. */
					f = th.tmp;
					fl = k >= 0 ? (size_t)k : 0;
				}
			}
			fk_framebuf_push(&th.fb, f, fl);
			if (contains(f, fl, "epollWait") || contains(f, fl, "EPoll.wait"))
				text_set(&th.state, "WAITING", 7);
			if (ends_with(f, fl, "socketAccept") || socket_accept(f, fl) ||
			    ends_with(f, fl, "socketRead0"))
				text_set(&th.state, "NETWORK", 7);
			/* Since JDK 13 sockets wait in sun.nio.ch (the script knows the older names only). */
			if (!compat && (ends_with(f, fl, "Net.accept") || ends_with(f, fl, "Net.poll") ||
			    ends_with(f, fl, "SocketDispatcher.read0")))
				text_set(&th.state, "NETWORK", 7);
			continue;
		}
		if ((i < len && line[i] == '-') || (len >= 5 && line[0] == '2' && fk_is_digit(line[1]) &&
		    fk_is_digit(line[2]) && fk_is_digit(line[3]) && line[4] == '-') ||
		    fk_has_prefix(line, len, "Full thread dump") ||
		    fk_has_prefix(line, len, "JNI global references:"))
			continue;
		/* A compiler thread's task: "No compile task", "Compiling: 1234 4 C::m (12 bytes)". */
		if ((fk_has_prefix(line + i, len - i, "No compile task") ||
		    fk_has_prefix(line + i, len - i, "Compiling: ")))
			continue;
		/* Inside a thread's block the line should have been one of the above. */
		if (th.first) {
			fk_warn(fk_reader_name(r), fk_reader_lineno(r), "unrecognized line in thread dump");
			st->bad++;
		} else {
			st->other++;
		}
	}
	if (got < 0) {
		fk_reader_warn_cut(r);
		st->cut_short++;
	} else if (rc == 0 && !compat) {
		/* A dump cut after its last frame, without the blank line. */
		rc = thread_end(opt, compat, &th, t, r, st);
	}
	fk_framebuf_release(&th.fb);
	free(th.name.s);
	free(th.state.s);
	free(th.tmp);
	return rc;
}
