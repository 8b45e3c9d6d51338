sed 's/$/\r/' ../text/stap-user.txt | flame-collapse -
