#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Runs dsa-test-dma for real (dma_skeleton and CPU copy, no hugepages) and
checks its outputs, then checks that bad input is refused before any work.
With the DSA plugin, also runs the DSA operations of dsa-ops.ini on the model.

usage: run_app.py DSA_TEST_DMA TESTS_TEST_DMA_SOURCE_DIR [DSA_PLUGIN]
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

EXE = sys.argv[1]
APP_DIR = os.path.join(os.path.dirname(os.path.abspath(sys.argv[2])), '..', 'app', 'test-dma')
PLUGIN = sys.argv[3] if len(sys.argv) > 3 else None
FAILURES = []
RUNS = [0]

# fields the issue asks of every record
RECORD_FIELDS = ('case', 'device', 'type', 'buf_size', 'kick_batch', 'gbps', 'mops',
                 'cycles_per_op', 'latency_p50_ns', 'latency_p99_ns', 'verified')


def eal_args(model=False, model_devargs=''):
    """EAL without hugepages, PCI or shared files; a private prefix per run.
    With model, the DSA plugin and its software model's device come too."""
    RUNS[0] += 1
    lcores = ['-l', '0,1'] if (os.cpu_count() or 1) >= 2 else ['--lcores', '(0,1)@0']
    dsa = ['-d', PLUGIN, '--vdev', 'dma_dsa_model0' + model_devargs] if model else []
    return ['--', '--no-huge', '-m', '256', '--no-pci', '--vdev', 'dma_skeleton'] + dsa + [
            '--iova-mode=va', '--no-shconf', '--file-prefix',
            'test-dma-%d-%d' % (os.getpid(), RUNS[0]), '--log-level=lib.eal:warning'] + lcores


def run(args, what):
    cmd = [EXE] + args
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    print('$ %s\n  -> exit %d' % (' '.join(cmd), proc.returncode))
    return proc


def check(cond, what, proc=None):
    if not cond:
        FAILURES.append(what)
        print('FAIL: ' + what)
        if proc is not None:
            print('--- stdout\n' + proc.stdout + '--- stderr\n' + proc.stderr)


def check_records(records, what):
    for r in records:
        missing = [f for f in RECORD_FIELDS if f not in r]
        check(not missing, '%s: record lacks %s' % (what, missing))
        check(r['verified'] is True, '%s: %s/%s %d B not verified' %
              (what, r['case'], r['device'], r['buf_size']))
        check(r['gbps'] > 0 and r['mops'] > 0, '%s: zero throughput' % what)
        check(abs(r['gbps'] * 1e3 - r['mops'] * r['buf_size']) <= 1e-3 * r['gbps'] * 1e3,
              '%s: gbps and mops disagree' % what)
        check(r['cycles_per_op'] > 0, '%s: no offload cost measured' % what)
        check(r['errors'] == 0, '%s: errors reported' % what)
        if r['latency_samples'] > 0:
            check(0 <= r['latency_p50_ns'] <= r['latency_p99_ns'] <= r['latency_p999_ns'],
                  '%s: latency percentiles out of order' % what)


def test_quick_run(tmp):
    out = {k: os.path.join(tmp, 'quick.' + k) for k in ('json', 'csv', 'svg')}
    proc = run(['--cpu', '--dev', 'dma_skeleton', '--buf-size', '64,4096,8,MUL',
                '--mem-size', '1', '--seconds', '0.2', '--latency-ops', '300', '--no-progress',
                '--json', out['json'], '--csv', out['csv'], '--svg', out['svg']] + eal_args(),
               'quick run')
    check(proc.returncode == 0, 'quick run: exit status', proc)
    if proc.returncode != 0:
        return
    with open(out['json']) as f:
        doc = json.load(f)
    records = doc['records']
    xcore = doc['xcore_round_trip_cycles']
    # measured when the two lcores have CPUs of their own (null otherwise)
    check(xcore is None if (os.cpu_count() or 1) < 2 else xcore > 0,
          'quick run: cross-core round trip %r' % xcore)
    check(('Cache-line round trip' in proc.stdout) == (xcore is not None),
          'quick run: round trip printed when measured', proc)
    check(len(records) == 6, 'quick run: 6 records (2 cases x 3 sizes), got %d' % len(records))
    check(sorted({(r['device'], r['buf_size']) for r in records}) ==
          sorted((d, b) for d in ('cpu', 'dma_skeleton') for b in (64, 512, 4096)),
          'quick run: devices and sizes')
    check(all(r['latency_samples'] > 0 for r in records), 'quick run: latency samples')
    check_records(records, 'quick run')
    with open(out['csv']) as f:
        rows = list(csv.DictReader(f))
    check(len(rows) == 6 and all(r['verified'] == 'yes' for r in rows), 'quick run: CSV rows')
    svg = ET.parse(out['svg']).getroot()
    lines = [e for e in svg.iter() if e.tag.endswith('polyline')]
    check(len(lines) == 2, 'quick run: one plot line per device, got %d' % len(lines))
    table, _, ratios = proc.stdout.partition('Against the CPU')
    check(table.count('dma_skeleton') == 3 and 'GB/s' in table, 'quick run: table rows', proc)
    check('already stopped' not in proc.stdout + proc.stderr,
          'quick run: a stray "already stopped" line', proc)
    check(ratios.count('dma_skeleton') == 3, 'quick run: ratios against the CPU', proc)


