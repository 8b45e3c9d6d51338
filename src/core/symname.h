/*
 * symname.h -- rules about function names shared by the stages.
 */
#ifndef FK_SYMNAME_H
#define FK_SYMNAME_H

#include <stddef.h>

/*
 * Where the argument list of a demangled name starts: the first "(" outside
 * template arguments, lambda braces and brackets, that does not belong to
 * an operator name ("operator()"), "(anonymous namespace)" or a Go method
 * receiver ("pkg.(*T).M").
 *
 *   std::function<void (int)>::operator()(int) const  -> ...::operator()
 *   f::{lambda(int)#1}::operator()(int) const          -> ...#1}::operator()
 *
 * @return the length of the name without its arguments; n when there is no
 *         argument list or cutting would leave nothing.
 */
size_t fk_symname_args_start(const char *s, size_t n);

/*
 * Decode, in place, a legacy Rust symbol that a profiler printed only half
 * demangled: perf joins the path with "::" but leaves rustc's escapes and
 * the hash,
 *
 *   _$LT$alloc..vec..Vec$LT$T$GT$$u20$as$u20$core..ops..Drop$GT$::drop::h0123456789abcdef
 *     -> <alloc::vec::Vec<T> as core::ops::Drop>::drop
 *   rg::main::_$u7b$$u7b$closure$u7d$$u7d$::h0123456789abcdef -> rg::main::{{closure}}
 *
 * A name qualifies only when it ends in "::h" and 16 lower-case hex digits
 * (rustc's hash element) and every "$" in it opens one of rustc's escapes
 * ($SP$ $BP$ $RF$ $LT$ $GT$ $LP$ $RP$ $C$, or $uHEX$ naming a printable
 * character); anything else, a C++ or Java name with a "$" included, is
 * left alone.  ".." becomes "::", a "_" before a "$" that starts a path
 * element goes (rustc adds it), and the hash is dropped.  The result is
 * never longer than the input.
 *
 * @return the length of the decoded name, or n when s is left unchanged.
 */
size_t fk_symname_rust_legacy(char *s, size_t n);

#endif
