flame-diff - -
