/*
 * demangle.h -- C++ (Itanium ABI) and Rust (legacy and v0) symbol demangling
 * through libiberty, the demangler of binutils and gdb.  Rust legacy names
 * lose their "::h<hash>" suffix, as rustc-demangle prints them.
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
