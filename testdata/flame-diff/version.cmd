flame-diff --version | sed 's/) .*/)/'
