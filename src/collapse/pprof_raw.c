#include "collapse/pprof_raw.h"
#include "core/error.h"
#include "collapse/framebuf.h"
#include "core/num.h"
#include "core/util.h"

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

int
fk_pprof_raw_collapse(struct fk_reader *r, struct fk_stack_table *t,
    struct fk_pprof_raw_stats *stats)
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
			if (sample_line(line, len, &c, &cl, &st, &sl)) {
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
			if (location_line(line, len, &id, &il, &name, &nl)) {
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
