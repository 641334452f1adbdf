#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Run DPDK's own dmadev_autotest (Debian's dpdk-test) on DSA dmadevs.

usage: run_dmadev_autotest.py DPDK_TEST PLUGIN VDEV [VDEV...]

dpdk-test loads the plugin with -d and creates the model vdevs; its
dmadev_autotest then runs the copy, burst-capacity, error-handling and fill
tests on every dmadev. This script fails unless the whole test passed and
every DSA dmadev ran all four parts: a skipped part is a failure, because
the driver reports HANDLES_ERRORS and OPS_FILL and runs in IOVA-as-VA mode.
"""
import os
import re
import subprocess
import sys

PARTS = ["copy", "burst capacity", "error handling", "fill"]
TIMEOUT_S = 1500


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    dpdk_test, plugin, vdevs = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3:]
    cmd = [dpdk_test, "-l", "0-1", "--no-huge", "-m", "512", "--iova-mode=va",
           "--no-pci", "--file-prefix", "dsa_conformance_%d" % os.getpid(),
           "-d", plugin, "--log-level=lib.eal:notice"]
    for v in vdevs:
        cmd += ["--vdev", v]
    env = dict(os.environ, DPDK_TEST="dmadev_autotest")
    print("running:", "DPDK_TEST=dmadev_autotest", " ".join(cmd), flush=True)
    try:
        proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as e:
        print((e.stdout or b"").decode(errors="replace"))
        print("FAIL: dpdk-test did not finish within %d s" % TIMEOUT_S)
        return 1
    out = proc.stdout.decode(errors="replace")
    # per-iteration progress lines (ending in \r) are left out of the log
    print("\n".join(l for l in out.replace("\r", "\n").splitlines()
                    if not l.startswith("Ops submitted")))

    failures = []
    instances = re.findall(r"### Test dmadev instance (\d+) \[([^\]]+)\]", out)
    dsa = {dev_id: name for dev_id, name in instances if name.startswith("dma_dsa")}
    expected = len(vdevs)
    if len(dsa) < expected:
        failures.append("only %d DSA dmadevs were tested (%s), expected at least %d"
                        % (len(dsa), ", ".join(dsa.values()) or "none", expected))
    for dev_id, name in dsa.items():
        for part in PARTS:
            if not re.search(r"DMA Dev %s: Running %s Tests" % (dev_id, part), out):
                failures.append("%s: %s tests did not run" % (name, part))
        skipped = re.findall(r"DMA Dev %s: [^\n]*skipping[^\n]*" % dev_id, out)
        failures += ["%s: %s" % (name, s) for s in skipped]
    if proc.returncode != 0:
        failures.append("dpdk-test exited with status %d" % proc.returncode)
    if "Test OK" not in out:
        failures.append("dmadev_autotest did not report \"Test OK\"")
    for marker in ("Test Failed", "Test Skipped"):
        if marker in out:
            failures.append("dmadev_autotest reported \"%s\"" % marker)
    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print("PASS: dmadev_autotest passed on %d DSA dmadevs: %s"
          % (len(dsa), ", ".join(sorted(dsa.values()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
