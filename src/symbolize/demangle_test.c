#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "symbolize/demangle.h"

static void
expect(const char *in, const char *want)
{
	char *got = fk_demangle(in, strlen(in));
	if (want == NULL) {
		cr_expect_null(got, "%s demangled to %s", in, got ? got : "");
	} else {
		cr_assert_not_null(got, "%s did not demangle", in);
		cr_expect_str_eq(got, want);
	}
	free(got);
}

Test(demangle, cxx_functions)
{
	expect("_ZN3foo3barEi", "foo::bar(int)");
	expect("_ZNSt6vectorIiSaIiEE9push_backERKi",
	    "std::vector<int, std::allocator<int> >::push_back(int const&)");
	expect("_Z4workv", "work()");
}

Test(demangle, keeps_annotation)
{
	expect("_ZN3foo3barEi_[k]", "foo::bar(int)_[k]");
	expect("_Z4workv_[i]", "work()_[i]");
}

Test(demangle, plain_and_bad_names_are_left)
{
	expect("main", NULL);
	expect("_start", NULL);
	expect("_Z", NULL);
	expect("_Zzzz_not_mangled", NULL);
	expect("[unknown]", NULL);
}

Test(demangle, rust_legacy_drops_hash_and_escapes)
{
	expect("_ZN4core3ptr13drop_in_place17h0123456789abcdefE", "core::ptr::drop_in_place");
	expect("_ZN70_$LT$alloc..vec..Vec$LT$T$C$A$GT$$u20$as$u20$core..ops..drop..Drop$GT$4drop17h6f3d2b1a0c9e8d7fE",
	    "<alloc::vec::Vec<T,A> as core::ops::drop::Drop>::drop");
}

Test(demangle, rust_v0)
{
	expect("_RNvCs1234_7mycrate3foo", "mycrate::foo");
	expect("_RNvMs_NtCsbmNqQUJIY6D_4core3fmtNtB4_9Arguments3new", "<core::fmt::Arguments>::new");
}

Test(demangle, cxx_operators_and_templates)
{
	expect("_ZNSt8functionIFviEEclEi", "std::function<void (int)>::operator()(int)");
}

Test(demangle, length_is_respected)
{
	const char *s = "_Z4workvXXXX";
	char *got = fk_demangle(s, 8);
	cr_assert_not_null(got);
	cr_expect_str_eq(got, "work()");
	free(got);
}
