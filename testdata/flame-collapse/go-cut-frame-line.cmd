printf 'goroutine 1 [running]:\nmain.main()\n\t/m.go:3 +0x1\n\ngoroutine 25 [sleep]:\ntime.Sleep(0x3b9aca00)\n\t/go/time.go:195 +0x135\nmain.wor' | flame-collapse --go-state
