flame-focus -F __GI___libc_write ../perf/demo.collapsed-default.txt
