printf 'goroutine 1 [running]:\nmain.main()\n\t/m.go:3 +0x1\n\ngoroutine 25 [sleep]:\ntime.Sl' | flame-collapse --go-state
