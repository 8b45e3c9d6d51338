/*
 * perf_event.c -- event lines: the header of a sample.
 *
 * "comm PID/TID [cpu] time: period event: ..." names the process frame
 * (with --pid/--tid), the period the sample counts and its event type,
 * which the event filter keeps or drops.  Samples of a few threads
 * interleave and the text after the time stamp mostly repeats, so recent
 * headers and the last fields are cached.
 */
#include "collapse/perf_internal.h"

#include <stdio.h>
#include <string.h>

/*
 * Perl's header pattern: a command of at least min_comm characters (the first
 * not blank), blanks, PID digits, optional "/" and TID digits, a blank.
 */
static int
match_header(const char *s, size_t n, size_t min_comm, struct header *h)
{
	if (n == 0 || is_space((unsigned char)s[0]))
		return 0;
	for (size_t e = min_comm; e < n; e++) {
		if (!is_space((unsigned char)s[e]))
			continue;
		size_t k = e;
		while (k < n && is_space((unsigned char)s[k]))
			k++;
		size_t d0 = k;
		while (k < n && is_digit((unsigned char)s[k]))
			k++;
		if (k == d0)
			continue;
		size_t d1 = k;
		while (k < n && s[k] == '/')
			k++;
		size_t t0 = k;
		while (k < n && is_digit((unsigned char)s[k]))
			k++;
		if (k < n && is_space((unsigned char)s[k])) {
			h->comm = s;
			h->commlen = e;
			h->pid = s + d0;
			h->pidlen = d1 - d0;
			h->tid = s + t0;
			h->tidlen = k - t0;
			h->end = k;
			return 1;
		}
	}
	return 0;
}

