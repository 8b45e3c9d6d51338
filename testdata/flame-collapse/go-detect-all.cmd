for f in ../go/*.txt ../go/*.pprof ../go/corrupt/* ../perf/*.perf.txt; do flame-collapse -v "$f" 2>&1 >/dev/null | grep " format "; done
