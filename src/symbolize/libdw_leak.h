/*
 * libdw_leak.h -- sanitizer hooks for a program that calls libdw's
 * dwarf_getscopes(): include it in exactly one file of that program (a
 * test or a fuzz harness), as it defines the hooks.
 *
 * elfutils 0.188 (Debian 12): dwarf_getscopes() leaks the scope array it
 * was building when its walk fails half-way (corrupt DWARF, or the Go
 * addresses it misses); the caller never gets the pointer, so it cannot
 * free it.  Reproducer: testdata/fuzz/symbolize/leak-dwarf-getscopes.
 * libdw has no frame pointers, so the suppression needs the slow unwinder
 * to see the name (and the default depth: libdw's scope walk recurses
 * once per nesting level, so the caller can be many frames up).
 */
#ifndef FK_LIBDW_LEAK_H
#define FK_LIBDW_LEAK_H

const char *__asan_default_options(void);
const char *__lsan_default_suppressions(void);

const char *
__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions(void)
{
	return "leak:dwarf_getscopes\n";
}

#endif
