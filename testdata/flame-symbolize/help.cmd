flame-symbolize --help
