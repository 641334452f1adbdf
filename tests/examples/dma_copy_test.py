#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""examples/dma_copy end to end: the program copies through a dmadev and checks every
byte; this test checks that it said so, that the device (not the CPU fallback) did the
copies according to the dmadev's own statistics, and that bad input is refused. On the
DSA model it also injects page faults (devarg fault_every) and checks that the program
redid exactly the failed copies with the CPU and still got every byte right."""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dpdk_env as env  # noqa: E402


def run_copy(app, eal, extra, log, timeout=120):
    p = env.spawn([app] + eal + ['--'] + extra, log)
    rc = env.wait_exit(p, timeout)
    return rc, env.read_log(p)


def check_summary(out, count, failed):
    """The program's verdict and the dmadev's statistics: `failed` of `count` copies
    reported failed by the device and redone by the CPU, none wrong in the end."""
    if 'result: PASS' not in out:
        env.fail('dsa-dma-copy did not pass')
    summary = env.last_match(r'device ok (\d+), device failed (\d+).*bad after check (\d+)',
                             out)
    if summary != (str(count - failed), str(failed), '0'):
        env.fail('expected %d copies done by the device, %d failed and redone, none bad: %s'
                 % (count - failed, failed, summary))
    stats = env.last_match(r'dmadev stats: submitted (\d+) completed (\d+) errors (\d+)', out)
    if stats != (str(count), str(count), str(failed)):
        env.fail('dmadev statistics do not show %d completed copies, %d with an error: %s'
                 % (count, failed, stats))


def run_with_faults(app, eal, plugin, name, workdir):
    """One copy in EVERY faults 64 bytes into its destination: each is reported,
    redone by the CPU, and the data is still right."""
    count, size, every = 20000, 1500, 1000
    dma_eal, _ = env.dma_args('dsa-model', plugin, 1,
                              'fault_every=%d,fault_offset=64' % every)
    rc, out = run_copy(app, eal + dma_eal, ['--dma', name, '--count', str(count),
                                            '--size', str(size)],
                       os.path.join(workdir, 'faults.log'))
    print(out)
    if rc != 0:
        env.fail('dsa-dma-copy with injected faults exited with %d' % rc)
    check_summary(out, count, count // every)
    reported = out.count('failed: page fault (status')
    if reported != count // every:
        env.fail('%d copies reported as page faults, expected %d' % (reported, count // every))
    print('PASS: %d of %d copies faulted, each redone by the CPU' % (reported, count))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--app', required=True)
    ap.add_argument('--dma', default='skeleton', choices=['skeleton', 'dsa-model'])
    ap.add_argument('--plugin')
    ap.add_argument('--workdir', required=True)
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)

    dma_eal, names = env.dma_args(a.dma, a.plugin, 1)
    eal = env.small_eal('dma-copy')
    if a.dma == 'dsa-model':
        run_with_faults(a.app, eal, a.plugin, names[0], a.workdir)
    eal += dma_eal

    count, size = 20000, 1500
    rc, out = run_copy(a.app, eal, ['--dma', names[0], '--count', str(count),
                                    '--size', str(size)],
                       os.path.join(a.workdir, 'copy.log'))
    print(out)
    if rc != 0:
        env.fail('dsa-dma-copy exited with %d' % rc)
    check_summary(out, count, 0)

    # Bad input is refused with a message, not a crash.
    for extra, message in ((['--dma', 'no_such_dmadev'], 'no dmadev named no_such_dmadev'),
                           (['--count', '0'], "bad --count '0'"),
                           (['--size', 'x'], "bad --size 'x'")):
        rc, out = run_copy(a.app, eal, extra, os.path.join(a.workdir, 'bad.log'))
        if rc != 1 or message not in out:
            env.fail('%s: expected exit 1 and "%s", got %d:\n%s' % (extra, message, rc, out))
    print('PASS: %d copies of %d bytes through %s, checked byte by byte' % (count, size, names[0]))


if __name__ == '__main__':
    main()
