#!/usr/bin/env python3
"""check-properties.py -- properties that must hold across flamekit's stages.

usage: check-properties.py CMD_DIR PERF_DIR

Runs the commands in CMD_DIR on generated folded inputs (fixed random seed:
integer, decimal and differential counts, annotations, offsets, argument
lists, recursion, frames with spaces) and on the real captures in PERF_DIR
(*.perf.txt, collapsed with several options), and checks:

  graph      collapse then flame-graph: the root frame's count (its <title>)
             equals the sum of the folded counts
  partition  flame-focus RE and flame-focus --ignore RE split the input
             exactly: per stack, the two outputs add up to the input
  weight     every flame-trim operation that promises to keep the weight
             keeps it to the unit, per column, decimals included
  diff-aa    flame-diff A A has equal columns, each summing to A's total
  diff-n     flame-diff -n scales BEFORE exactly as difffolded.pl -n does
  chain      every stage's output is valid input for every other stage
             (exit 0, nothing on stderr, every line is a folded line)
  idempotent hide, strip-*, collapse-recursion twice == once

Counts are compared with Python's decimal module, never floats.  Prints one
line per failure and a summary; exits 1 on any failure.
"""
import os
import random
import re
import subprocess
import sys
from decimal import Decimal, getcontext

getcontext().prec = 60

CMD = sys.argv[1]
PERF = sys.argv[2] if len(sys.argv) > 2 else None
failures = []
checks = 0


