flame-collapse --compat=perl ../text/stap-user.txt
