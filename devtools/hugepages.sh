# SPDX-License-Identifier: BSD-3-Clause
#
# Sourced by run-benchmark.sh and run-tests.sh:
#   why_not=$(reserve_hugepages PAGES)
# makes PAGES free 2 MiB hugepages available (reserving and mounting them
# when root) and prints why it could not, or nothing when it could. Progress
# messages go to stderr so they are not taken for a reason. HUGEPAGES=0 in
# the environment turns hugepages off.

hp_sys=/sys/kernel/mm/hugepages/hugepages-2048kB

hugetlbfs_mounted() { awk '$3 == "hugetlbfs" { found = 1 } END { exit !found }' /proc/mounts; }

reserve_hugepages() {
	local needed=$1 free total
	[ "${HUGEPAGES:-1}" = 0 ] && { echo "HUGEPAGES=0 was given"; return; }
	[ -d "$hp_sys" ] || { echo "the kernel has no 2 MiB hugepages"; return; }
	free=$(cat "$hp_sys/free_hugepages")
	if [ "$free" -lt "$needed" ]; then
		[ "$(id -u)" = 0 ] || { echo "only $free free 2 MiB hugepages and not root"; return; }
		total=$(cat "$hp_sys/nr_hugepages")
		echo "hugepages: nr_hugepages $total -> $((total + needed - free))" >&2
		echo $((total + needed - free)) >"$hp_sys/nr_hugepages" 2>/dev/null || true
		free=$(cat "$hp_sys/free_hugepages")
		[ "$free" -ge "$needed" ] ||
			{ echo "the kernel gave only $free free 2 MiB hugepages"; return; }
	fi
	if ! hugetlbfs_mounted; then
		[ "$(id -u)" = 0 ] || { echo "no hugetlbfs mounted and not root"; return; }
		echo "hugepages: mounting hugetlbfs on /dev/hugepages" >&2
		mkdir -p /dev/hugepages
		mount -t hugetlbfs -o pagesize=2M nodev /dev/hugepages 2>/dev/null ||
			{ echo "mounting hugetlbfs failed"; return; }
	fi
}
