flame-graph -o out.PB.GZ small.folded && flame-collapse out.PB.GZ && rm out.PB.GZ
