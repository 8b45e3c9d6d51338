flame-collapse --format=bpftrace not-a-profile.txt
