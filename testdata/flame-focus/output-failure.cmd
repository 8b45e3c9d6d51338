flame-focus -o /nonexistent/dir/out compute small.folded
