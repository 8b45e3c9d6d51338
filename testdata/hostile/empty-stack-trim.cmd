flame-trim --replace 's/^b$//'
