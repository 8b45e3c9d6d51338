flame-collapse --compat=python
