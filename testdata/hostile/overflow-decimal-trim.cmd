printf "a 922337203685477580.7\na 0.1\n" | flame-trim
