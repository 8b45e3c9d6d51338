flame-collapse --weight=samples node.cpuprofile | awk '{ s += $NF } END { print s }'
