flame-collapse --format=goroutine not-a-profile.txt
