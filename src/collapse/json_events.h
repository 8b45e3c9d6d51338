/*
 * json_events.h -- a JSON document as a stream of events (yajl), with the
 * path to each value kept for the handler.
 *
 * The profile formats in JSON (.cpuprofile, Chrome traces, speedscope,
 * d3-flame-graph trees) can be hundreds of megabytes; they are never held
 * whole.  yajl's event parser reads them piece by piece and this module
 * keeps the one thing a handler needs to tell where it is: the stack of
 * open containers with the current key (objects) or index (arrays) of
 * each.  Memory is that stack, bounded by FK_JSONEV_MAX_DEPTH levels.
 *
 * Strings are passed as they are: escapes decoded by yajl, bytes that are
 * not UTF-8 kept (not an error).  Numbers are passed as their text, so a
 * handler parses them strictly (num.h) and no number is rounded.
 */
#ifndef FK_JSON_EVENTS_H
#define FK_JSON_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/instream.h"

/* Deepest nesting accepted: a deeper document is an error, not a stack to grow. */
#define FK_JSONEV_MAX_DEPTH 100000

enum fk_jsonev_type {
	FK_JSONEV_NULL,
	FK_JSONEV_BOOL,
	FK_JSONEV_NUMBER,
	FK_JSONEV_STRING,
};

struct fk_jsonev;

/*
 * The handler.  Each function is called with the position of the value
 * it concerns: fk_jsonev_depth() containers are open around it (an
 * opened container is not yet among them; a closed one no longer is).
 * Return 0 to go on, -1 (error recorded) to stop the parse.  Any may be
 * NULL.
 */
struct fk_jsonev_handler {
	int (*open)(void *ctx, struct fk_jsonev *j, int is_array);
	int (*close)(void *ctx, struct fk_jsonev *j, int is_array);
	/* s[0, n) is the text (NUL-terminated copy for numbers, not for strings). */
	int (*scalar)(void *ctx, struct fk_jsonev *j, enum fk_jsonev_type type,
	    const char *s, size_t n);
};

/*
 * Parse the document on s, calling h with ctx.
 * @return 0 when it was read to its end; 1 (recorded: "invalid JSON at
 *         byte N: ..." or a read error) when the input could
 *         not be read or is not JSON from some point on -- the events
 *         before that point were delivered; -1 when a handler stopped it.
 */
int fk_jsonev_parse(struct fk_instream *s, const struct fk_jsonev_handler *h, void *ctx);

/* Containers open around the current value. */
size_t fk_jsonev_depth(const struct fk_jsonev *j);

/*
 * Whether the current value sits at path below the container at level:
 * path is keys and "*" (any array element) joined by '/', e.g.
 * "nodes/ * /callFrame/url" without the blanks; "" is the container at
 * level itself (depth == level).  Keys longer than 31 bytes never match.
 */
int fk_jsonev_at(const struct fk_jsonev *j, size_t level, const char *path);

/* As fk_jsonev_at(), for path and anything below it. */
int fk_jsonev_under(const struct fk_jsonev *j, size_t level, const char *path);

/* The index of the current element in the array at level (0 for an object). */
uint64_t fk_jsonev_index(const struct fk_jsonev *j, size_t level);

/* Bytes of the document consumed so far, for messages. */
uint64_t fk_jsonev_offset(const struct fk_jsonev *j);

#endif
