#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""examples/vhost_dma end to end, with Debian's dpdk-testpmd as the guest.

testpmd gets one net_pcap port per direction of traffic and one virtio-user port per
backend socket, and forwards in io mode (with retry) between each pcap port and its
virtio-user peer. Packets read from generated pcap files (random sizes and payloads,
each with a stream id and a sequence number) go out through virtio-user, through the
backend (a DMA copy out of the sender's memory, a DMA copy into the receiver's), come
back on a virtio-user port and are written to pcap files. The test then checks:
  - every output file holds exactly the packets of its input file, byte for byte and in
    order: nothing lost, duplicated, reordered or corrupted;
  - the backend counted every packet in each direction and dropped none;
  - every dmadev completed at least one copy per packet it served, without error;
  - testpmd saw no drops.
The 'faults' case runs on a model device that fails one copy in FAULT_EVERY with a page
fault (devarg fault_every), after part of the destination was written: the packets must
still all come back intact and in order, the dmadevs must report the errors, and the
backend's copy fallback must have redone exactly the copies that failed.
"""

import argparse
import os
import random
import re
import signal
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dpdk_env as env  # noqa: E402

PCAP_HDR = struct.Struct('<IHHiIII')
PCAP_REC = struct.Struct('<IIII')
ETHERTYPE = 0x88b5  # IEEE local experimental: nobody on the path interprets it
# A virtio ring big enough for every packet of a stream: testpmd's io forwarding never
# has to drop for want of descriptors, whatever the scheduling of the 2 cores.
QUEUE_SIZE = 4096
PACKETS = 3000
# The 'faults' case: one copy in FAULT_EVERY faults FAULT_OFFSET bytes into its
# destination (a copy shorter than that completes).
FAULT_EVERY = 97
FAULT_OFFSET = 32

# Each case: backend ports and queues, forwarding mode, and which dmadev (by index)
# copies each (direction, port, queue): txd into the guest, rxd out of it.
CASES = {
    'single': dict(ports=1, queues=1, fwd='loop', dmas=1,
                   map={('txd', 0, 0): 0, ('rxd', 0, 0): 0}),
    'multiqueue': dict(ports=1, queues=2, fwd='loop', dmas=2,
                       map={('txd', 0, 0): 0, ('rxd', 0, 0): 1,
                            ('txd', 0, 1): 1, ('rxd', 0, 1): 0}),
    'pair': dict(ports=2, queues=1, fwd='pair', dmas=2,
                 map={('txd', 0, 0): 0, ('rxd', 0, 0): 0,
                      ('txd', 1, 0): 1, ('rxd', 1, 0): 1}),
    'faults': dict(ports=1, queues=2, fwd='loop', dmas=2,
                   map={('txd', 0, 0): 0, ('rxd', 0, 0): 1,
                        ('txd', 0, 1): 1, ('rxd', 0, 1): 0},
                   model_devargs='fault_every=%d,fault_offset=%d' % (FAULT_EVERY,
                                                                     FAULT_OFFSET)),
}


def dmas_option(case, names):
    """--dmas in the backend's syntax: one entry per port and direction when all its
    queues share a dmadev (txd0@NAME), else one per queue (txd0.1@NAME)."""
    entries = []
    for d in ('txd', 'rxd'):
        for p in range(case['ports']):
            used = {case['map'][(d, p, q)] for q in range(case['queues'])}
            if len(used) == 1:
                entries.append('%s%d@%s' % (d, p, names[used.pop()]))
            else:
                entries += ['%s%d.%d@%s' % (d, p, q, names[case['map'][(d, p, q)]])
                            for q in range(case['queues'])]
    return '[%s]' % ','.join(entries)


def write_pcap(path, packets):
    with open(path, 'wb') as f:
        f.write(PCAP_HDR.pack(0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for p in packets:
            f.write(PCAP_REC.pack(0, 0, len(p), len(p)))
            f.write(p)


def read_pcap(path):
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < PCAP_HDR.size:
        env.fail('%s: not a pcap file' % path)
    magic = struct.unpack_from('<I', data)[0]
    endian = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    rec = struct.Struct(endian + 'IIII')
    off, packets = PCAP_HDR.size, []
    while off + rec.size <= len(data):
        _, _, caplen, wirelen = rec.unpack_from(data, off)
        off += rec.size
        if caplen != wirelen:
            env.fail('%s: truncated packet record' % path)
        packets.append(data[off:off + caplen])
        off += caplen
    return packets


def make_packets(stream, count, rng):
    packets = []
    for seq in range(count):
        size = rng.randint(60, 1514)
        head = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]) + struct.pack('>HII', ETHERTYPE,
                                                                         stream, seq)
        packets.append(head + rng.randbytes(size - len(head)))
    return packets


def describe(p):
    stream, seq = struct.unpack_from('>II', p, 14)
    return 'stream %d seq %d (%d bytes)' % (stream, seq, len(p))


def compare(name, sent, got):
    """Exactly the sent packets, in order; say precisely what differs."""
    sent_keys = {p[14:22]: i for i, p in enumerate(sent)}
    seen = set()
    for i, p in enumerate(got):
        key = p[14:22]
        if key in seen:
            env.fail('%s: duplicated %s' % (name, describe(p)))
        seen.add(key)
        j = sent_keys.get(key)
        if j is None:
            env.fail('%s: packet %d is none of the sent ones (%d bytes)' % (name, i, len(p)))
        if sent[j] != p:
            env.fail('%s: %s corrupted (%d bytes differ)' % (
                name, describe(sent[j]),
                sum(a != b for a, b in zip(sent[j], p)) + abs(len(p) - len(sent[j]))))
        if j != i:
            env.fail('%s: %s arrived at position %d' % (name, describe(p), i))
    if len(got) != len(sent):
        missing = [describe(p) for p in sent if p[14:22] not in seen]
        env.fail('%s: %d of %d packets lost, first: %s' % (name, len(missing), len(sent),
                                                          missing[0]))


class Topology:
    """testpmd ports and the traffic they carry. Port order is --vdev order; testpmd's
    default paired topology forwards 0<->1, 2<->3. For each backend port b there is a
    pcap port whose input the guest sends into b, and the pcap port that receives what
    comes back out of the backend (b itself in loop mode, its pair peer in pair mode)."""

    def __init__(self, case, workdir, socks):
        self.vdevs, self.flows = [], []
        q = case['queues']
        for b, sock in enumerate(socks):
            pcap = len(self.vdevs) + (0 if b % 2 == 0 else 1)
            files = []
            for i in range(q):
                files.append((os.path.join(workdir, 'in-%d-%d.pcap' % (b, i)),
                              os.path.join(workdir, 'out-%d-%d.pcap' % (b, i))))
            pcap_vdev = 'net_pcap%d,' % pcap + ','.join(
                'rx_pcap=%s,tx_pcap=%s' % f for f in files)
            virtio_vdev = 'net_virtio_user%d,path=%s,queues=%d,queue_size=%d' % (
                pcap ^ 1, sock, q, QUEUE_SIZE)
            # pcap before virtio-user for even ports, after it for odd ones, so that
            # testpmd pairs each pcap port with the virtio-user port of its backend port.
            self.vdevs += [pcap_vdev, virtio_vdev] if b % 2 == 0 else [virtio_vdev, pcap_vdev]
            self.flows.append(files)

    def expected(self, fwd):
        """(input file, output file, sending port, receiving port) per stream."""
        out = []
        for b, files in enumerate(self.flows):
            dst = b ^ 1 if fwd == 'pair' else b
            for i, (inp, _) in enumerate(files):
                out.append((inp, self.flows[dst][i][1], b, dst, i))
        return out


def parse_backend_stats(text):
    final = text.split('final statistics', 1)
    if len(final) != 2:
        env.fail('backend printed no final statistics')
    ports = {int(m[0]): tuple(map(int, m[1:])) for m in re.findall(
        r'^port (\d+): from-guest (\d+) to-guest (\d+) fwd-dropped (\d+) drained (\d+)',
        final[1], re.M)}
    dmas = {m[0]: tuple(map(int, m[1:])) for m in re.findall(
        r'^dmadev (\S+): submitted (\d+) completed (\d+) errors (\d+) fallback_copies (\d+)'
        r' dma_errors (\d+) not_attempted (\d+)', final[1], re.M)}
    return ports, dmas


def check_dmas(case, names, topo, dmas, be_log):
    """Each dmadev completed a copy per packet it served, each copy the device did not
    do was redone by the fallback, and errors happened only where injected."""
    faults = 'model_devargs' in case
    copies = errors = 0
    for i, name in enumerate(names):
        served = 0
        for _, _, src, dst, q in topo.expected(case['fwd']):
            served += PACKETS * ((case['map'][('rxd', src, q)] == i) +
                                 (case['map'][('txd', dst, q)] == i))
        st = dmas.get(name)
        if st is None or st[0] != st[1] or st[1] < served or served == 0:
            env.fail('dmadev %s: submitted/completed %s, expected at least %d completed '
                     'copies' % (name, st and st[:2], served))
        _, completed, err, fallback, failed, not_attempted = st
        if fallback != err or failed + not_attempted != fallback:
            env.fail('dmadev %s: %d errors but %d fallback copies (%d failed + %d not '
                     'attempted)' % (name, err, fallback, failed, not_attempted))
        if err != 0 and not faults:
            env.fail('dmadev %s: %d errors without injected faults' % (name, err))
        copies += completed
        errors += err
    if faults and not 0 < errors <= copies // FAULT_EVERY:
        env.fail('%d copies failed, expected 1 to %d (one in %d of %d)'
                 % (errors, copies // FAULT_EVERY, FAULT_EVERY, copies))
    if 'DMA completion failure' in be_log:
        env.fail('the vhost library saw a failed copy: the fallback did not hide it')
    return errors


def testpmd_tx_total(text, ports):
    """Sum of the latest TX-packets of the given testpmd ports."""
    total = 0
    for port in ports:
        blocks = re.findall(r'NIC statistics for port %d\s+#+\s+RX-packets:\s+\d+.*?'
                            r'TX-packets:\s+(\d+)' % port, text, re.S)
        total += int(blocks[-1]) if blocks else 0
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--backend', required=True)
    ap.add_argument('--testpmd', default='dpdk-testpmd')
    ap.add_argument('--case', required=True, choices=sorted(CASES))
    ap.add_argument('--dma', default='skeleton', choices=['skeleton', 'dsa-model'])
    ap.add_argument('--plugin')
    ap.add_argument('--workdir', required=True)
    a = ap.parse_args()
    case = CASES[a.case]
    os.makedirs(a.workdir, exist_ok=True)
    for f in os.listdir(a.workdir):
        os.unlink(os.path.join(a.workdir, f))

    # backend and testpmd, 256 MiB each, with room for other suites running meanwhile
    if not env.reserve_hugepages(512):
        env.skip('vhost-user needs 2 MiB hugepages shared with the guest; run as root '
                 'or reserve 512 free hugepages and mount hugetlbfs')

    socks = [os.path.join(a.workdir, 'vhost%d.sock' % i) for i in range(case['ports'])]
    topo = Topology(case, a.workdir, socks)
    rng = random.Random(a.case)
    sent = {}
    for stream, (inp, _, _, _, _) in enumerate(topo.expected(case['fwd'])):
        sent[inp] = make_packets(stream, PACKETS, rng)
        write_pcap(inp, sent[inp])

    if 'model_devargs' in case and a.dma != 'dsa-model':
        env.fail('case %s injects faults: it needs --dma dsa-model' % a.case)
    dma_eal, names = env.dma_args(a.dma, a.plugin, case['dmas'], case.get('model_devargs'))
    backend_cmd = [a.backend] + env.eal_args('vhost-dma', '0-1', 256) + dma_eal + [
        '--', '--fwd', case['fwd'], '--queues', str(case['queues']),
        '--dmas', dmas_option(case, names)]
    for s in socks:
        backend_cmd += ['--socket-file', s]
    backend = env.spawn(backend_cmd, os.path.join(a.workdir, 'backend.log'))
    env.wait_for('backend start', lambda: 'forwarding (' in env.read_log(backend), 60,
                 [backend])

    # The guest: its forwarding lcore 0 stays off the backend's worker lcore 1.
    testpmd_cmd = [a.testpmd] + env.eal_args('testpmd', '0-1', 256, shared=True) + [
        '--main-lcore', '1'] + sum((['--vdev', v] for v in topo.vdevs), []) + [
        '--', '-i', '--no-flush-rx', '--nb-cores=1', '--total-num-mbufs=32768',
        '--rxq=%d' % case['queues'], '--txq=%d' % case['queues']]
    testpmd = env.spawn(testpmd_cmd, os.path.join(a.workdir, 'testpmd.log'),
                        stdin=env.subprocess.PIPE)

    def command(line):
        testpmd.stdin.write((line + '\n').encode())
        testpmd.stdin.flush()

    env.wait_for('guest connection', lambda: env.read_log(backend).count(
        'guest connected') == len(socks), 60, [backend, testpmd])
    # io forwarding that waits (up to 100 ms a burst) for room on the virtio-user ring
    # rather than dropping: the guest may send faster than the backend forwards.
    command('set fwd io retry')
    command('set burst tx delay 10 retry 10000')
    command('start')

    total = PACKETS * len(sent)
    pcap_ports = [i for i, v in enumerate(topo.vdevs) if v.startswith('net_pcap')]

    def all_back():
        command('show port stats all')
        return testpmd_tx_total(env.read_log(testpmd), pcap_ports) >= total

    env.wait_for('%d packets back in the guest' % total, all_back, 180, [backend, testpmd])
    command('stop')
    command('quit')
    testpmd.stdin.close()
    if env.wait_exit(testpmd, 60) != 0:
        env.fail('testpmd exited with %d' % testpmd.returncode)
    tp_log = env.read_log(testpmd)
    drops = re.findall(r'(RX|TX)-dropped:\s+([1-9]\d*)', tp_log)
    if drops:
        env.fail('testpmd dropped packets: %s' % drops)

    env.wait_for('backend to see the guest go', lambda: env.read_log(backend).count(
        'guest disconnected') == len(socks), 60, [backend])
    backend.send_signal(signal.SIGINT)
    if env.wait_exit(backend, 60) != 0:
        env.fail('backend exited with %d:\n%s' % (backend.returncode,
                                                   env.read_log(backend)[-4000:]))
    be_log = env.read_log(backend)
    print(be_log[be_log.find('final statistics'):], flush=True)

    # The packets themselves.
    from_guest = [0] * len(socks)
    to_guest = [0] * len(socks)
    for inp, out, src, dst, _ in topo.expected(case['fwd']):
        compare(os.path.basename(out), sent[inp], read_pcap(out))
        from_guest[src] += PACKETS
        to_guest[dst] += PACKETS

    # The backend's and the dmadevs' own accounts.
    ports, dmas = parse_backend_stats(be_log)
    for b in range(len(socks)):
        want = (from_guest[b], to_guest[b], 0, 0)
        if ports.get(b) != want:
            env.fail('backend port %d: from-guest/to-guest/fwd-dropped/drained are %s, '
                     'expected %s' % (b, ports.get(b), want))
    errors = check_dmas(case, names, topo, dmas, be_log)
    print('PASS: %s: %d packets through %d port(s) x %d queue(s), all back intact; '
          'dmadevs %s; %d failed copies redone by the CPU'
          % (a.case, total, len(socks), case['queues'],
             ', '.join('%s %d copies' % (n, dmas[n][1]) for n in names), errors))


if __name__ == '__main__':
    main()
