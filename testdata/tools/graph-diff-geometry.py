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
import re
import subprocess
import sys

FRAME_RE = re.compile(
    r'<g\b[^>]*>\s*<title>(?P<title>.*?)</title>\s*'
    r'<rect\b(?P<rect>[^>]*?)/?>\s*(?:</rect>\s*)?'
    r'<text\b[^>]*>(?P<label>.*?)</text>\s*</g>', re.S)
ATTR_RE = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')


def frames(svg):
    rows = []
    for m in FRAME_RE.finditer(svg):
        a = dict(ATTR_RE.findall(m.group('rect')))
        rows.append(tuple(s.replace('\t', ' ').replace('\n', ' ') for s in (
            m.group('title'), a.get('x', ''), a.get('y', ''), a.get('width', ''),
            a.get('height', ''), a.get('fill', ''), m.group('label'))))
    return sorted(rows)


def key(r):
    return (r[0], float(r[2]), float(r[1]))


def compare(name, want, got):
    if len(want) != len(got):
        return ['%s: %d frames, expected %d' % (name, len(got), len(want))]
    errs = []
    for w, g in zip(sorted(want, key=key), sorted(got, key=key)):
        if w[0] != g[0] or w[6] != g[6]:
            errs.append('%s: frame %r label %r, expected %r label %r' % (name, g[0], g[6], w[0], w[6]))
            continue
        if w[5] != g[5]:
            errs.append('%s: %s fill %s, expected %s' % (name, w[0], g[5], w[5]))
        for i, field in ((1, 'x'), (2, 'y'), (3, 'width'), (4, 'height')):
            if abs(float(w[i]) - float(g[i])) > 0.1 + 1e-9:
                errs.append('%s: %s %s %s, expected %s' % (name, w[0], field, g[i], w[i]))
    return errs[:10]


def main(argv):
    if len(argv) == 2 and argv[1] == '--extract':
        svg = sys.stdin.buffer.read().decode('utf-8', errors='surrogateescape')
        for r in frames(svg):
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
            with open(os.path.join(perf, name + '.diff-frames.tsv'), 'rb') as fh:
                want = [tuple(l.split('\t')) for l in
                        fh.read().decode('utf-8', errors='surrogateescape').split('\n') if l]
            errs = compare(name, want, frames(g.stdout.decode('utf-8', errors='surrogateescape')))
        if errs:
            failed += 1
            print('FAIL ' + '\nFAIL '.join(errs))
        else:
            print('ok   %s' % name)
    print('%d cases, %d failed' % (total, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
