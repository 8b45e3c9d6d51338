// heapy allocates memory that stays live in two distinct ways, then writes
// a heap profile, so that flamekit has a profile counted in bytes to test
// with.  See ../README.md for how heap.pprof was made.
package main

import (
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
)

var kept [][]byte

// cache keeps n blocks of size bytes each.
func cache(n, size int) {
	for i := 0; i < n; i++ {
		kept = append(kept, make([]byte, size))
	}
}

// buffers keeps one large buffer.
func buffers(size int) {
	kept = append(kept, make([]byte, size))
}

func main() {
	out := flag.String("o", "heap.pprof", "where to write the heap profile")
	flag.Parse()
	// Record every allocation, so that the profile's figures are exact.
	runtime.MemProfileRate = 1
	cache(64, 1<<20)
	buffers(3 << 20)
	runtime.GC()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	runtime.KeepAlive(kept)
}
