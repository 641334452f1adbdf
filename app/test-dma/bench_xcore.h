/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef BENCH_XCORE_H
#define BENCH_XCORE_H

#include <stdint.h>

/*
 * TSC cycles for a cache line to go from the calling (main) lcore to @lcore
 * and back; 0 if @lcore cannot run it.
 */
uint64_t bench_xcore_round_trip(unsigned int lcore);

#endif /* BENCH_XCORE_H */
