flame-diff --strip-hex -n hex-before.folded hex-after.folded
