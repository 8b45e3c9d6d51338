head -c 200000 /dev/urandom | flame-collapse --no-progress > /dev/null
