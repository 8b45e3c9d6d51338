#!/bin/sh
# check-startup-libs.sh DIR -- the libraries only one rare path needs are
# loaded when it is taken (core/dynlib.h), not linked: no command may name
# them in its dynamic section, or every run would pay to load them.
#   cairo, fontconfig: flame-graph --format=png only
#   libxml2 (and the ICU it brings): the xctrace reader and the SVG writer
set -u
dir=$1
command -v readelf >/dev/null 2>&1 || { echo "no readelf: skipped"; exit 77; }
fail=0
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
for c in flame-collapse flame-symbolize flame-focus flame-trim flame-diff flame-graph; do
	exe=$dir/$c
	[ -x "$exe" ] || { echo "FAIL: no $exe"; fail=1; continue; }
	libs=$(needed "$exe")
	[ -n "$libs" ] || { echo "FAIL: $c: readelf shows no NEEDED entry"; fail=1; continue; }
	for bad in libcairo libfontconfig libfreetype libX11; do
		if printf '%s\n' "$libs" | grep -q "^$bad\."; then
			echo "FAIL: $c links $bad; it is to be loaded for PNG output only"
			fail=1
		fi
	done
	if printf '%s\n' "$libs" | grep -q '^libxml2\.'; then
		echo "FAIL: $c links libxml2; it is to be loaded for xctrace input and SVG output only"
		fail=1
	fi
done
# And the loaded paths work: a PNG and an SVG are drawn.
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
printf 'main;work 3\nmain;idle 1\n' | "$dir/flame-graph" --format=png -o "$out" - || {
	echo "FAIL: flame-graph --format=png exited $?"; fail=1; }
if [ "$(head -c 8 "$out" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
	echo "FAIL: flame-graph --format=png wrote no PNG"
	fail=1
fi
if ! printf 'main;work 3\n' | "$dir/flame-graph" - | grep -q '<svg'; then
	echo "FAIL: flame-graph wrote no SVG"
	fail=1
fi
[ $fail -eq 0 ] && echo "ok: no command links cairo, fontconfig or libxml2; PNG drawn"
exit $fail
