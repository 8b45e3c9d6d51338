flame-graph -o OUT.TXT && cat OUT.TXT && rm OUT.TXT
