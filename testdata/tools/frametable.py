"""Frame tables of flamegraph.pl-style SVGs, shared by the checking tools.

Each frame of such an SVG is written as

    <g ...><title>TITLE</title><rect x=".." y=".." width=".." height=".."
    fill=".." .../><text ...>LABEL</text></g>

and becomes a row (title, x, y, width, height, label), or with fill=True
(title, x, y, width, height, fill, label).  Fields are copied as they stand
in the SVG: numbers are not reformatted and XML escapes stay.
"""
import re

FRAME_RE = re.compile(
    r'<g\b[^>]*>\s*'
    r'<title>(?P<title>.*?)</title>\s*'
    r'<rect\b(?P<rect>[^>]*?)/?>\s*(?:</rect>\s*)?'
    r'<text\b[^>]*>(?P<label>.*?)</text>\s*'
    r'</g>',
    re.S)
ATTR_RE = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')


def frames(svg, fill=False):
    """The rows of an SVG's text, in document order; tabs and newlines become blanks."""
    rows = []
    for m in FRAME_RE.finditer(svg):
        a = dict(ATTR_RE.findall(m.group('rect')))
        row = [m.group('title'), a.get('x', ''), a.get('y', ''), a.get('width', ''),
               a.get('height', '')]
        if fill:
            row.append(a.get('fill', ''))
        row.append(m.group('label'))
        rows.append(tuple(s.replace('\t', ' ').replace('\n', ' ') for s in row))
    return rows


def decode(data):
    return data.decode('utf-8', errors='surrogateescape')


def read_tsv(path):
    """Rows of a table written one frame a line, fields separated by tabs."""
    with open(path, 'rb') as f:
        return [tuple(line.split('\t')) for line in decode(f.read()).split('\n') if line]


def _key(r):
    return (r[0], float(r[2]), float(r[1]))


def compare(name, want, got):
    """Differences of two tables, at most 10: title, label (and fill) exactly,
    x, y, width and height to 0.1 px.  Frames are matched in sorted order,
    since flamegraph.pl writes them in random order."""
    if len(want) != len(got):
        return ['%s: %d frames, expected %d' % (name, len(got), len(want))]
    errs = []
    for w, g in zip(sorted(want, key=_key), sorted(got, key=_key)):
        if w[0] != g[0] or w[-1] != g[-1]:
            errs.append('%s: frame %r label %r, expected %r label %r' % (name, g[0], g[-1], w[0], w[-1]))
            continue
        if len(w) == 7 and w[5] != g[5]:
            errs.append('%s: %s fill %s, expected %s' % (name, w[0], g[5], w[5]))
        for i, field in ((1, 'x'), (2, 'y'), (3, 'width'), (4, 'height')):
            if abs(float(w[i]) - float(g[i])) > 0.1 + 1e-9:
                errs.append('%s: %s %s %s, expected %s' % (name, w[0], field, g[i], w[i]))
    return errs[:10]
