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

#endif
