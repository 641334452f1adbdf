# SPDX-License-Identifier: BSD-3-Clause
"""What the example tests share: hugepages, DPDK process options, bounded waits and
clean-up of every process they start."""

import atexit
import os
import re
import signal
import subprocess
import sys
import time

SKIP = 77  # meson's exit code for a skipped test
HUGEPAGES = '/sys/kernel/mm/hugepages/hugepages-2048kB'
HUGE_DIR = '/dev/hugepages'

_procs = []


def fail(msg):
    print('FAIL: ' + msg, flush=True)
    sys.exit(1)


def skip(msg):
    print('SKIP: ' + msg, flush=True)
    sys.exit(SKIP)


def _read_int(path):
    with open(path) as f:
        return int(f.read())


def _hugetlbfs_mounted():
    with open('/proc/mounts') as f:
        return any(line.split()[2] == 'hugetlbfs' for line in f)


def reserve_hugepages(pages):
    """Make sure `pages` free 2 MiB hugepages exist; as root, reserve and mount them.
    Returns False when that is impossible (not root, or the kernel refuses)."""
    try:
        free = _read_int(HUGEPAGES + '/free_hugepages')
        total = _read_int(HUGEPAGES + '/nr_hugepages')
    except OSError:
        return False
    if os.geteuid() != 0:
        return free >= pages and _hugetlbfs_mounted()
    if not _hugetlbfs_mounted():
        os.makedirs(HUGE_DIR, exist_ok=True)
        if subprocess.run(['mount', '-t', 'hugetlbfs', 'nodev', HUGE_DIR]).returncode:
            return False
    if free < pages:
        # Other suites may hold pages: grow the pool by what is missing only.
        with open(HUGEPAGES + '/nr_hugepages', 'w') as f:
            f.write(str(total + pages - free))
        free = _read_int(HUGEPAGES + '/free_hugepages')
    return free >= pages


def eal_args(name, lcores, memory_mb, shared=False):
    """EAL options for a test process: its own file prefix, hugepage memory that
    disappears with it, and, for a vhost-user guest, memory the backend can map."""
    args = ['-l', lcores, '--file-prefix', '%s-%d' % (name, os.getpid()),
            '--in-memory', '-m', str(memory_mb), '--no-pci',
            '--log-level=lib.eal:notice']
    if shared:
        args.append('--single-file-segments')
    return args


def small_eal(name, memory_mb=128):
    """EAL options for a one-lcore example: hugepages when they can be had,
    else --no-huge (said on stdout)."""
    if reserve_hugepages(memory_mb):
        return eal_args(name, '0', memory_mb)
    print('no hugepages: running with --no-huge', flush=True)
    return ['-l', '0', '--no-huge', '-m', '256', '--no-pci', '--no-shconf',
            '--file-prefix', '%s-%d' % (name, os.getpid())]


def dma_args(kind, plugin, count, model_devargs=''):
    """EAL options that create `count` dmadevs, and their names: DPDK's dma_skeleton
    devices, or the work queues of one DSA device of the software model (the driver
    names each WQ's dmadev <device>-wq<N>), with `model_devargs` added to its own."""
    if kind == 'skeleton':
        names = ['dma_skeleton%d' % i for i in range(count)]
        return sum((['--vdev', n] for n in names), []), names
    if kind == 'dsa-model':
        if not plugin:
            fail('--dma dsa-model needs --plugin')
        names = ['dma_dsa_model0-wq%d' % i for i in range(count)]
        # The model takes process addresses: IOVA must be VA.
        vdev = 'dma_dsa_model0,wqs=%d' % count + (',' + model_devargs if model_devargs else '')
        return ['-d', plugin, '--iova-mode=va', '--vdev', vdev], names
    fail('unknown dmadev kind ' + kind)


def _kill_all():
    for p in _procs:
        if p.poll() is None:
            p.kill()
            p.wait()


atexit.register(_kill_all)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))


def spawn(cmd, log_path, stdin=None):
    print('+ ' + ' '.join(cmd), flush=True)
    log = open(log_path, 'w')
    p = subprocess.Popen(cmd, stdin=stdin, stdout=log, stderr=subprocess.STDOUT)
    p.log_path = log_path
    _procs.append(p)
    return p


def read_log(p):
    with open(p.log_path, errors='replace') as f:
        return f.read()


def wait_for(what, predicate, timeout, procs=()):
    """Poll `predicate` until it holds; fail after `timeout` seconds or when one of
    `procs` exits first."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return
        for p in procs:
            if p.poll() is not None:
                fail('%s: %s exited with %d while waiting; its log:\n%s'
                     % (what, p.args[0], p.returncode, read_log(p)[-4000:]))
        if time.monotonic() > deadline:
            fail('%s: not done after %ds' % (what, timeout))
        time.sleep(0.2)


def wait_exit(p, timeout):
    try:
        return p.wait(timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        fail('%s did not exit within %ds; its log:\n%s'
             % (p.args[0], timeout, read_log(p)[-4000:]))


def last_match(pattern, text):
    found = re.findall(pattern, text, re.M)
    return found[-1] if found else None
