flame-diff --before=runs-b1.folded --before runs-b2.folded --before=runs-b3.folded --after=runs-a1.folded --after runs-a2.folded --after=runs-a3.folded --root=strip
