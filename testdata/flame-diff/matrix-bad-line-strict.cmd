flame-diff --strict matrix-before.folded matrix-after-bad.folded
