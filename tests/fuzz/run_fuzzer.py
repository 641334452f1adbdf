#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Run one libFuzzer harness for the meson suite "fuzz".

  run_fuzzer.py replay HARNESS CORPUS
      Runs every committed input (seeds and crash reproducers) once.
  run_fuzzer.py run HARNESS CORPUS SCRATCH SECONDS MAX_LEN
      Fuzzes for SECONDS with inputs of up to MAX_LEN bytes, starting from
      the committed corpus. New inputs go
      to SCRATCH (emptied first), never into the source tree; a crash leaves
      its input under SCRATCH/artifacts/ and fails the test.
A HARNESS.dict beside the corpus (tests/fuzz/NAME.dict) is used if present.
"""

import os
import shutil
import subprocess
import sys

# Per input: a model that loops forever is a finding, not a slow test.
INPUT_TIMEOUT_S = 10
# libFuzzer exits 77 on a crash, which meson takes for "skipped": say 1.
EXIT_ARGS = ['-error_exitcode=1', '-timeout_exitcode=1']


def corpus_files(corpus):
    return sorted(os.path.join(corpus, f) for f in os.listdir(corpus)
                  if os.path.isfile(os.path.join(corpus, f)))


def dict_args(corpus):
    path = os.path.normpath(corpus) + '.dict'
    return [f'-dict={path}'] if os.path.isfile(path) else []


def replay(harness, corpus):
    files = corpus_files(corpus)
    if not files:
        print(f'run_fuzzer: {corpus} holds no input')
        return 1
    cmd = [harness, f'-timeout={INPUT_TIMEOUT_S}'] + EXIT_ARGS + files
    print(' '.join(cmd[:2]), f'<{len(files)} inputs of {corpus}>', flush=True)
    return subprocess.call(cmd)


def run(harness, corpus, scratch, seconds, max_len):
    shutil.rmtree(scratch, ignore_errors=True)
    artifacts = os.path.join(scratch, 'artifacts')
    work = os.path.join(scratch, 'corpus')
    os.makedirs(artifacts)
    os.makedirs(work)
    cmd = [harness, f'-max_total_time={seconds}', f'-max_len={max_len}',
           f'-timeout={INPUT_TIMEOUT_S}', f'-artifact_prefix={artifacts}/',
           '-print_final_stats=1'] + EXIT_ARGS + dict_args(corpus) + [work, corpus]
    print(' '.join(cmd), flush=True)
    rc = subprocess.call(cmd)
    found = sorted(os.listdir(artifacts))
    if rc != 0 or found:
        print(f'run_fuzzer: {os.path.basename(harness)} failed (exit {rc}); '
              f'inputs in {artifacts}: {" ".join(found) or "none"}')
        print('run_fuzzer: fix the bug, then commit the input to '
              f'{corpus}/ as a reproducer')
        return rc or 1
    return 0


def main(argv):
    if len(argv) == 4 and argv[1] == 'replay':
        return replay(argv[2], argv[3])
    if len(argv) == 7 and argv[1] == 'run':
        return run(argv[2], argv[3], argv[4], int(argv[5]), int(argv[6]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