def test_config_run(tmp):
    ini = os.path.join(tmp, 'kick.ini')
    with open(ini, 'w') as f:
        f.write('[GLOBAL]\ntest_seconds=0.2\nlatency_ops=0\n'
                '[case1]\ntype=DMA_MEM_COPY\nmem_size=1\nbuf_size=1024\n'
                'dma_ring_size=256\nkick_batch=1,16,4,MUL\nsrc_numa_node=0\ndst_numa_node=0\n'
                'cache_flush=1\nlcore_dma=lcore1@dma_skeleton\n'
                '[case2]\nskip=1\ntype=CPU_MEM_COPY\n')
    out = os.path.join(tmp, 'kick.json')
    proc = run(['--config', ini, '--json', out, '--no-progress'] + eal_args(), 'config run')
    check(proc.returncode == 0, 'config run: exit status', proc)
    if proc.returncode != 0:
        return
    with open(out) as f:
        records = json.load(f)['records']
    check([r['kick_batch'] for r in records] == [1, 4, 16], 'config run: kick_batch range')
    check(all(r['latency_p50_ns'] is None for r in records), 'config run: latency_ops=0')
    check_records(records, 'config run')


def test_default_config(tmp):
    """The shipped default scenario parses and runs (briefly)."""
    out = os.path.join(tmp, 'default.json')
    proc = run(['--config', os.path.join(APP_DIR, 'default.ini'), '--seconds', '0.02',
                '--latency-ops', '50', '--no-progress', '--json', out] + eal_args(), 'default')
    check(proc.returncode == 0, 'default.ini: exit status', proc)
    if proc.returncode == 0:
        with open(out) as f:
            records = json.load(f)['records']
        check(len(records) == 22, 'default.ini: 2 x 11 records, got %d' % len(records))
        check_records(records, 'default.ini')


def test_no_verify(tmp):
    out = os.path.join(tmp, 'nv.json')
    proc = run(['--cpu', '--buf-size', '256', '--mem-size', '1', '--seconds', '0.05',
                '--no-verify', '--json', out] + eal_args(), 'no verify')
    check(proc.returncode == 0, 'no verify: exit status', proc)
    if proc.returncode == 0:
        with open(out) as f:
            check(json.load(f)['records'][0]['verified'] is None, 'no verify: verified null')


def test_eal_instances(tmp):
    """Cases with different eal_args run in EAL instances of their own, one after
    another, and their results make one table, CSV and JSON; a skipped case is
    named; an instance that fails loses nothing of the others."""
    ini = os.path.join(tmp, 'eal.ini')
    with open(ini, 'w') as f:
        f.write('[GLOBAL]\ntest_seconds=0.05\nlatency_ops=0\n'
                '[case1]\ntype=CPU_MEM_COPY\nlcore=1\nmem_size=1\nbuf_size=256\n'
                'eal_args=-n 2\n'
                '[case2]\ntype=DMA_MEM_COPY\nmem_size=1\nbuf_size=256\ndma_ring_size=256\n'
                'kick_batch=16\nlcore_dma=lcore1@dma_skeleton\neal_args=-n 4\n'
                '[case3]\nskip=1\ntype=CPU_MEM_COPY\nlcore=1\n'
                '[case4]\ntype=CPU_MEM_COPY\nlcore=1\nmem_size=1\nbuf_size=512\n'
                'eal_args=-n 2\n')
    out = {k: os.path.join(tmp, 'eal.' + k) for k in ('json', 'csv')}
    proc = run(['--config', ini, '--json', out['json'], '--csv', out['csv'], '--no-progress']
               + eal_args(), 'eal instances')
    check(proc.returncode == 0, 'eal instances: exit status', proc)
    check('[case3]' in proc.stdout and 'skipped (skip=1)' in proc.stdout,
          'eal instances: the skipped case is not named', proc)
    check('EAL instance 1 of 2' in proc.stdout and 'EAL instance 2 of 2' in proc.stdout,
          'eal instances: not two EAL instances', proc)
    check('already stopped' not in proc.stdout + proc.stderr,
          'eal instances: a stray "already stopped" line', proc)
    if proc.returncode != 0:
        return
    with open(out['json']) as f:
        doc = json.load(f)
    cases = sorted({r['case'] for r in doc['records']})
    check(cases == ['case1', 'case2', 'case4'], 'eal instances: JSON cases %s' % cases)
    check('-n 2' in doc['eal_args'] and '-n 4' in doc['eal_args'],
          'eal instances: JSON eal_args %r' % doc['eal_args'])
    check_records(doc['records'], 'eal instances')
    with open(out['csv']) as f:
        rows = list(csv.DictReader(f))
    check(sorted({r['case'] for r in rows}) == cases, 'eal instances: CSV cases')
    merged = proc.stdout.partition('== all 2 EAL instances')[2]
    check(all(c in merged for c in cases), 'eal instances: merged table', proc)

    # an instance whose EAL refuses its arguments fails the run, not the others' results
    with open(ini, 'a') as f:
        f.write('[case5]\ntype=CPU_MEM_COPY\nlcore=1\nmem_size=1\nbuf_size=64\n'
                'eal_args=--no-such-eal-option\n')
    proc = run(['--config', ini, '--json', out['json'], '--no-progress'] + eal_args(),
               'eal instance refused')
    check(proc.returncode == 2, 'eal instance refused: exit status 2', proc)
    check('EAL initialisation failed' in proc.stderr, 'eal instance refused: reason', proc)
    with open(out['json']) as f:
        cases = sorted({r['case'] for r in json.load(f)['records']})
    check(cases == ['case1', 'case2', 'case4'], 'eal instance refused: kept %s' % cases)


