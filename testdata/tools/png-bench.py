#!/usr/bin/env python3
"""Benchmark flame-graph's PNG output against its SVG (meson benchmark).

usage: png-bench.py FLAME_GRAPH MAKE_BIG_FOLDED_SH WORKDIR [STACKS...]

Builds the inputs once with make-big-folded.sh (default 100000 and 1000000
stacks, kept in WORKDIR and shared with graph-bench.py), renders each as
SVG and as PNG, and prints wall time, CPU time, peak RSS (GNU time) and
the PNG/SVG time ratio (target: at most 2).  Fails when a PNG run needs
more than RSS_SLACK_MB above the SVG run of the same input: the PNG is
drawn from the layout the SVG uses, so its memory is the SVG's plus one
image (4 bytes a pixel), whatever the input size.  Exit 77 (skipped)
when the generator is missing (no ../shared).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchutil import big_folded, run  # noqa: E402

RSS_SLACK_MB = 64


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    exe, gen, work = argv[1], argv[2], argv[3]
    sizes = [int(a) for a in argv[4:]] or [100000, 1000000]
    if not os.path.exists(gen):
        print('skipped: %s not found' % gen)
        return 77
    os.makedirs(work, exist_ok=True)
    print('%-22s %8s %8s %8s' % ('case', 'wall s', 'cpu s', 'RSS MB'))
    bad = 0
    for n in sizes:
        src = big_folded(gen, work, n)
        got = {}
        for fmt in ('svg', 'png'):
            got[fmt] = run(exe, ['--format', fmt], src)
            print('%-22s %8.2f %8.2f %8.1f' % ('%d stacks, %s' % (n, fmt), *got[fmt]))
        (sw, sc, sr), (pw, pc, pr) = got['svg'], got['png']
        print('%-22s %8.2f %8.2f   (target <= 2)' % ('%d stacks, png/svg' % n,
                                                     pw / sw, pc / max(sc, 1e-9)))
        if sr and pr > sr + RSS_SLACK_MB:
            print('FAIL: PNG peak RSS %.1f MB > SVG %.1f MB + %d MB' % (pr, sr, RSS_SLACK_MB))
            bad = 1
    return bad


if __name__ == '__main__':
    sys.exit(main(sys.argv))
