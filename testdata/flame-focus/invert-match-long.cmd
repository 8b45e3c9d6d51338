flame-focus --invert-match -e b -e c
