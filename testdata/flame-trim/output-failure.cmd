flame-trim -o /nonexistent/dir/out tree.folded
