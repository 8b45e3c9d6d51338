flame-collapse --inline --srcline
