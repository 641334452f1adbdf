/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPU baseline of every operation (kind->cpu does one) on the worker
 * lcore, timed per batch the same way the DMA worker times its dmadev calls.
 */
#include <rte_cycles.h>

#include "bench_job.h"

static void
cpu_throughput(struct bench_job *j)
{
	struct bench_counters *c = &j->counters;
	const bench_cpu_op op = j->kind->cpu;
	const uint32_t nr_buf = j->nr_buf, batch = j->batch;
	uint64_t start, end, now, t0, t1;
	uint32_t b = 0, k;
	bool wrapped = false;

	start = rte_rdtsc();
	end = start + j->run_cycles;
	for (now = start; now < end || !wrapped; now = rte_rdtsc()) {
		t0 = rte_rdtsc();
		for (k = 0; k < batch; k++) {
			op(j, b);
			if (++b == nr_buf)
				b = 0;
		}
		t1 = rte_rdtsc();
		/* b went past the last buffer in this batch */
		wrapped |= (uint64_t)c->ops + batch >= nr_buf;
		c->enqueue_cycles += bench_window(t0, t1, j->timer_overhead);
		c->ops += batch;
		c->bytes += (uint64_t)batch * j->buf_size;
		bench_set_progress(j, c->ops);
	}
	c->elapsed_cycles = rte_rdtsc() - start;
}

static int
cpu_timed_op(struct bench_job *j, uint32_t buf, uint64_t *cycles)
{
	uint64_t t0, t1;

	t0 = rte_rdtsc();
	j->kind->cpu(j, buf);
	t1 = rte_rdtsc();
	*cycles = bench_window(t0, t1, j->timer_overhead);
	return 1;
}

int
bench_cpu_worker(void *arg)
{
	struct bench_job *j = arg;

	if (j->cache_flush)
		bench_mem_flush_job(j);
	bench_set_phase(j, BENCH_PHASE_THROUGHPUT);
	cpu_throughput(j);
	bench_set_phase(j, BENCH_PHASE_VERIFY);
	bench_mem_verify_all(j);
	if (j->latency_ops > 0) {
		bench_set_phase(j, BENCH_PHASE_LATENCY);
		bench_latency_loop(j, cpu_timed_op);
	}
	bench_set_phase(j, BENCH_PHASE_DONE);
	return 0;
}
