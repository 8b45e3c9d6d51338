/*
 * demangle.h -- C++ (Itanium ABI) and Rust symbol demangling.
 *
 * C++ names and Rust legacy names (both start with "_Z") go through the
 * maintained demangler of the C++ runtime (__cxa_demangle from libstdc++);
 * Rust legacy names then lose their "::h<16 hex digits>" hash suffix and
 * have their "$LT$"-style escapes decoded, as rustc-demangle prints them.
 * Rust v0 names ("_R...") are not demangled (the C++ runtime does not know
 * them) and are returned unchanged.
 */
#ifndef FK_DEMANGLE_H
#define FK_DEMANGLE_H

#include <stddef.h>

/*
 * Demangle name[0, len).  A trailing frame annotation ("_[k]", "_[j]",
 * "_[i]", "_[w]") is kept after the demangled name.
 * @return a malloc'd NUL-terminated string the caller frees, or NULL when
 *         the name is not mangled or does not demangle.
 */
char *fk_demangle(const char *name, size_t len);

#endif
