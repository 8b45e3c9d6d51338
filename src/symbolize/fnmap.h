/*
 * fnmap.h -- address -> function DIE within a compile unit, and the inline
 * chain at an address.
 *
 * dwarf_getscopes() finds the scopes of an address by walking its compile
 * unit from the start, every time.  A Go package is one unit of thousands
 * of functions, so --inline paid a walk of the whole package per address.
 * This map walks a unit's top-level DIEs once, keeps the code ranges of its
 * functions sorted, and then descends only the one function that holds the
 * address.
 */
#ifndef FK_FNMAP_H
#define FK_FNMAP_H

#include <elfutils/libdw.h>
#include <stddef.h>

struct fk_fnmaps;

struct fk_fnmaps *fk_fnmaps_create(void);
void fk_fnmaps_free(struct fk_fnmaps *f);

/*
 * The DW_TAG_subprogram of cu (a unit DIE) whose code holds pc (a DWARF
 * address): the innermost where functions nest.  The unit's map is built
 * on its first lookup and kept until fk_fnmaps_free(); the unit's Dwarf
 * must outlive f.  @return 1 and *fn set, or 0.
 */
int fk_fnmaps_function(struct fk_fnmaps *f, Dwarf_Die *cu, Dwarf_Addr pc, Dwarf_Die *fn);

/*
 * The DW_TAG_inlined_subroutine instances inside fn whose code holds pc,
 * innermost first (the innermost max of them when there are more).
 * @return their number.
 */
size_t fk_inline_chain(Dwarf_Die *fn, Dwarf_Addr pc, Dwarf_Die *chain, size_t max);

#endif
