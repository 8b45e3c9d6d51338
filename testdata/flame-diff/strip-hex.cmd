flame-diff -s hex-before.folded hex-after.folded
