printf 'Samples:\nx/count\n  -5: 1\n  7: 1\nLocations\n  1: 0x1 M=1 f a.go:1 s=0\n' | flame-collapse
