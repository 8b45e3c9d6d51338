flame-collapse --weight=samples --format=xctrace xctrace.xml
