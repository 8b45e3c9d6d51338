flame-collapse --weight=samples node.cpuprofile | head -2
