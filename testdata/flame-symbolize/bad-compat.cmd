flame-symbolize --compat=bogus
