flame-collapse --keep-addrs=all --all
