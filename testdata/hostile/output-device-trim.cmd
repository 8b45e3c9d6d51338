flame-trim -o /dev/full a.folded; echo "exit $?"; test -c /dev/full && echo "/dev/full is still a character device"
