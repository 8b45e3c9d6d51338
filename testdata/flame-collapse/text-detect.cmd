for f in ../text/*.txt; do flame-collapse -v "$f" 2>&1 >/dev/null | sed -n "s/.*detected format //p"; done
