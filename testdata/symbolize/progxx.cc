// progxx.cc -- a small C++ program for the symbolize tests, built at test
// time (-O2 -g): function templates and a class template instantiated for
// two types, always-inline helpers, a lambda called through a template, and
// a namespace.  Its functions are looked up by their mangled names with nm.
#include <cstdio>
#include <cstdlib>

namespace fk {

volatile unsigned long sink;

template <typename T>
static inline __attribute__((always_inline)) T
scramble(T x)
{
	for (int i = 0; i < 5; i++)
		x = static_cast<T>(x * 2654435761u + static_cast<T>(sink));
	return x;
}

template <typename T>
struct Accum {
	T total = 0;

	inline __attribute__((always_inline)) void
	add(T v)
	{
		total += scramble(v) ^ (total >> 3);
	}
};

template <typename T>
__attribute__((noinline)) T
sum_range(unsigned long n)
{
	Accum<T> a;
	for (unsigned long i = 0; i < n; i++)
		a.add(static_cast<T>(i));
	return a.total;
}

template <typename F>
__attribute__((noinline)) unsigned long
apply_n(F f, unsigned long n)
{
	unsigned long acc = 0;
	for (unsigned long i = 0; i < n; i++)
		acc += f(i);
	return acc;
}

} // namespace fk

int
main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1000;
	unsigned long k = 3;
	auto twist = [k](unsigned long i) __attribute__((always_inline)) {
		return fk::scramble(i + k) >> 1;
	};
	unsigned long r = fk::sum_range<unsigned long>(n);
	r += fk::sum_range<unsigned int>(n);
	r += fk::apply_n(twist, n);
	std::printf("%lu\n", r);
	return 0;
}
