{ flame-focus main ../flame-collapse/node.cpuprofile 2>&1; echo "exit $?"; }
