// leaky is a small program that leaks goroutines in several distinct ways
// and burns CPU, so that flamekit has real Go profiles to test with.
// See ../README.md for how the captures in testdata/go/ were made.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

// leakSend blocks forever on a send nobody receives.
func leakSend(ch chan<- int, v int) {
	ch <- v
}

// leakSelect waits in a select without default on channels nobody uses.
func leakSelect(a <-chan int, b <-chan string) {
	select {
	case <-a:
	case <-b:
	}
}

// leakMutex waits for a mutex that is never unlocked.
func leakMutex(mu *sync.Mutex) {
	mu.Lock()
	defer mu.Unlock()
}

// leakTicker sleeps on a ticker for ever.
func leakTicker(d time.Duration) {
	t := time.NewTicker(d)
	for range t.C {
	}
}

// mix is small enough for the compiler to inline into burn.
func mix(x uint64) uint64 {
	x ^= x << 13
	x ^= x >> 7
	return x ^ x<<17
}

// burn spends CPU until stop is closed.
func burn(stop <-chan struct{}, seed uint64) uint64 {
	x := seed
	for {
		for i := 0; i < 1<<16; i++ {
			x = mix(x)
		}
		select {
		case <-stop:
			return x
		default:
		}
	}
}

func burnHarder(stop <-chan struct{}, seed uint64) uint64 {
	return burn(stop, seed*3)
}

func write(name string, fn func(f *os.File) error) {
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	if err := fn(f); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func main() {
	wait := flag.Duration("wait", 0, "time to let the leaks age before the dumps")
	cpu := flag.Duration("cpu", 2*time.Second, "length of the CPU profile")
	out := flag.String("out", ".", "directory for the captures")
	hang := flag.Bool("hang", false, "block for ever after leaking (for SIGQUIT dumps)")
	flag.Parse()

	// Leak goroutines in four distinct ways.
	ch := make(chan int)
	for i := 0; i < 5; i++ {
		go leakSend(ch, i)
	}
	for i := 0; i < 3; i++ {
		go leakSelect(make(chan int), make(chan string))
	}
	var mu sync.Mutex
	mu.Lock()
	for i := 0; i < 2; i++ {
		go leakMutex(&mu)
	}
	go leakTicker(time.Hour)
	if *hang {
		select {}
	}

	// Let the leaks age.  The runtime notes when a goroutine started
	// waiting only during a garbage collection, so collect now and then.
	for end := time.Now().Add(*wait); time.Now().Before(end); {
		runtime.GC()
		time.Sleep(time.Second)
	}
	runtime.GC()

	// Burn CPU in two labelled workers while the CPU profile runs.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, w := range []string{"hot", "warm"} {
		w := w
		wg.Add(1)
		go pprof.Do(context.Background(), pprof.Labels("worker", w), func(context.Context) {
			defer wg.Done()
			if w == "hot" {
				burnHarder(stop, 7)
			} else {
				burn(stop, 11)
			}
		})
	}
	write(*out+"/cpu.pprof", func(f *os.File) error {
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		time.Sleep(*cpu)
		pprof.StopCPUProfile()
		return nil
	})
	// The goroutine dumps are taken while the burners still run.
	for _, d := range []struct {
		name  string
		debug int
	}{{"goroutine.debug2.txt", 2}, {"goroutine.debug1.txt", 1}, {"goroutine.pprof", 0}} {
		write(*out+"/"+d.name, func(f *os.File) error {
			return pprof.Lookup("goroutine").WriteTo(f, d.debug)
		})
	}
	close(stop)
	wg.Wait()
}
