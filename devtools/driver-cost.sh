#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The driver's application-core cost (doc/driver.md, "Performance"): 64-B
# copies at burst 32 on the DSA model and on DPDK's dma_skeleton in the same
# run, repeated, since one run says little on a host with busy phases.
#
#   devtools/driver-cost.sh [runs (5)] [seconds per device (3)]
#
# Prints one line per run and the median of each column. Needs a build
# (devtools/run-benchmark.sh makes one); BUILD_DIR as there; HUGEPAGES=0 to
# run without hugepages.

set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
runs=${1:-5}
seconds=${2:-3}
exe=$build/app/test-dma/dsa-test-dma
plugin=$build/drivers/dma/dsa/librte_dma_dsa.so
lines=$(mktemp) csv=$(mktemp) json=$(mktemp)
trap 'rm -f "$lines" "$csv" "$json"' EXIT

if [ ! -x "$exe" ] || [ ! -f "$plugin" ]; then
	echo "driver-cost: build first ($exe, $plugin)" >&2
	exit 1
fi
# shellcheck source=devtools/hugepages.sh
. "$root/devtools/hugepages.sh"
eal_mem=(--in-memory)
why_not=$(reserve_hugepages 64)
if [ -n "$why_not" ]; then
	echo "driver-cost: running without hugepages (--no-huge): $why_not" >&2
	eal_mem=(--no-huge -m 512)
fi

# xcore: the host's cache-line round trip between the two lcores (TSC
# cycles), which moves every software device's figures, the completion side most
printf '%4s %9s %9s %9s %7s %9s %6s %6s\n' run dsa enqueue complete Mops/s skeleton ratio xcore
for run in $(seq "$runs"); do
	"$exe" --dev dma_dsa_model0-wq0 --dev dma_skeleton --buf-size 64 --kick-batch 32 \
		--seconds "$seconds" --latency-ops 0 --csv "$csv" --json "$json" -- -l 0-1 \
		"${eal_mem[@]}" \
		--iova-mode=va --no-pci -d "$plugin" --vdev dma_dsa_model0,wq_size=128 \
		--vdev dma_skeleton,lcore=0 >/dev/null 2>&1 ||
		{ echo "driver-cost: run $run failed; run the command by hand to see why" >&2
		  exit 1; }
	xcore=$(awk -F'[:,]' '/"xcore_round_trip_cycles"/ { print $2 + 0 }' "$json")
	awk -F, -v run="$run" -v xcore="$xcore" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$col["device"] == "dma_skeleton" { skel = $col["cycles_per_op"]; next }
		{ dsa = $col["cycles_per_op"]; enq = $col["enqueue_cycles_per_op"]
		  cmp = $col["completion_cycles_per_op"]; mops = $col["mops"] }
		END { printf "%4d %9.1f %9.1f %9.1f %7.1f %9.1f %6.1f %6d\n",
			run, dsa, enq, cmp, mops, skel, skel / dsa, xcore }' "$csv" | tee -a "$lines"
done
# the median of each column
awk '{ for (i = 2; i <= NF; i++) v[i, NR] = $i; n = NR }
	END {
		printf "%4s", "med"
		for (i = 2; i <= 8; i++) {
			for (j = 1; j <= n; j++)
				s[j] = v[i, j]
			for (j = 2; j <= n; j++) # insertion sort: a handful of runs
				for (k = j; k > 1 && s[k - 1] > s[k]; k--) {
					t = s[k]; s[k] = s[k - 1]; s[k - 1] = t
				}
			m = n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
			printf(i == 5 ? " %7.1f" : i == 7 ? " %6.1f" : i == 8 ? " %6d" : " %9.1f", m)
		}
		printf "\n"
	}' "$lines"
