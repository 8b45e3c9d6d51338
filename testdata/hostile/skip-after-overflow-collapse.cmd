flame-collapse --skip-after=main skip-after-overflow.perf
