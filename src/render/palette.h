/*
 * palette.h -- flame graph colours: flamegraph.pl's palettes and name hash,
 * differential red/blue, and consistent palette files (--cp).
 *
 * The default colouring is flamegraph.pl's --hash scheme: a colour depends
 * only on the frame's name (its first three characters, and the last three
 * for the second component), so a function keeps its colour across graphs
 * and across runs.  --random uses a fixed-seed generator, so even random
 * colours are the same on every run.
 */
#ifndef FK_PALETTE_H
#define FK_PALETTE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"

enum fk_palette {
	FK_PAL_HOT = 0, FK_PAL_MEM, FK_PAL_IO, FK_PAL_WAKEUP, FK_PAL_CHAIN,
	FK_PAL_JAVA, FK_PAL_JS, FK_PAL_PERL, FK_PAL_PYTHON, FK_PAL_RUST,
	FK_PAL_RED, FK_PAL_GREEN, FK_PAL_BLUE, FK_PAL_AQUA, FK_PAL_YELLOW,
	FK_PAL_PURPLE, FK_PAL_ORANGE,
};

struct fk_rgb {
	uint8_t r, g, b;
};

/* @return 0, or -1 when name is not a palette (nothing recorded). */
int fk_palette_from_name(const char *name, enum fk_palette *p);
const char *fk_palette_name(enum fk_palette p);

/*
 * flamegraph.pl's namehash() of a UTF-8 name: a value in [0, 1] from its
 * first three characters (after dropping a leading "module`" part).
 * reversed hashes the name read backwards.
 */
double fk_palette_namehash(const char *name, size_t len, int reversed);

/*
 * The basic palette a multi-palette (java, js, perl, python, rust, wakeup,
 * chain) picks for a name, from its annotation (_[k] _[j] _[i] _[w]) and
 * shape; other palettes return themselves.
 */
enum fk_palette fk_palette_resolve(enum fk_palette p, const char *name, size_t len);

/* Colour of palette p for the values v1, v2, v3 in [0, 1] (flamegraph.pl's color()). */
struct fk_rgb fk_palette_rgb(enum fk_palette p, const char *name, size_t len,
    double v1, double v2, double v3);

/* Differential colour: red grew, blue shrank, white unchanged (color_scale()). */
struct fk_rgb fk_palette_diff(double delta, double maxdelta, int negate);

/* The differential colour scales (--diff-palette). */
enum fk_diff_palette {
	FK_DIFF_RB = 0,   /* flamegraph.pl's red (grew) and blue (shrank) */
	FK_DIFF_CB,       /* colour-blind safe: orange (grew) and blue (shrank) */
};

/* @return 0, or -1 when name is neither "rb" nor "cb" (nothing recorded). */
int fk_diff_palette_from_name(const char *name, enum fk_diff_palette *p);

/*
 * Differential colour of scale p.  FK_DIFF_RB is fk_palette_diff().
 * FK_DIFF_CB runs from white to Okabe and Ito's orange rgb(230,159,0) for
 * growth and to ColorBrewer's dark blue rgb(49,54,149) for shrinkage, with
 * the same steps as the red/blue scale: a change just above 0 is already
 * 18% of the way (210 of 255), |delta| >= maxdelta is the end colour.
 * Orange and blue differ on the blue-yellow axis that protanopes and
 * deuteranopes keep, and, unlike red and blue, in lightness too
 * (palette_test.c measures both under simulation).
 */
struct fk_rgb fk_palette_diff_scale(enum fk_diff_palette p, double delta,
    double maxdelta, int negate);

/* Background gradient for --bgcolors (NULL: the palette's default). @return 0 or -1. */
int fk_palette_background(const char *bgcolors, enum fk_palette p,
    char c1[8], char c2[8]);

/* A consistent palette: name -> colour, kept across runs in a file. */
struct fk_palette_map;

struct fk_palette_map *fk_palette_map_new(void);
/* Accepts NULL. */
void fk_palette_map_free(struct fk_palette_map *m);
/*
 * Read "name->rgb(R,G,B)" lines; others are skipped with a warning.
 * @return 0, or -1 (recorded) on a read error.
 */
int fk_palette_map_read(struct fk_palette_map *m, FILE *fp, const char *fname);
/* Write every entry sorted by name.  @return 0, or -1 on a write error. */
int fk_palette_map_write(struct fk_palette_map *m, FILE *fp);
/* The colour stored for name, or NULL. */
const struct fk_rgb *fk_palette_map_get(const struct fk_palette_map *m,
    const char *name, size_t len);
void fk_palette_map_put(struct fk_palette_map *m, const char *name, size_t len,
    struct fk_rgb c);

/* Everything that decides a frame's colour. */
struct fk_colorer {
	enum fk_palette palette;
	int random;                    /* --random */
	int negate;                    /* --negate */
	uint64_t rng;
	struct fk_palette_map *map;    /* --cp, or NULL; not owned */
	int diffusion;                 /* --colordiffusion: by width, wider is redder */
	enum fk_diff_palette diff_palette;  /* --diff-palette: differential input's scale */
};

void fk_colorer_init(struct fk_colorer *c, enum fk_palette p);
/*
 * Colour of a frame: gray for "-" and "--", differential when diff is set,
 * else from the palette (through the map when there is one).
 */
struct fk_rgb fk_colorer_pick(struct fk_colorer *c, const char *name, size_t len,
    int diff, double delta, double maxdelta);

/*
 * Colour of frame f of layout l, the one decision the SVG and PNG writers
 * share: with c->diffusion by its share of the full width (wider is
 * redder), except "-" and "--"; otherwise fk_colorer_pick() with, for
 * differential layouts, f->delta against l->maxdelta.
 */
struct fk_layout;
struct fk_frame;
struct fk_rgb fk_colorer_frame(struct fk_colorer *c, const struct fk_layout *l,
    const struct fk_frame *f);

/*
 * --random: the colours picked from here on are those of frame n (from 0)
 * of a sequence where every frame before it took one, so a writer that
 * visits some frames twice (html.c's overview) gives each the same colour
 * both times.
 */
void fk_colorer_seek(struct fk_colorer *c, uint64_t n);

/* Length of name without a trailing _[k] _[j] _[i] or _[w] annotation. */
size_t fk_palette_strip_annotation(const char *name, size_t len);

#endif
