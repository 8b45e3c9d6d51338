flame-focus --keep-root --show-from='^(query_db|checksum)$' ../perf/demo.collapsed-default.txt
