#!/usr/bin/env python3
"""check-progress.py -- flame-collapse's progress display on a perf.data
input, with standard error on a pseudo terminal.

  - by default it appears when standard error is a terminal and the input
    takes more than a second (here: a pipe capture on standard input that
    stalls for 1.5 s halfway), and never when standard error is not a
    terminal, nor with --no-progress;
  - it shows bytes and samples, and ends with the whole input's figures;
  - on a large capture (400,000 samples) it is redrawn at most five times
    a second;
  - standard output is the same with it or without.

usage: check-progress.py FLAME_COLLAPSE DATA_DIR
"""
import os
import pty
import re
import select
import struct
import subprocess
import sys
import tempfile
import threading
import time

collapse, data = sys.argv[1], sys.argv[2]
failures = []


def check(ok, what, detail=''):
    print(('ok   ' if ok else 'FAIL ') + what)
    if not ok:
        failures.append(what)
        if detail:
            print('     ' + detail[-600:].replace('\n', '\n     '))


def run(args, stdin_chunks=None, tty=True, stall=0.0):
    """Run flame-collapse; stderr on a pty (tty) or a pipe.  stdin_chunks,
    if given, are written to its standard input with stall seconds between
    them.  @return (status, stdout, stderr, [(time, stderr chunk)...])."""
    if tty:
        master, slave = pty.openpty()
        err_w = slave
    else:
        master, err_w = os.pipe()
    p = subprocess.Popen([collapse] + args, stdout=subprocess.PIPE, stderr=err_w,
                         stdin=subprocess.PIPE if stdin_chunks else subprocess.DEVNULL)
    os.close(err_w)
    if stdin_chunks:
        def feed():
            for i, c in enumerate(stdin_chunks):
                if i:
                    time.sleep(stall)
                p.stdin.write(c)
                p.stdin.flush()
            p.stdin.close()
        threading.Thread(target=feed, daemon=True).start()
    out, err, chunks = b'', b'', []
    start = time.monotonic()
    fds = [p.stdout.fileno(), master]
    while fds:
        ready, _, _ = select.select(fds, [], [], 60)
        if not ready:
            break
        for fd in ready:
            try:
                b = os.read(fd, 65536)
            except OSError:   # EIO: the pty's other end is closed
                b = b''
            if not b:
                fds.remove(fd)
            elif fd == master:
                err += b
                chunks.append((time.monotonic() - start, b))
            else:
                out += b
    os.close(master)
    return p.wait(), out, err, chunks


pipe = open(os.path.join(data, 'pdself-pipe.data'), 'rb').read()
# Its samples total 80; the reference output, stderr not a terminal.
rc, want, err, _ = run(['-'], [pipe], tty=False)
check(rc == 0 and want and not err, 'reference run', err.decode(errors='replace'))

half = [pipe[:len(pipe) // 2], pipe[len(pipe) // 2:]]
progress = re.compile(rb'\rflame-collapse: (\d+) MB read, \d+ MB/s, (\d+) samples')

rc, out, err, _ = run(['-'], half, tty=True, stall=1.5)
m = progress.findall(err)
check(rc == 0 and m and err.endswith(b'\n'),
      'a terminal, an input that takes over a second: progress shown', repr(err))
check(m and m[-1][1] == b'80', 'the last progress line counts every sample', repr(err))
check(out == want, 'standard output unchanged by the progress display')

rc, out, err, _ = run(['-'], half, tty=False, stall=1.5)
check(rc == 0 and err == b'', 'not a terminal: no progress', repr(err))
check(out == want, 'standard output unchanged (not a terminal)')

rc, out, err, _ = run(['--no-progress', '-'], half, tty=True, stall=1.5)
check(rc == 0 and err == b'', '--no-progress on a terminal: none', repr(err))

rc, out, err, _ = run(['-'], [pipe], tty=True)
check(rc == 0 and err == b'', 'a terminal, a quick input: none', repr(err))

# A large capture: the small one's samples 5,000 times over, a
# FINISHED_ROUND after each copy, as perf writes them.
at, samples = 16, b''
while at < len(pipe):
    typ, misc, size = struct.unpack_from('<IHH', pipe, at)
    if typ == 9:
        samples += pipe[at:at + size]
    at += size
copies = 5000
with tempfile.TemporaryDirectory() as tmp:
    big = os.path.join(tmp, 'big.data')
    with open(big, 'wb') as f:
        f.write(pipe)
        f.write((samples + struct.pack('<IHH', 68, 0, 8)) * copies)
    rc, bigwant, err, _ = run([big], tty=False)
    check(rc == 0 and err == b'', 'large capture, reference run', repr(err))
    t0 = time.monotonic()
    rc, out, err, chunks = run(['--progress', big], tty=True)
    took = time.monotonic() - t0
    m = progress.findall(err)
    draws = err.count(b'\rflame-collapse:')
    check(rc == 0 and m and m[-1][1] == str(80 * (copies + 1)).encode() and
          int(m[-1][0]) == round(os.path.getsize(big) / 1e6),
          'large capture: the last line has every byte and sample', repr(err[-300:]))
    check(draws <= 5 * took + 2,
          'large capture: redrawn at most five times a second (%d in %.2f s)' % (draws, took),
          repr(err[-600:]))
    check(out == bigwant, 'large capture: standard output unchanged')
    # Each redraw covers the one before: no line is shorter than an earlier one.
    drawn = [seg for seg in re.split(rb'\r\n?|\n', err) if seg.startswith(b'flame-collapse:')]
    check(drawn and all(len(b) >= len(a) for a, b in zip(drawn, drawn[1:])),
          'large capture: a shorter line is padded over the longer one before it',
          repr(drawn[-5:]))

print('%d failed' % len(failures))
sys.exit(1 if failures else 0)
