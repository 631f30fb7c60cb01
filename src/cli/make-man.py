#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the man page of one citysnap command with help2man, from the
command's --help. help2man names a page after the program it runs, so a
command's page runs a small citysnap-COMMAND wrapper.
Usage: make-man.py HELP2MAN CITYSNAP COMMAND|'' NAME VERSION OUTPUT"""
import os
import stat
import subprocess
import sys
import tempfile

help2man, exe, command, name, version, output = sys.argv[1:7]
with tempfile.TemporaryDirectory() as tmp:
    prog = exe
    if command:
        prog = os.path.join(tmp, 'citysnap-' + command)
        with open(prog, 'w') as f:
            f.write('#!/bin/sh\nexec "%s" %s "$@"\n' % (exe, command))
        os.chmod(prog, stat.S_IRWXU)
    env = dict(os.environ, LC_ALL='C.UTF-8')
    subprocess.run([help2man, '--no-info', '--no-discard-stderr',
                    '--section=1', '--source=citysnap', '--locale=C.UTF-8',
                    '--name=' + name,
                    '--version-string=' + version, '--output=' + output,
                    prog], check=True, env=env)
