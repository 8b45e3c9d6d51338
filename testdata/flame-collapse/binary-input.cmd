python3 -c 'import random, sys; random.seed(7); sys.stdout.buffer.write(bytes(random.getrandbits(8) for _ in range(200000)))' | flame-collapse --no-progress > /dev/null
