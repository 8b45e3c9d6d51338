// goprog burns CPU in small functions that the Go compiler inlines, so
// that flamekit's tests have Go frames with file:line and inline chains
// (see README.md).  Standard library only; run as "goprog [N]".
package main

import "os"

// rng is a xorshift generator; its method next is inlined into shuffle.
type rng struct{ x uint64 }

func (r *rng) next() uint64 {
	r.x ^= r.x << 13
	r.x ^= r.x >> 7
	r.x ^= r.x << 17
	return r.x
}

// mix is inlined into step, and step into burn: burn's samples carry the
// chain burn -> step -> mix.
func mix(x uint64) uint64 {
	x ^= x << 13
	x ^= x >> 7
	return x ^ x<<17
}

func step(x uint64) uint64 {
	return mix(x) + 1
}

//go:noinline
func burn(n int, seed uint64) uint64 {
	x := seed
	for i := 0; i < n; i++ {
		x = step(x)
	}
	return x
}

//go:noinline
func shuffle(n int, r *rng, buf []uint64) {
	for i := 0; i < n; i++ {
		j := r.next() % uint64(len(buf))
		buf[j] += uint64(i)
	}
}

// count reads a decimal number without strconv, to keep the program small.
func count(s string, def int) int {
	if s == "" {
		return def
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return def
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func main() {
	arg := ""
	if len(os.Args) > 1 {
		arg = os.Args[1]
	}
	n := count(arg, 200000000)
	done := make(chan uint64)
	go func() { done <- burn(n, 7) }()
	buf := make([]uint64, 1024)
	shuffle(n/2, &rng{x: 11}, buf)
	println(<-done, buf[0])
}
