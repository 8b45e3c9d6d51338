#!/usr/bin/env python3
"""bench.py -- time a flamekit command on a large generated input.

usage: bench.py collapse FLAME_COLLAPSE SHARED_DIR [SIZE_MB ...]

(flame-graph's benchmarks are tools/graph-bench.py and tools/png-bench.py.)
Builds the inputs with the generators in SHARED_DIR/bench (cached under
$FLAMEKIT_BENCH_DIR, default /tmp/flamekit-bench), runs each case seven
times and prints the best wall time and throughput, and the peak RSS of
one more run (GNU time, when /usr/bin/time exists).  Exits 77
(skipped) when the generators are not there.
"""
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tools"))
from benchutil import peak_rss  # noqa: E402


def run(cmd):
    """Run cmd; return its wall time in seconds."""
    t0 = time.perf_counter()
    status = subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode
    dt = time.perf_counter() - t0
    if status != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed with status {status}")
    return dt


def best(cmd, reps=7):
    """The best wall time of reps runs, and the peak RSS of one more."""
    return min(run(cmd) for _ in range(reps)), peak_rss(cmd)


def rss_text(rss):
    return f"peak RSS {rss:6.1f} MB" if rss is not None else "peak RSS n/a (no /usr/bin/time)"


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    mode, exe, shared = sys.argv[1], sys.argv[2], sys.argv[3]
    gen_dir = os.path.join(shared, "bench")
    if not os.path.isdir(gen_dir):
        print(f"bench: no generators in {gen_dir}: skipped")
        sys.exit(77)
    cache = os.environ.get("FLAMEKIT_BENCH_DIR", "/tmp/flamekit-bench")
    os.makedirs(cache, exist_ok=True)
    if mode == "collapse":
        sizes = [int(x) for x in sys.argv[4:]] or [100]
        for mb in sizes:
            path = os.path.join(cache, f"perf-{mb}.txt")
            if not os.path.exists(path):
                fresh = path + ".new"
                subprocess.run([os.path.join(gen_dir, "make-big-perf.sh"), str(mb), fresh],
                               check=True, stdout=subprocess.DEVNULL)
                # The generator appends line by line; Linux keeps such a freshly
                # written file in 4 KiB page-cache pages, which read back ~15%
                # slower than the same bytes written whole or read from disk.
                # Copy it once, so every run reads the file in the usual state.
                shutil.copyfile(fresh, path)
                os.remove(fresh)
            size = os.path.getsize(path)
            for args in ([], ["-j", "2"], ["--tid"]):
                t, rss = best([exe] + args + [path])
                print(f"flame-collapse {' '.join(args) or '(default)':10} {mb:5d} MiB: "
                      f"{t:6.3f} s  {size / t / 1e6:7.0f} MB/s  {rss_text(rss)}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
