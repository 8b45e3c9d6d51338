flame-collapse node.cpuprofile | awk '{ s += $NF } END { print s }'
