flame-graph >/dev/null
