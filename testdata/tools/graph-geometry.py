#!/usr/bin/env python3
"""Check flame-graph's frame geometry against flamegraph.pl's.

usage: graph-geometry.py FLAME_GRAPH PERF_DIR [CORPUS_DIR]

For every PERF_DIR/NAME.frames.tsv (title x y width height label, taken
from `flamegraph.pl --hash NAME.collapsed-default.txt`), render the same
input with `flame-graph --hash` and compare frame by frame: title and label
exactly, numbers to 0.1 px.  With CORPUS_DIR (../shared/corpus/real), do the
same against each NAME.svg made from NAME.collapsed.txt.  Every SVG produced
must parse as XML (xmllint, libxml2's parser, when installed).
Exit 0 when all match, 1 on a mismatch, 77 (skipped) when nothing was found.
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from frametable import compare, decode, frames, read_tsv  # noqa: E402


def rows_of_svg(data):
    return frames(decode(data))


def render(exe, src):
    p = subprocess.run([exe, '--hash', src], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError('%s exited %d: %s' % (src, p.returncode, p.stderr.decode(errors='replace')))
    if shutil.which('xmllint'):
        x = subprocess.run(['xmllint', '--noout', '--nonet', '-'], input=p.stdout,
                           stderr=subprocess.PIPE)
        if x.returncode != 0:
            raise RuntimeError('%s: output does not parse: %s' % (src, x.stderr.decode(errors='replace')[:300]))
    else:
        import xml.dom.minidom
        xml.dom.minidom.parseString(p.stdout)
    return p.stdout


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    exe, perf = argv[1], argv[2]
    cases = []
    for f in sorted(os.listdir(perf)):
        if f.endswith('.frames.tsv'):
            n = f[:-len('.frames.tsv')]
            cases.append(('perf/' + n, os.path.join(perf, n + '.collapsed-default.txt'),
                          lambda p=os.path.join(perf, f): read_tsv(p)))
    corpus = argv[3] if len(argv) == 4 else None
    if corpus and os.path.isdir(corpus):
        for f in sorted(os.listdir(corpus)):
            if f.endswith('.svg') and os.path.exists(os.path.join(corpus, f[:-4] + '.collapsed.txt')):
                n = f[:-4]

                def want(p=os.path.join(corpus, f)):
                    with open(p, 'rb') as fh:
                        return rows_of_svg(fh.read())
                cases.append(('corpus/' + n, os.path.join(corpus, n + '.collapsed.txt'), want))
    else:
        print('corpus: skipped (%s not present)' % corpus)
    if not cases:
        return 77
    failed = 0
    for name, src, want in cases:
        try:
            errs = compare(name, want(), rows_of_svg(render(exe, src)))
        except RuntimeError as e:
            errs = [str(e)]
        if errs:
            failed += 1
            print('FAIL ' + '\nFAIL '.join(errs))
        else:
            print('ok   %s' % name)
    print('%d cases, %d failed' % (len(cases), failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
