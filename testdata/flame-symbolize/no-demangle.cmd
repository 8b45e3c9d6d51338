flame-symbolize --no-demangle
