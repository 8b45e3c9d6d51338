flame-collapse go-raw-nosamples.in
