flame-collapse --weight=bytes node.cpuprofile