def run(cmd, args, data, ok_status=(0,)):
    p = subprocess.run([os.path.join(CMD, cmd)] + args, input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode not in ok_status:
        raise RuntimeError('%s %s: exit %d: %s' % (cmd, ' '.join(args), p.returncode,
                                                  p.stderr.decode(errors='replace')[:300]))
    return p


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print('FAIL', what, flush=True)


LINE = re.compile(rb'^(.*\S) (-?[0-9.]+)(?: (-?[0-9.]+))?$')


def parse(data, ncols=None):
    """Folded text -> {stack: [Decimal,...]}; lines merged.  Raises on a bad line."""
    out = {}
    for line in data.split(b'\n'):
        if not line:
            continue
        parts = line.rsplit(b' ', 2)
        if ncols == 2 or (ncols is None and len(parts) == 3 and re.fullmatch(rb'[0-9.]+', parts[1])):
            stack, counts = parts[0], [Decimal(parts[1].decode()), Decimal(parts[2].decode())]
        else:
            stack, c = line.rsplit(b' ', 1)
            counts = [Decimal(c.decode())]
        prev = out.get(stack)
        out[stack] = counts if prev is None else [a + b for a, b in zip(prev, counts)]
    return out


def totals(table):
    n = max((len(v) for v in table.values()), default=1)
    return [sum((v[i] for v in table.values()), Decimal(0)) for i in range(n)]


def valid_folded(data):
    for line in data.split(b'\n'):
        if line and not LINE.match(line):
            return line
    return None


# ---------------------------------------------------------------- inputs

def generated(seed, ncols, decimal):
    rnd = random.Random(seed)
    names = ['main', 'foo', 'bar', 'baz', 'qux', 'a', 'b', 'do_syscall_64_[k]',
             'java/lang/Thread.run_[j]', 'inl_[i]', 'f(int, char)', 'g<std::vector<int>>::h()',
             'std::function<void ()>::operator()() const', 'libc.so.6+0x9a1c4',
             'x+0x1f/0x80', 'with space', 'net/http.(*Client).Do', '[unknown]',
             '(anonymous namespace)::k(int)', 'r', 'r']
    lines = []
    for _ in range(rnd.randint(50, 400)):
        depth = rnd.randint(1, 12)
        frames = []
        for _ in range(depth):
            if frames and rnd.random() < 0.2:
                frames.append(frames[-1])           # direct recursion
            elif len(frames) > 2 and rnd.random() < 0.1:
                frames.append(rnd.choice(frames))   # indirect recursion
            else:
                frames.append(rnd.choice(names))
        counts = []
        for _ in range(ncols):
            if decimal and rnd.random() < 0.5:
                counts.append('%d.%0*d' % (rnd.randint(0, 99), rnd.randint(1, 6), rnd.randint(0, 999)))
            else:
                # Decimal inputs stay within int64 at 6 decimals (fixed-point sums).
                big = 10**9 if decimal else 10**12
                counts.append(str(rnd.choice([0, 1, 1, 2, 3, 7, 100, 12345, big])))
        lines.append(';'.join(frames) + ' ' + ' '.join(counts))
    return ('\n'.join(lines) + '\n').encode()


inputs = {}
for i in range(4):
    inputs['gen-int-%d' % i] = generated(i, 1, False)
    inputs['gen-dec-%d' % i] = generated(100 + i, 1, True)
inputs['gen-diff-int'] = generated(200, 2, False)
inputs['gen-diff-dec'] = generated(201, 2, True)

captures = {}
if PERF and os.path.isdir(PERF):
    for f in sorted(os.listdir(PERF)):
        if not f.endswith('.perf.txt'):
            continue
        raw = open(os.path.join(PERF, f), 'rb').read()
        captures[f] = raw
        for opts in ([], ['--all'], ['--pid', '--kernel'], ['--keep-addrs']):
            p = run('flame-collapse', opts, raw)
            inputs['%s%s' % (f[:-len('.perf.txt')], ''.join(opts))] = p.stdout

# ---------------------------------------------------------------- graph

TITLE = re.compile(rb'<title>all \(([0-9,]+) ([a-z]+), 100%\)</title>')


def root_count(svg):
    m = TITLE.search(svg)
    return Decimal(m.group(1).replace(b',', b'').decode()) if m else None


for name, raw in captures.items():
    folded = run('flame-collapse', [], raw).stdout
    t = totals(parse(folded, 1))[0]
    if t == 0:
        continue
    svg = run('flame-graph', [], folded).stdout
    check(root_count(svg) == t, 'graph: %s: root %s != folded sum %s' % (name, root_count(svg), t))
for name, data in inputs.items():
    t = totals(parse(data))[-1]
    if t == 0:
        continue
    svg = run('flame-graph', [], data).stdout
    r = root_count(svg)
    # The title shows a whole number (flamegraph.pl's %.0f): decimals round.
    check(r is not None and abs(r - t) <= Decimal('0.5'),
          'graph: %s: root %s != folded sum %s' % (name, r, t))

# ---------------------------------------------------------------- partition

for name, data in inputs.items():
    table = parse(data)
    frames = sorted({f for s in table for f in s.split(b';')})
    rnd = random.Random(name)
    pats = [re.escape(f.decode()) for f in rnd.sample(frames, min(3, len(frames)))]
    pats += ['^m', 'o+', '_\\[k\\]$', 'zzz-no-match', '.']
    for pat in pats:
        fo = parse(run('flame-focus', ['-e', pat], data).stdout)
        ig = parse(run('flame-focus', ['--ignore=' + pat], data).stdout)
        merged = dict(fo)
        for s, v in ig.items():
            merged[s] = [a + b for a, b in zip(merged[s], v)] if s in merged else v
        # Stacks whose counts are all zero may be dropped by either side.
        want = {s: v for s, v in table.items() if any(v)}
        got = {s: v for s, v in merged.items() if any(v)}
        n = len(totals(table))
        pad = lambda t: t + [Decimal(0)] * (n - len(t)) if fo or ig else t
        check(got == want and
              [a + b for a, b in zip(pad(totals(fo)), pad(totals(ig)))] == totals(table),
              'partition: %s: focus/ignore %r do not add up to the input' % (name, pat))

# ---------------------------------------------------------------- weight

KEEP = [['--strip-offsets'], ['--strip-annotations'], ['--strip-args'],
        ['--collapse-recursion'], ['--collapse-recursion=all'], ['--max-depth=1'],
        ['--max-depth=3'], ['--min-count=5'], ['--min-count=0.5'], ['--min-fraction=0.01'],
        ['--min-percent=5'], ['--max-stacks=3'], ['--max-stacks=1'],
        ['--replace=s/o/0/g'], ['--replace=s/^(\\w+).*/$1/'],
        ['--strip-offsets', '--strip-args', '--strip-annotations', '--collapse-recursion=all',
         '--max-depth=4', '--min-percent=1', '--max-stacks=10']]
for name, data in inputs.items():
    want = totals(parse(data))
    for opts in KEEP:
        out = run('flame-trim', opts, data).stdout
        got = totals(parse(out))
        check(got == want or (not out and not any(want)),
              'weight: %s: flame-trim %s: %s != %s' % (name, ' '.join(opts), got, want))

# ---------------------------------------------------------------- diff

tmp = os.environ.get('TMPDIR', '/tmp')
fa = os.path.join(tmp, 'fk-prop-a.%d' % os.getpid())
fb = os.path.join(tmp, 'fk-prop-b.%d' % os.getpid())


def scale(c, t1, t2):
    """difffolded.pl -n: int(c * t2 / t1) in perl 5 on 64-bit integers."""
    p = c * t2
    if p < 2 ** 64:
        q = p // t1 if p % t1 == 0 else int(float(p) / float(t1))
    else:
        q = int(float(c) * float(t2) / float(t1))
    return q


try:
    one = [n for n, d in inputs.items() if not n.startswith('gen-diff')]
    for name in one:
        data = inputs[name]
        open(fa, 'wb').write(data)
        out = run('flame-diff', [fa, fa], None).stdout
        d = parse(out, 2)
        t = totals(parse(data, 1))[0]
        check(all(v[0] == v[1] for v in d.values()) and totals(d) == [t, t],
              'diff-aa: %s: columns differ' % name)
    # -n on integer inputs of different totals, against perl's arithmetic.
    ints = [n for n in one if not n.startswith('gen-dec')]
    for i in range(len(ints) - 1):
        a, b = inputs[ints[i]], inputs[ints[i + 1]]
        ta, tb = parse(a, 1), parse(b, 1)
        t1, t2 = int(totals(ta)[0]), int(totals(tb)[0])
        open(fa, 'wb').write(a)
        open(fb, 'wb').write(b)
        d = parse(run('flame-diff', ['-n', fa, fb], None).stdout, 2)
        ok = True
        for s, v in d.items():
            c = int(ta.get(s, [Decimal(0)])[0])
            want = c if t1 == t2 or t1 == 0 else scale(c, t1, t2)
            after = tb.get(s, [Decimal(0)])[0]
            if v[0] != want or v[1] != after:
                ok = False
                print('  %s: before %s (want %s) after %s (want %s)' % (s[:60], v[0], want, v[1], after))
                break
        check(ok and set(d) == set(ta) | set(tb),
              'diff-n: %s vs %s: scaling differs from difffolded.pl' % (ints[i], ints[i + 1]))
    # And byte for byte against difffolded.pl itself when it is at hand.
    ref = os.environ.get('FK_DIFFFOLDED', '/work/ref/FlameGraph/difffolded.pl')
    if os.path.exists(ref) and subprocess.run(['sh', '-c', 'command -v perl'],
                                              stdout=subprocess.DEVNULL).returncode == 0:
        for i in range(len(ints) - 1):
            open(fa, 'wb').write(inputs[ints[i]])
            open(fb, 'wb').write(inputs[ints[i + 1]])
            mine = run('flame-diff', ['-n', fa, fb], None).stdout
            perl = subprocess.run(['perl', ref, '-n', fa, fb], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL).stdout
            check(parse(mine, 2) == parse(perl, 2),
                  'diff-n: %s vs %s: differs from %s' % (ints[i], ints[i + 1], ref))
finally:
    for f in (fa, fb):
        if os.path.exists(f):
            os.unlink(f)

# ---------------------------------------------------------------- chain

STAGES = {
    'focus': ('flame-focus', ['-e', 'o']),
    'ignore': ('flame-focus', ['--ignore=^b']),
    'hide': ('flame-focus', ['--hide=a']),
    'show-from': ('flame-focus', ['--show-from=foo']),
    'trim': ('flame-trim', ['--strip-offsets', '--collapse-recursion', '--max-depth=5']),
    'symbolize': ('flame-symbolize', []),
    'diff': ('flame-diff', ['/dev/null', '-']),
}
for name in ['gen-int-0', 'gen-dec-1', 'gen-diff-dec'] + [n for n in inputs if n.startswith('fp')][:1]:
    data = inputs[name]
    for s1, (c1, a1) in STAGES.items():
        if s1 == 'diff' and name.startswith('gen-diff'):
            continue
        p1 = run(c1, a1, data)
        for s2, (c2, a2) in list(STAGES.items()) + [('graph', ('flame-graph', []))]:
            if s2 == 'diff' and (s1 == 'diff' or name.startswith('gen-diff')):
                continue   # flame-diff reads one count per line
            if not p1.stdout.strip():
                continue
            p2 = subprocess.run([os.path.join(CMD, c2)] + a2, input=p1.stdout,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            bad = None if s2 == 'graph' else valid_folded(p2.stdout)
            quiet = not p2.stderr or s2 == 'symbolize'
            check(p2.returncode == 0 and quiet and bad is None and (p2.stdout or s2 != 'graph'),
                  'chain: %s: %s | %s: exit %d, stderr %r, bad line %r' %
                  (name, s1, s2, p2.returncode, p2.stderr[:200], bad))

# ---------------------------------------------------------------- idempotent

TWICE = [('flame-focus', ['--hide=o']), ('flame-focus', ['--hide=^(a|b)$']),
         ('flame-trim', ['--strip-offsets']), ('flame-trim', ['--strip-annotations']),
         ('flame-trim', ['--strip-args']), ('flame-trim', ['--collapse-recursion']),
         ('flame-trim', ['--collapse-recursion=all']),
         ('flame-trim', ['--strip-offsets', '--strip-annotations', '--strip-args'])]
for name, data in inputs.items():
    for cmd, args in TWICE:
        once = run(cmd, args, data).stdout
        twice = run(cmd, args, once).stdout
        check(once == twice, 'idempotent: %s: %s %s twice differs' % (name, cmd, ' '.join(args)))

print('%d inputs (%d captures), %d checks, %d failed' %
      (len(inputs), len(captures), checks, len(failures)))
sys.exit(1 if failures else 0)
