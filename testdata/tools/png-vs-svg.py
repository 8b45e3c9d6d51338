#!/usr/bin/env python3
"""Compare flame-graph's PNG with its SVG rasterized by librsvg.

usage: png-vs-svg.py FLAME_GRAPH TESTDATA_DIR [KEEP_DIR]

For each case below, flame-graph writes the SVG and the PNG of the same
input with the same options; rsvg-convert rasterizes the SVG at the same
scale.  Then:

1. Both images have the same size.
2. Frame rectangles match pixel for pixel.  The frame table comes from the
   SVG (every <rect> in <g id="frames">, with its fill).  For each frame the
   test samples the pixels that lie wholly inside the rectangle, at least 2
   pixels from its left and right ends (the rx=2 rounded corners and the
   anti-aliased sides), in the rows the labels' glyphs cannot reach (see
   samples(); baseline = the SVG <text> y).  Every sampled pixel must be exactly the frame's fill colour
   in both images, so a frame drawn in another colour fails.  The
   frame's anti-aliased ends (its first and last 2 pixels and one beyond,
   in the same rows) must agree between the two images within EDGE_LIMIT
   per channel: both rasterize the same path with cairo (measured: 0 or
   1), while a frame moved or resized by half a pixel differs by 9 or more.
3. The mean absolute difference over the whole image (all pixels, R, G and
   B, 0..255) is at most MEAN_LIMIT = 2.0.  What differs is text: librsvg
   lays it out with Pango, flame-graph with cairo's text API and other
   hinting; flame-graph also cuts labels whose glyphs would spill past
   their frame, and leaves out the SVG's interactive controls (Search, ic).
   Measured 0.41 to 1.33 on these cases (the flame chart with many short
   labels is the highest).  The mean catches a missing title or a wrong
   background; one frame's change is caught by the checks of point 2.

Exit 77 (skipped) when rsvg-convert is missing.  Python standard library
only: the PNG decoder handles 8-bit RGB and RGBA, non-interlaced, which is
what cairo and rsvg-convert write.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

MEAN_LIMIT = 2.0
EDGE_LIMIT = 3

SVG = '{http://www.w3.org/2000/svg}'

# name, input (relative to TESTDATA_DIR), options
CASES = [
    ('small', 'flame-graph/small.folded', []),
    ('demo', 'perf/demo.collapsed-default.txt', []),
    ('demo-dark-subtitle', 'perf/demo.collapsed-default.txt',
     ['--theme', 'dark', '--subtitle', 'dark theme, subtitle', '--title', 'demo']),
    ('fp-inverted-java', 'perf/fp.collapsed-all.txt', ['--inverted', '--colors', 'java']),
    ('kernel-flamechart', 'perf/kernel.collapsed-all.txt', ['--flamechart', '--colors', 'io']),
    ('diff', 'flame-graph/diff.in', []),
    ('diff-negate', 'flame-graph/diff.in', ['--negate', '--colors', 'aqua']),
    ('demo-big-fonts', 'perf/demo.collapsed-default.txt',
     ['--fontsize', '15', '--height', '20', '--width', '900']),
    ('demo-scale2', 'perf/demo.collapsed-default.txt', ['--scale', '2']),
]


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def read_png(path):
    """(width, height, rows): rows[y] is bytes of R,G,B per pixel."""
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('%s: not a PNG' % path)
    pos, idat, hdr = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            hdr = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat.append(body)
        elif kind == b'IEND':
            break
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError('%s: only 8-bit RGB/RGBA non-interlaced PNGs' % path)
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b''.join(idat))
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ft == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif ft == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif ft == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif ft == 4:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                ul = prev[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + paeth(left, prev[i], ul)) & 255
        elif ft != 0:
            raise ValueError('%s: bad filter %d' % (path, ft))
        prev = line
        if bpp == 4:
            # Composite over white (the images here are opaque anyway).
            out = bytearray(w * 3)
            for x in range(w):
                r, g, b, a = line[4 * x:4 * x + 4]
                out[3 * x] = (r * a + 255 * (255 - a) + 127) // 255
                out[3 * x + 1] = (g * a + 255 * (255 - a) + 127) // 255
                out[3 * x + 2] = (b * a + 255 * (255 - a) + 127) // 255
            rows.append(bytes(out))
        else:
            rows.append(bytes(line))
    return w, h, rows


def frames(svg_path):
    """[(x, y, w, h, (r, g, b), baseline, label)] from <g id="frames">."""
    root = ET.parse(svg_path).getroot()
    fontsize = float(root.get('data-fontsize'))
    out = []
    for g in root.iter(SVG + 'g'):
        if g.get('id') != 'frames':
            continue
        for fr in g:
            rect = fr.find(SVG + 'rect')
            text = fr.find(SVG + 'text')
            fill = rect.get('fill')
            assert fill.startswith('rgb('), fill
            rgb = tuple(int(v) for v in fill[4:-1].split(','))
            x, y = float(rect.get('x')), float(rect.get('y'))
            w, h = float(rect.get('width')), float(rect.get('height'))
            if fr.get('data-m'):
                # New and gone frames carry a 1 px outline (drawn by both
                # renderers); their inside starts a pixel further in.
                x, y, w, h = x + 1, y + 1, w - 2, h - 2
            out.append((x, y, w, h, rgb, float(text.get('y')), text.text or ''))
    return out, fontsize


def floor(v):
    return int(v // 1)


def ceil(v):
    return -int(-v // 1)


def samples(fr, fontsize, scale, spill, edges=False):
    """Pixel (x, y) centres to check for one frame, in device pixels.

    Rows the glyphs of a label can reach (baseline - 0.78 em to baseline +
    0.32 em for ASCII text in DejaVu Sans, underscores included) are
    sampled only right of spill: where no label on this row, this frame's
    or a neighbour's, can have reached (at most 1 em per character, since
    rsvg draws the SVG's label without clipping it to its frame).  A
    non-ASCII label may reach higher (accents): then only the rows below
    the text band are clear.  With edges, the columns are the frame's
    anti-aliased ends instead of its inside.
    """
    x, y, w, h, _, base, label = fr
    s = scale
    if edges:
        # The anti-aliased ends and rounded corners, a pixel beyond each.
        left = range(floor(x * s) - 1, ceil((x + 2) * s))
        right = range(floor((x + w - 2) * s), ceil((x + w) * s) + 1)
        cols = sorted(set(left) | set(right))
    else:
        cols = range(ceil((x + 2) * s), floor((x + w - 2) * s))
    up = 0.78 if label.isascii() else 1.2
    text_top, text_bottom = (base - up * fontsize) * s, (base + 0.32 * fontsize) * s
    out = []
    for r in range(ceil(y * s), floor((y + h) * s)):
        clear = r + 1 <= text_top or r >= text_bottom
        out += [(c, r) for c in cols if clear or c >= spill * s]
    return out


def spills(table, fontsize):
    """For each frame: the x after which no label on its row can reach."""
    rows = {}
    for i, fr in enumerate(table):
        rows.setdefault(fr[1], []).append(i)
    out = [0.0] * len(table)
    for idx in rows.values():
        idx.sort(key=lambda i: table[i][0])
        reach = 0.0
        for i in idx:
            x, _, w, _, _, _, label = table[i]
            if label:
                reach = max(reach, x + 3 + len(label) * fontsize)
            out[i] = reach
    return out


def compare(name, fg, rsvg, src, opts, work):
    svg, png, ref = (os.path.join(work, name + ext) for ext in ('.svg', '.png', '.rsvg.png'))
    scale = float(opts[opts.index('--scale') + 1]) if '--scale' in opts else 1.0
    svg_opts = [o for i, o in enumerate(opts)
                if o != '--scale' and (i == 0 or opts[i - 1] != '--scale')]
    subprocess.run([fg, '-o', svg] + svg_opts + [src], check=True)
    subprocess.run([fg, '-o', png] + opts + [src], check=True)
    subprocess.run([rsvg, '-z', str(scale), '-o', ref, svg], check=True)
    w1, h1, a = read_png(png)
    w2, h2, b = read_png(ref)
    errors = []
    if (w1, h1) != (w2, h2):
        return ['%s: PNG is %dx%d, rsvg-convert %dx%d' % (name, w1, h1, w2, h2)], 0, 0, 0, 0
    table, fontsize = frames(svg)
    checked = nframes = edge_max = 0
    for fr, spill in zip(table, spills(table, fontsize)):
        pts = samples(fr, fontsize, scale, spill)
        nframes += 1
        checked += bool(pts)
        want = bytes(fr[4])
        for (c, r) in pts:
            pa, pb = a[r][3 * c:3 * c + 3], b[r][3 * c:3 * c + 3]
            if pa != want or pb != want:
                errors.append('%s: frame %r at x=%g y=%g w=%g: pixel (%d,%d) is %s in '
                              'the PNG, %s in the SVG, fill %s' % (
                                  name, fr[6], fr[0], fr[1], fr[2], c, r, tuple(pa),
                                  tuple(pb), fr[4]))
                break
        # The ends: both rasterizers draw the same path with cairo, so the
        # partly covered pixels agree within EDGE_LIMIT; a frame moved or
        # resized by a pixel leaves a gap or an overlap there.
        for (c, r) in samples(fr, fontsize, scale, spill, edges=True):
            if not (0 <= c < w1 and 0 <= r < h1):
                continue
            pa, pb = a[r][3 * c:3 * c + 3], b[r][3 * c:3 * c + 3]
            d = max(abs(p - q) for p, q in zip(pa, pb))
            edge_max = max(edge_max, d)
            if d > EDGE_LIMIT:
                errors.append('%s: frame %r at x=%g y=%g w=%g: edge pixel (%d,%d) is %s in '
                              'the PNG, %s in the SVG' % (
                                  name, fr[6], fr[0], fr[1], fr[2], c, r, tuple(pa), tuple(pb)))
                break
    total = 0
    for ra, rb in zip(a, b):
        total += sum(abs(p - q) for p, q in zip(ra, rb))
    mean = total / (w1 * h1 * 3)
    if mean > MEAN_LIMIT:
        errors.append('%s: mean absolute difference %.3f > %.1f' % (name, mean, MEAN_LIMIT))
    return errors, mean, checked, nframes, edge_max


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    fg, data = argv[1], argv[2]
    rsvg = shutil.which('rsvg-convert')
    if not rsvg:
        print('skipped: rsvg-convert not found (Debian librsvg2-bin)')
        return 77
    keep = argv[3] if len(argv) > 3 else None
    work = keep or tempfile.mkdtemp(prefix='fk-png-')
    os.makedirs(work, exist_ok=True)
    failed = []
    try:
        for name, src, opts in CASES:
            errors, mean, checked, nframes, edge_max = compare(
                name, fg, rsvg, os.path.join(data, src), opts, work)
            print('%-20s mean |diff| %.3f, %d of %d frames sampled, edges within %d%s' % (
                name, mean, checked, nframes, edge_max, ', FAILED' if errors else ''))
            for e in errors[:10]:
                print('  ' + e)
            if len(errors) > 10:
                print('  ... %d more' % (len(errors) - 10))
            failed += errors
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
