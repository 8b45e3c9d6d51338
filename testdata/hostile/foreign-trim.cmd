flame-trim a.folded.bz2 a.folded
