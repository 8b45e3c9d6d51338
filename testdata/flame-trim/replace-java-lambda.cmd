flame-trim --replace='s/\$\$Lambda\$[0-9]+\/0x[0-9a-f]+/$$$$Lambda/' --replace='s/^java/JAVA/'
