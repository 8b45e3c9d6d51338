module flamekit.example/leaky

go 1.19
