flame-focus --ignore '(a|aa)+$' regex-limit.folded regex-limit.folded
