#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""examples/dma_crc_copy end to end on the DSA software model: records copied with
DSA's copy with CRC-32C are accepted when the device's CRC equals the one the CPU
recorded, and exactly the records damaged on purpose are refused; with page faults
injected (devarg fault_every) the failed jobs are redone by the CPU and the verdicts
stay right. A dmadev of another driver, and bad input, are refused with a message.
The program links the driver: the model's device is a --vdev, without -d."""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dpdk_env as env  # noqa: E402

COUNT, SIZE = 20000, 1500


def run(app, eal, extra, log):
    p = env.spawn([app] + eal + ['--'] + extra, log)
    rc = env.wait_exit(p, 120)
    return rc, env.read_log(p)


def model(devargs=''):
    # The model takes process addresses: IOVA must be VA.
    return ['--iova-mode=va', '--vdev', 'dma_dsa_model0' + devargs]


def check_run(out, rc, damaged, failed, what):
    print(out)
    if rc != 0 or 'result: PASS' not in out:
        env.fail('%s: exit %d, no PASS' % (what, rc))
    summary = env.last_match(
        r'records: (\d+) of (\d+) bytes, damaged (\d+), copied by the device (\d+), '
        r'failed (\d+) \(redone by the CPU\), CRC accepted (\d+), refused (\d+), '
        r'wrong verdicts (\d+), bad copies (\d+)', out)
    want = tuple(str(v) for v in (COUNT, SIZE, damaged, COUNT - failed, failed,
                                  COUNT - damaged, damaged, 0, 0))
    if summary != want:
        env.fail('%s: summary %s, expected %s' % (what, summary, want))
    if out.count(' refused: CRC-32C ') != min(damaged, 10):
        env.fail('%s: the refused records are not named' % what)
    print('PASS: %s' % what)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--app', required=True)
    ap.add_argument('--workdir', required=True)
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    eal = env.small_eal('dma-crc-copy')
    log = os.path.join(a.workdir, '%s.log')

    corrupt = 97
    rc, out = run(a.app, eal + model(), ['--dma', 'dma_dsa_model0-wq0', '--count', str(COUNT),
                                         '--size', str(SIZE), '--corrupt', str(corrupt)],
                  log % 'corrupt')
    check_run(out, rc, COUNT // corrupt, 0, 'every %dth record damaged and refused' % corrupt)

    rc, out = run(a.app, eal + model(), ['--count', str(COUNT), '--size', str(SIZE)],
                  log % 'clean')
    check_run(out, rc, 0, 0, 'intact records, all accepted (first DSA dmadev found)')

    every = 1000
    rc, out = run(a.app, eal + model(',fault_every=%d,fault_offset=64' % every),
                  ['--count', str(COUNT), '--size', str(SIZE), '--corrupt', '3000'],
                  log % 'faults')
    check_run(out, rc, COUNT // 3000, COUNT // every, 'page faults redone by the CPU')

    refusals = (
        (['--vdev', 'dma_skeleton0'], ['--dma', 'dma_skeleton0'],
         'dmadev dma_skeleton0 is not a DSA device'),
        (['--vdev', 'dma_skeleton0'], [], 'no dmadev of the DSA driver found'),
        (model(), ['--size', '0'], "bad --size '0'"),
        (model(), ['--corrupt', 'x'], "bad --corrupt 'x'"),
        (model(), ['--dma', 'no_such_dmadev'], 'no dmadev named no_such_dmadev'),
    )
    for dev, extra, message in refusals:
        rc, out = run(a.app, eal + dev, extra, log % 'bad')
        if rc != 1 or message not in out:
            env.fail('%s: expected exit 1 and "%s", got %d:\n%s' % (extra, message, rc, out))
    print('PASS: other dmadevs and bad input refused')


if __name__ == '__main__':
    main()
