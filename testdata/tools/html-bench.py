#!/usr/bin/env python3
"""Benchmark flame-graph --format=html (meson benchmark 'graph-html').

usage: html-bench.py FLAME_GRAPH MAKE_BIG_FOLDED_SH WORKDIR BROWSER_DIR [STACKS...]

For each input (default 100000 and 1000000 distinct stacks from
make-big-folded.sh, kept in WORKDIR) prints the writing time of the HTML
page against the default SVG (medians of HTML_BENCH_REPS interleaved runs,
default 5) (target: no more CPU time; on a shared
machine the CPU figure is the one to trust), its size against the SVG
that draws every frame (--minwidth 0, the same information; target: at most
a fifth), and, when node and the playwright-core of BROWSER_DIR
(testdata/browser) are there, the milliseconds from navigation to the first
complete drawing in Chromium (target under 1500 for 1M stacks) and until
every frame can be zoomed into.  Figures only: it fails only when a command
fails.  Exit 77 (skipped) when the generator is missing (no ../shared).
"""
import json
import os
import shutil
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchutil import big_folded, run  # noqa: E402


def size_of(exe, args, src):
    """Bytes that exe args < src writes."""
    n = 0
    with open(src, 'rb') as fin:
        p = subprocess.Popen([exe] + args, stdin=fin, stdout=subprocess.PIPE)
        while True:
            b = p.stdout.read(1 << 20)
            if not b:
                break
            n += len(b)
        if p.wait() != 0:
            raise SystemExit('%s %s failed' % (exe, ' '.join(args)))
    return n


def main(argv):
    if len(argv) < 5:
        sys.stderr.write(__doc__)
        return 2
    exe, gen, work, browser_dir = argv[1:5]
    sizes = [int(a) for a in argv[5:]] or [100000, 1000000]
    if not os.path.exists(gen):
        print('skipped: %s not found' % gen)
        return 77
    os.makedirs(work, exist_ok=True)
    browser_dir = os.path.abspath(browser_dir)
    loader = os.path.join(browser_dir, 'html-load.mjs')
    has_browser = (shutil.which('node') and os.path.exists('/usr/bin/chromium') and
                   os.path.isdir(os.path.join(browser_dir, 'node_modules', 'playwright-core')))
    reps = int(os.environ.get('HTML_BENCH_REPS', '5'))
    for n in sizes:
        src = big_folded(gen, work, n)
        # Interleaved runs, medians: one run each is at the mercy of a shared host.
        runs = {'svg': [], 'html': []}
        for _ in range(reps):
            for fmt in runs:
                runs[fmt].append(run(exe, ['--format', fmt], src))
        svg, html = ([statistics.median(r[i] for r in runs[f]) for i in range(3)]
                     for f in ('svg', 'html'))
        print('%d stacks: write svg %.3f s (cpu %.3f, %.0f MB), html %.3f s (cpu %.3f, %.0f MB);'
              ' html/svg cpu %.2f (target <= 1; wall %.2f); medians of %d interleaved runs'
              % (n, svg[0], svg[1], svg[2], html[0], html[1], html[2],
                 html[1] / svg[1] if svg[1] else 0, html[0] / svg[0], reps))
        page = os.path.join(work, 'big-%d.html' % n)
        with open(src, 'rb') as fin, open(page, 'wb') as fout:
            subprocess.run([exe, '--format', 'html'], stdin=fin, stdout=fout, check=True)
        hs = os.path.getsize(page)
        full = size_of(exe, ['--format', 'svg', '--minwidth', '0'], src)
        print('%d stacks: html %.1f MB, svg --minwidth 0 %.1f MB: ratio 1/%.1f (target >= 1/5)'
              % (n, hs / 1e6, full / 1e6, full / hs))
        if has_browser:
            p = subprocess.run(['node', loader, page], cwd=browser_dir, capture_output=True,
                               text=True)
            if p.returncode != 0:
                raise SystemExit('html-load.mjs failed: ' + p.stderr)
            r = json.loads(p.stdout.splitlines()[-1])
            print('%d stacks: chromium first drawing %d ms (target < 1500), every frame'
                  ' zoomable %d ms; phases %s%s' % (n, r['firstDraw'], r['ready'],
                  ' '.join('%s=%d' % (k, v) for k, v in r['marks']),
                  '; ERRORS ' + '; '.join(r['errors']) if r['errors'] else ''))
        else:
            print('%d stacks: chromium timing skipped (node, /usr/bin/chromium or npm ci in %s'
                  ' missing)' % (n, browser_dir))
        sys.stdout.flush()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
