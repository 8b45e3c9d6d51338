#!/usr/bin/env python3
"""Extract the frame table from a flamegraph.pl-style SVG.

Each frame in such an SVG is written as

    <g ...><title>TITLE</title><rect x=".." y=".." width=".." height=".." .../>
    <text ...>LABEL</text></g>

For every frame this prints one tab-separated line:

    title  x  y  width  height  label

All six fields are copied exactly as they appear in the SVG (numbers are not
reformatted; title and label keep their XML escaping such as &amp; &lt;).
Lines are sorted in byte order (same as LC_ALL=C sort).

Usage: svg-frames.py FILE.svg [> FILE.frames.tsv]   (or "-" / no arg for stdin)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import frametable  # noqa: E402


def main(argv):
    if len(argv) > 2:
        sys.stderr.write(__doc__)
        return 2
    if len(argv) == 1 or argv[1] == '-':
        data = sys.stdin.buffer.read()
    else:
        with open(argv[1], 'rb') as f:
            data = f.read()
    lines = []
    for fr in frametable.frames(frametable.decode(data)):
        lines.append('\t'.join(fr).encode('utf-8', errors='surrogateescape'))
    lines.sort()
    out = sys.stdout.buffer
    for l in lines:
        out.write(l + b'\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
