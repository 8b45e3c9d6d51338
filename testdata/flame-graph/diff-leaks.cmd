flame-graph --countname=goroutines | grep -o '<g [^>]*><title>[^<]*'
