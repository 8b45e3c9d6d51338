flame-collapse ../text/stap-user.txt
