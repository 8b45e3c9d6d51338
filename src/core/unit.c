#include "core/unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	double ns;
} times[] = {
	{ "nanoseconds", 1 }, { "microseconds", 1e3 }, { "milliseconds", 1e6 }, { "seconds", 1e9 },
};

/* Readable scales, smallest first; the last one takes any larger figure. */
static const struct scale {
	const char *symbol;
	double size;
} time_scales[] = {
	{ "ns", 1 }, { "µs", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
}, byte_scales[] = {
	{ "B", 1 }, { "kB", 1e3 }, { "MB", 1e6 }, { "GB", 1e9 }, { "TB", 1e12 }, { "PB", 1e15 },
};

static int
unit_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '-' || c == '.';
}

static int
is_plain(const char *s)
{
	return strcmp(s, "count") == 0 || strcmp(s, "counts") == 0 || strcmp(s, "samples") == 0 ||
	    strcmp(s, "sample") == 0;
}

int
fk_unit_parse(struct fk_unit *u, const char *text, size_t len)
{
	memset(u, 0, sizeof(*u));
	u->base = 1;
	while (len && (*text == ' ' || *text == '\t'))
		text++, len--;
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= FK_UNIT_MAX)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (!unit_char(text[i]))
			return -1;
	memcpy(u->name, text, len);
	u->name[len] = '\0';
	if (is_plain(u->name)) {
		u->name[0] = '\0';
		return 0;
	}
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		if (strcmp(u->name, times[i].name) == 0) {
			u->kind = FK_UNIT_TIME;
			u->base = times[i].ns;
			return 0;
		}
	u->kind = strcmp(u->name, "bytes") == 0 ? FK_UNIT_BYTES : FK_UNIT_COUNT;
	return 0;
}

int
fk_unit_from_pprof(struct fk_unit *u, const char *type, const char *unit)
{
	if (unit[0] && strcmp(unit, "count") != 0)
		return fk_unit_parse(u, unit, strlen(unit));
	/*
	 * A count of the type's things: "goroutine" counts goroutines,
	 * "alloc_objects" objects (the word after the last "_").
	 */
	char name[FK_UNIT_MAX];
	const char *us = strrchr(type, '_');
	if (us && us[1])
		type = us + 1;
	size_t n = strlen(type);
	if (n == 0 || n + 2 > sizeof(name) || is_plain(type))
		return fk_unit_parse(u, "count", 5);
	memcpy(name, type, n);
	if (type[n - 1] != 's')
		name[n++] = 's';
	return fk_unit_parse(u, name, n);
}

int
fk_unit_same(const struct fk_unit *a, const struct fk_unit *b)
{
	return a->kind == b->kind && strcmp(a->name, b->name) == 0;
}

/* The text of v with up to dec decimals, trailing zeros dropped, thousands separated. */
static size_t
format_commas(double v, int dec, char *buf, size_t size)
{
	char raw[64], out[96];
	if (!isfinite(v))
		return (size_t)snprintf(buf, size, "%s", "?");
	snprintf(raw, sizeof(raw), "%.*f", dec, v);
	char *dot = strchr(raw, '.');
	if (dot) {
		char *e = raw + strlen(raw);
		while (e > dot + 1 && e[-1] == '0')
			*--e = '\0';
		if (e == dot + 1)
			*dot = '\0';
	}
	if (strcmp(raw, "-0") == 0)
		strcpy(raw, "0");
	const char *p = raw;
	size_t o = 0;
	if (*p == '-')
		out[o++] = *p++;
	size_t digits = strcspn(p, ".");
	for (size_t i = 0; i < digits; i++) {
		if (i && (digits - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = p[i];
	}
	strcpy(out + o, p + digits);
	return (size_t)snprintf(buf, size, "%s", out);
}

/* x (>= 0) to 3 significant figures.  @return the figure as rounded. */
static double
format_sig3(double x, char *raw, size_t size)
{
	int dec = x >= 100 ? 0 : x >= 10 ? 1 : 2;
	char plain[64];
	if (x > 0 && x < 1) {
		snprintf(raw, size, "%.3g", x);
		return strtod(raw, NULL);
	}
	snprintf(plain, sizeof(plain), "%.*f", dec, x);
	format_commas(x, dec, raw, size);
	return strtod(plain, NULL);
}

static size_t
format_scaled(double v, const struct scale *sc, size_t nsc, char *buf, size_t size)
{
	char raw[64];
	double mag = fabs(v);
	size_t i = 0;
	/* The largest scale the figure reaches, then up while rounding makes it 1000. */
	while (i + 1 < nsc && mag >= sc[i + 1].size)
		i++;
	for (;;) {
		double x = mag / sc[i].size;
		if (i + 1 == nsc && x >= 1000) {
			format_commas(x, 0, raw, sizeof(raw));
			break;
		}
		if (format_sig3(x, raw, sizeof(raw)) < 1000 || i + 1 == nsc)
			break;
		i++;
	}
	return (size_t)snprintf(buf, size, "%s%s %s", v < 0 && mag > 0 ? "-" : "", raw,
	    sc[i].symbol);
}

size_t
fk_unit_readable(const struct fk_unit *u, double v, char *buf, size_t size)
{
	switch (u->kind) {
	case FK_UNIT_TIME:
		return format_scaled(v * u->base, time_scales,
		    sizeof(time_scales) / sizeof(time_scales[0]), buf, size);
	case FK_UNIT_BYTES:
		return format_scaled(v, byte_scales, sizeof(byte_scales) / sizeof(byte_scales[0]),
		    buf, size);
	default:
		return fk_unit_exact(u, v, buf, size);
	}
}

const char *
fk_unit_symbol(const struct fk_unit *u)
{
	switch (u->kind) {
	case FK_UNIT_TIME:
		for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++)
			if (u->base == times[i].ns)
				return time_scales[i].symbol;
		return "ns";
	case FK_UNIT_BYTES:
		return "B";
	case FK_UNIT_COUNT:
		return u->name;
	default:
		return "";
	}
}

size_t
fk_unit_exact(const struct fk_unit *u, double v, char *buf, size_t size)
{
	char num[96];
	format_commas(v, 2, num, sizeof(num));
	if (u->kind == FK_UNIT_NONE)
		return (size_t)snprintf(buf, size, "%s", num);
	return (size_t)snprintf(buf, size, "%s %s", num, fk_unit_symbol(u));
}
