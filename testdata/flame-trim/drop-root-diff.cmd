flame-diff ../flame-diff/runs-b1.folded ../flame-diff/runs-a1.folded | flame-trim --drop-root
