flame-focus -x mem small.folded.gz
