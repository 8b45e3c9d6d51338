flame-graph --format=pprof -o out.pb.gz < /dev/null; echo $?; test ! -e out.pb.gz && echo no file
