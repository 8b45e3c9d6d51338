flame-collapse < /dev/null
