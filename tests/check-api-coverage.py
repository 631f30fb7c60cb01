#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every CS_API function of the public headers is called in the given test
files (by name), so a new function cannot skip the NULL-argument test.
Usage: check-api-coverage.py INCLUDE_DIR TEST.c... (TAP output)."""
import glob
import os
import re
import sys

inc, tests = sys.argv[1], sys.argv[2:]
names = []
for h in sorted(glob.glob(os.path.join(inc, 'citysnap', '*.h'))):
    text = re.sub(r'/\*.*?\*/', '', open(h, encoding='utf-8').read(), flags=re.S)
    text = re.sub(r"^\s*#.*$", "", text, flags=re.M)
    for m in re.finditer(r'CS_API\b[^;(]*?\b(\w+)\s*\(', text):
        names.append((os.path.basename(h), m.group(1)))
body = ''.join(open(t, encoding='utf-8').read() for t in tests)
called = set(re.findall(r'\b(cs_\w+)\s*\(', body))
missing = [(h, n) for h, n in names if n not in called]
print('1..1')
if not names:
    print('not ok 1 - no CS_API declarations found in', inc)
    sys.exit(1)
if missing:
    for h, n in missing:
        print('# %s: %s is not called in %s' % (h, n, ', '.join(tests)))
    print('not ok 1 - %d of %d public functions not covered' % (len(missing), len(names)))
    sys.exit(1)
print('ok 1 - all %d public functions are called' % len(names))
