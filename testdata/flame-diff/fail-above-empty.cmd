flame-diff --fail-above=0 empty.folded empty.folded
