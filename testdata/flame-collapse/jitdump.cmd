flame-collapse --jit jitdump.perf.txt
