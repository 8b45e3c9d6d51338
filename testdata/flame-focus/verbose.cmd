flame-focus -v -e memcpy --hide=main --show-from=run small.folded
