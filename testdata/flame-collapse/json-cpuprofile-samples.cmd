flame-collapse --weight=samples node.cpuprofile
