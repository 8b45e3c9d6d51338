flame-diff -V
