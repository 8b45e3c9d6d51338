#include "collapse/pprof_raw.h"
#include "core/error.h"
#include "collapse/framebuf.h"
#include "core/num.h"
#include "core/util.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int
contains(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, word, k) == 0)
			return 1;
	return 0;
}

/*
 * /^\s*([0-9]+)\s*[0-9]+: ([0-9 ]+)/: the count digits and the stack text.
 * @return 1 on a match.
 */
static int
sample_line(const char *s, size_t n, const char **count, size_t *count_len,
    const char **stack, size_t *stack_len)
{
	size_t i = 0, c0, c1, j;
	while (i < n && fk_is_space(s[i]))
		i++;
	c0 = i;
	while (i < n && fk_is_digit(s[i]))
		i++;
	c1 = i;
	if (c1 == c0)
		return 0;
	while (i < n && fk_is_space(s[i]))
		i++;
	if (i > c1 && i < n && fk_is_digit(s[i])) {
		/* The whole first number, blanks, the second number. */
		j = i;
		while (j < n && fk_is_digit(s[j]))
			j++;
	} else if (i == c1 && c1 - c0 >= 2) {
		/* Backtracking: the last digit of the only number is the second one. */
		c1--;
		j = i;
	} else {
		return 0;
	}
	if (j + 2 >= n + 0 || s[j] != ':' || s[j + 1] != ' ')
		return 0;
	j += 2;
	size_t k = j;
	while (k < n && (fk_is_digit(s[k]) || s[k] == ' '))
		k++;
	if (k == j)
		return 0;
	*count = s + c0;
	*count_len = c1 - c0;
	*stack = s + j;
	*stack_len = k - j;
	return 1;
}

/*
 * /^\s*([0-9]*): 0x[0-9a-f]+ (M=[0-9]+ )?([^ ]+) .*\/: the ID and the name.
 */
static int
location_line(const char *s, size_t n, const char **id, size_t *id_len,
    const char **name, size_t *name_len)
{
	size_t i = 0, h;
	while (i < n && fk_is_space(s[i]))
		i++;
	*id = s + i;
	while (i < n && fk_is_digit(s[i]))
		i++;
	*id_len = (size_t)(s + i - *id);
	if (i + 4 > n || memcmp(s + i, ": 0x", 4) != 0)
		return 0;
	i += 4;
	h = i;
	while (i < n && (fk_is_digit(s[i]) || (s[i] >= 'a' && s[i] <= 'f')))
		i++;
	if (i == h || i == n || s[i] != ' ')
		return 0;
	i++;
	/* A token of non-blanks followed by a blank, at position p. */
	size_t p = i;
	if (p + 2 < n && s[p] == 'M' && s[p + 1] == '=' && fk_is_digit(s[p + 2])) {
		size_t q = p + 2;
		while (q < n && fk_is_digit(s[q]))
			q++;
		if (q < n && s[q] == ' ') {
			size_t t = q + 1, e = t;
			while (e < n && s[e] != ' ')
				e++;
			if (e > t && e < n) {
				*name = s + t;
				*name_len = e - t;
				return 1;
			}
		}
	}
	size_t e = p;
	while (e < n && s[e] != ' ')
		e++;
	if (e == p || e == n)
		return 0;
	*name = s + p;
	*name_len = e - p;
	return 1;
}


/* "  V1  V2: ID ID ...": numbers (maybe negative), ": ", then IDs. */
static int
values_line(const char *s, size_t n)
{
	size_t i = 0;
	int nums = 0;
	for (;;) {
		while (i < n && s[i] == ' ')
			i++;
		size_t b = i;
		if (i < n && s[i] == '-')
			i++;
		while (i < n && fk_is_digit(s[i]))
			i++;
		if (i == b || !fk_is_digit(s[i - 1]))
			break;
		nums++;
	}
	return nums > 0 && i + 1 < n && s[i] == ':' && s[i + 1] == ' ';
}

