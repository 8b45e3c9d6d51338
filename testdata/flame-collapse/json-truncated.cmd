head -c 5200 node.cpuprofile | flame-collapse --format=cpuprofile
