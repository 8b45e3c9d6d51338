#!/bin/sh
# run.sh CMD_DIR PERF_DIR OUT_DIR [TEST] -- the meson tests "browser-svg" and
# "browser-html": runs TEST (svg.test.mjs unless given; html.test.mjs) with
# node's test runner against the built flame-graph in
# Debian's headless Chromium. Exits 77 (skipped) when node >= 20, the
# node_modules from `npm ci` here, or /usr/bin/chromium are missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
chromium=${FLAMEKIT_CHROMIUM:-/usr/bin/chromium}
test=${4:-svg.test.mjs}
skip() { echo "browser ($test): skipped: $*"; exit 77; }
command -v node >/dev/null 2>&1 || skip "no node"
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$major" -ge 20 ] || skip "node $(node --version) is older than 20 (playwright-core needs 20)"
[ -f "$here/node_modules/playwright-core/package.json" ] ||
  skip "no $here/node_modules (run: npm ci --prefix $here)"
[ -x "$chromium" ] || skip "no $chromium (apt-get install chromium)"
FLAMEKIT_CMD_DIR=$1 FLAMEKIT_PERF_DIR=$2 FLAMEKIT_OUT_DIR=$3 FLAMEKIT_CHROMIUM=$chromium
export FLAMEKIT_CMD_DIR FLAMEKIT_PERF_DIR FLAMEKIT_OUT_DIR FLAMEKIT_CHROMIUM
mkdir -p "$3"
exec node --test --test-reporter=spec "$here/$test"
