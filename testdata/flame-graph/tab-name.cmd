flame-graph | grep -o '<title>tab[^<]*</title>\|<text [^>]*>tab[^<]*</text>' && flame-graph --format=txt < tab-name.in | grep -o 'tab.*' && flame-graph --format=md < tab-name.in | grep -o '.tab.*'
