#!/usr/bin/env python3
# Writes a C file holding the bytes of a data file as a string constant.
# Usage: embed.py INPUT OUTPUT SYMBOL
import sys

data = open(sys.argv[1], 'rb').read()
sym = sys.argv[3]
with open(sys.argv[2], 'w') as out:
    out.write('/* Generated from %s by embed.py; do not edit. */\n'
              % sys.argv[1].split('/')[-1])
    out.write('#include <stddef.h>\n')
    out.write('const char %s[] =\n' % sym)
    for i in range(0, len(data), 16):
        out.write('    "' + ''.join('\\x%02x' % b for b in data[i:i + 16]) + '"\n')
    out.write('    ;\n')
    out.write('const size_t %s_len = %d;\n' % (sym, len(data)))
