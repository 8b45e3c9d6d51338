flame-graph | grep -o '<title>[^<]*' | LC_ALL=C sort
