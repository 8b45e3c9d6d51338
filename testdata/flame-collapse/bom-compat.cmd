flame-collapse --compat=perl
