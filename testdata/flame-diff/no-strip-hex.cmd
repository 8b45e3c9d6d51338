flame-diff hex-before.folded hex-after.folded
