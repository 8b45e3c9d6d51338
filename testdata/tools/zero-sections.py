#!/usr/bin/env python3
"""zero-sections.py -- zero what a symbolizer does not read in an ELF file.

usage: zero-sections.py IN OUT

Writes IN to OUT with the contents of its loaded sections (code, data,
Go's pclntab) and of the DWARF sections that line and inline lookups do
not use (.debug_loc, .debug_frame, .debug_gdb_scripts) set to zeros.
Headers, notes, .symtab/.strtab and the other DWARF sections are kept
byte for byte, at the same offsets, so symbols, file:line and inline
chains read as from IN; the zeros make the file compress to a fraction.
"""
import struct
import sys

SHT_PROGBITS, SHF_ALLOC = 1, 2
UNUSED_DWARF = {b'.debug_loc', b'.debug_frame', b'.debug_gdb_scripts'}


def main():
    src, dst = sys.argv[1], sys.argv[2]
    data = bytearray(open(src, 'rb').read())
    if data[:4] != b'\x7fELF' or data[4] != 2 or data[5] != 1:
        sys.exit(src + ': not a 64-bit little-endian ELF file')
    shoff, = struct.unpack_from('<Q', data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', data, 0x3a)
    headers = [struct.unpack_from('<IIQQQQ', data, shoff + i * shentsize)
               for i in range(shnum)]
    names = headers[shstrndx][4]
    for name, typ, flags, _addr, off, size in headers:
        title = bytes(data[names + name:data.index(0, names + name)])
        if typ == SHT_PROGBITS and (flags & SHF_ALLOC or title in UNUSED_DWARF):
            data[off:off + size] = bytes(size)
    open(dst, 'wb').write(data)


if __name__ == '__main__':
    main()
