flame-collapse node.cpuprofile
