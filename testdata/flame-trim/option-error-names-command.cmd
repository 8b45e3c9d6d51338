"$(command -v flame-trim)" --bogus