/* Column k (0-based) of a values line as an integer; 0 on success. */
static int
value_column(const char *s, size_t n, size_t k, long long *v, const char **ids, size_t *ids_len)
{
	const char *colon = memchr(s, ':', n);
	if (!colon)
		return -1;
	const char *p = s;
	for (size_t col = 0;; col++) {
		while (p < colon && *p == ' ')
			p++;
		if (p == colon)
			return -1;
		const char *b = p;
		while (p < colon && *p != ' ')
			p++;
		if (col == k) {
			char num[32];
			const char *errstr;
			if ((size_t)(p - b) >= sizeof(num))
				return -1;
			memcpy(num, b, (size_t)(p - b));
			num[p - b] = '\0';
			if (fk_strtonum(num, INT64_MIN, INT64_MAX, v, &errstr) < 0)
				return -1;
			break;
		}
	}
	*ids = colon + 2;
	*ids_len = (size_t)(s + n - *ids);
	while (*ids_len && (*ids)[*ids_len - 1] == ' ')
		(*ids_len)--;
	return 0;
}

/*
 * The function of a location line's text "NAME FILE:LINE s=N[(SYS)]" (or
 * "??" without a function): NAME, which may hold blanks. @return its length,
 * or 0.
 */
static size_t
line_function(const char *s, size_t n)
{
	size_t e = n;
	for (size_t i = n; i-- > 2;)
		if (s[i - 2] == ' ' && s[i - 1] == 's' && s[i] == '=') {
			e = i - 2;
			break;
		}
	if (e == n)
		return 0;
	while (e > 0 && s[e - 1] != ' ')
		e--;   /* FILE:LINE */
	return e > 1 ? e - 1 : 0;
}

struct raw_frame {
	char *id;
	char *name;
	size_t seq;   /* definition order: the last one wins, as in a Perl hash */
};

struct raw_state {
	struct raw_frame *frames;
	size_t n, cap;
};

