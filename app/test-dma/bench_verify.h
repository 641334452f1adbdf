/* SPDX-License-Identifier: BSD-3-Clause */
/* Data for the copies and the check of what arrived. No EAL. */
#ifndef BENCH_VERIFY_H
#define BENCH_VERIFY_H

#include <stddef.h>
#include <stdint.h>

/*
 * Fill buf with pseudo-random bytes from seed, so every buffer differs from
 * its neighbours and from zero (a copy to the wrong place shows).
 */
void bench_fill_pattern(uint8_t *buf, size_t len, uint64_t seed);

#endif /* BENCH_VERIFY_H */
