/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "bench_verify.h"

/* xorshift64*: cheap, and no run of equal words */
static uint64_t
next_word(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1Dull;
}

void
bench_fill_pattern(uint8_t *buf, size_t len, uint64_t seed)
{
	/* any seed but this one gives a non-zero xorshift state */
	uint64_t state = seed ^ 0x9E3779B97F4A7C15ull;
	size_t i;

	if (state == 0)
		state = 1;
	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t w = next_word(&state);

		memcpy(buf + i, &w, 8);
	}
	for (; i < len; i++)
		buf[i] = (uint8_t)next_word(&state);
}
