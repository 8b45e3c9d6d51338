flame-diff -h
