#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The main job: build the project and run the default benchmark scenario,
# copies of 64 B to 64 KiB by the CPU, DPDK's dma_skeleton and, once the DSA
# plugin is built, the DSA software model, all in one run.
#
#   devtools/run-benchmark.sh [extra dsa-test-dma options]
#
# Environment: BUILD_DIR (default ./build), RESULTS_DIR (default
# $BUILD_DIR/results), HUGEPAGES=0 to run without hugepages.
# Results: table.txt, results.json, results.csv, throughput.svg and
# throughput.png (the SVG rendered by rsvg-convert, which bootstrap installs).

set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
results=${RESULTS_DIR:-$build/results}
app_dir=$root/app/test-dma
plugin=$build/drivers/dma/dsa/librte_dma_dsa.so
hugepages_needed=128 # 2 MiB pages: 256 MiB, plenty for 4 MiB buffers per case
start=$(date +%s)

log() { printf 'run-benchmark: %s\n' "$*"; }

"$root/devtools/bootstrap.sh" build

if [ ! -f "$build/build.ninja" ]; then
	log "meson setup $build"
	meson setup "$build" "$root" >/dev/null
fi
log "building (ninja -C $build -j2)"
ninja -C "$build" -j2 >/dev/null || { ninja -C "$build" -j1; exit 1; }
exe=$build/app/test-dma/dsa-test-dma
[ -x "$exe" ] || { echo "run-benchmark: $exe was not built (DPDK not found?)" >&2; exit 1; }

# shellcheck source=devtools/hugepages.sh
. "$root/devtools/hugepages.sh"

why_not=$(reserve_hugepages $hugepages_needed)
if [ -z "$why_not" ]; then
	log "using 2 MiB hugepages ($(cat "$hp_sys/free_hugepages") free)"
	eal_mem=(--in-memory)
else
	log "running without hugepages (--no-huge): $why_not"
	eal_mem=(--no-huge -m 512 --no-shconf)
fi

if [ "$(nproc)" -ge 2 ]; then
	lcores=(-l 0,1)
else
	lcores=(--lcores '(0,1)@0') # both lcores on the one CPU
fi
# dma_skeleton copies with the IOVA as a pointer: IOVA must be VA.
eal=("${eal_mem[@]}" "${lcores[@]}" --no-pci --iova-mode=va --vdev dma_skeleton
	--log-level=lib.eal:warning --file-prefix "dsa-bench-$$")
configs=(--config "$app_dir/default.ini")

if [ -f "$plugin" ]; then
	model_eal=(-d "$plugin" --vdev dma_dsa_model0)
	if devices=$("$exe" --list-devices -- "${eal[@]}" "${model_eal[@]}" 2>&1) &&
			grep -q ' dma_dsa_model0' <<<"$devices"; then
		log "DSA model device: $(grep -o 'dma_dsa_model0[^ ]*' <<<"$devices" | head -n1)"
		eal+=("${model_eal[@]}")
		configs+=(--config "$app_dir/dsa-model.ini")
	else
		log "the DSA plugin is built but no dma_dsa_model0 dmadev appeared; going on without it:"
		sed 's/^/    /' <<<"$devices" | tail -n 15
	fi
else
	log "the DSA model device is not available yet: $plugin is not built;"
	log "running the CPU and dma_skeleton only"
fi

mkdir -p "$results"
log "running: $exe ${configs[*]} $* -- ${eal[*]}"
set +e
"$exe" "${configs[@]}" --json "$results/results.json" --csv "$results/results.csv" \
	--svg "$results/throughput.svg" "$@" -- "${eal[@]}" | tee "$results/table.txt"
status=${PIPESTATUS[0]}
set -e
if [ -s "$results/throughput.svg" ]; then
	if rsvg-convert -o "$results/throughput.png" "$results/throughput.svg"; then
		log "plot rendered to $results/throughput.png"
	else
		echo "run-benchmark: rsvg-convert could not render $results/throughput.svg" >&2
		[ "$status" != 0 ] || status=1
	fi
fi
log "results in $results (table.txt, results.json, results.csv, throughput.svg/.png)"
log "finished in $(($(date +%s) - start)) s, exit status $status"
exit "$status"
