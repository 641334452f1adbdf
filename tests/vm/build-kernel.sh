#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Build the vm suite's guest kernel once and keep it in a cache:
#   build-kernel.sh CACHE_DIR
# prints the path of the bzImage. The kernel is Debian's linux-source-6.12
# (Debian's own kernels lack CONFIG_IOMMUFD) configured with
# x86_64_defconfig + guest-kernel.config. The cache entry is keyed by the
# source package version and a hash of the configuration recipe, so only the
# first run (or a change of either) pays for the build.

set -euo pipefail

cache=${1:?usage: build-kernel.sh CACHE_DIR}
here=$(dirname "$(readlink -f "$0")")
fragment=$here/guest-kernel.config
tarball=${DSA_PMD_KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
jobs=${DSA_PMD_KERNEL_JOBS:-2}

log() { printf 'build-kernel: %s\n' "$*" >&2; }

if [ ! -f "$tarball" ]; then
	log "$tarball not found: install linux-source-6.12 (devtools/bootstrap.sh test)"
	exit 1
fi
for tool in make gcc flex bison bc; do
	if ! command -v "$tool" >/dev/null; then
		log "$tool not found: run devtools/bootstrap.sh test"
		exit 1
	fi
done

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null ||
	stat -c '%s-%Y' "$tarball")
recipe="x86_64_defconfig + merge_config guest-kernel.config + olddefconfig; bzImage"
key=$( { echo "$srcver"; echo "$recipe"; cat "$fragment"; } | sha256sum | cut -c1-16)
entry=$cache/kernel/$srcver-$key
image=$entry/bzImage

if [ -f "$image" ]; then
	echo "$image"
	exit 0
fi

mkdir -p "$cache/kernel"
exec 9>"$cache/kernel/.lock"
flock 9
# Another run may have finished the build while this one waited.
if [ -f "$image" ]; then
	echo "$image"
	exit 0
fi

work=$cache/kernel/build-$srcver-$key
rm -rf "$work"
mkdir -p "$work"
log "building the guest kernel ($srcver, config $key) in $work; this takes 10-20 minutes"
start=$(date +%s)
tar -xJf "$tarball" -C "$work" --strip-components=1
buildlog=$work/build.log
# Each fragment line must survive olddefconfig: a silently dropped IOMMU or
# VFIO option would only show up as confusing failures inside the guest.
if ! (
	cd "$work"
	make -s ARCH=x86_64 x86_64_defconfig
	scripts/kconfig/merge_config.sh -m .config "$fragment"
	make -s ARCH=x86_64 olddefconfig
	while read -r line; do
		case "$line" in
		CONFIG_*=y)
			grep -qx "$line" .config || { echo "missing after olddefconfig: $line"; exit 1; } ;;
		"# CONFIG_"*" is not set")
			opt=${line#\# }; opt=${opt%% *}
			! grep -q "^$opt=" .config || { echo "still set: $opt"; exit 1; } ;;
		esac
	done <"$fragment"
	nice -n 19 make ARCH=x86_64 -j"$jobs" bzImage
) >"$buildlog" 2>&1; then
	tail -n 40 "$buildlog" >&2
	log "kernel build failed; full log in $buildlog"
	exit 1
fi
mkdir -p "$entry"
cp "$work/arch/x86/boot/bzImage" "$entry/bzImage.tmp"
cp "$work/.config" "$entry/config"
mv "$entry/bzImage.tmp" "$image"
rm -rf "$work"
log "guest kernel built in $(( $(date +%s) - start )) s: $image"
echo "$image"
