#!/usr/bin/env python3
"""Check differential flame graphs against flamegraph.pl's.

usage: graph-diff-geometry.py FLAME_DIFF FLAME_GRAPH PERF_DIR

PERF_DIR/diff-cases.txt lists cases "NAME DFLAGS GFLAGS BEFORE AFTER"; for
each, PERF_DIR/NAME.diff-frames.tsv holds the frames (title x y width height
fill label) of `difffolded.pl DFLAGS BEFORE AFTER | flamegraph.pl --hash
GFLAGS`.  Run `flame-diff DFLAGS BEFORE AFTER | flame-graph --hash GFLAGS`
and compare frame by
frame: title, label and fill exactly, numbers to 0.1 px.  With --extract,
print such a table for an SVG on standard input instead (how the tables
were made).  Exit 0 when all match, 1 on a mismatch, 77 when no case.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from frametable import compare, decode, frames, read_tsv  # noqa: E402


def main(argv):
    if len(argv) == 2 and argv[1] == '--extract':
        for r in sorted(frames(decode(sys.stdin.buffer.read()), fill=True)):
            sys.stdout.buffer.write('\t'.join(r).encode('utf-8', errors='surrogateescape') + b'\n')
        return 0
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    fdiff, fgraph, perf = argv[1:]
    listing = os.path.join(perf, 'diff-cases.txt')
    if not os.path.exists(listing):
        return 77
    failed = total = 0
    with open(listing) as f:
        cases = [l.split() for l in f if l.strip() and not l.startswith('#')]
    for name, flags, gflags, before, after in cases:
        total += 1
        cmd = [fdiff] + ([] if flags == '-' else [flags]) + [
            os.path.join(perf, before), os.path.join(perf, after)]
        d = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        g = subprocess.run([fgraph, '--hash'] + ([] if gflags == '-' else [gflags]), input=d.stdout, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        if d.returncode or g.returncode:
            errs = ['%s: exit %d/%d: %s' % (name, d.returncode, g.returncode,
                                             (d.stderr + g.stderr).decode(errors='replace')[:300])]
        else:
            want = read_tsv(os.path.join(perf, name + '.diff-frames.tsv'))
            errs = compare(name, want, frames(decode(g.stdout), fill=True))
        if errs:
            failed += 1
            print('FAIL ' + '\nFAIL '.join(errs))
        else:
            print('ok   %s' % name)
    print('%d cases, %d failed' % (total, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
