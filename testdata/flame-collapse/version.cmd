flame-collapse --version
