#!/usr/bin/env python3
"""check-json-memory.py -- flame-collapse reads JSON profiles in bounded memory.

usage: check-json-memory.py FLAME_COLLAPSE [MIB]

Generates, on the fly (never stored), a V8 .cpuprofile and a Chrome trace
of ProfileChunk events with a fixed tree of 3,000 nodes and ever more
samples: first 16 MiB, then MIB MiB (default 200), piped into
flame-collapse.  Each run must give the same stacks, with totals equal to
the sum of the generated time deltas, and the peak resident memory of the
large run must stay within SLACK of the small run's: memory grows with
the nodes, not with the file.  Prints the peak RSS and the time of each.
"""
import os
import random
import subprocess
import sys
import threading
import time

collapse = sys.argv[1]
big_mib = int(sys.argv[2]) if len(sys.argv) > 2 else 200
NODES = 3000
SLACK = 2 << 10           # KiB the large run's peak RSS may exceed the small one's

rnd = random.Random(5)
parents = [0] + [rnd.randrange(0, i) for i in range(1, NODES)]


def node_json(i, with_parent):
    frame = '{"functionName":"fn_%d","scriptId":"1","url":"file:///app/m%d.js","lineNumber":%d,"columnNumber":%d}' % (
        i, i % 17, i % 500, i % 80)
    if i == 0:
        frame = '{"functionName":"(root)","scriptId":"0","url":"","lineNumber":-1,"columnNumber":-1}'
    extra = ',"parent":%d' % (parents[i] + 1) if with_parent and i else ''
    return '{"id":%d,"callFrame":%s%s}' % (i + 1, frame, extra)


# One block of samples and deltas, written again and again: generating is
# then as fast as the pipe, and the stacks of every run are the same.
BLOCK = 50000
_ids = [rnd.randrange(2, NODES + 1) for _ in range(BLOCK)]
_deltas = [rnd.randrange(100, 2000) for _ in range(BLOCK)]
IDS, DELTAS, DELTA_SUM = ','.join(map(str, _ids)), ','.join(map(str, _deltas)), sum(_deltas)
CHUNK_IDS, CHUNK_DELTAS = ','.join(map(str, _ids[:500])), ','.join(map(str, _deltas[:500]))
CHUNK_SUM = sum(_deltas[:500])


def cpuprofile(size, out, total):
    out.write(('{"nodes":[' + ','.join(node_json(i, True) for i in range(NODES)) +
               '],"startTime":0,"endTime":1,"samples":[').encode())
    # Samples first, then deltas: the pairing queue must spill to a file.
    blocks = max(1, (size // 2) // len(IDS))
    ids = IDS.encode()
    for i in range(blocks):
        out.write(b',' + ids if i else ids)
    out.write(b'],"timeDeltas":[')
    deltas = DELTAS.encode()
    for i in range(blocks):
        out.write(b',' + deltas if i else deltas)
        total[0] += DELTA_SUM
    out.write(b']}')


def trace(size, out, total):
    out.write(b'{"traceEvents":[')
    out.write(('{"args":{"data":{"cpuProfile":{"nodes":[' + ','.join(node_json(i, True) for i in range(NODES)) +
               ']},"timeDeltas":[]}},"id":"0x1","name":"ProfileChunk","ph":"P","pid":1,"tid":1,"ts":0}').encode())
    ev = (',{"args":{"data":{"cpuProfile":{"samples":[%s]},"timeDeltas":[%s]}},"cat":"disabled-by-default-v8.cpu_profiler",'
          '"id":"0x1","name":"ProfileChunk","ph":"P","pid":1,"tid":1,"ts":1}\n') % (CHUNK_IDS, CHUNK_DELTAS)
    ev = ev.encode()
    for _ in range(max(1, size // len(ev))):
        out.write(ev)
        total[0] += CHUNK_SUM
    out.write(b']}')


def peak_rss(pid, result):
    """VmHWM of the running process, polled: the rusage of a child forked
    from this (large) interpreter would count the interpreter's pages."""
    peak = 0
    while True:
        try:
            with open('/proc/%d/status' % pid) as f:
                for line in f:
                    if line.startswith('VmHWM:'):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            break
        if result.get('done'):
            break
        time.sleep(0.02)
    result['peak'] = peak


def run(kind, mib):
    total = [0]
    start = time.time()
    p = subprocess.Popen([collapse, '--format=' + kind], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    result = {}

    def reader():
        result['out'] = p.stdout.read()
        result['err'] = p.stderr.read()
    t = threading.Thread(target=reader)
    t.start()
    poll = threading.Thread(target=peak_rss, args=(p.pid, result))
    poll.start()
    try:
        (cpuprofile if kind == 'cpuprofile' else trace)(mib << 20, p.stdin, total)
    finally:
        p.stdin.close()
    t.join()
    result['done'] = True
    poll.join()
    status = p.wait()
    secs = time.time() - start
    if status != 0:
        sys.exit('FAIL %s %d MiB: exit %d: %s' % (kind, mib, status, result['err'].decode()[:500]))
    lines = result['out'].decode().splitlines()
    got = sum(int(l.rsplit(' ', 1)[1]) for l in lines)
    if got != total[0]:
        sys.exit('FAIL %s %d MiB: total %d, generated %d' % (kind, mib, got, total[0]))
    print('%-12s %5d MiB: %6d KiB peak RSS, %5.1f s, %d stacks' % (kind, mib, result['peak'], secs, len(lines)))
    return result['peak'], len(lines)


fail = 0
for kind in ('cpuprofile', 'chrome-trace'):
    small, n_small = run(kind, 16)
    big, n_big = run(kind, big_mib)
    if big > small + SLACK or n_big != n_small:
        print('FAIL %s: peak RSS %d KiB for %d MiB against %d KiB for 16 MiB' % (kind, big, big_mib, small))
        fail = 1
sys.exit(fail)
