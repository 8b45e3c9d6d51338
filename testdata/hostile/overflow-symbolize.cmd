flame-symbolize >/dev/null
