flame-symbolize --perf-map-dir=../symbolize
