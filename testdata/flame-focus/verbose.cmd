flame-focus --verbose -e memcpy --hide=main --show-from=run small.folded
