flame-collapse --compat=perl --inline
