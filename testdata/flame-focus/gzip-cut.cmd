flame-focus -x mem cut.folded.gz
