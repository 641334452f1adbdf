#!/bin/busybox sh
# SPDX-License-Identifier: BSD-3-Clause
# /init of the vm suite's initramfs: prepare devices and hugepages, hand the
# edu devices to vfio-pci, run the driver's and libioasid's guest tests for
# the backend named by ioasid_backend= on the kernel command line (one boot
# per backend keeps their kernel logs, and the log's rate limits, apart).
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /dev/hugepages
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/hugepages
mount -t hugetlbfs hugetlbfs /dev/hugepages
echo 8 > /proc/sys/vm/nr_hugepages
echo "VMTEST hugepages $(cat /proc/sys/vm/nr_hugepages)"

edus=""
for d in /sys/bus/pci/devices/*; do
	if [ "$(cat $d/vendor)" = 0x1234 ] && [ "$(cat $d/device)" = 0x11e8 ]; then
		a=${d##*/}
		echo vfio-pci > $d/driver_override
		echo $a > /sys/bus/pci/drivers_probe
		edus="$edus $a"
	fi
done
echo "VMTEST edu devices:$edus"
ls /dev/iommu /dev/vfio /dev/vfio/devices 2>&1 | tr '\n' ' '; echo

backend=iommufd
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	ioasid_backend=*) backend=${arg#ioasid_backend=} ;;
	esac
done
# The driver's PCI backend first: its refusal of the first edu device must
# leave both usable for libioasid's test that follows.
if [ -x /dsa_pci_vm_guest ]; then
	echo "VMTEST run dsa_pci $backend"
	set -- $edus
	/dsa_pci_vm_guest $backend /lib/dsa/librte_dma_dsa.so $1
	echo "VMTEST exit dsa_pci $backend $?"
fi
echo "VMTEST run $backend"
/ioasid_vm_guest $backend $edus
echo "VMTEST exit $backend $?"
echo "VMTEST-END"
poweroff -f
