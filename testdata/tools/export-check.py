#!/usr/bin/env python3
"""Check flame-graph's speedscope, pprof and json outputs against their input.

usage: export-check.py roundtrip CMD_DIR TESTDATA_DIR
       export-check.py go-pprof CMD_DIR TESTDATA_DIR

The inputs are the folded files of testdata/perf (real perf profiles,
annotated frames included), testdata/go/cpu.pprof folded by flame-collapse,
and small inputs made here: decimal counts, duplicate stacks, a zero
count, frames with quotes, backslashes, control characters, U+2028 and
bytes that are not UTF-8, a stack with an empty frame.  For each input the
expected stacks are its lines merged (counts summed exactly, as decimals),
stacks of count 0 left out: they weigh nothing.

roundtrip:
  * speedscope: the document has the schema's fields (one sampled profile,
    unit "none", startValue 0, endValue the total, as many weights as
    samples, every frame index in range); the stacks it describes (frame
    names root first, weighted) are exactly the input's.
  * json (d3-flame-graph): every node has a string name and a numeric
    value, children only as a non-empty list; a node's value is at least
    the sum of its children's; the root's is the total; the stacks (self
    value = value - children's) are exactly the input's.
  * Round trips through flame-collapse, for every format in COLLAPSE_READS
    (all three: flame-collapse reads pprof, speedscope and d3-json):
    folded -> flame-graph --format=F -> flame-collapse -> the same stacks
    and counts, decimal ones too (pprof stores them times 10^K with unit
    "count*1e-K", which flame-collapse reads back).
go-pprof: `go tool pprof -raw` reads each pprof output and gives the same
  stacks and total; `go tool pprof -top` runs on it without error.  Exits
  77 (skipped) when `go` is not installed (Debian's golang-go).
Exits 1 with one line per difference.
"""
import decimal
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal

# The output formats flame-collapse reads back.  speedscope and json join
# this list (one word each) once flame-collapse reads speedscope and d3
# JSON; until then their stacks are checked by reading the JSON here.
COLLAPSE_READS = ["pprof", "speedscope", "json"]

SPEEDSCOPE_UNITS = {"none", "nanoseconds", "microseconds", "milliseconds", "seconds", "bytes"}

MADE = {
    "decimals.folded": b"main;work 1.5\nmain;work;inner 0.25\nmain;idle 3\nmain;work 0.125\n",
    "dups-zero.folded": b"a;b 2\na;c 0\na;b 3\na 1\nz;y;x 7\n",
    "names.folded": (b'q"uote;back\\slash;tab\there 1\n'
                     b"ctl\x01\x1f;ls\xe2\x80\xa8ps\xe2\x80\xa9 2\n"
                     b"bad\xff\xfeutf;caf\xc3\xa9;\xf0\x9f\x94\xa5 3\n"
                     b"inl;f_[i];g_[k];h_[j] 4\nroot;;after 5\n"),
}


def fail(errors, msg):
    errors.append(msg)
    print("FAIL " + msg)


