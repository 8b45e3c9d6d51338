// leaksvc is a small HTTP service that leaks goroutines in four ways, as
// services leak them: a send on an unbuffered channel nobody reads, a
// select on channels nobody closes, a mutex never unlocked and a context
// never cancelled.  The leaks grow on request, so that a test can dump
// them at known counts (see ../../README.md and testdata/check-go-leaks.sh):
//
//	GET /grow?send=N&select=N&mutex=N&ctx=N  leak until there are N of each,
//	    blocked (not merely started) when the reply comes
//	GET /panic                               crash with a traceback (set
//	    GOTRACEBACK=all to see every goroutine), after a log line
//	GET /debug/pprof/goroutine?debug=0|1|2   net/http/pprof's dumps
//
// It listens on 127.0.0.1, on the port given by -addr (default: a free
// one), and logs "listening on ADDR" to stderr.  Standard library only.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

var (
	results = make(chan int)      // unbuffered, never read
	events  = make(chan string)   // never written, never closed
	quit    = make(chan struct{}) // never closed
	stateMu sync.Mutex            // locked at start, never unlocked
	state   int
)

// sendResult blocks for ever: nobody receives from results.
func sendResult(v int) {
	results <- v
}

// awaitEvent blocks for ever in a select on channels nobody closes.
func awaitEvent() {
	select {
	case e := <-events:
		log.Print(e)
	case <-quit:
	}
}

// lockedUpdate blocks for ever on a mutex that is never unlocked.
func lockedUpdate(n int) {
	stateMu.Lock()
	state += n
	stateMu.Unlock()
}

// watchCtx waits for a context nobody cancels.
func watchCtx(ctx context.Context) {
	<-ctx.Done()
	log.Print(ctx.Err())
}

// The goroutines of each leak are started by a function of their own, so
// that a dump's "created by" line names the leak too.
func startSend(i int)  { go sendResult(i) }
func startSelect(int)  { go awaitEvent() }
func startMutex(i int) { go lockedUpdate(i) }
func startWatch(int) {
	ctx, cancel := context.WithCancel(context.Background())
	cancels = append(cancels, cancel) // kept, never called
	go watchCtx(ctx)
}

// A leak: the /grow parameter, the function its goroutines block in as a
// traceback names it, and how to start one more.
type leak struct {
	param string
	fn    string
	start func(i int)
}

var (
	growMu  sync.Mutex // one /grow at a time
	cancels []context.CancelFunc
	leaks   = []*leak{
		{"send", "main.sendResult(", startSend},
		{"select", "main.awaitEvent(", startSelect},
		{"mutex", "main.lockedUpdate(", startMutex},
		{"ctx", "main.watchCtx(", startWatch},
	}
)

// blocked counts, per leak, the goroutines parked in its function (not
// runnable or running: those may not have reached the blocking call yet).
func blocked() map[*leak]int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	counts := map[*leak]int{}
	for _, g := range strings.Split(string(buf), "\n\n") {
		header, _, _ := strings.Cut(g, "\n")
		if strings.Contains(header, "[runnable") || strings.Contains(header, "[running") {
			continue
		}
		for _, l := range leaks {
			if strings.Contains(g, "\n"+l.fn) {
				counts[l]++
			}
		}
	}
	return counts
}

// grow leaks until each leak named in the query has that many goroutines
// blocked; it replies with the counts, one "param count" line each.
func grow(w http.ResponseWriter, r *http.Request) {
	growMu.Lock()
	defer growMu.Unlock()
	want := map[*leak]int{}
	have := blocked()
	for _, l := range leaks {
		v := r.URL.Query().Get(l.param)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < have[l] {
			http.Error(w, fmt.Sprintf("%s=%s: want a count of at least %d", l.param, v, have[l]),
				http.StatusBadRequest)
			return
		}
		want[l] = n
		for i := have[l]; i < n; i++ {
			l.start(i)
		}
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		have = blocked()
		done := true
		for l, n := range want {
			done = done && have[l] == n
		}
		if done {
			break
		}
		if time.Now().After(deadline) {
			http.Error(w, "leaks did not block in 10 s", http.StatusInternalServerError)
			return
		}
	}
	for _, l := range leaks {
		fmt.Fprintf(w, "%s %d\n", l.param, have[l])
	}
}

// crash panics outside the handler (net/http recovers handler panics),
// after the reply and a log line, as a service dies in production.
func crash(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, "panicking")
	w.(http.Flusher).Flush()
	go func() {
		time.Sleep(100 * time.Millisecond)
		log.Printf("state update failed, giving up")
		panic("leaksvc: /panic requested")
	}()
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	flag.Parse()
	stateMu.Lock() // and never unlocked: lockedUpdate's leak
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("listening on %s", ln.Addr())
	http.HandleFunc("/grow", grow)
	http.HandleFunc("/panic", crash)
	log.Fatal(http.Serve(ln, nil))
}
