flame-collapse --format=goroutine-counts not-a-profile.txt
