flame-graph --format=txt --countname=samples
