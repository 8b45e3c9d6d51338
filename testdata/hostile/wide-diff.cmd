python3 gen.py wide 100000 >w.tmp; flame-diff w.tmp w.tmp | cksum; rm -f w.tmp
