"""Helpers of the benchmark scripts (graph-bench.py, png-bench.py)."""
import os
import subprocess
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


def big_folded(gen, work, n):
    """WORKDIR/big-N.folded, made once with make-big-folded.sh (gen)."""
    src = os.path.join(work, 'big-%d.folded' % n)
    if not os.path.exists(src):
        os.makedirs(work, exist_ok=True)
        subprocess.run(['bash', gen, src, str(n)], check=True, stdout=subprocess.DEVNULL)
    return src
