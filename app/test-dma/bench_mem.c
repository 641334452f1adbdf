/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stdio.h>

#include <rte_cycles.h>
#ifdef RTE_ARCH_X86
#include <emmintrin.h>
#endif

#include "bench_job.h"
#include "bench_verify.h"

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

void
bench_mem_prepare(struct bench_job *j, uint64_t seed)
{
	uint32_t b;

	bench_fill_pattern(j->src, (size_t)j->nr_buf * j->buf_size, seed);
	for (b = 0; b < j->nr_buf; b++)
		j->kind->reset(j, b);
	if (j->kind->prepare != NULL)
		j->kind->prepare(j);
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
bench_mem_flush_job(const struct bench_job *j)
{
	bench_mem_flush(j->src, (size_t)j->nr_buf * j->buf_size);
	if (j->dst != NULL)
		bench_mem_flush(j->dst, (size_t)j->nr_buf * j->dst_stride);
	if (j->dst2 != NULL)
		bench_mem_flush(j->dst2, (size_t)j->nr_buf * j->dst_stride);
}

void
bench_mem_verify_all(struct bench_job *j)
{
	uint32_t b;

	if (!j->verify) {
		j->verified = BENCH_VERIFY_OFF;
		return;
	}
	for (b = 0; b < j->nr_buf; b++)
		j->counters.errors += !j->kind->check(j, b);
	j->verified = bench_verify_merge(j->verified,
		j->counters.errors == 0 ? BENCH_VERIFY_PASS : BENCH_VERIFY_FAIL);
}

/* Clear one buffer's outputs before its operation (and flush if asked). */
static void
latency_prepare(struct bench_job *j, uint32_t buf)
{
	size_t off = (size_t)buf * j->dst_stride;

	if (j->verify)
		j->kind->reset(j, buf);
	if (j->cache_flush) {
		bench_mem_flush(j->src + (size_t)buf * j->buf_size, j->buf_size);
		if (j->dst != NULL)
			bench_mem_flush(j->dst + off, j->dst_stride);
		if (j->dst2 != NULL)
			bench_mem_flush(j->dst2 + off, j->dst_stride);
	}
}

/* Check one buffer after its operation; a wrong output counts an error. */
static void
latency_check(struct bench_job *j, uint32_t buf)
{
	if (!j->verify)
		return;
	if (!j->kind->check(j, buf)) {
		j->counters.errors++;
		j->verified = BENCH_VERIFY_FAIL;
	} else {
		j->verified = bench_verify_merge(j->verified, BENCH_VERIFY_PASS);
	}
}

int
bench_latency_loop(struct bench_job *j, bench_timed_op op)
{
	uint64_t deadline = rte_rdtsc() + j->run_cycles;
	struct bench_counters *c = &j->counters;
	uint64_t cycles;
	uint32_t i, b;
	int ret;

	for (i = 0; i < j->latency_ops; i++) {
		b = i % j->nr_buf;
		latency_prepare(j, b);
		ret = op(j, b, &cycles);
		if (ret < 0)
			return ret;
		if (ret > 0) {
			c->lat_cycles[c->nb_lat++] = cycles;
			latency_check(j, b);
			bench_set_progress(j, c->nb_lat);
		}
		if (rte_rdtsc() > deadline)
			break;
	}
	return 0;
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
