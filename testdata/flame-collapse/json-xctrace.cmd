flame-collapse xctrace.xml
