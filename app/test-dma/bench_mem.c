/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#ifdef RTE_ARCH_X86
#include <emmintrin.h>
#endif

#include "bench_job.h"

#define CACHE_LINE 64

uint64_t
bench_timer_overhead(void)
{
	uint64_t best = UINT64_MAX;
	int i;

	for (i = 0; i < 1000; i++) {
		uint64_t t0 = rte_rdtsc();
		uint64_t t1 = rte_rdtsc();

		if (t1 - t0 < best)
			best = t1 - t0;
	}
	return best;
}

/* xorshift64*: cheap bytes that differ from buffer to buffer */
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
bench_mem_prepare(struct bench_job *j, uint64_t seed)
{
	size_t len = (size_t)j->nr_buf * j->buf_size;
	uint64_t state = seed | 1;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t w = next_word(&state);

		memcpy(j->src + i, &w, 8);
	}
	for (; i < len; i++)
		j->src[i] = (uint8_t)next_word(&state);
	memset(j->dst, 0, len);
}

bool
bench_mem_flush_supported(void)
{
#ifdef RTE_ARCH_X86
	return true;
#else
	return false;
#endif
}

void
bench_mem_flush(const void *p, size_t len)
{
#ifdef RTE_ARCH_X86
	const uint8_t *c = (const uint8_t *)((uintptr_t)p & ~(uintptr_t)(CACHE_LINE - 1));
	const uint8_t *end = (const uint8_t *)p + len;

	for (; c < end; c += CACHE_LINE)
		_mm_clflush(c);
	_mm_mfence();
#else
	RTE_SET_USED(p);
	RTE_SET_USED(len);
#endif
}

void
bench_mem_verify_all(struct bench_job *j)
{
	size_t len = (size_t)j->nr_buf * j->buf_size;
	uint32_t b;

	if (!j->verify) {
		j->verified = BENCH_VERIFY_OFF;
		return;
	}
	if (memcmp(j->dst, j->src, len) != 0) {
		for (b = 0; b < j->nr_buf; b++) {
			size_t off = (size_t)b * j->buf_size;

			if (memcmp(j->dst + off, j->src + off, j->buf_size) != 0)
				j->counters.errors++;
		}
	}
	j->verified = bench_verify_merge(j->verified,
		j->counters.errors == 0 ? BENCH_VERIFY_PASS : BENCH_VERIFY_FAIL);
}

void
bench_mem_latency_prepare(struct bench_job *j, uint32_t buf)
{
	size_t off = (size_t)buf * j->buf_size;

	if (j->verify)
		memset(j->dst + off, 0, j->buf_size);
	if (j->cache_flush) {
		bench_mem_flush(j->src + off, j->buf_size);
		bench_mem_flush(j->dst + off, j->buf_size);
	}
}

void
bench_mem_latency_check(struct bench_job *j, uint32_t buf)
{
	size_t off = (size_t)buf * j->buf_size;

	if (!j->verify)
		return;
	if (memcmp(j->dst + off, j->src + off, j->buf_size) != 0) {
		j->counters.errors++;
		j->verified = BENCH_VERIFY_FAIL;
	} else {
		j->verified = bench_verify_merge(j->verified, BENCH_VERIFY_PASS);
	}
}

int
bench_job_fail(struct bench_job *j, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->error, sizeof(j->error), fmt, ap);
	va_end(ap);
	j->rc = rc;
	j->verified = BENCH_VERIFY_FAIL;
	return rc;
}
