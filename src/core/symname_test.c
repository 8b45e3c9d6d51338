#include <criterion/criterion.h>
#include <string.h>

#include "core/symname.h"

static size_t
cut(const char *s)
{
	return fk_symname_args_start(s, strlen(s));
}

#define KEEPS(in, want) cr_assert_eq(cut(in), strlen(want), "%s -> %.*s", in, (int)cut(in), in)

Test(symname, plain_and_c)
{
	KEEPS("plain", "plain");
	KEEPS("foo(int, char*)", "foo");
	KEEPS("(x)", "(x)");
}

Test(symname, templates_and_operators)
{
	KEEPS("std::function<void (int)>::operator()(int) const", "std::function<void (int)>::operator()");
	KEEPS("std::vector<int (*)(int)>::push_back(int const&)", "std::vector<int (*)(int)>::push_back");
	KEEPS("std::operator<< <char>(std::ostream&, char const*)", "std::operator<< <char>");
	KEEPS("Foo::operator<(Foo const&) const", "Foo::operator<");
	KEEPS("Foo::operator->() const", "Foo::operator->");
	KEEPS("Foo::operator[](unsigned long)", "Foo::operator[]");
	KEEPS("Foo::operator new(unsigned long)", "Foo::operator new");
	KEEPS("f::{lambda(int)#1}::operator()(int) const", "f::{lambda(int)#1}::operator()");
	KEEPS("std::__cxx11::basic_string<char>::_M_create[abi:cxx11](unsigned long&)",
	    "std::__cxx11::basic_string<char>::_M_create[abi:cxx11]");
	KEEPS("my_operator(int)", "my_operator");
}

Test(symname, namespaces_and_go)
{
	KEEPS("(anonymous namespace)::run(int)", "(anonymous namespace)::run");
	KEEPS("a::(anonymous namespace)::b(int)", "a::(anonymous namespace)::b");
	KEEPS("net/http.(*Client).Do", "net/http.(*Client).Do");
	KEEPS("main.(*T).Run(0xc000012345)", "main.(*T).Run");
}

Test(symname, unbalanced_template_falls_back)
{
	KEEPS("a<b(int)", "a<b");
}

static const char *
rust(const char *in)
{
	static char buf[512];
	size_t n = strlen(in);
	cr_assert_lt(n, sizeof buf);
	memcpy(buf, in, n);
	n = fk_symname_rust_legacy(buf, n);
	buf[n] = '\0';
	return buf;
}

#define RUST(in, want) cr_assert_str_eq(rust(in), want, "%s", in)

Test(symname, rust_legacy_decoded)
{
	RUST("_$LT$std..fs..ReadDir$u20$as$u20$core..iter..traits..iterator..Iterator$GT$::next::hc14f1750ca79129b",
	    "<std::fs::ReadDir as core::iter::traits::iterator::Iterator>::next");
	RUST("rg::search_parallel::_$u7b$$u7b$closure$u7d$$u7d$::_$u7b$$u7b$closure$u7d$$u7d$::h6e849b55a66fcd85",
	    "rg::search_parallel::{{closure}}::{{closure}}");
	RUST("_$LT$$RF$std..fs..File$u20$as$u20$std..io..Read$GT$::read::h5d84059cf335c8e6",
	    "<&std::fs::File as std::io::Read>::read");
	RUST("std::sync::mpsc::shared::Packet$LT$T$GT$::recv::hfde2d9e28d13fd56",
	    "std::sync::mpsc::shared::Packet<T>::recv");
	RUST("_$LT$grep..ReadByLine$LT$$u27$s$C$$u20$M$GT$$GT$::run::h30ecedc997ad7e32",
	    "<grep::ReadByLine<'s, M>>::run");
	RUST("core::ptr::drop_in_place$LT$$u5b$$BP$const$u20$u8$u5d$$GT$::h0123456789abcdef",
	    "core::ptr::drop_in_place<[*const u8]>");
	RUST("_$LT$T$u20$as$u20$core..ops..Drop$GT$::drop$u7e$::h0123456789abcdef",
	    "<T as core::ops::Drop>::drop~");
	RUST("_$LT$$LP$A$C$$u20$B$RP$$u20$as$u20$Foo$GT$::bar::h0123456789abcdef",
	    "<(A, B) as Foo>::bar");
	RUST("snow::$u2603$::h0123456789abcdef", "snow::\u2603");
	/* Demangled already: only the hash goes. */
	RUST("std::sys::unix::fs::File::open::hb90e1c1c787080f0", "std::sys::unix::fs::File::open");
}

Test(symname, rust_legacy_left_alone)
{
	/* No hash element, or not quite one. */
	RUST("Foo$LT$T$GT$::bar", "Foo$LT$T$GT$::bar");
	RUST("a..b::h0123456789abcde", "a..b::h0123456789abcde");
	RUST("a..b::h0123456789abcdeF", "a..b::h0123456789abcdeF");
	RUST("a..b:h0123456789abcdef", "a..b:h0123456789abcdef");
	RUST("a..bh0123456789abcdef", "a..bh0123456789abcdef");
	RUST("::h0123456789abcdef", "::h0123456789abcdef");
	/* Fully mangled names are the demangler's business. */
	RUST("_ZN3std2rt19lang_start_internal17h540c897fe52ba9c5E", "_ZN3std2rt19lang_start_internal17h540c897fe52ba9c5E");
	/* A "$" that is not one of rustc's escapes: not a Rust name. */
	RUST("Lcom/x/Outer$Inner;::run::h0123456789abcdef", "Lcom/x/Outer$Inner;::run::h0123456789abcdef");
	RUST("a$XX$b::h0123456789abcdef", "a$XX$b::h0123456789abcdef");
	RUST("a$u$b::h0123456789abcdef", "a$u$b::h0123456789abcdef");
	RUST("a$u41::h0123456789abcdef", "a$u41::h0123456789abcdef");
	RUST("a$LT$::h0123456789abcdef$", "a$LT$::h0123456789abcdef$");
	/* Control characters, surrogates and upper-case hex are refused. */
	RUST("a$u0a$b::h0123456789abcdef", "a$u0a$b::h0123456789abcdef");
	RUST("a$u7f$b::h0123456789abcdef", "a$u7f$b::h0123456789abcdef");
	RUST("a$ud800$b::h0123456789abcdef", "a$ud800$b::h0123456789abcdef");
	RUST("a$u110000$b::h0123456789abcdef", "a$u110000$b::h0123456789abcdef");
	RUST("a$u7B$b::h0123456789abcdef", "a$u7B$b::h0123456789abcdef");
	RUST("a$$b::h0123456789abcdef", "a$$b::h0123456789abcdef");
}
