flame-trim --memory=12Q tree.folded
