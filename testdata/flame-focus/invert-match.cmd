flame-focus -v a
