#!/usr/bin/env python3
"""check-go-lines.py -- file:line and inline frames for a Go program.

usage: check-go-lines.py committed FLAME_COLLAPSE FLAME_SYMBOLIZE GOPROG DATA_DIR
       check-go-lines.py live FLAME_COLLAPSE FLAME_SYMBOLIZE DATA_DIR

Go's linker writes no .debug_aranges, so libdw alone finds no compile unit
for a Go address; flamekit then maps addresses to units by the units' own
ranges (src/symbolize/cumap.c).  Both modes check, on a perf capture of
testdata/symbolize/goprog.go (see testdata/symbolize/README.md):

 - every address of the program in the capture, given to flame-symbolize
   --inline --lines, gives the frames `addr2line -i -f -C -e PROG ADDR`
   gives: as many, the same file:line each, the same names (but the
   innermost of an inline chain, which addr2line names by the ELF symbol
   of the function holding it; flamekit by its DWARF name), and every
   frame but the outermost marked _[i];
 - burn's samples carry the chain main.burn -> main.step -> main.mix with
   goprog.go lines;
 - flame-collapse --keep-addrs=all | flame-symbolize --inline [--lines]
   equals flame-collapse --inline [--context].

committed: the capture and program kept in DATA_DIR (go.perf.txt, and
GOPROG unpacked by the build from goprog.xz); also flame-collapse
--inline [--context] against go.inline.folded and go.context.folded.
The addr2line comparison is skipped, with a message, without addr2line.

live: builds goprog.go with the go command (offline, GOCACHE and GOPATH
in a temporary directory) and records it with perf record -e cpu-clock
-g; exits 77 (skipped) when go, perf or addr2line is missing or perf
cannot record here.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

FAILS = []
PASSES = [0]


def check(ok, what):
    if ok:
        PASSES[0] += 1
    else:
        FAILS.append(what)
        print('FAIL ' + what)


def skip(why):
    print(why + ': skipped')
    sys.exit(77)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          check=False, **kw)


def load_segments(path):
    """The PT_LOAD program headers of a 64-bit ELF file: (offset, vaddr, filesz, flags)."""
    with open(path, 'rb') as f:
        head = f.read(64)
        phoff, = struct.unpack_from('<Q', head, 0x20)
        phentsize, phnum = struct.unpack_from('<HH', head, 0x36)
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    segs = []
    for i in range(phnum):
        typ, flags, off, vaddr, _paddr, filesz = struct.unpack_from('<IIQQQQ', table, i * phentsize)
        if typ == 1:
            segs.append((off, vaddr, filesz, flags))
    return segs


def elf_address(segs, off):
    """perf's module offset as an ELF address (executable segments first, as flamekit maps it)."""
    for want_x in (True, False):
        for o, v, n, flags in segs:
            if bool(flags & 1) == want_x and o <= off < o + n:
                return off - o + v
    return None


def addr2line(prog, addr):
    """addr2line -i -f -C: [(name, base:line or None)], innermost first."""
    r = run(['addr2line', '-i', '-f', '-C', '-e', prog, '0x%x' % addr])
    lines = r.stdout.decode().splitlines()
    frames = []
    for name, where in zip(lines[0::2], lines[1::2]):
        where = where.split(' (discriminator')[0]
        f, _, line = where.rpartition(':')
        base = f.rsplit('/', 1)[-1]
        frames.append((name, None if base in ('', '??') or line in ('0', '?') else base + ':' + line))
    return frames


def split_frame(frame):
    """flamekit's name:file:LINE[_[i]] as (name, file:line or None, inlined)."""
    inlined = frame.endswith('_[i]')
    if inlined:
        frame = frame[:-4]
    m = re.match(r'^(.*):([^:;]+:\d+)$', frame)
    if m:
        return m.group(1), m.group(2), inlined
    return frame, None, inlined


def program_addresses(keep, prog):
    """The distinct offsets of prog's frames in --keep-addrs=all output."""
    pat = re.compile(r"'" + re.escape(prog) + r"\+0x([0-9a-f]+)'")
    return sorted({int(m.group(1), 16) for m in pat.finditer(keep)})


def compare_with_addr2line(symbolize, prog, offsets, tmp):
    """Each address through flame-symbolize --inline --lines against addr2line -i."""
    segs = load_segments(prog)
    folded = ''.join("a%x;x'%s+0x%x' 1\n" % (o, prog, o) for o in offsets)
    src = os.path.join(tmp, 'addrs.folded')
    with open(src, 'w') as f:
        f.write(folded)
    r = run([symbolize, '--inline', '--lines', src])
    check(r.returncode == 0, 'flame-symbolize on the addresses: exit %d %s' %
          (r.returncode, r.stderr.decode()))
    ours = {}
    for line in r.stdout.decode().splitlines():
        stack = line.rsplit(' ', 1)[0].split(';')
        ours[int(stack[0][1:], 16)] = [split_frame(f) for f in stack[1:]]
    chains = with_lines = 0
    for off in offsets:
        addr = elf_address(segs, off)
        got = ours.get(off)
        if addr is None or got is None:
            check(False, '0x%x: not resolved (%s)' % (off, got))
            continue
        want = list(reversed(addr2line(prog, addr)))   # outermost first, as ours
        label = '0x%x (%s)' % (off, ';'.join(n for n, _, _ in got))
        check(len(got) == len(want), '%s: %d frames, addr2line %d: %s' % (label, len(got), len(want), want))
        if len(got) != len(want):
            continue
        for k, ((name, where, inl), (wname, wwhere)) in enumerate(zip(got, want)):
            innermost_inlined = k == len(got) - 1 and k > 0
            check(where == wwhere, '%s frame %d: file:line %s, addr2line %s' % (label, k, where, wwhere))
            check(name == wname or (innermost_inlined and wname == got[0][0]),
                  '%s frame %d: name %s, addr2line %s' % (label, k, name, wname))
            check(inl == (k > 0), '%s frame %d: _[i] %s' % (label, k, inl))
        chains += len(got) > 1
        with_lines += got[0][1] is not None
    print('%d addresses against addr2line: %d with file:line, %d with inline frames' %
          (len(offsets), with_lines, chains))
    check(with_lines == len(offsets), 'only %d of %d addresses with file:line' % (with_lines, len(offsets)))
    check(chains > 0, 'no address with inline frames')
    return ours