def run(args, stdin=None):
    p = subprocess.run(args, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr


def parse_folded(data):
    """Stacks (bytes) -> Decimal count, merged; zero counts dropped."""
    stacks = {}
    for line in data.split(b"\n"):
        line = line.rstrip(b"\r")
        # Blank lines and comments ("#" first: the unit header) are no stacks.
        if not line.strip() or line.startswith(b"#"):
            continue
        stack, count = line.rsplit(None, 1)
        stack = stack.rstrip(b";")
        stacks[stack] = stacks.get(stack, Decimal(0)) + Decimal(count.decode())
    return {k: v for k, v in stacks.items() if v != 0}


def json_name(b):
    """The JSON string flame-graph writes for frame bytes, decoded: invalid
    UTF-8 bytes become U+FFFD one by one."""
    return b.decode("utf-8", errors="replace")


def expect_json_stacks(stacks):
    out = {}
    for k, v in stacks.items():
        key = ";".join(json_name(f) for f in k.split(b";"))
        out[key] = out.get(key, Decimal(0)) + v
    return out


def decimals(stacks):
    k = 0
    for v in stacks.values():
        exp = v.normalize().as_tuple().exponent
        k = max(k, -exp if exp < 0 else 0)
    return k


def compare(errors, what, got, want):
    if got == want:
        return
    missing = [k for k in want if k not in got]
    extra = [k for k in got if k not in want]
    wrong = [k for k in want if k in got and got[k] != want[k]]
    fail(errors, "%s: %d stacks missing (%r), %d extra (%r), %d with other counts (%r)" % (
        what, len(missing), missing[:2], len(extra), extra[:2], len(wrong),
        [(k, got[k], want[k]) for k in wrong[:2]]))


def header_unit(data):
    """The unit the folded header names, as speedscope writes it ("none" for counts)."""
    for line in data.split(b"\n"):
        if not line.startswith(b"#"):
            break
        if line.startswith(b"# unit:"):
            u = line[7:].strip().decode()
            return u if u in ("nanoseconds", "microseconds", "milliseconds", "seconds",
                              "bytes") else "none"
    return "none"


def check_speedscope(errors, name, data, want, total, unit="none"):
    try:
        doc = json.loads(data, parse_float=Decimal)
    except ValueError as e:
        return fail(errors, "%s: speedscope output is not JSON: %s" % (name, e))
    try:
        assert doc["$schema"] == "https://www.speedscope.app/file-format-schema.json", "$schema"
        frames = doc["shared"]["frames"]
        assert isinstance(frames, list) and all(
            isinstance(f, dict) and isinstance(f.get("name"), str) for f in frames), "frames"
        assert len({f["name"] for f in frames}) == len(frames), "frame names repeat"
        assert isinstance(doc["profiles"], list) and len(doc["profiles"]) == 1, "one profile"
        assert doc.get("activeProfileIndex", 0) == 0, "activeProfileIndex"
        p = doc["profiles"][0]
        assert p["type"] == "sampled", "type"
        assert isinstance(p["name"], str) and isinstance(doc["name"], str), "name"
        assert p["unit"] in SPEEDSCOPE_UNITS, "unit %r" % p["unit"]
        assert p["unit"] == unit, "unit of folded counts: %r, not %r" % (p["unit"], unit)
        assert p["startValue"] == 0, "startValue"
        assert Decimal(p["endValue"]) == total, "endValue %s, total %s" % (p["endValue"], total)
        assert len(p["samples"]) == len(p["weights"]), "samples and weights differ in length"
        got = {}
        for stack, w in zip(p["samples"], p["weights"]):
            assert all(isinstance(i, int) and 0 <= i < len(frames) for i in stack), \
                "frame index out of range in %r" % stack
            assert w > 0, "weight %r" % w
            key = ";".join(frames[i]["name"] for i in stack)
            got[key] = got.get(key, Decimal(0)) + Decimal(w)
    except (AssertionError, KeyError, TypeError) as e:
        return fail(errors, "%s: speedscope structure: %s" % (name, e))
    compare(errors, name + " speedscope stacks", got, want)


def check_json_tree(errors, name, data, want, total):
    try:
        root = json.loads(data, parse_float=Decimal)
    except ValueError as e:
        return fail(errors, "%s: json output is not JSON: %s" % (name, e))
    got = {}

    def walk(node, path):
        assert isinstance(node, dict) and isinstance(node.get("name"), str), "node name"
        assert isinstance(node.get("value"), (int, Decimal)), "node value"
        assert set(node) <= {"name", "value", "children"}, "keys %r" % sorted(node)
        kids = node.get("children", [])
        assert isinstance(kids, list) and ("children" not in node or kids), "children"
        below = sum((Decimal(k["value"]) for k in kids), Decimal(0))
        self_value = Decimal(node["value"]) - below
        assert self_value >= 0, "value below the children's sum at %r" % path
        if self_value > 0 and path is not None:
            got[";".join(path)] = got.get(";".join(path), Decimal(0)) + self_value
        for k in kids:
            walk(k, (path or []) + [k["name"]])

    try:
        assert root.get("name") == "root", "root name"
        assert Decimal(root["value"]) == total, "root value %s, total %s" % (root["value"], total)
        walk(root, None)
    except (AssertionError, KeyError, TypeError) as e:
        return fail(errors, "%s: json structure: %s" % (name, e))
    compare(errors, name + " json stacks", got, want)


def inputs(cmd_dir, testdata, tmp):
    """(name, folded bytes) of every input."""
    out = []
    perf = os.path.join(testdata, "perf")
    for f in sorted(os.listdir(perf)):
        # Empty ones (no call graph) have nothing to export: flame-graph says so.
        if ".collapsed-" in f and os.path.getsize(os.path.join(perf, f)) > 0:
            with open(os.path.join(perf, f), "rb") as fp:
                out.append((f, fp.read()))
    rc, folded, err = run([os.path.join(cmd_dir, "flame-collapse"),
                           os.path.join(testdata, "go", "cpu.pprof")])
    if rc != 0:
        raise SystemExit("flame-collapse go/cpu.pprof failed: %s" % err.decode(errors="replace"))
    out.append(("go-cpu.pprof.folded", folded))
    out.extend(sorted(MADE.items()))
    return out


def roundtrip(cmd_dir, testdata):
    graph = os.path.join(cmd_dir, "flame-graph")
    collapse = os.path.join(cmd_dir, "flame-collapse")
    errors = []
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in inputs(cmd_dir, testdata, tmp):
            want = parse_folded(data)
            total = sum(want.values(), Decimal(0))
            for fmt in ("speedscope", "json", "pprof"):
                rc, out, err = run([graph, "--format=" + fmt], data)
                if rc != 0 or err:
                    fail(errors, "%s: flame-graph --format=%s: exit %d: %s" % (
                        name, fmt, rc, err.decode(errors="replace").strip()))
                    continue
                if fmt == "speedscope":
                    check_speedscope(errors, name, out, expect_json_stacks(want), total,
                                     header_unit(data))
                elif fmt == "json":
                    check_json_tree(errors, name, out, expect_json_stacks(want), total)
                if fmt not in COLLAPSE_READS:
                    continue
                path = os.path.join(tmp, "out." + fmt)
                with open(path, "wb") as fp:
                    fp.write(out)
                rc, back, err = run([collapse, path])
                if rc != 0:
                    fail(errors, "%s: flame-collapse of the %s output: exit %d: %s" % (
                        name, fmt, rc, err.decode(errors="replace").strip()))
                    continue
                expect = want
                if fmt != "pprof":
                    # JSON holds text: bytes that are not UTF-8 come back as U+FFFD.
                    expect = {k.encode(): v for k, v in expect_json_stacks(want).items()}
                if fmt == "pprof":
                    # Decimal counts come back as they were: flame-collapse reads
                    # the scale back from the unit "count*1e-K".  An empty frame is
                    # a function without a name, which flame-collapse calls 0x0.
                    expect = {b";".join(f or b"0x0" for f in k.split(b";")): v
                              for k, v in want.items()}
                compare(errors, "%s %s -> flame-collapse" % (name, fmt), parse_folded(back),
                        expect)
                checked += 1
    print("round trips through flame-collapse: %s; %d checked" % (
        ", ".join(COLLAPSE_READS), checked))
    return errors


RAW_SAMPLE = re.compile(rb"^\s*(\d+):((?:\s+\d+)*)\s*$")
# "ID: 0x0 M=1 NAME :0 s=0", and "(FULL NAME)" after it when pprof shortened
# the name for display (it drops "<...>" as C++ template arguments).
RAW_LOCATION = re.compile(rb"^\s*(\d+): 0x[0-9a-f]+ M=\d+ (.*?) :0 s=0(?:\((.*)\))?$")


def go_pprof(cmd_dir, testdata):
    go = shutil.which("go")
    if not go:
        print("SKIP: go not found (Debian's golang-go runs `go tool pprof`)")
        sys.exit(77)
    graph = os.path.join(cmd_dir, "flame-graph")
    errors = []
    env = dict(os.environ, HOME=tempfile.gettempdir(), PPROF_TMPDIR=tempfile.gettempdir())
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in inputs(cmd_dir, testdata, tmp):
            want = parse_folded(data)
            scale = Decimal(10) ** decimals(want)
            path = os.path.join(tmp, "out.pb.gz")
            rc, _, err = run([graph, "-o", path], data)
            if rc != 0:
                fail(errors, "%s: flame-graph -o out.pb.gz: %s" % (
                    name, err.decode(errors="replace")))
                continue
            p = subprocess.run([go, "tool", "pprof", "-raw", path], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
            if p.returncode != 0:
                fail(errors, "%s: go tool pprof -raw: exit %d: %s" % (
                    name, p.returncode, p.stderr.decode(errors="replace")))
                continue
            samples, locs, section = [], {}, None
            for line in p.stdout.split(b"\n"):
                if line.startswith(b"Samples:"):
                    section = "samples"
                elif line.startswith(b"Locations"):
                    section = "locations"
                elif line.startswith(b"Mappings"):
                    section = None
                elif section == "samples" and RAW_SAMPLE.match(line):
                    m = RAW_SAMPLE.match(line)
                    samples.append((Decimal(m.group(1).decode()), m.group(2).split()))
                elif section == "locations" and RAW_LOCATION.match(line):
                    m = RAW_LOCATION.match(line)
                    locs[m.group(1)] = m.group(3) if m.group(3) is not None else m.group(2)
            got = {}
            for value, ids in samples:
                key = b";".join(locs.get(i, b"?") for i in reversed(ids))
                got[key] = got.get(key, Decimal(0)) + value
            total = sum(got.values(), Decimal(0))
            want_scaled = {k: v * scale for k, v in want.items()}
            if total != sum(want_scaled.values(), Decimal(0)):
                fail(errors, "%s: go tool pprof -raw total %s, input total %s x %s" % (
                    name, total, sum(want.values(), Decimal(0)), scale))
            compare(errors, name + " go tool pprof -raw stacks", got, want_scaled)
            p = subprocess.run([go, "tool", "pprof", "-top", path], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
            if p.returncode != 0 or b"Showing nodes accounting for" not in p.stdout:
                fail(errors, "%s: go tool pprof -top: exit %d: %s" % (
                    name, p.returncode, p.stderr.decode(errors="replace")))
    return errors


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("roundtrip", "go-pprof"):
        raise SystemExit(__doc__.split("\n\n")[1])
    errors = (roundtrip if sys.argv[1] == "roundtrip" else go_pprof)(sys.argv[2], sys.argv[3])
    print("%d failures" % len(errors))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
