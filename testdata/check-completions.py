#!/usr/bin/env python3
"""check-completions.py -- the generated shell completions complete every option.

usage: check-completions.py --built CMD_DIR COMPLETIONS_DIR COMMAND...

The option lists come from `CMD_DIR/COMMAND --list-options` and the
completions are the files the build generated in COMPLETIONS_DIR.

For each command, the bash completion is sourced in bash and its function
driven through COMP_WORDS/COMP_CWORD: every long and short option
completes; an option's choices complete after `--opt=` (with '=' split
off as by bash's default COMP_WORDBREAKS, and without), after `--opt ` and
`-x `; a `file` argument completes file names, a `dir` argument
directories only, other arguments nothing; operands complete file names.
The zsh and fish files must pass `zsh -n` and `fish -n` when those shells
are installed (otherwise that part is skipped).
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'cmd', 'completions'))
from completions import read_options  # noqa: E402  (the generator's own parser)

failures = []
passes = 0


def check(ok, what):
    global passes
    if ok:
        passes += 1
    else:
        failures.append(what)
        print('FAIL ' + what)


def bash_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def run_bash(name, path, cases, cwd):
    """cases: (id, cword, words).  @return {id: [replies]}"""
    lines = ['source %s || exit 1' % bash_quote(path),
             "fn=$(complete -p %s 2>/dev/null | sed -n 's/.* -F \\([^ ]*\\) .*/\\1/p')" % bash_quote(name),
             '[ -n "$fn" ] || { echo "no complete -F for %s"; exit 1; }' % name,
             't() {',
             '  local id=$1 cw=$2; shift 2',
             '  COMP_WORDS=("$@"); COMP_CWORD=$cw',
             '  COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()',
             '  "$fn" "$1" "${COMP_WORDS[cw]}" "${COMP_WORDS[cw-1]}" 2>/dev/null',
             '  local x; printf "%s" "$id"',
             '  for x in "${COMPREPLY[@]}"; do printf "\\t%s" "$x"; done; printf "\\n"',
             '}']
    for cid, cword, words in cases:
        lines.append('t %s %d %s' % (cid, cword, ' '.join(bash_quote(w) for w in words)))
    p = subprocess.run(['bash', '--norc', '--noprofile', '-c', '\n'.join(lines)],
                       capture_output=True, text=True, cwd=cwd)
    if p.returncode != 0:
        check(False, '%s: bash completion did not run: %s %s' % (name, p.stdout, p.stderr))
        return {}
    out = {}
    for line in p.stdout.splitlines():
        fields = line.split('\t')
        out[fields[0]] = fields[1:]
    return out


def check_command(name, opts, files, cwd):
    bash_file, zsh_file, fish_file = files
    cases, expect = [], []

    def case(words, cword, pred, what):
        cid = 'c%d' % len(cases)
        cases.append((cid, cword, [name] + words))
        expect.append((cid, pred, '%s: %s (words %r)' % (name, what, words)))

    def has(x):
        return lambda r: x in r

    all_names = []
    for o in opts:
        if o.long:
            full = '--' + o.long + ('=' if o.arg and not o.optional else '')
            all_names.append(full)
            case(['--' + o.long], 1, has(full), '--%s completes' % o.long)
            case(['--' + o.long[:2]], 1, has(full), '--%s completes from a prefix' % o.long)
        if o.short:
            all_names.append('-' + o.short)
            case(['-' + o.short], 1, has('-' + o.short), '-%s completes' % o.short)
        k = o.kind()
        if k == 'choices':
            ch = sorted(o.choices)
            if o.long:
                same = lambda r, ch=ch: sorted(r) == ch
                case(['--' + o.long, '=', ''], 3, same, '--%s= offers its choices' % o.long)
                c0 = o.choices[0]
                case(['--' + o.long, '=', c0[0]], 3,
                     lambda r, c0=c0: c0 in r and all(x.startswith(c0[0]) for x in r),
                     '--%s=%s narrows the choices' % (o.long, c0[0]))
                case(['--%s=' % o.long], 1,
                     lambda r, ch=ch, l=o.long: sorted(r) == ['--%s=%s' % (l, c) for c in ch],
                     '--%s= (one word) offers its choices' % o.long)
            if not o.optional:
                for n in o.names():
                    case([n, ''], 2, lambda r, ch=ch: sorted(r) == ch,
                         '%s offers its choices in the next word' % n)
        elif k in ('file', 'dir') and not o.optional:
            for n in o.names():
                if k == 'file':
                    case([n, 'pr'], 2, has('prof.folded'), '%s completes file names' % n)
                else:
                    case([n, ''], 2, lambda r: 'subdir' in r and 'prof.folded' not in r,
                         '%s completes directories only' % n)
        elif k == 'text' and not o.optional:
            for n in o.names():
                case([n, 'pr'], 2, lambda r: r == [], '%s (%s) offers nothing' % (n, o.arg))
        if not o.arg or o.optional:
            for n in o.names():
                case([n, 'pr'], 2, has('prof.folded'), 'an operand after %s completes files' % n)
    case(['-'], 1, lambda r, a=sorted(all_names): sorted(r) == a, "'-' offers every option")
    case(['pr'], 1, lambda r: r == ['prof.folded'], 'an operand completes file names')

    got = run_bash(name, bash_file, cases, cwd)
    if got:
        for cid, pred, what in expect:
            r = got.get(cid)
            check(r is not None and pred(r), '%s: got %r' % (what, r))

    for shell, path in (('zsh', zsh_file), ('fish', fish_file)):
        if not shutil.which(shell):
            continue
        p = subprocess.run([shell, '-n', path], capture_output=True, text=True)
        check(p.returncode == 0, '%s: %s -n %s: %s' % (name, shell, path, p.stderr.strip()))


def main(argv):
    if len(argv) < 4 or argv[1] != '--built':
        sys.exit(__doc__.split('\n\n')[1])
    commands = argv[4:]
    a, b = os.path.abspath(argv[2]), os.path.abspath(argv[3])
    work = tempfile.mkdtemp(prefix='flamekit-completions.')
    try:
        cwd = os.path.join(work, 'cwd')
        os.makedirs(os.path.join(cwd, 'subdir'))
        open(os.path.join(cwd, 'prof.folded'), 'w').close()
        for name in commands:
            p = subprocess.run([os.path.join(a, name), '--list-options'],
                               capture_output=True, text=True)
            if p.returncode != 0:
                check(False, '%s --list-options exited %d' % (name, p.returncode))
                continue
            opts = read_options(p.stdout, name)
            files = [os.path.join(b, n) for n in (name, '_' + name, name + '.fish')]
            check_command(name, opts, files, cwd)
    finally:
        shutil.rmtree(work)
    for shell in ('zsh', 'fish'):
        if not shutil.which(shell):
            print('%s not installed: its files were not checked' % shell)
    print('%d passed, %d failed' % (passes, len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
