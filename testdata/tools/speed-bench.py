#!/usr/bin/env python3
"""speed-bench.py -- issue 23's speed figures, from interleaved runs.

usage: speed-bench.py collapse FLAME_COLLAPSE SHARED_DIR [SIZE_MB [REPS]]
       speed-bench.py graph FLAME_GRAPH SHARED_DIR [STACKS [REPS]]

collapse: on make-big-perf.sh SIZE_MB (default 100), runs in turn
`dd if=FILE of=/dev/null bs=1M`, flame-collapse FILE and flame-collapse
-j 2 FILE, REPS times (default 11), and prints for each the median wall
time, user+system CPU time, system time and page faults, and the ratios
that issue 23 sets targets for: flame-collapse against dd (at most 3.5x),
-j 2 against one thread (at least 1.6x where a second CPU is there).
graph: flame-graph on make-big-folded.sh STACKS (default 100000), with
the share of system time in the wall time (under 15%).

The machine may be shared: CPU time and page faults are the stable
figures, wall time is indicative.  Inputs are made once and cached under
$FLAMEKIT_BENCH_DIR (default /tmp/flamekit-bench).  Exits 77 (skipped)
without the generators.
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

def measure(cmd):
    """Run cmd > /dev/null: (wall, user+sys, sys, page faults), from
    wait4(2)'s resource usage (microseconds, where GNU time prints
    hundredths)."""
    with open(os.devnull, 'wb') as null:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE)
        err = p.stderr.read()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
    if status != 0:
        sys.exit(f"speed-bench: {' '.join(cmd)} failed: {err.decode(errors='replace')}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_stime, ru.ru_minflt + ru.ru_majflt


def interleaved(cases, reps):
    """Run every case once per round, reps rounds: medians per case."""
    runs = {name: [] for name, _ in cases}
    for _ in range(reps):
        for name, cmd in cases:
            runs[name].append(measure(cmd))
    out = {}
    for name, rs in runs.items():
        out[name] = tuple(statistics.median(r[i] for r in rs) for i in range(4))
    return out


def conditions():
    """When, and how busy the machine was: the load averages and, where
    Linux reports it, the share of the last ten seconds in which tasks
    waited for a CPU (flame-collapse -j runs one thread from 50%)."""
    when = time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())
    load = ' '.join(f'{x:.2f}' for x in os.getloadavg())
    try:
        with open('/proc/pressure/cpu') as f:
            pressure = f.readline().split()[1].split('=')[1] + '%'
    except (OSError, IndexError):
        pressure = 'not reported'
    return f'{when}, load {load}, CPU pressure (avg10) {pressure}'


def show(name, m):
    wall, cpu, sys_, faults = m
    print(f"{name:28} wall {wall:7.3f} s  cpu {cpu:7.4f} s  sys {sys_:7.4f} s  "
          f"faults {faults:8.0f}")


def cached(cache, name, make):
    path = os.path.join(cache, name)
    if not os.path.exists(path):
        fresh = path + '.new'
        make(fresh)
        # A file written line by line sits in 4 KiB page-cache pages, which
        # read back slower than a file written whole: copy it once.
        shutil.copyfile(fresh, path)
        os.remove(fresh)
    return path


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ('collapse', 'graph'):
        sys.exit(__doc__)
    mode, exe, shared = sys.argv[1:4]
    gen_dir = os.path.join(shared, 'bench')
    if not os.path.isdir(gen_dir):
        print(f'speed-bench: no generators in {gen_dir}: skipped')
        sys.exit(77)
    cache = os.environ.get('FLAMEKIT_BENCH_DIR', '/tmp/flamekit-bench')
    os.makedirs(cache, exist_ok=True)
    reps = int(sys.argv[5]) if len(sys.argv) > 5 else 11
    if mode == 'collapse':
        mb = int(sys.argv[4]) if len(sys.argv) > 4 else 100
        path = cached(cache, f'perf-{mb}.txt', lambda f: subprocess.run(
            [os.path.join(gen_dir, 'make-big-perf.sh'), str(mb), f],
            check=True, stdout=subprocess.DEVNULL))
        print('start:', conditions())
        m = interleaved([('dd bs=1M', ['dd', f'if={path}', 'of=/dev/null', 'bs=1M']),
                         ('flame-collapse', [exe, path]),
                         ('flame-collapse -j 2', [exe, '-j', '2', path])], reps)
        print('end:  ', conditions())
        print(f'{mb} MiB, medians of {reps} interleaved runs:')
        for name, v in m.items():
            show(name, v)
        dd, one, two = m['dd bs=1M'], m['flame-collapse'], m['flame-collapse -j 2']
        print(f"flame-collapse / dd: wall {one[0] / max(dd[0], 1e-3):.2f}x  "
              f"cpu {one[1] / max(dd[1], 1e-3):.2f}x")
        print(f"-j 2 speed-up over one thread (wall): {one[0] / max(two[0], 1e-3):.2f}x; "
              f"-j 2 CPU / wall: {two[1] / max(two[0], 1e-3):.2f}")
    else:
        n = int(sys.argv[4]) if len(sys.argv) > 4 else 100000
        path = cached(cache, f'folded-{n}.txt', lambda f: subprocess.run(
            ['bash', os.path.join(gen_dir, 'make-big-folded.sh'), f, str(n)],
            check=True, stdout=subprocess.DEVNULL))
        print('start:', conditions())
        m = interleaved([('flame-graph', [exe, path])], reps)
        print('end:  ', conditions())
        print(f'{n} stacks, medians of {reps} runs:')
        for name, v in m.items():
            show(name, v)
        wall, _, sys_, _ = m['flame-graph']
        print(f"system time / wall: {100 * sys_ / max(wall, 1e-3):.1f}%")


if __name__ == '__main__':
    main()
