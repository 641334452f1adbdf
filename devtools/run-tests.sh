#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Every test of the project, as the README and CI run them:
#   devtools/run-tests.sh
# Installs what is missing (devtools/bootstrap.sh test), builds the project,
# runs every meson test suite, then builds again with AddressSanitizer and
# UndefinedBehaviorSanitizer and runs the unit-level suites there, then builds
# the libFuzzer harnesses with clang and runs the "fuzz" suite (about 60 s of
# fuzzing per harness). Ends with one line "N passed, N failed, N skipped"
# over the three builds and exits non-zero if any test failed or if no test
# ran at all.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

build=${DSA_BUILD_DIR:-build}
asan_build=${DSA_ASAN_BUILD_DIR:-build-asan}
fuzz_build=${DSA_FUZZ_BUILD_DIR:-build-fuzz}
# Suites that run in the sanitizer build: the ones that exercise our own code
# in our own processes (DPDK's dpdk-test and QEMU are not sanitized builds).
asan_suites=(unit model ioasid driver soak)

"$top/devtools/bootstrap.sh" test

configure() {
	local dir=$1
	shift
	if [ -f "$dir/build.ninja" ]; then
		meson configure "$dir" "$@" >/dev/null
	else
		meson setup "$dir" "$@"
	fi
}

existing_suites() {
	meson introspect --tests "$1" | python3 -c '
import json, sys
print("\n".join(sorted({s.split(":", 1)[-1] for t in json.load(sys.stdin)
                        for s in t["suite"]})))'
}

# Tests pass without hugepages; with them, a few more paths run (DPDK's
# dynamic memory and its memory-event callbacks, vhost-user guests).
test_hugepages=256
# shellcheck source=devtools/hugepages.sh
. "$top/devtools/hugepages.sh"
why_not=$(reserve_hugepages $test_hugepages)
[ -z "$why_not" ] || echo "== hugepages: not available ($why_not); tests that need them skip"

status=0

echo "== build ($build)"
configure "$build"
ninja -C "$build"
echo "== tests ($build)"
meson test -C "$build" --print-errorlogs || status=1

echo "== sanitizer build ($asan_build)"
configure "$asan_build" -Db_sanitize=address,undefined -Db_lundef=false \
	-Dbuildtype=debug
ninja -C "$asan_build"
mapfile -t have < <(existing_suites "$asan_build")
suite_args=()
for s in "${asan_suites[@]}"; do
	for h in "${have[@]}"; do
		[ "$s" = "$h" ] && suite_args+=(--suite "$s")
	done
done
if [ ${#suite_args[@]} -gt 0 ]; then
	echo "== sanitizer tests ($asan_build: ${suite_args[*]})"
	ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
		meson test -C "$asan_build" --print-errorlogs "${suite_args[@]}" || status=1
else
	echo "== sanitizer tests: none of the suites ${asan_suites[*]} exist" >&2
	status=1
fi

# libFuzzer is clang's; the harnesses carry their own sanitizer flags.
echo "== fuzz build ($fuzz_build)"
CC=clang configure "$fuzz_build" -Dfuzz=true
ninja -C "$fuzz_build"
echo "== fuzz tests ($fuzz_build: fuzz)"
meson test -C "$fuzz_build" --print-errorlogs --suite fuzz || status=1

python3 "$top/devtools/test-summary.py" "$build" "$asan_build" "$fuzz_build" || status=1
exit $status
