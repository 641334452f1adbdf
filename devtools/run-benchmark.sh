#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The main job: install what is missing, build, and run the default benchmark.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${DSA_BUILD_DIR:-build}

"$top/devtools/bootstrap.sh" build
[ -f "$build/build.ninja" ] || meson setup "$build"
ninja -C "$build"

echo "run-benchmark: the benchmark (app/test-dma) is not built yet in this tree;" \
	"the build above succeeded, nothing was measured." >&2
exit 1