def test_dsa_ops(tmp):
    """dsa-ops.ini, briefly, on the model: every operation and its CPU baseline
    run side by side and their results check."""
    out = os.path.join(tmp, 'ops.json')
    proc = run(['--config', os.path.join(APP_DIR, 'dsa-ops.ini'), '--seconds', '0.05',
                '--latency-ops', '20', '--no-progress', '--json', out] + eal_args(True),
               'dsa-ops.ini')
    check(proc.returncode == 0, 'dsa-ops.ini: exit status', proc)
    check('The CPU computes CRC-32C by ' in proc.stdout, 'dsa-ops.ini: CRC method', proc)
    if proc.returncode != 0:
        return
    with open(out) as f:
        records = json.load(f)['records']
    ops = ('CRC32C', 'COPY_CRC32C', 'COMPARE', 'DUALCAST', 'DIF_INSERT')
    types = sorted({r['type'] for r in records})
    check(types == sorted(w + '_' + o for w in ('CPU', 'DMA') for o in ops),
          'dsa-ops.ini: types %s' % types)
    check(len(records) == 30, 'dsa-ops.ini: 10 cases x 3 sizes, got %d' % len(records))
    check(all(r['device'].startswith('dma_dsa_model0') == r['type'].startswith('DMA_')
              for r in records), 'dsa-ops.ini: DMA types on the model, CPU types on the CPU')
    check_records(records, 'dsa-ops.ini')
    ratios = proc.stdout.partition('Against the CPU')[2]
    check(all(op in ratios for op in ('crc32c', 'copy+crc', 'compare', 'dualcast', 'dif-ins')),
          'dsa-ops.ini: a ratio per operation', proc)

    # the quick run of one operation, the CPU's and the model's
    out = os.path.join(tmp, 'op.json')
    proc = run(['--cpu', '--dev', 'dma_dsa_model0*', '--op', 'DUALCAST', '--mem-size', '1',
                '--buf-size', '4096', '--seconds', '0.05', '--latency-ops', '10',
                '--no-progress', '--json', out] + eal_args(True), 'quick --op')
    check(proc.returncode == 0, 'quick --op: exit status', proc)
    if proc.returncode == 0:
        with open(out) as f:
            records = json.load(f)['records']
        check(sorted(r['type'] for r in records) == ['CPU_DUALCAST', 'DMA_DUALCAST'],
              'quick --op: the two dualcast types')
        check_records(records, 'quick --op')


