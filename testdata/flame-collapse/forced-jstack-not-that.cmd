flame-collapse --format=jstack not-a-profile.txt
