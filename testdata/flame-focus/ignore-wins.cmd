flame-focus -e memcpy --ignore=parse small.folded