/* s[0, n) is all digits, at least one. */
static int
is_count(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_digit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Perl: /:\s*(\d+)*\s+(\S+):\s*$/ on the whole line. */
static int
match_period_event(const char *s, size_t n, const char **per, size_t *perlen,
    const char **ev, size_t *evlen)
{
	size_t end = n;
	while (end > 0 && is_space((unsigned char)s[end - 1]))
		end--;
	if (end < 2 || s[end - 1] != ':')
		return 0;
	size_t ts = end - 1;
	while (ts > 0 && !is_space((unsigned char)s[ts - 1]))
		ts--;
	if (ts == 0 || ts == end - 1)
		return 0;
	size_t p = ts;
	while (p > 0 && is_space((unsigned char)s[p - 1]))
		p--;
	size_t q = p;
	while (q > 0 && is_digit((unsigned char)s[q - 1]))
		q--;
	if (q < p) {
		size_t r = q;
		while (r > 0 && is_space((unsigned char)s[r - 1]))
			r--;
		if (r == 0 || s[r - 1] != ':')
			return 0;
		*per = s + q;
		*perlen = p - q;
	} else {
		if (p == 0 || s[p - 1] != ':')
			return 0;
		*per = NULL;
		*perlen = 0;
	}
	*ev = s + ts;
	*evlen = end - 1 - ts;
	return 1;
}

/*
 * How many bytes at s (of n) are digits or dots: a time stamp.  Eight at a
 * time, since every event line has one.
 */
static inline size_t
digits_and_dots(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	size_t q = 0;
	for (; q + 8 <= n; q += 8) {
		uint64_t w;
		memcpy(&w, s + q, 8);
		/* A byte is a digit when (byte ^ '0') < 10: its high bit stays clear after adding 0x76. */
		uint64_t x = w ^ (ones * '0');
		uint64_t not_digit = (((x & ~high) + ones * 0x76) | x) & high;
		/* A byte is a dot when (byte ^ '.') is zero. */
		uint64_t y = w ^ (ones * '.');
		uint64_t dot = ~(((y & ~high) + ~high) | y) & high;
		uint64_t other = not_digit & ~dot;
		if (other)
			return q + first_marked_byte(other);
	}
	while (q < n && (is_digit((unsigned char)s[q]) || s[q] == '.'))
		q++;
	return q;
}

/*
 * The fixed mode reads the fields after the pid in perf's order: [cpu],
 * time:, period, event:, then whatever perf printed after the event (a
 * tracepoint payload, or the frame of a sample without call graph).
 * Everything after the time stamp usually repeats from one sample to the
 * next, so that part is cached.  @return 1 for a sample header, 0 for
 * something else, -1 for one of the records that --show-task-events,
 * --show-mmap-events and the like print between samples
 * ("PERF_RECORD_COMM: ...").
 */
static int
parse_fields(struct fields_cache *fc, const char *s, size_t n, size_t k,
    const char **per, size_t *perlen, const char **ev, size_t *evlen,
    const char **rest, size_t *restlen)
{
	size_t after_time = (size_t)-1;

	*per = NULL;
	*perlen = 0;
	fc->fresh = 0;
	if (fc->valid) {
		/* Fast path: "[cpu] TIME:" then the same text as the last header. */
		size_t q = k;
		while (q < n && is_space((unsigned char)s[q]))
			q++;
		if (q < n && s[q] == '[') {
			const char *rb = memchr(s + q, ']', n - q);
			q = rb ? (size_t)(rb - s) + 1 : n;
			while (q < n && is_space((unsigned char)s[q]))
				q++;
		}
		size_t t0 = q;
		q += digits_and_dots(s + q, n - q);
		if (q > t0 + 1 && q < n && s[q] == ':' && is_digit((unsigned char)s[t0]) &&
		    (q + 1 == n || is_space((unsigned char)s[q + 1]))) {
			q++;
			if (fc->taillen == n - q && memcmp(fc->tail, s + q, n - q) == 0) {
				const char *base = s + q;
				*per = fc->have_per ? base + fc->per_off : NULL;
				*perlen = fc->perlen;
				*ev = base + fc->ev_off;
				*evlen = fc->evlen;
				*rest = base + fc->rest_off;
				*restlen = fc->restlen;
				fc->hit = 1;
				return fc->ok;
			}
		}
	}
	fc->hit = 0;
	for (int field = 0; field < 8; field++) {
		while (k < n && is_space((unsigned char)s[k]))
			k++;
		if (k >= n)
			break;
		size_t t = k;
		while (k < n && !is_space((unsigned char)s[k]))
			k++;
		size_t tl = k - t;
		if (s[t] == '[' && s[k - 1] == ']')
			continue;                      /* [cpu] */
		if (tl > 12 && memcmp(s + t, "PERF_RECORD_", 12) == 0)
			return -1;                     /* a side-band record, not a sample */
		if (s[k - 1] == ':') {
			size_t d = t + digits_and_dots(s + t, k - 1 - t);
			if (d == k - 1 && tl > 1 && is_digit((unsigned char)s[t]) &&
			    after_time == (size_t)-1) {
				/* time: -- the rest is often what the last header had. */
				after_time = k;
				if (fc->valid && fc->taillen == n - k &&
				    memcmp(fc->tail, s + k, n - k) == 0) {
					const char *base = s + k;
					*per = fc->have_per ? base + fc->per_off : NULL;
					*perlen = fc->perlen;
					*ev = base + fc->ev_off;
					*evlen = fc->evlen;
					*rest = base + fc->rest_off;
					*restlen = fc->restlen;
					return fc->ok;
				}
				continue;
			}
			*ev = s + t;
			*evlen = tl - 1;
			while (k < n && is_space((unsigned char)s[k]))
				k++;
			size_t e = n;
			while (e > k && is_space((unsigned char)s[e - 1]))
				e--;
			*rest = s + k;
			*restlen = e - k;
			int ok = *evlen > 0;
			/* Cache only what lies wholly after the time stamp. */
			if (after_time != (size_t)-1 && (!*per || *per >= s + after_time)) {
				size_t tn = n - after_time;
				if (tn + 1 > fc->cap) {
					fc->cap = tn + 64;
					fc->tail = fk_xrealloc(fc->tail, fc->cap);
				}
				memcpy(fc->tail, s + after_time, tn);
				fc->taillen = tn;
				fc->valid = 1;
				fc->ok = ok;
				fc->have_per = *per != NULL;
				fc->per_off = *per ? (size_t)(*per - (s + after_time)) : 0;
				fc->perlen = *perlen;
				fc->ev_off = (size_t)(*ev - (s + after_time));
				fc->evlen = *evlen;
				fc->rest_off = (size_t)(*rest - (s + after_time));
				fc->restlen = *restlen;
				fc->have_period = 0;
				fc->event_kept = 0;
				fc->fresh = 1;
			}
			return ok;
		}
		size_t d = t;
		while (d < k && is_digit((unsigned char)s[d]))
			d++;
		/*
		 * The period; one that is not a whole number ("-5", "1e5") is
		 * taken too, so that the event after it is still read, and the
		 * caller says what it made of it.
		 */
		if (d == k || (after_time != (size_t)-1 && !*per &&
		    (s[t] == '-' || s[t] == '+' || is_digit((unsigned char)s[t])))) {
			*per = s + t;
			*perlen = tl;
			continue;
		}
		return 0;
	}
	return 0;
}

static void
note_other_event(struct parser *p, const char *ev, size_t evlen)
{
	p->st->filtered++;
	if (!p->st->other_event[0]) {
		size_t m = evlen < sizeof(p->st->other_event) - 1 ? evlen : sizeof(p->st->other_event) - 1;
		memcpy(p->st->other_event, ev, m);
		p->st->other_event[m] = '\0';
	}
}

/* Which set of recent headers a header line belongs in: by its first 8 bytes. */
static inline size_t
header_set_of(const char *s, size_t n)
{
	if (n < 8)
		return fk_hash_bytes(s, n, 3) % HEADER_SETS;
	return (size_t)(fk_hash_fold(fk_load_u64(s) ^ 0x9e3779b97f4a7c15ULL,
	    0xbf58476d1ce4e5b9ULL) % HEADER_SETS);
}

/* The recent header that s starts with (then a blank), or NULL. */
static inline struct header_slot *
header_find(struct parser *p, size_t set, const char *s, size_t n)
{
	for (int w = 0; w < HEADER_WAYS; w++) {
		struct header_slot *hs = &p->headers[set][w];
		size_t m = hs->text.n;
		if (m > 0 && n > m && is_space((unsigned char)s[m]) && bytes_equal(s, hs->text.s, m))
			return hs;
	}
	return NULL;
}

/*
 * Where "TIME:" ends when the fields after the header at s[k] are
 * "[cpu] TIME:" or "TIME:", each a field of its own as parse_fields()
 * reads them (*cpu tells which, *time_at where the time starts); 0 for
 * any other shape.
 */
static inline size_t
time_stamp_end(const char *s, size_t n, size_t k, int *cpu, size_t *time_at)
{
	while (k < n && is_space((unsigned char)s[k]))
		k++;
	*cpu = 0;
	if (k < n && s[k] == '[') {
		size_t e = k + 1;
		while (e < n && !is_space((unsigned char)s[e]))
			e++;
		if (s[e - 1] != ']')
			return 0;
		*cpu = 1;
		k = e;
		while (k < n && is_space((unsigned char)s[k]))
			k++;
	}
	*time_at = k;
	if (k >= n || !is_digit((unsigned char)s[k]))
		return 0;
	k += digits_and_dots(s + k, n - k);
	if (k >= n || s[k] != ':' || (k + 1 < n && !is_space((unsigned char)s[k + 1])))
		return 0;
	return k + 1;
}

/* A header that repeats a recent one but for the time: its sample again. */
static int
sample_from_header(struct parser *p, const struct header_slot *hs)
{
	sample_end(p);
	p->period = hs->period;
	p->pname_id = hs->pname_id;
	p->java = hs->java;
	p->pname_set = 1;
	p->event_frame.n = 0;
	return 1;
}

/* @return 1 when s is an event line (handled), 0 when it is something else. */
int
fk__perf_event_line(struct parser *p, const char *s, size_t n, int padded)
{
	const struct fk_perf_opts *o = p->opt;
	struct header h;
	const char *per = NULL, *ev = NULL, *rest = NULL;
	size_t perlen = 0, evlen = 0, restlen = 0;
	int have_event;

	/* Samples of a few threads interleave: reuse a recent header's work. */
	size_t set = header_set_of(s, n);
	struct header_slot *hs;
	if (!o->compat_perl) {
		/* The same text as a recent header up to the time, and after it. */
		for (int w = 0; w < HEADER_WAYS; w++) {
			hs = &p->headers[set][w];
			size_t m = hs->prefix.n;
			if (!hs->tail_valid || n <= m || !is_digit((unsigned char)s[m]) ||
			    !bytes_equal(s, hs->prefix.s, m))
				continue;
			size_t q = m + digits_and_dots(s + m, n - m);
			if (q < n && s[q] == ':' && (q + 1 == n || is_space((unsigned char)s[q + 1])) &&
			    n - q - 1 == hs->tail.n && bytes_equal(s + q + 1, hs->tail.s, hs->tail.n))
				return sample_from_header(p, hs);
			break;
		}
	}
	hs = header_find(p, set, s, n);
	int same_header = hs != NULL;
	size_t tail_at = 0, time_at = 0;
	int cpu = 0;
	if (same_header && !o->compat_perl) {
		tail_at = time_stamp_end(s, n, hs->text.n, &cpu, &time_at);
		/* Only the time (and the cpu) differs from the last sample of this thread. */
		if (tail_at && hs->tail_valid && cpu == hs->cpu && n - tail_at == hs->tail.n &&
		    bytes_equal(s + tail_at, hs->tail.s, hs->tail.n)) {
			hs->prefix.n = 0;
			sbuf_add(&hs->prefix, s, time_at);
			return sample_from_header(p, hs);
		}
	}
	if (same_header) {
		h = hs->h;
		h.comm = s;
		h.pid = s + hs->pid_off;
		h.tid = s + hs->tid_off;
	} else if (!match_header(s, n, o->compat_perl ? 2 : 1, &h)) {
		return 0;
	} else if (!o->compat_perl) {
		tail_at = time_stamp_end(s, n, h.end, &cpu, &time_at);
	}
	if (o->compat_perl) {
		have_event = match_period_event(s, n, &per, &perlen, &ev, &evlen);
	} else {
		have_event = parse_fields(&p->fields, s, n, h.end, &per, &perlen, &ev, &evlen, &rest, &restlen);
		/* Only fields read after the time can be kept for the next header. */
		if (have_event <= 0)
			tail_at = 0;
		if (have_event < 0) {
			/* It ends the sample before it, and starts none. */
			sample_end(p);
			return 1;
		}
		/* An indented line is a header only when its fields read as one. */
		if (!have_event && padded)
			return 0;
		if (!have_event) {
			rest = NULL;
			have_event = match_period_event(s, n, &per, &perlen, &ev, &evlen);
		}
		/* A header without a blank line before it still ends the previous sample. */
		sample_end(p);
	}
	/* The same text after the time stamp as the last header: its event was kept then. */
	if (have_event && !(p->fields.hit && p->fields.event_kept)) {
		if (!p->event_set) {
			sbuf_add(&p->event, ev, evlen);
			p->event_set = 1;
			p->event_defaulted = 1;
		} else if (p->event.n != evlen || memcmp(p->event.s, ev, evlen) != 0) {
			note_other_event(p, ev, evlen);
			return 1;
		}
		if (p->fields.hit || p->fields.fresh)
			p->fields.event_kept = 1;
	}
	/* Perl: a missing period, or "0", counts as 1. */
	int64_t period = 1;
	if (!o->compat_perl && p->fields.hit && p->fields.have_period) {
		period = p->fields.period;
	} else if (per && !is_count(per, perlen)) {
		fk__perf_parser_warn(p, "sample period '%.*s' is not a whole number; the sample counts 1",
		    (int)(perlen > 40 ? 40 : perlen), per);
	} else if (per && !(perlen == 1 && per[0] == '0')) {
		size_t z = 0;
		while (z + 1 < perlen && per[z] == '0')
			z++;
		uint64_t v = 0;
		for (size_t k = z; k < perlen && k < z + 19; k++)
			v = v * 10 + (uint64_t)(per[k] - '0');
		/*
		 * 18 digits cannot overflow.  A period that does not fit a count
		 * is never wrapped: that sample is left out, reported, and its
		 * frames with it (no process name is set for them).
		 */
		if (perlen - z > 19 || v > (uint64_t)INT64_MAX) {
			fk__perf_parser_warn(p, "sample period '%.*s' is larger than %lld; the sample is left out",
			    (int)(perlen > 40 ? 40 : perlen), per, (long long)INT64_MAX);
			p->st->unrecognized++;
			return 1;
		}
		period = (int64_t)v;
	}
	p->period = period;
	if (!o->compat_perl && p->fields.fresh) {
		p->fields.period = period;
		p->fields.have_period = 1;
	}

	if (same_header) {
		p->pname_id = hs->pname_id;
		p->java = hs->java;
		p->pname_set = 1;
		goto frame_on_event_line;
	}
	hs = &p->headers[set][p->header_next[set]];
	p->header_next[set] = (unsigned char)((p->header_next[set] + 1) % HEADER_WAYS);
	hs->tail_valid = 0;

	/*
	 * pname: comm, "comm-PID" or "comm-PID/TID"; "?" for a pid that is not
	 * printed.  Perl also takes a tid of "0" for a missing one ("0/0", the
	 * idle task, becomes "swapper-?/0"); only --compat=perl keeps that.
	 */
	const char *pid = h.pid, *tid = h.tid;
	size_t pidlen = h.pidlen, tidlen = h.tidlen;
	if (tidlen == 0 || (o->compat_perl && tidlen == 1 && tid[0] == '0')) {
		tid = pid;
		tidlen = pidlen;
		pid = "?";
		pidlen = 1;
	}
	struct sbuf *b = &p->tmp2;
	b->n = 0;
	sbuf_add(b, h.comm, h.commlen);
	if (o->include_tid) {
		sbuf_adds(b, "-");
		sbuf_add(b, pid, pidlen);
		sbuf_adds(b, "/");
		sbuf_add(b, tid, tidlen);
	} else if (o->include_pid) {
		sbuf_adds(b, "-");
		sbuf_add(b, pid, pidlen);
	}
	for (size_t k = 0; k < b->n; k++)
		if (b->s[k] == ' ')
			b->s[k] = '_';
	/* Consecutive samples mostly come from the same thread. */
	if (!p->last_pname_valid || p->last_pname.n != b->n ||
	    memcmp(p->last_pname.s, b->s, b->n) != 0) {
		p->last_pname.n = 0;
		sbuf_add(&p->last_pname, b->s, b->n);
		p->last_pname_valid = 1;
		p->last_pname_id = fk__perf_strtab_intern(&p->names, b->s, b->n);
	}
	p->pname_id = p->last_pname_id;
	p->java = b->n >= 4 && memcmp(b->s, "java", 4) == 0;
	p->pname_set = 1;
	hs->text.n = 0;
	sbuf_add(&hs->text, s, h.end);
	hs->h = h;
	hs->pid_off = (size_t)(h.pid - s);
	hs->tid_off = (size_t)(h.tid - s);
	hs->pname_id = p->pname_id;
	hs->java = p->java;

frame_on_event_line:

	/* A sample without call graph carries its one frame on the event line. */
	p->event_frame.n = 0;
	if (tail_at && !(rest && restlen > 0 && is_word((unsigned char)rest[0])) &&
	    (!per || is_count(per, perlen))) {
		/* The next header of this thread with the same tail is this sample again. */
		hs->tail.n = 0;
		sbuf_add(&hs->tail, s + tail_at, n - tail_at);
		hs->prefix.n = 0;
		sbuf_add(&hs->prefix, s, time_at);
		hs->cpu = cpu;
		hs->period = period;
		hs->tail_valid = 1;
	}
	if (rest && restlen > 0 && is_word((unsigned char)rest[0])) {
		size_t k = 0;
		while (k < restlen && ((rest[k] >= '0' && rest[k] <= '9') ||
		    (rest[k] >= 'a' && rest[k] <= 'f') || (rest[k] >= 'A' && rest[k] <= 'F')))
			k++;
		if (k > 0 && k < restlen && is_space((unsigned char)rest[k])) {
			struct line_entry *e = frame_line_lookup(p, rest, restlen, p->java);
			if (!e->bad) {
				for (size_t i = e->nids; i > 0; i--)
					u32vec_push(&p->event_frame, e->ids[i - 1]);
			}
		}
	}
	return 1;
}
