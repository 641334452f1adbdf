#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Sum up the meson test runs of several build directories.

Prints one line per build and suite, each failed test by name, then the
closing line "N passed, N failed, N skipped". Exits 1 when a test failed or
when no test ran at all.
"""

import json
import os
import sys
from collections import Counter, defaultdict

PASSED = {'OK', 'EXPECTEDFAIL'}
SKIPPED = {'SKIP'}


def read_json_lines(path):
    with open(path, encoding='utf-8') as log:
        return [json.loads(line) for line in log if line.strip()]


def suites_by_test(build):
    """Map test name to its suites, without the project prefix."""
    with open(os.path.join(build, 'meson-info', 'intro-tests.json'),
              encoding='utf-8') as intro:
        tests = json.load(intro)
    return {t['name']: '+'.join(s.split(':', 1)[-1] for s in t['suite']) or '-'
            for t in tests}


def suite_of(logged_name, suites):
    """Meson logs "project:suite / name" when a project has suites."""
    if ' / ' in logged_name:
        prefix, name = logged_name.split(' / ', 1)
        return suites.get(name, prefix.split(':', 1)[-1])
    return suites.get(logged_name, '-')


def summarize(build, total):
    log = os.path.join(build, 'meson-logs', 'testlog.json')
    if not os.path.exists(log):
        print(f'test-summary: {build}: no test log (no test ran there)')
        return
    suites = suites_by_test(build)
    per_suite = defaultdict(Counter)
    for test in read_json_lines(log):
        result = test.get('result')
        if result is None:
            continue
        kind = ('passed' if result in PASSED else
                'skipped' if result in SKIPPED else 'failed')
        per_suite[suite_of(test['name'], suites)][kind] += 1
        total[kind] += 1
        if kind == 'failed':
            print(f'FAILED: {build}: {test["name"]} ({result})')
    for suite in sorted(per_suite):
        count = per_suite[suite]
        print(f'  {build:12} {suite:12} {count["passed"]:4} passed '
              f'{count["failed"]:4} failed {count["skipped"]:4} skipped')


def main(builds):
    total = Counter()
    for build in builds:
        summarize(build, total)
    print(f'{total["passed"]} passed, {total["failed"]} failed, '
          f'{total["skipped"]} skipped')
    if total['passed'] + total['failed'] == 0:
        print('test-summary: no test ran')
        return 1
    return 1 if total['failed'] else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
