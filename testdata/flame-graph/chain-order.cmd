flame-graph --colors chain | python3 ../tools/svg-frames.py
