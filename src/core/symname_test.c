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