def test_dsa_ops_faults(tmp):
    """Jobs the model fails (a page fault on the source every 50 jobs) leave their buffers'
    results wrong: the verification says so, and the run fails."""
    ini = os.path.join(tmp, 'crc-faults.ini')
    with open(ini, 'w') as f:
        f.write('[GLOBAL]\ntest_seconds=0.05\nlatency_ops=0\n')
        for n, t in enumerate(('DMA_CRC32C', 'DMA_COMPARE', 'DMA_DIF_INSERT')):
            f.write('[case%d]\ntype=%s\nmem_size=1\nbuf_size=4096\ndma_ring_size=64\n'
                    'kick_batch=8\nlcore_dma=lcore1@dma_dsa_model0*\n' % (n + 1, t))
    out = os.path.join(tmp, 'faults.json')
    faults = ',fault_every=50,fault_offset=64,fault_on=src'
    proc = run(['--config', ini, '--no-progress', '--json', out] + eal_args(True, faults),
               'dsa ops with faults')
    check(proc.returncode == 1, 'dsa ops with faults: exit status 1', proc)
    if not os.path.exists(out):
        check(False, 'dsa ops with faults: no JSON', proc)
        return
    with open(out) as f:
        records = json.load(f)['records']
    check(len(records) == 3 and all(r['verified'] is False and r['errors'] > 0
                                    for r in records),
          'dsa ops with faults: every case FAILED with errors', proc)


def test_dsa_ops_refused(tmp):
    """A DSA type on another dmadev is refused before any work, with or without
    the DSA driver loaded; so are wrong combinations of keys."""
    ini = os.path.join(tmp, 'crc-skel.ini')
    with open(ini, 'w') as f:
        f.write('[case1]\ntype=DMA_CRC32C\nmem_size=1\nbuf_size=4096\ndma_ring_size=64\n'
                'kick_batch=8\nlcore_dma=lcore1@dma_skeleton\n')
    expect_refused(tmp, ['--config', ini], 'the DSA driver is not loaded',
                   'DSA type without the driver')
    if PLUGIN:
        expect_refused(tmp, ['--config', ini], 'dma_skeleton is not one',
                       'DSA type on dma_skeleton', model=True)
    with open(ini, 'w') as f:
        f.write('[case1]\ntype=CPU_DIF_INSERT\nmem_size=1\nbuf_size=1000\nlcore=1\n')
    expect_refused(tmp, ['--config', ini], 'not a whole number of 512-B DIF blocks',
                   'DIF buffer of part of a block')


def expect_refused(tmp, args, needle, what, with_eal=True, model=False):
    """Bad input: exit 2, the reason on stderr, and no scenario started."""
    proc = run(args + (eal_args(model) if with_eal else []), what)
    check(proc.returncode == 2, '%s: exit status 2' % what, proc)
    check(needle in proc.stderr, '%s: stderr lacks %r' % (what, needle), proc)
    check('scenario(s)' not in proc.stdout, '%s: work started' % what, proc)


def test_bad_input(tmp):
    bad_ini = os.path.join(tmp, 'bad.ini')
    with open(bad_ini, 'w') as f:
        f.write('[case1]\ntype=CPU_MEM_COPY\nlcore=1\nmem_size=1\nbuf_size=64\nspeed=11\n')
    numa_ini = os.path.join(tmp, 'numa.ini')
    with open(numa_ini, 'w') as f:
        f.write('[case1]\ntype=CPU_MEM_COPY\nlcore=1\nmem_size=1\nbuf_size=64\n'
                'src_numa_node=5\n')
    expect_refused(tmp, ['--dev', 'nosuchdev'], "no dmadev 'nosuchdev' (found: dma_skeleton)",
                   'unknown device')
    expect_refused(tmp, ['--cpu', '--lcore', '7'], 'lcore 7 is not enabled', 'missing lcore')
    expect_refused(tmp, ['--cpu', '--lcore', '0'], 'main lcore', 'main lcore as worker')
    expect_refused(tmp, ['--cpu', '--mem-size', '4096'], 'cannot allocate', 'memory too large')
    expect_refused(tmp, ['--dev', 'dma_skeleton', '--ring-size', '16', '--kick-batch', '8'],
                   'outside dma_skeleton', 'ring below device minimum')
    expect_refused(tmp, ['--cpu', '--mem-size', '1', '--buf-size', '4194304'],
                   'does not fit in mem_size', 'buffer larger than memory')
    expect_refused(tmp, ['--config', bad_ini], "unknown key 'speed'", 'unknown key')
    expect_refused(tmp, ['--config', numa_ini], 'NUMA node 5', 'missing NUMA node')
    expect_refused(tmp, ['--config', os.path.join(tmp, 'none.ini')], 'No such file',
                   'missing config file')
    expect_refused(tmp, ['--cpu', '--bogus'], 'unknown option', 'unknown option', False)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        test_quick_run(tmp)
        test_config_run(tmp)
        test_default_config(tmp)
        test_no_verify(tmp)
        test_eal_instances(tmp)
        test_bad_input(tmp)
        test_dsa_ops_refused(tmp)
        if PLUGIN:
            test_dsa_ops(tmp)
            test_dsa_ops_faults(tmp)
    print('%d failure(s)' % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == '__main__':
    sys.exit(main())
