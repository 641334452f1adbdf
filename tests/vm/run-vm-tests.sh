#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The vm suite: boot the project's guest kernel under QEMU/TCG with an
# emulated IOMMU and two edu devices, run libioasid's guest test for the
# iommufd and type1 backends, and report every case. With --dsa-guest and
# --plugin, each boot first probes the driver's PCI backend on an edu device
# (dsa_pci_vm_guest.c) through the same backend.
#   run-vm-tests.sh --cache DIR --guest BINARY [--dsa-guest BINARY --plugin SO]
#                   [--mode NAME]...
# Modes: intel-iommu, intel-iommu-sm (scalable mode), virtio-iommu.
# Fails (never skips) when QEMU, the kernel or the initramfs cannot be made.

set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
cache=/var/cache/dsa-pmd/vm
guest=
dsa_guest=
plugin=
modes=()
while [ $# -gt 0 ]; do
	case "$1" in
	--cache) cache=$2; shift 2 ;;
	--guest) guest=$2; shift 2 ;;
	--dsa-guest) dsa_guest=$2; shift 2 ;;
	--plugin) plugin=$2; shift 2 ;;
	--mode) modes+=("$2"); shift 2 ;;
	*) echo "usage: $0 --cache DIR --guest BINARY [--dsa-guest BINARY --plugin SO]" \
		"[--mode NAME]..." >&2; exit 2 ;;
	esac
done
[ ${#modes[@]} -gt 0 ] || modes=(intel-iommu intel-iommu-sm virtio-iommu)

die() { echo "vm: FAIL: $*" >&2; exit 1; }

[ -x "$guest" ] || die "guest test program '$guest' missing"
if [ -n "$dsa_guest$plugin" ]; then
	[ -x "$dsa_guest" ] || die "driver guest program '$dsa_guest' missing"
	[ -f "$plugin" ] || die "driver plugin '$plugin' missing"
fi
qemu=$(command -v qemu-system-x86_64) ||
	die "qemu-system-x86_64 not found: run devtools/bootstrap.sh test"
busybox=$(command -v busybox) || die "busybox not found: install busybox-static"
{ ldd "$busybox" 2>&1 || true; } | grep -q 'not a dynamic' ||
	die "$busybox is not static: install busybox-static"
command -v cpio >/dev/null || die "cpio not found"

start=$(date +%s)
kernel=$("$here/build-kernel.sh" "$cache") || die "cannot build the guest kernel"
echo "vm: kernel $kernel (ready after $(( $(date +%s) - start )) s)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/bin"
cp "$busybox" "$work/root/bin/busybox"
cp "$guest" "$work/root/ioasid_vm_guest"
cp "$here/guest-init.sh" "$work/root/init"
chmod 0755 "$work/root/init" "$work/root/ioasid_vm_guest"
# The driver's guest program and the plugin, with every shared library
# either needs (and the dynamic loader) at its own path.
copy_with_libs() {
	local lib
	for lib in $(ldd "$1" | grep -o '/[^ ]*'); do
		cp -L --parents "$lib" "$work/root/" || return 1
	done
}
if [ -n "$dsa_guest" ]; then
	mkdir -p "$work/root/lib/dsa"
	cp "$dsa_guest" "$work/root/dsa_pci_vm_guest"
	cp "$plugin" "$work/root/lib/dsa/librte_dma_dsa.so"
	{ copy_with_libs "$dsa_guest" && copy_with_libs "$plugin"; } ||
		die "cannot copy the driver's shared libraries"
fi
(cd "$work/root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initrd.gz" ||
	die "cannot build the initramfs"

mode_args() {
	case "$1" in
	intel-iommu)
		qemu_dev="-device intel-iommu,intremap=on,caching-mode=on"
		kargs="intel_iommu=on iommu=nopt" ;;
	intel-iommu-sm)
		qemu_dev="-device intel-iommu,intremap=on,caching-mode=on,x-scalable-mode=on"
		kargs="intel_iommu=on,sm_on iommu=nopt" ;;
	virtio-iommu)
		# No interrupt remapping behind virtio-iommu: VFIO must be told.
		qemu_dev="-device virtio-iommu-pci"
		kargs="iommufd.allow_unsafe_interrupts=1 vfio_iommu_type1.allow_unsafe_interrupts=1" ;;
	*) die "unknown mode $1" ;;
	esac
}

# One boot per mode and backend; each must print DONE and reach the end.
total_pass=0
total_fail=0
status=0
for mode in "${modes[@]}"; do
	mode_args "$mode"
	for backend in iommufd type1; do
		run="$mode/$backend"
		log=$work/$mode-$backend.log
		t0=$(date +%s)
		# One vCPU: with two, multi-threaded TCG sometimes loses a race with
		# the kernel's int3-based code patching and the guest panics early
		# (seen as "Oops: int3" in sched_clock_cpu); the tests need no SMP.
		# shellcheck disable=SC2086
		timeout 900 "$qemu" -accel tcg -cpu max -machine q35,kernel-irqchip=split \
			-m 1G -smp 1 -nographic -no-reboot -nic none $qemu_dev \
			-device edu -device edu \
			-kernel "$kernel" -initrd "$work/initrd.gz" \
			-append "console=ttyS0 panic=-1 loglevel=4 $kargs ioasid_backend=$backend" \
			</dev/null >"$log" 2>&1 || true
		tr -d '\r' <"$log" >"$log.txt"
		secs=$(( $(date +%s) - t0 ))
		pass=$(grep -c '^CASE .* PASS' "$log.txt" || true)
		fail=$(grep -c '^CASE .* FAIL' "$log.txt" || true)
		sed -n 's/^CASE \([^ ]*\) \(PASS\|FAIL\) \(.*\)$/\2 '"$mode"'\/\1: \3/p' "$log.txt"
		if ! grep -q "^DONE $backend " "$log.txt" || ! grep -q '^VMTEST-END' "$log.txt" ||
			{ [ -n "$dsa_guest" ] && ! grep -q "^DONE dsa_pci $backend " "$log.txt"; }; then
			echo "FAIL $run: the guest test did not finish; last lines:"
			tail -n 30 "$log.txt" | sed 's/^/    /'
			fail=$((fail + 1))
		fi
		echo "vm: $run: $pass passed, $fail failed (${secs} s)"
		if [ "$fail" -gt 0 ] && [ -n "${DSA_PMD_VM_LOG_DIR:-}" ]; then
			cp "$log.txt" "$DSA_PMD_VM_LOG_DIR/$mode-$backend.log"
		fi
		total_pass=$((total_pass + pass))
		total_fail=$((total_fail + fail))
		[ "$fail" -eq 0 ] || status=1
	done
done
echo "vm: total $total_pass passed, $total_fail failed in $(( $(date +%s) - start )) s"
exit $status
