#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""examples/dma_copy end to end: the program copies through a dmadev and checks every
byte; this test checks that it said so, that the device (not the CPU fallback) did the
copies according to the dmadev's own statistics, and that bad input is refused."""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dpdk_env as env  # noqa: E402


def run_copy(app, eal, extra, log, timeout=120):
    p = env.spawn([app] + eal + ['--'] + extra, log)
    rc = env.wait_exit(p, timeout)
    return rc, env.read_log(p)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--app', required=True)
    ap.add_argument('--dma', default='skeleton', choices=['skeleton', 'dsa-model'])
    ap.add_argument('--plugin')
    ap.add_argument('--workdir', required=True)
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)

    dma_eal, names = env.dma_args(a.dma, a.plugin, 1)
    if env.reserve_hugepages(128):
        eal = env.eal_args('dma-copy', '0', 128)
    else:
        print('no hugepages: running with --no-huge', flush=True)
        eal = ['-l', '0', '--no-huge', '-m', '256', '--no-pci', '--no-shconf',
               '--file-prefix', 'dma-copy-%d' % os.getpid()]
    eal += dma_eal

    count, size = 20000, 1500
    rc, out = run_copy(a.app, eal, ['--dma', names[0], '--count', str(count),
                                    '--size', str(size)],
                       os.path.join(a.workdir, 'copy.log'))
    print(out)
    if rc != 0 or 'result: PASS' not in out:
        env.fail('dsa-dma-copy exited with %d' % rc)
    summary = env.last_match(r'device ok (\d+), device failed (\d+).*bad after check (\d+)',
                             out)
    if summary != (str(count), '0', '0'):
        env.fail('expected %d copies done by the device, none failed: %s' % (count, summary))
    stats = env.last_match(r'dmadev stats: submitted (\d+) completed (\d+) errors (\d+)', out)
    if stats is None or int(stats[0]) != count or int(stats[1]) != count or stats[2] != '0':
        env.fail('dmadev statistics do not show %d completed copies: %s' % (count, stats))

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
