flame-collapse overflow.cpuprofile
