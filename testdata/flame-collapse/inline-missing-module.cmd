flame-collapse --inline --all
