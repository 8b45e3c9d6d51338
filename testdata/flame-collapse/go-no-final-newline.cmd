head -c -1 ../go/goroutine.debug2.txt | flame-collapse | cmp - go-debug2.out && echo 'same as with the final newline'
