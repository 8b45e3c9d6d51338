#!/usr/bin/env python3
"""gen-text-stacks.py -- DTrace, bpftrace, SystemTap or jstack text for measuring.

usage: gen-text-stacks.py FORMAT MIB [DISTINCT]

Writes to standard output about MIB MiB of FORMAT (dtrace, bpftrace, stap,
jstack) holding DISTINCT (default 2000) different stacks, repeated, so that
flame-collapse's memory can be compared between a small and a large input
and its speed with the FlameGraph script's, e.g.

  python3 testdata/tools/gen-text-stacks.py dtrace 256 | /usr/bin/time -v flame-collapse >/dev/null
"""
import random
import sys

fmt, mib = sys.argv[1], int(sys.argv[2])
distinct = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
rnd = random.Random(7)
funcs = ['fn_%d_%s' % (i, 'x' * rnd.randint(0, 30)) for i in range(1500)]
stacks = [[rnd.choice(funcs) for _ in range(rnd.randint(3, 40))] for _ in range(distinct)]


def record(i, frames):
    if fmt == 'dtrace':
        return ''.join('              mod%d`%s+0x%x\n' % (i % 5, f, rnd.getrandbits(12)) for f in frames) \
            + '              %d\n\n' % (i % 97 + 1)
    if fmt == 'bpftrace':
        return '@[\n' + ''.join('        %s+%d\n' % (f, rnd.getrandbits(10)) for f in frames) \
            + ']: %d\n' % (i % 97 + 1)
    if fmt == 'stap':
        return ''.join(' 0x%016x : %s+0x%x/0x200 [kernel]\n' % (rnd.getrandbits(48), f, rnd.getrandbits(8))
                       for f in frames) + '\t%d\n' % (i % 97 + 1)
    if fmt == 'jstack':
        return '"worker-%d" #%d prio=5 os_prio=0 tid=0x1 nid=0x2 runnable  [0x3]\n' % (i % 9, i) \
            + '   java.lang.Thread.State: RUNNABLE\n' \
            + ''.join('\tat com.example.pkg%d.%s(Main.java:%d)\n' % (i % 4, f, rnd.randint(1, 900)) for f in frames) \
            + '\n'
    sys.exit('unknown format ' + fmt)


# A block of every stack once, its text reused: generating is not what is measured.
block = ''.join(record(i, s) for i, s in enumerate(stacks)).encode()
if fmt == 'dtrace':
    sys.stdout.buffer.write(b'CPU     ID                    FUNCTION:NAME\n  0  64091   :tick-60s \n\n')
elif fmt == 'bpftrace':
    sys.stdout.buffer.write(b'Attaching 1 probe...\n\n\n')
elif fmt == 'jstack':
    sys.stdout.buffer.write(b'2026-12-05 08:28:18\nFull thread dump OpenJDK 64-Bit Server VM (17 mixed mode):\n\n')
written = 0
while written < mib << 20:
    sys.stdout.buffer.write(block)
    written += len(block)
