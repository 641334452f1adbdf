#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Install what the project needs on Debian 12, idempotently:
#   devtools/bootstrap.sh [build|test]
# "build" installs what the build and the benchmark need; "test" adds what the
# test suites need (QEMU and kernel sources for the vm suite, ...).
# It also extracts DPDK's driver-SDK headers, which Debian's libdpdk-dev
# lacks, from the Debian source package of exactly the installed DPDK.
# A second run with everything present changes nothing and takes seconds.

set -euo pipefail

profile=${1:-build}
sdk_cache=${DSA_PMD_SDK_CACHE:-/var/cache/dsa-pmd/dpdk-sdk}

build_pkgs=(
	gcc meson ninja-build pkg-config python3 python3-pyelftools
	dpdk dpdk-dev libdpdk-dev libnuma-dev libaccel-config-dev linux-libc-dev
	dpkg-dev xz-utils librsvg2-bin fonts-dejavu-core
)
test_pkgs=(
	qemu-system-x86 busybox-static cpio linux-source-6.12
	flex bison bc libelf-dev libssl-dev
	clang libclang-rt-14-dev
)

sdk_headers=(
	lib/dmadev/rte_dmadev_pmd.h
	drivers/bus/pci/bus_pci_driver.h
	drivers/bus/vdev/bus_vdev_driver.h
	lib/eal/include/dev_driver.h
	lib/eal/include/bus_driver.h
)

log() { printf 'bootstrap: %s\n' "$*"; }

case "$profile" in
build) pkgs=("${build_pkgs[@]}") ;;
test) pkgs=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
*) echo "usage: $0 [build|test]" >&2; exit 2 ;;
esac

missing_pkgs() {
	local p status
	for p in "$@"; do
		status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		[ "$status" = installed ] || printf '%s\n' "$p"
	done
}

apt_updated=0
apt_update_once() {
	if [ $apt_updated = 0 ]; then
		log "apt-get update"
		apt-get update -q >/dev/null
		apt_updated=1
	fi
}

install_packages() {
	local missing
	mapfile -t missing < <(missing_pkgs "$@")
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "bootstrap: these Debian packages are missing: ${missing[*]}" >&2
		echo "bootstrap: run as root, or install them with:" >&2
		echo "  sudo apt-get install ${missing[*]}" >&2
		exit 1
	fi
	apt_update_once
	log "installing: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"${missing[@]}" >/dev/null
}

# Print deb-src stanzas mirroring the active Debian "deb" sources.
debian_src_stanzas() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -e "$f" ] || continue
		[ "$f" = "$src_list" ] && continue
		awk 'BEGIN { RS = ""; ORS = "\n\n" }
		     /URIs:[^\n]*debian/ && /Types:[^\n]*deb/ {
			sub(/Types:[^\n]*/, "Types: deb-src"); print }' "$f"
	done
	if [ -f /etc/apt/sources.list ]; then
		awk '$1 == "deb" && /debian/ {
			$1 = "deb-src"; print }' /etc/apt/sources.list
	fi
}

src_list=/etc/apt/sources.list.d/dsa-pmd-deb-src.sources

ensure_deb_src() {
	# showsrc prints the source record, or nothing without deb-src entries
	[ -n "$(apt-cache showsrc dpdk 2>/dev/null)" ] && return 0
	log "adding deb-src entries for the Debian archives ($src_list)"
	debian_src_stanzas >"$src_list.new"
	if [ ! -s "$src_list.new" ]; then
		rm -f "$src_list.new"
		echo "bootstrap: no Debian archive found in the apt sources to add deb-src for" >&2
		exit 1
	fi
	mv "$src_list.new" "$src_list"
	apt_updated=0
	apt_update_once
}

sdk_headers_present() {
	local dir=$1 h
	for h in "${sdk_headers[@]}"; do
		[ -f "$dir/$(basename "$h")" ] || return 1
	done
	[ "$(cat "$dir/.debian-version" 2>/dev/null)" = "$2" ]
}

install_sdk_headers() {
	local deb_version upstream dest work src h
	deb_version=$(dpkg-query -W -f='${Version}' libdpdk-dev)
	upstream=$(pkg-config --modversion libdpdk)
	dest=$sdk_cache/$upstream/include
	if sdk_headers_present "$dest" "$deb_version"; then
		return 0
	fi
	if [ "$(id -u)" != 0 ] && [ ! -w "$(dirname "$sdk_cache")" ]; then
		echo "bootstrap: DPDK driver-SDK headers missing in $dest; run as root" >&2
		exit 1
	fi
	ensure_deb_src
	work=$(mktemp -d)
	trap 'rm -rf "$work"' RETURN
	log "fetching the Debian source of dpdk $deb_version for its driver-SDK headers"
	(cd "$work" && apt-get source -q --only-source "dpdk=$deb_version" >source.log 2>&1) || {
		cat "$work/source.log" >&2
		echo "bootstrap: apt-get source dpdk=$deb_version failed" >&2
		exit 1
	}
	src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'dpdk*' | head -n1)
	mkdir -p "$dest"
	for h in "${sdk_headers[@]}"; do
		if [ ! -f "$src/$h" ]; then
			echo "bootstrap: $h not in the dpdk $deb_version source" >&2
			exit 1
		fi
		install -m 0644 "$src/$h" "$dest/"
	done
	echo "$deb_version" >"$dest/.debian-version"
	log "driver-SDK headers of dpdk $deb_version installed in $dest"
}

install_packages "${pkgs[@]}"
install_sdk_headers
