flame-collapse node.cpuprofile d3.json
