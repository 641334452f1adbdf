#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Check the project's C sources against the rules of its style guide.

For every .c and .h file under the given source root (default: the
repository): lines under 100 columns with tabs counted as 8, no trailing
whitespace, indentation by tabs, and an SPDX license line at the top.
Prints each offending line as FILE:LINE: reason and exits 1 if any.
"""

import os
import sys

MAX_COLUMNS = 99
SOURCE_DIRS = ('app', 'drivers', 'examples', 'lib', 'tests')


def c_files(root):
    for top in SOURCE_DIRS:
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if name.endswith(('.c', '.h')):
                    yield os.path.join(dirpath, name)


def check_file(path, rel):
    problems = []
    with open(path, encoding='utf-8') as src:
        lines = src.read().split('\n')
    if not any('SPDX-License-Identifier' in line for line in lines[:3]):
        problems.append(f'{rel}:1: no SPDX-License-Identifier in the first lines')
    for number, line in enumerate(lines, 1):
        width = len(line.expandtabs(8))
        if width > MAX_COLUMNS:
            problems.append(f'{rel}:{number}: {width} columns (at most {MAX_COLUMNS})')
        if line != line.rstrip():
            problems.append(f'{rel}:{number}: trailing whitespace')
        indent = line[:len(line) - len(line.lstrip(' \t'))]
        if ' ' * 8 in indent:
            problems.append(f'{rel}:{number}: indented with spaces, not tabs')
    return problems


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
    root = os.path.abspath(root)
    problems = []
    count = 0
    for path in c_files(root):
        count += 1
        problems += check_file(path, os.path.relpath(path, root))
    for problem in problems:
        print(problem)
    print(f'check-style: {count} files, {len(problems)} problems')
    if count == 0:
        return 1
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
