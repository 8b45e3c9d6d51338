gzip -c node.cpuprofile | flame-collapse --format=cpuprofile
