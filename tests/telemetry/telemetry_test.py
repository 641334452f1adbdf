#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The driver's rte_telemetry endpoints, read with Debian's dpdk-telemetry.py.

usage: telemetry_test.py counters APP
       telemetry_test.py plugin DPDK_TEST PLUGIN

counters: APP (test_dsa_telemetry) drives a model device through phases and
prints, after each, what it did and which statuses it got; the endpoints
must report exactly that, the WQ states and the halt and its recovery.
plugin: Debian's dpdk-test loads the driver with -d, as an application
would; the endpoints must be served. Both check that bad parameters get an
error reply and that the application lives on.
"""
import json
import os
import select
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'examples'))
from dpdk_env import fail, skip, spawn, wait_exit, wait_for  # noqa: E402

TELEMETRY = '/usr/bin/dpdk-telemetry.py'
WAIT_S = 60  # for a phase of the application; the machine may be loaded
ERROR_KINDS = ['user_abort', 'not_attempted', 'invalid_src_addr', 'invalid_dst_addr',
               'invalid_addr', 'invalid_length', 'invalid_opcode', 'bus_read_error',
               'bus_write_error', 'bus_error', 'data_poison', 'descriptor_read_error',
               'dev_link_error', 'page_fault', 'unknown']
failures = []


def expect(cond, msg):
    if not cond:
        print('FAIL: ' + msg, flush=True)
        failures.append(msg)
    return cond


def runtime_dir(prefix):
    """Where EAL puts the telemetry socket of `prefix` (dpdk-telemetry.py's rule)."""
    base = os.environ.get('RUNTIME_DIRECTORY')
    if not base:
        base = '/var/run' if os.getuid() == 0 else os.environ.get('XDG_RUNTIME_DIR', '/tmp')
    return os.path.join(base, 'dpdk', prefix)


def query(prefix, *cmds):
    """Send `cmds` in one dpdk-telemetry.py session; the reply to each, by command."""
    out = subprocess.run([TELEMETRY, '-f', prefix], input='\n'.join(cmds) + '\n',
                         capture_output=True, text=True, timeout=60)
    replies = [json.loads(l) for l in out.stdout.splitlines() if l.startswith('{')]
    if out.returncode != 0 or len(replies) != len(cmds):
        fail('dpdk-telemetry.py (%d) answered %d of %d commands %s:\n%s%s'
             % (out.returncode, len(replies), len(cmds), cmds, out.stdout, out.stderr))
    for cmd, reply in zip(cmds, replies):
        print('%s -> %s' % (cmd, json.dumps(reply)), flush=True)
    return [reply[cmd.split(',')[0]] for cmd, reply in zip(cmds, replies)]


def check_fields(what, got, want):
    for key, value in want.items():
        expect(got.get(key) == value, '%s: %s is %r, expected %r' % (what, key, got.get(key), value))


def check_refusals(prefix, skeleton):
    """Bad parameters: each reply is only an error that says why, and the
    session and the application go on (a good command follows them)."""
    cases = [('/dsa/wq_stats,x', "'x' is not a dmadev id"),
             ('/dsa/wq_stats,1x', "'1x' is not a dmadev id"),
             ('/dsa/wq_stats,-1', "'-1' is not a dmadev id"),
             ('/dsa/wq_stats,99999999999999999999', 'is not a dmadev id'),
             ('/dsa/wq_stats,999', 'no dmadev 999'),
             ('/dsa/wq_stats', 'give a dmadev id'),
             ('/dsa/info', 'give a DSA device name or dmadev id'),
             ('/dsa/info,no_such_device', "no DSA device named 'no_such_device'"),
             ('/dsa/info,x1', "no DSA device named 'x1'"),
             ('/dsa/info,999', 'no dmadev 999')]
    if skeleton is not None:
        cases += [('/dsa/wq_stats,%d' % skeleton,
                   'dmadev %d (dma_skeleton) is not a DSA dmadev' % skeleton),
                  ('/dsa/info,%d' % skeleton,
                   'dmadev %d (dma_skeleton) is not a DSA dmadev' % skeleton)]
    replies = query(prefix, *[c for c, _ in cases], '/dsa/list')
    for (cmd, why), reply in zip(cases, replies):
        expect(isinstance(reply, dict) and list(reply) == ['error'] and why in reply['error'],
               '%s: reply %r, expected an error saying "%s"' % (cmd, reply, why))
    expect(isinstance(replies[-1], dict) and replies[-1] != {},
           '/dsa/list after the refusals: %r' % replies[-1])


class App:
    """The phased application: its output, read line by line without blocking."""

    def __init__(self, cmd):
        print('+ ' + ' '.join(cmd), flush=True)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.buf = b''

    def next_phase(self):
        """Wait for the next "@@ phase {...}" line; (phase, values)."""
        deadline = time.monotonic() + WAIT_S
        while True:
            while b'\n' in self.buf:
                line, self.buf = self.buf.split(b'\n', 1)
                text = line.decode(errors='replace')
                print(text, flush=True)
                if text.startswith('@@ '):
                    phase, values = text[3:].split(' ', 1)
                    return phase, json.loads(values)
            left = deadline - time.monotonic()
            if left <= 0:
                fail('no phase from the application within %ds' % WAIT_S)
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    fail('the application exited (%s) before its next phase'
                         % self.proc.wait())
                self.buf += chunk

    def go_on(self):
        self.proc.stdin.write(b'next\n')
        self.proc.stdin.flush()

    def finish(self):
        """Let the application end, and print the rest of its output."""
        self.proc.stdin.close()
        print(self.proc.stdout.read().decode(errors='replace'), flush=True)
        expect(self.proc.wait(timeout=WAIT_S) == 0,
               'the application exited with %s' % self.proc.returncode)


def wq_stats_want(seen):
    """Counters of dmadev 0 that the application's own count gives: every error
    kind it did not name is 0."""
    want = {'errors_' + kind: 0 for kind in ERROR_KINDS}
    want.update(seen)
    return want


def run_counters(app_path):
    prefix = 'dsa_telemetry_%d' % os.getpid()
    app = App([app_path, prefix])
    model = 'dma_dsa_model_tel'
    try:
        phase, seen = app.next_phase()
        expect(phase == 'ready', 'first phase %s' % phase)
        d0, d1 = seen.pop('dmadevs')
        skeleton = seen.pop('skeleton')
        lst, info, info_by_id, st0 = query(prefix, '/dsa/list', '/dsa/info,' + model,
                                           '/dsa/info,%d' % d1, '/dsa/wq_stats,%d' % d0)
        expect(lst == {model: [d0, d1]}, '/dsa/list: %r' % lst)
        expect(info == info_by_id, '/dsa/info by name and by dmadev id differ')
        check_fields('/dsa/info', info, {
            'name': model, 'backend': 'dma_dsa_model', 'address_mode': 'sva', 'halted': 0,
            'version': '0x100', 'wqs': 2, 'wq_mode': ['dedicated', 'dedicated'],
            'wq_size': [8, 8], 'wq_state': ['enabled', 'enabled'], 'dmadevs': [d0, d1]})
        resets = info.get('resets')
        check_fields('/dsa/wq_stats (ready)', st0, dict(wq_stats_want(seen), **{
            'name': model + '-wq0', 'device': model, 'wq': 0, 'wq_state': 'enabled',
            'dmadev_state': 'started', 'ring_size': 64, 'units_sent': 0, 'units_held': 0,
            'halts': 0, 'recoveries': 0}))
        check_refusals(prefix, skeleton)
        app.go_on()

        phase, seen = app.next_phase()
        st0, st1 = query(prefix, '/dsa/wq_stats,%d' % d0, '/dsa/wq_stats,%d' % d1)
        check_fields('traffic: dmadev 0', st0, dict(wq_stats_want(seen), **{
            'submitted': 16, 'completed': 16, 'errors': 3, 'errors_page_fault': 1,
            'errors_invalid_opcode': 1, 'errors_invalid_length': 1, 'units_sent': 0}))
        check_fields('traffic: dmadev 1', st1, wq_stats_want(
            {'submitted': 0, 'completed': 0, 'errors': 0}))
        app.go_on()

        phase, seen = app.next_phase()
        st0, = query(prefix, '/dsa/wq_stats,%d' % d0)
        check_fields('held', st0, wq_stats_want(seen))
        app.go_on()

        phase, seen = app.next_phase()
        info, st0, st1 = query(prefix, '/dsa/info,' + model, '/dsa/wq_stats,%d' % d0,
                               '/dsa/wq_stats,%d' % d1)
        expect(info.get('halted') == 1, 'halted: device not halted')
        check_fields('halted: dmadev 0', st0, dict(wq_stats_want(seen), **{
            'halted': 1, 'halts': 1, 'recoveries': 0, 'recovery_failures': 0}))
        # dmadev 1 did not look at the device while it was halted
        check_fields('halted: dmadev 1', st1, {'halted': 1, 'halts': 0, 'units_lost': 0})
        app.go_on()

        phase, seen = app.next_phase()
        info, st0, st1 = query(prefix, '/dsa/info,' + model, '/dsa/wq_stats,%d' % d0,
                               '/dsa/wq_stats,%d' % d1)
        check_fields('recovered: device', info, {
            'halted': 0, 'resets': resets + 1 if resets is not None else None,
            'wq_state': ['enabled', 'enabled']})
        check_fields('recovered: dmadev 0', st0, dict(wq_stats_want(seen), **{
            'halted': 0, 'halts': 1, 'recoveries': 1, 'recovery_failures': 0,
            'dmadev_state': 'started', 'wq_state': 'enabled'}))
        check_fields('recovered: dmadev 1', st1, {'halts': 0, 'recoveries': 0})
        app.go_on()

        phase, seen = app.next_phase()
        info, st1 = query(prefix, '/dsa/info,' + model, '/dsa/wq_stats,%d' % d1)
        check_fields('stopped: device', info, {'wq_state': ['enabled', 'disabled']})
        check_fields('stopped: dmadev 1', st1, {'dmadev_state': 'stopped',
                                                'wq_state': 'disabled'})
        expect(phase == 'stopped', 'last phase %s' % phase)
        app.go_on()
        app.finish()
    finally:
        if app.proc.poll() is None:
            app.proc.kill()
        shutil.rmtree(runtime_dir(prefix), ignore_errors=True)


def run_plugin(dpdk_test, plugin):
    prefix = 'dsa_telemetry_plugin_%d' % os.getpid()
    sock = os.path.join(runtime_dir(prefix), 'dpdk_telemetry.v2')
    cmd = [dpdk_test, '-l', '0', '--no-huge', '-m', '256', '--iova-mode=va', '--no-pci',
           '--file-prefix', prefix, '-d', os.path.abspath(plugin),
           '--vdev', 'dma_dsa_model0,wqs=2,wq_mode=dedicated:shared']
    p = spawn(cmd, 'dpdk_test_telemetry.log', stdin=subprocess.PIPE)
    try:
        wait_for('telemetry socket', lambda: os.path.exists(sock), WAIT_S, [p])
        lst, info, st1, help_ = query(prefix, '/dsa/list', '/dsa/info,dma_dsa_model0',
                                      '/dsa/wq_stats,1', '/help,/dsa/wq_stats')
        expect(lst == {'dma_dsa_model0': [0, 1]}, '/dsa/list: %r' % lst)
        check_fields('/dsa/info', info, {
            'backend': 'dma_dsa_model', 'wq_mode': ['dedicated', 'shared'],
            'wq_state': ['enabled', 'enabled'], 'dmadevs': [0, 1]})
        check_fields('/dsa/wq_stats,1', st1, {
            'name': 'dma_dsa_model0-wq1', 'wq_mode': 'shared', 'dmadev_state': 'unconfigured',
            'submitted': 0})
        expect('dmadev id' in str(help_), '/help,/dsa/wq_stats: %r' % help_)
        check_refusals(prefix, None)
        expect(p.poll() is None, 'dpdk-test died')
        p.stdin.write(b'quit\n')
        p.stdin.close()
        expect(wait_exit(p, WAIT_S) == 0, 'dpdk-test exited with %s' % p.returncode)
    finally:
        shutil.rmtree(runtime_dir(prefix), ignore_errors=True)


def main():
    if not os.access(TELEMETRY, os.X_OK):
        skip(TELEMETRY + ' is missing (Debian package dpdk-dev)')
    if len(sys.argv) == 3 and sys.argv[1] == 'counters':
        run_counters(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == 'plugin':
        run_plugin(sys.argv[2], sys.argv[3])
    else:
        print(__doc__)
        return 2
    print('%d failure(s)' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
