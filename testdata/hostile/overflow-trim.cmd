flame-trim >/dev/null
