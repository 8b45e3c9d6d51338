{ printf "big 1 1.0: 7 cpu-clock: \n\t1 "; head -c 10000000 /dev/zero | tr "\0" x; printf " (/x)\n\t2 main (/x)\n\n"; } | flame-collapse | wc -c