static int
cmp_frame(const void *a, const void *b)
{
	const struct raw_frame *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The name of ID id[0..len) (frames sorted by cmp_frame), or NULL. */
static const char *
frame_name(const struct raw_state *rs, const char *id, size_t len)
{
	size_t lo = 0, hi = rs->n;
	const char *found = NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *k = rs->frames[mid].id;
		int c = strncmp(k, id, len);
		if (c == 0 && k[len] != '\0')
			c = 1;
		if (c <= 0) {
			if (c == 0)
				found = rs->frames[mid].name;
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return found;
}

/* stackcollapse-go.pl's reading, quirks kept (--compat=perl). */

static int
collapse_perl(struct fk_reader *r, struct fk_stack_table *t, struct fk_pprof_raw_stats *stats)
{
	enum { IGNORE, SAMPLE, LOCATION } state = IGNORE;
	struct fk_stack_table *raw = fk_stack_table_new(1);
	struct raw_state rs = { 0 };
	struct fk_framebuf fb = FK_FRAMEBUF_INIT;
	char *line;
	size_t len;
	int got, rc = 0;

	while ((got = fk_reader_line(r, &line, &len)) > 0) {
		if (len && line[0] == '#')
			continue;
		if (state == IGNORE) {
			if (contains(line, len, "Samples:"))
				state = SAMPLE;
		} else if (state == SAMPLE) {
			const char *c, *st;
			size_t cl, sl;
			if (!sample_line(line, len, &c, &cl, &st, &sl) && values_line(line, len)) {
				stats->perl_dropped++;   /* "5: 1 2": one digit, no second column */
			} else if (sample_line(line, len, &c, &cl, &st, &sl)) {
				struct fk_num num;
				if (fk_num_parse(c, cl, &num) < 0 || fk_stack_table_add(raw, st, sl, &num) < 0) {
					rc = fk_error("%s:%lu: sample count too large",
					    fk_reader_name(r), fk_reader_lineno(r));
					break;
				}
			} else if (contains(line, len, "Locations")) {
				state = LOCATION;
			}
		} else {
			const char *id, *name;
			size_t il, nl;
			if (len > 13 && memcmp(line, "             ", 13) == 0 && line[13] != ' ') {
				stats->perl_inline_dropped++;   /* a caller's line of an inlined call */
			} else if (location_line(line, len, &id, &il, &name, &nl)) {
				FK_GROW(rs.frames, rs.cap, rs.n + 1, 64);
				rs.frames[rs.n].id = strndup(id, il);
				rs.frames[rs.n].name = strndup(name, nl);
				rs.frames[rs.n].seq = rs.n;
				if (!rs.frames[rs.n].id || !rs.frames[rs.n].name)
					abort();
				rs.n++;
			} else if (contains(line, len, "Mappings")) {
				break;
			}
		}
	}
	if (got < 0) {
		/* The rest of this input is lost; what was read of it still counts. */
		fk_reader_warn_cut(r);
		stats->cut_short++;
	} else if (rc == 0 && fk_stack_table_size(raw) == 0) {
		/* Silence would pass for a profile of nothing: say so, a warning the caller counts. */
		fk_warn(fk_reader_name(r), 0,
		    "no samples read from this pprof -raw input; the output is empty");
	}

	if (rs.n)
		qsort(rs.frames, rs.n, sizeof(*rs.frames), cmp_frame);
	size_t n = 0;
	struct fk_stack_entry *const *e = rc == 0 ? fk_stack_table_entries(raw, &n) : NULL;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *s = e[i]->key, *end = s + e[i]->len;
		/* split(/ /): interior empty fields stay, trailing ones go. */
		while (end > s && end[-1] == ' ')
			end--;
		fk_framebuf_clear(&fb);
		/* The IDs are leaf first, like the framebuf's order. */
		const char *p = s;
		while (p < end) {
			const char *q = memchr(p, ' ', (size_t)(end - p));
			if (!q)
				q = end;
			const char *nm = frame_name(&rs, p, (size_t)(q - p));
			if (nm && strcmp(nm, "0") != 0)
				fk_framebuf_push(&fb, nm, strlen(nm));
			else
				fk_framebuf_push(&fb, p, (size_t)(q - p));
			if (q == end)
				break;
			p = q + 1;
		}
		size_t kl;
		const char *key = fk_framebuf_join(&fb, &kl);
		if (fk_stack_table_add_int(t, key, kl, e[i]->counts[0]) < 0)
			rc = -1;
		stats->stacks++;
	}
	for (size_t i = 0; i < rs.n; i++) {
		free(rs.frames[i].id);
		free(rs.frames[i].name);
	}
	free(rs.frames);
	fk_framebuf_release(&fb);
	fk_stack_table_free(raw);
	return rc;
}
struct raw_loc {
	char *id;
	char *frames;   /* innermost first, '\n' between, inlined ones marked _[i] */
};

static int
cmp_loc(const void *a, const void *b)
{
	return strcmp(((const struct raw_loc *)a)->id, ((const struct raw_loc *)b)->id);
}

/* Append the frame of one location line to loc->frames. */
static void
loc_add(struct raw_loc *loc, const char *name, size_t len)
{
	size_t old = loc->frames ? strlen(loc->frames) : 0;
	loc->frames = fk_xrealloc(loc->frames, old + len + 2);
	if (old)
		loc->frames[old++] = '\n';
	memcpy(loc->frames + old, name, len);
	loc->frames[old + len] = '\0';
}

/* "type/unit[dflt]" of a column into the stats' sample type and unit. */
static void
name_column(const char *s, size_t n, struct fk_pprof_raw_stats *st)
{
	if (n >= 6 && memcmp(s + n - 6, "[dflt]", 6) == 0)
		n -= 6;
	const char *slash = memchr(s, '/', n);
	size_t tl = slash ? (size_t)(slash - s) : n;
	size_t ul = slash ? n - tl - 1 : 0;
	snprintf(st->sample_type, sizeof(st->sample_type), "%.*s", (int)(tl > 63 ? 63 : tl), s);
	snprintf(st->unit, sizeof(st->unit), "%.*s", (int)(ul > 63 ? 63 : ul),
	    slash ? slash + 1 : "");
}

/*
 * Column of the sample type: by name, else the "[dflt]" one, else the
 * last; its type and unit go to st.
 */
static int
pick_column(const char *s, size_t n, const char *want, size_t *col,
    struct fk_pprof_raw_stats *st)
{
	size_t k = 0, found = SIZE_MAX, dflt = SIZE_MAX;
	const char *word[3] = { NULL, NULL, NULL };   /* found, dflt, last */
	size_t wlen[3] = { 0, 0, 0 };
	for (size_t i = 0; i < n;) {
		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		size_t b = i;
		while (i < n && s[i] != ' ')
			i++;
		const char *slash = memchr(s + b, '/', i - b);
		size_t tl = slash ? (size_t)(slash - (s + b)) : i - b;
		if (want && strlen(want) == tl && memcmp(s + b, want, tl) == 0) {
			found = k;
			word[0] = s + b, wlen[0] = i - b;
		}
		if (i - b >= 6 && memcmp(s + i - 6, "[dflt]", 6) == 0) {
			dflt = k;
			word[1] = s + b, wlen[1] = i - b;
		}
		word[2] = s + b, wlen[2] = i - b;
		k++;
	}
	if (k == 0 || (want && found == SIZE_MAX))
		return -1;
	int w = want ? 0 : dflt != SIZE_MAX ? 1 : 2;
	*col = want ? found : dflt != SIZE_MAX ? dflt : k - 1;
	name_column(word[w], wlen[w], st);
	return 0;
}

/* The sample values and whole locations: what the binary profile gives. */
static int
collapse_values(const char *sample_type, struct fk_reader *r, struct fk_stack_table *t,
    struct fk_pprof_raw_stats *stats)
{
	enum { IGNORE, TYPES, SAMPLE, LOCATION } state = IGNORE;
	struct fk_stack_table *raw = fk_stack_table_new(1);
	struct raw_loc *locs = NULL;
	size_t nloc = 0, cap = 0, col = 0;
	struct fk_framebuf fb = FK_FRAMEBUF_INIT;
	char *line;
	size_t len;
	int got, rc = 0;

	while ((got = fk_reader_line(r, &line, &len)) > 0) {
		if (state == IGNORE) {
			if (len == 8 && memcmp(line, "Samples:", 8) == 0)
				state = TYPES;
		} else if (state == TYPES) {
			if (pick_column(line, len, sample_type, &col, stats) < 0) {
				rc = fk_error("%s:%lu: %s", fk_reader_name(r), fk_reader_lineno(r),
				    sample_type ? "no such sample type in this pprof -raw input"
				    : "no sample types after 'Samples:'");
				break;
			}
			state = SAMPLE;
		} else if (state == SAMPLE) {
			long long v;
			const char *ids;
			size_t il;
			if (values_line(line, len)) {
				if (value_column(line, len, col, &v, &ids, &il) < 0) {
					fk_warn(fk_reader_name(r), fk_reader_lineno(r), "bad sample line");
				} else if (v < 0) {
					fk_warn(fk_reader_name(r), fk_reader_lineno(r),
					    "the sample's value is negative; skipped");
				} else if (v > 0) {
					struct fk_num num;
					char buf[24];
					int bl = snprintf(buf, sizeof buf, "%lld", v);
					if (fk_num_parse(buf, (size_t)bl, &num) < 0 ||
					    fk_stack_table_add(raw, il ? ids : "", il, &num) < 0) {
						rc = fk_error("%s:%lu: sample count too large",
						    fk_reader_name(r), fk_reader_lineno(r));
						break;
					}
				}
			} else if (len >= 9 && memcmp(line, "Locations", 9) == 0) {
				state = LOCATION;
			}
			/* Label lines ("    worker:[hot]") are not read: see --label for pprof. */
		} else {
			size_t nl;
			if (len > 13 && memcmp(line, "             ", 13) == 0 && line[13] != ' ' && nloc) {
				/* The next line of the location above: the caller of an inlined call. */
				if ((nl = line_function(line + 13, len - 13)) > 0)
					loc_add(&locs[nloc - 1], line + 13, nl);
			} else if (len > 0 && memchr(line, ':', len)) {
				/* "ID: 0xADDR [M=N ][[F] ]NAME FILE:LINE s=N", or without a name. */
				size_t i = 0;
				while (i < len && line[i] == ' ')
					i++;
				size_t ib = i;
				while (i < len && fk_is_digit(line[i]))
					i++;
				if (i == ib || i + 4 > len || memcmp(line + i, ": 0x", 4) != 0) {
					if (len >= 8 && memcmp(line, "Mappings", 8) == 0)
						break;
					continue;
				}
				size_t ie = i, ab = i + 2;
				i = ab;
				while (i < len && line[i] != ' ')
					i++;
				size_t ae = i;
				if (i + 1 < len && line[i + 1] == 'M' && i + 2 < len && line[i + 2] == '=') {
					i++;
					while (i < len && line[i] != ' ')
						i++;
				}
				if (i + 4 < len && memcmp(line + i, " [F]", 4) == 0)
					i += 4;
				if (i < len)
					i++;
				FK_GROW(locs, cap, nloc + 1, 64);
				locs[nloc].id = strndup(line + ib, ie - ib);
				if (!locs[nloc].id)
					abort();
				locs[nloc].frames = NULL;
				nl = i < len ? line_function(line + i, len - i) : 0;
				if (nl > 0 && !(nl == 2 && memcmp(line + i, "??", 2) == 0))
					loc_add(&locs[nloc], line + i, nl);
				else
					loc_add(&locs[nloc], line + ab, ae - ab);   /* the address */
				nloc++;
			} else if (len >= 8 && memcmp(line, "Mappings", 8) == 0) {
				break;
			}
		}
	}
	if (got < 0) {
		fk_reader_warn_cut(r);
		stats->cut_short++;
	} else if (rc == 0 && fk_stack_table_size(raw) == 0) {
		fk_warn(fk_reader_name(r), 0,
		    "no samples read from this pprof -raw input; the output is empty");
	}
	if (nloc)
		qsort(locs, nloc, sizeof(*locs), cmp_loc);
	size_t n = 0;
	struct fk_stack_entry *const *e = rc == 0 ? fk_stack_table_entries(raw, &n) : NULL;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *p = e[i]->key, *end = p + e[i]->len;
		fk_framebuf_clear(&fb);
		while (p < end) {
			const char *q = memchr(p, ' ', (size_t)(end - p));
			if (!q)
				q = end;
			char idbuf[32];
			struct raw_loc key = { .id = idbuf }, *loc = NULL;
			if ((size_t)(q - p) < sizeof(idbuf)) {
				memcpy(idbuf, p, (size_t)(q - p));
				idbuf[q - p] = '\0';
				loc = nloc ? bsearch(&key, locs, nloc, sizeof(*locs), cmp_loc) : NULL;
			}
			if (loc) {
				/* Innermost line first: all but the location's last (outermost) are inlined. */
				for (const char *f = loc->frames; f;) {
					const char *nlp = strchr(f, '\n');
					size_t fl = nlp ? (size_t)(nlp - f) : strlen(f);
					fk_framebuf_push(&fb, f, fl);
					if (nlp)
						fk_framebuf_append(&fb, "_[i]", 4);
					f = nlp ? nlp + 1 : NULL;
				}
			} else {
				fk_framebuf_push(&fb, p, (size_t)(q - p));
			}
			p = q == end ? end : q + 1;
		}
		if (fb.n == 0)
			fk_framebuf_push(&fb, "[no stack]", 10);
		size_t kl;
		const char *k = fk_framebuf_join(&fb, &kl);
		if (fk_stack_table_add_int(t, k, kl, e[i]->counts[0]) < 0)
			rc = -1;
		stats->stacks++;
	}
	for (size_t i = 0; i < nloc; i++) {
		free(locs[i].id);
		free(locs[i].frames);
	}
	free(locs);
	fk_framebuf_release(&fb);
	fk_stack_table_free(raw);
	return rc;
}

int
fk_pprof_raw_collapse(int compat_perl, const char *sample_type, struct fk_reader *r,
    struct fk_stack_table *t, struct fk_pprof_raw_stats *stats)
{
	return compat_perl ? collapse_perl(r, t, stats) : collapse_values(sample_type, r, t, stats);
}
