#!/usr/bin/env python3
"""gen.py -- hostile inputs for the cases in this directory, written to stdout.

  line N       one folded line whose only frame is N bytes long
  deep N       one stack of N frames (ten names, repeating: deep recursion)
  wide N       one stack of N distinct frames
  perfline N   one perf script sample whose symbol is N bytes long
  perfdeep N   one perf script sample with N frames
"""
import sys

out = sys.stdout.buffer
kind, n = sys.argv[1], int(sys.argv[2])
CHUNK = 1 << 20
if kind == 'line':
    for i in range(0, n, CHUNK):
        out.write(b'x' * min(CHUNK, n - i))
    out.write(b' 1\n')
elif kind == 'deep':
    out.write(b';'.join(b'f%d' % (i % 10) for i in range(n)) + b' 1\n')
elif kind == 'wide':
    out.write(b';'.join(b'f%d' % i for i in range(n)) + b' 1\n')
elif kind == 'perfline':
    out.write(b'prog 1 [000] 1.000000: 1 cpu-clock:\n\t1000 ')
    for i in range(0, n, CHUNK):
        out.write(b'x' * min(CHUNK, n - i))
    out.write(b' (/bin/prog)\n\t2000 main (/bin/prog)\n\n')
elif kind == 'perfdeep':
    out.write(b'prog 1 [000] 1.000000: 1 cpu-clock:\n')
    out.write(b''.join(b'\t%x f%d (/bin/prog)\n' % (i, i % 10) for i in range(n)))
    out.write(b'\n')
else:
    sys.exit('gen.py: unknown kind ' + kind)
