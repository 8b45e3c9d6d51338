#!/usr/bin/env python3
"""Benchmark flame-graph on large synthetic inputs (meson benchmark).

usage: graph-bench.py FLAME_GRAPH MAKE_BIG_FOLDED_SH WORKDIR [STACKS...]

Builds the inputs once with make-big-folded.sh (default 100000 and 1000000
stacks; they are kept in WORKDIR), then renders each as given (tree
order), sorted and shuffled (the target: shuffled at most 2x sorted), and
inputs of at most 100k stacks also with --minwidth 0 (every frame drawn),
printing the best wall and CPU time of $FLAMEKIT_BENCH_REPS runs (default
5) and their peak RSS (measured with GNU time when /usr/bin/time exists),
then the shuffled/sorted ratio of the best wall times.  Exit 77 (skipped)
when the generator is missing.
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchutil import big_folded, run  # noqa: E402


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    exe, gen, work = argv[1], argv[2], argv[3]
    sizes = [int(a) for a in argv[4:]] or [100000, 1000000]
    reps = max(1, int(os.environ.get('FLAMEKIT_BENCH_REPS', '5')))
    if not os.path.exists(gen):
        print('skipped: %s not found' % gen)
        return 77
    os.makedirs(work, exist_ok=True)
    print('%-34s %8s %8s %8s' % ('case', 'wall s', 'cpu s', 'RSS MB'))
    for n in sizes:
        src = big_folded(gen, work, n)
        cases = [('%d stacks' % n, [], src)]
        lines = None
        for name in ('sorted', 'shuffled'):
            path = os.path.join(work, 'big-%d-%s.folded' % (n, name))
            if not os.path.exists(path):
                if lines is None:
                    with open(src, 'rb') as f:
                        lines = f.readlines()
                order = sorted(lines) if name == 'sorted' else \
                    random.Random(1).sample(lines, len(lines))
                with open(path, 'wb') as f:
                    f.writelines(order)
                del order
            cases.append(('%d stacks, %s' % (n, name), [], path))
        del lines
        if n <= 100000:
            cases.append(('%d stacks, --minwidth 0' % n, ['--minwidth', '0'], src))
        best = {}
        for label, args, path in cases:
            runs = [run(exe, args, path) for _ in range(reps)]
            wall = min(r[0] for r in runs)
            best[label] = wall
            print('%-34s %8.3f %8.3f %8.1f' % (label, wall, min(r[1] for r in runs),
                                                max(r[2] for r in runs)))
        print('%-34s %8.2fx (target: at most 2x)' % (
            '%d stacks, shuffled / sorted' % n,
            best['%d stacks, shuffled' % n] / best['%d stacks, sorted' % n]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