def check_burn_chain(ours):
    """Some address of main.burn resolves to burn -> step -> mix, all in goprog.go."""
    found = False
    for frames in ours.values():
        names = [n for n, _, _ in frames]
        files = [w.split(':')[0] if w else None for _, w, _ in frames]
        if names == ['main.burn', 'main.step', 'main.mix'] and files == ['goprog.go'] * 3:
            found = True
    check(found, 'no address of main.burn with the chain main.burn;main.step;main.mix in goprog.go')


def check_pipeline(collapse, symbolize, perf_txt, tmp):
    """--keep-addrs=all | flame-symbolize equals flame-collapse's own --inline output."""
    outs = {}
    for name, args in (('inline', ['--inline']), ('context', ['--inline', '--context']),
                       ('keep', ['--keep-addrs=all'])):
        r = run([collapse] + args + [perf_txt])
        check(r.returncode == 0, 'flame-collapse %s: exit %d %s' % (args, r.returncode, r.stderr.decode()))
        outs[name] = r.stdout.decode()
    keep = os.path.join(tmp, 'keep.folded')
    with open(keep, 'w') as f:
        f.write(outs['keep'])
    for name, args in (('inline', ['--inline']), ('context', ['--inline', '--lines'])):
        r = run([symbolize] + args + [keep])
        check(r.stdout.decode() == outs[name],
              '--keep-addrs=all | flame-symbolize %s differs from flame-collapse --%s' % (args, name))
    return outs


def committed(collapse, symbolize, prog, data):
    prog = os.path.abspath(prog)
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(data, 'go.perf.txt')) as f:
            text = f.read().replace('@PROG@', prog)
        perf_txt = os.path.join(tmp, 'go.perf.txt')
        with open(perf_txt, 'w') as f:
            f.write(text)
        outs = check_pipeline(collapse, symbolize, perf_txt, tmp)
        for name in ('inline', 'context'):
            with open(os.path.join(data, 'go.%s.folded' % name)) as f:
                want = f.read()
            check(outs[name] == want, 'flame-collapse --inline%s differs from go.%s.folded' %
                  (' --context' if name == 'context' else '', name))
        if shutil.which('addr2line') is None:
            print('addr2line not installed: its comparison skipped')
        else:
            ours = compare_with_addr2line(symbolize, prog, program_addresses(outs['keep'], prog), tmp)
            check_burn_chain(ours)


def live(collapse, symbolize, data):
    for tool in ('go', 'perf', 'addr2line'):
        if shutil.which(tool) is None:
            skip(tool + ' not installed')
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(data, 'goprog.go'), tmp)
        env = dict(os.environ, GOCACHE=os.path.join(tmp, 'gocache'),
                   GOPATH=os.path.join(tmp, 'gopath'), GOPROXY='off', GOFLAGS='',
                   GO111MODULE='on', CGO_ENABLED='0')
        prog = os.path.join(tmp, 'goprog')
        r = run(['go', 'build', '-buildvcs=false', '-trimpath', '-o', prog, 'goprog.go'],
                cwd=tmp, env=env)
        if r.returncode != 0:
            print(r.stderr.decode())
            check(False, 'go build failed')
            return
        data_file = os.path.join(tmp, 'go.data')
        r = run(['perf', 'record', '-e', 'cpu-clock', '-F', '999', '-g', '-o', data_file,
                 '--', prog, '80000000'], cwd=tmp)
        if r.returncode != 0 or not os.path.exists(data_file):
            skip('perf cannot record here (%s)' % r.stderr.decode().strip().splitlines()[-1:])
        r = run(['perf', 'script', '-i', data_file])
        check(r.returncode == 0, 'perf script: exit %d' % r.returncode)
        perf_txt = os.path.join(tmp, 'go.perf.txt')
        with open(perf_txt, 'wb') as f:
            f.write(r.stdout)
        outs = check_pipeline(collapse, symbolize, perf_txt, tmp)
        offsets = program_addresses(outs['keep'], prog)
        print('%d samples, %d distinct addresses of goprog' % (r.stdout.count(b'cpu-clock:'), len(offsets)))
        check(len(offsets) >= 5, 'only %d addresses of goprog in the capture' % len(offsets))
        ours = compare_with_addr2line(symbolize, prog, offsets, tmp)
        check_burn_chain(ours)


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ''
    if mode == 'committed' and len(sys.argv) == 6:
        committed(*sys.argv[2:])
    elif mode == 'live' and len(sys.argv) == 5:
        live(*sys.argv[2:])
    else:
        sys.exit(__doc__.split('\n\n')[1])
    print('%d passed, %d failed' % (PASSES[0], len(FAILS)))
    sys.exit(1 if FAILS else 0)


if __name__ == '__main__':
    main()
