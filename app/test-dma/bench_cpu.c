/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPU-copy baseline: rte_memcpy on the worker lcore, timed per batch of
 * copies the same way the DMA worker times its dmadev calls.
 */
#include <rte_cycles.h>
#include <rte_memcpy.h>

#include "bench_job.h"

/* Point the batch at the next buffers; returns true when it wrapped. */
static bool
cpu_prepare_batch(struct bench_job *j, uint32_t *next)
{
	uint32_t b = *next, k;
	bool wrapped = false;

	for (k = 0; k < j->batch; k++) {
		j->batch_src[k] = (uintptr_t)(j->src + (uint64_t)b * j->buf_size);
		j->batch_dst[k] = (uintptr_t)(j->dst + (uint64_t)b * j->buf_size);
		if (++b == j->nr_buf) {
			b = 0;
			wrapped = true;
		}
	}
	*next = b;
	return wrapped;
}

static void
cpu_throughput(struct bench_job *j)
{
	struct bench_counters *c = &j->counters;
	uint64_t start, end, now, t0, t1;
	uint32_t next = 0, k;
	bool wrapped = false;

	start = rte_rdtsc();
	end = start + j->run_cycles;
	for (now = start; now < end || !wrapped; now = rte_rdtsc()) {
		wrapped |= cpu_prepare_batch(j, &next);
		t0 = rte_rdtsc();
		for (k = 0; k < j->batch; k++)
			rte_memcpy((void *)(uintptr_t)j->batch_dst[k],
				(const void *)(uintptr_t)j->batch_src[k], j->buf_size);
		t1 = rte_rdtsc();
		c->enqueue_cycles += bench_window(t0, t1, j->timer_overhead);
		c->ops += j->batch;
		c->bytes += (uint64_t)j->batch * j->buf_size;
		bench_set_progress(j, c->ops);
	}
	c->elapsed_cycles = rte_rdtsc() - start;
}

static int
cpu_timed_copy(struct bench_job *j, uint32_t buf, uint64_t *cycles)
{
	uint64_t off = (uint64_t)buf * j->buf_size;
	uint64_t t0, t1;

	t0 = rte_rdtsc();
	rte_memcpy(j->dst + off, j->src + off, j->buf_size);
	t1 = rte_rdtsc();
	*cycles = bench_window(t0, t1, j->timer_overhead);
	return 1;
}

int
bench_cpu_worker(void *arg)
{
	struct bench_job *j = arg;

	if (j->cache_flush) {
		bench_mem_flush(j->src, (size_t)j->nr_buf * j->buf_size);
		bench_mem_flush(j->dst, (size_t)j->nr_buf * j->buf_size);
	}
	bench_set_phase(j, BENCH_PHASE_THROUGHPUT);
	cpu_throughput(j);
	bench_set_phase(j, BENCH_PHASE_VERIFY);
	bench_mem_verify_all(j);
	if (j->latency_ops > 0) {
		bench_set_phase(j, BENCH_PHASE_LATENCY);
		bench_latency_loop(j, cpu_timed_copy);
	}
	bench_set_phase(j, BENCH_PHASE_DONE);
	return 0;
}
