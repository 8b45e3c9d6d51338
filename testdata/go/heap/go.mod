module flamekit.example/heapy

go 1.19
