flame-collapse --compat=perl --all kernel-files.perf.txt jitdump.perf.txt rust-legacy.perf.txt
