"""Helpers of the benchmark scripts (graph-bench.py, png-bench.py, ../bench.py)."""
import os
import subprocess
import sys
import time


def run(exe, args, src):
    """Run exe args < src > /dev/null: wall and CPU seconds, and peak RSS in
    MB (measured with GNU time when /usr/bin/time exists, else 0)."""
    timer = ['/usr/bin/time', '-f', '%M'] if os.path.exists('/usr/bin/time') else []
    t0 = time.monotonic()
    with open(src, 'rb') as fin, open(os.devnull, 'wb') as fout:
        p = subprocess.Popen(timer + [exe] + args, stdin=fin, stdout=fout,
                             stderr=subprocess.PIPE)
        err = p.stderr.read()
        _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    if status != 0:
        raise SystemExit('%s %s failed: %s' % (exe, ' '.join(args), err.decode(errors='replace')))
    rss = int(err.split()[-1]) / 1024 if timer else 0.0
    return wall, ru.ru_utime + ru.ru_stime, rss


def peak_rss(cmd):
    """Peak RSS of cmd in MB, measured by GNU time (None without it).  Not
    os.wait4's ru_maxrss: a child forked from Python starts with Python's
    pages, and that figure keeps them after exec."""
    if not os.path.exists('/usr/bin/time'):
        return None
    p = subprocess.run(['/usr/bin/time', '-f', '%M'] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit('bench: %s failed with status %d' % (' '.join(cmd), p.returncode))
    return int(p.stderr.split()[-1]) / 1024.0


def big_folded(gen, work, n):
    """WORKDIR/big-N.folded, made once with make-big-folded.sh (gen)."""
    src = os.path.join(work, 'big-%d.folded' % n)
    if not os.path.exists(src):
        os.makedirs(work, exist_ok=True)
        subprocess.run(['bash', gen, src, str(n)], check=True, stdout=subprocess.DEVNULL)
    return src
