flame-collapse --keep-addrs=some
