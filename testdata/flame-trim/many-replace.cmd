flame-trim $(i=0; while [ $i -lt 100 ]; do i=$((i+1)); printf " --replace s/^x%s\$/y%s/" $i $i; done)
