flame-collapse ../go/corrupt/badlen.pb
