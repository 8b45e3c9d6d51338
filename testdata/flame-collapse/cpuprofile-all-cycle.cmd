flame-collapse all-cycle.cpuprofile
