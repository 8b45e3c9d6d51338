flame-focus -e .
