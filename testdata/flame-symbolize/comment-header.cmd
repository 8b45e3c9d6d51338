flame-symbolize | cat -A
