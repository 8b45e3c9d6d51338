flame-focus -e a >/dev/null
