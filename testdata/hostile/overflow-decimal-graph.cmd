printf "a 922337203685477580.7\nb 0.1\n" | flame-graph
