printf 'a\000b;c 1\n' | flame-graph | python3 -c 'import sys, xml.dom.minidom as m; d = m.parse(sys.stdin.buffer); print(ascii([t.firstChild.data for t in d.getElementsByTagName("title")][1:]))'
