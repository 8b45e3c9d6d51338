#!/usr/bin/env python3
"""check-memory.py -- flame-collapse's memory does not grow with its input.

usage: check-memory.py FLAME_COLLAPSE [MIB]

Generates `perf script` text on the fly (never stored) holding a fixed set
of distinct stacks, repeated: first 16 MiB, then MIB MiB (default 1024),
and pipes each into flame-collapse under an address-space limit
(RLIMIT_AS, `ulimit -v`) sized for the distinct stacks, not for the input.
Both runs must succeed; the large one must print the small one's stacks
with every count scaled by the repeat factor, and its peak resident memory
must stay within a few MiB of the small run's.

Slow (about a minute per GiB): skipped (exit 77) unless FLAMEKIT_MEMORY_TEST=1.
"""
import os
import random
import resource
import subprocess
import sys
import threading

if os.environ.get('FLAMEKIT_MEMORY_TEST') != '1':
    print('skipped: set FLAMEKIT_MEMORY_TEST=1 to run (slow)')
    sys.exit(77)

collapse = sys.argv[1]
big_mib = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
DISTINCT = 5000           # distinct stacks
LIMIT = 96 << 20          # address space for the collapser: libraries, its
                          # buffers and tables for DISTINCT stacks, not the input
SLACK = 24 << 10          # peak RSS may differ by this many KiB between runs

rnd = random.Random(9)
funcs = ['fn_%d_%s' % (i, 'x' * rnd.randint(0, 40)) for i in range(3000)]
samples = []
for i in range(DISTINCT):
    depth = rnd.randint(3, 30)
    frames = ''.join('\t%x %s (/usr/lib/prog%d)\n' % (rnd.getrandbits(40), rnd.choice(funcs), i % 7)
                     for _ in range(depth))
    samples.append('prog %d [%03d] %d.%06d: 1 cpu-clock:\n%s\n' % (
        1000 + i % 13, i % 4, i, i, frames))
block = ''.join(samples).encode()


def run(repeats):
    """Collapse the block repeated; return (output, peak KiB)."""
    mib = repeats * len(block) >> 20

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

    p = subprocess.Popen([collapse, '-j', '1', '--no-progress'], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit)
    out = []
    t = threading.Thread(target=lambda: out.append(p.stdout.read()))
    t.start()
    for _ in range(repeats):
        p.stdin.write(block)
    p.stdin.close()
    t.join()
    err = p.stderr.read()
    # ru_maxrss of the children: each run is the largest child so far or not;
    # wait4 gives this child's own figure.
    _, status, ru = os.wait4(p.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit('FAIL: %s on %d MiB under a %d MiB address-space limit: exit %d: %s' % (
            collapse, mib, LIMIT >> 20, code, err.decode(errors='replace')[:300]))
    return out[0], ru.ru_maxrss


n1 = max(1, (16 << 20) // len(block))
n2 = n1 * -(-(big_mib << 20) // (n1 * len(block)))   # at least MIB MiB
small, small_rss = run(n1)
big, big_rss = run(n2)
print('%d distinct stacks; %d MiB: peak %d KiB; %d MiB: peak %d KiB (limit %d MiB)' % (
    DISTINCT, n1 * len(block) >> 20, small_rss, n2 * len(block) >> 20, big_rss, LIMIT >> 20))
scaled = b''.join(b'%s %d\n' % (line.rsplit(b' ', 1)[0], int(line.rsplit(b' ', 1)[1]) * n2 // n1)
                  for line in small.splitlines())
ok = True
if big != scaled:
    print('FAIL: the large run does not print the small run\'s stacks with counts x%d' % (n2 // n1))
    ok = False
if big_rss > small_rss + SLACK:
    print('FAIL: peak memory grew with the input: %d KiB -> %d KiB' % (small_rss, big_rss))
    ok = False
sys.exit(0 if ok else 1)
