flame-symbolize --version
