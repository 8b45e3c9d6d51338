flame-trim --replace 's/::h[0-9a-f]{16}$//' -
