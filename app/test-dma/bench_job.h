/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One worker's share of one scenario: what the main lcore prepares, what the
 * worker lcore measures, and the helpers both worker kinds share.
 */
#ifndef BENCH_JOB_H
#define BENCH_JOB_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>

#include "bench_stats.h"

enum bench_phase {
	BENCH_PHASE_THROUGHPUT,
	BENCH_PHASE_VERIFY,
	BENCH_PHASE_LATENCY,
	BENCH_PHASE_DONE,
};

struct bench_job {
	/* set up by the main lcore */
	enum bench_type type;
	int16_t dev_id;           /* DMA only */
	unsigned int lcore;
	uint8_t *src;             /* nr_buf * buf_size bytes each */
	uint8_t *dst;
	rte_iova_t src_iova;
	rte_iova_t dst_iova;
	uint32_t buf_size;
	uint32_t nr_buf;
	uint16_t ring_size;       /* DMA only */
	uint16_t batch;           /* copies per submit (CPU: per timed window) */
	uint64_t run_cycles;      /* throughput phase length */
	uint64_t tsc_hz;
	uint64_t timer_overhead;  /* cost of the two TSC reads around a window */
	uint32_t latency_ops;     /* capacity of counters.lat_cycles */
	bool verify;
	bool cache_flush;
	uint64_t *batch_src;      /* batch addresses, prepared outside the timing */
	uint64_t *batch_dst;
	bool launched;            /* running on its lcore: rte_eal_wait_lcore it */
	/* results */
	struct bench_counters counters;
	enum bench_verify verified;
	int rc;                   /* 0, or negative errno with error[] set */
	char error[256];
	/* progress, read by the main lcore while the worker runs */
	uint64_t progress_ops;
	int phase;                /* enum bench_phase */
};

/* Worker entry points (lcore_function_t): arg is a struct bench_job. */
int bench_dma_worker(void *arg);
int bench_cpu_worker(void *arg);

/* Minimum cost of two back-to-back TSC reads, subtracted from each window. */
uint64_t bench_timer_overhead(void);

/* Cycles of a timed window, less the timer's own cost. */
static inline uint64_t
bench_window(uint64_t t0, uint64_t t1, uint64_t overhead)
{
	uint64_t d = t1 - t0;

	return d > overhead ? d - overhead : 0;
}

static inline void
bench_set_progress(struct bench_job *j, uint64_t ops)
{
	__atomic_store_n(&j->progress_ops, ops, __ATOMIC_RELAXED);
}

static inline void
bench_set_phase(struct bench_job *j, enum bench_phase phase)
{
	__atomic_store_n(&j->phase, (int)phase, __ATOMIC_RELEASE);
}

/* Fill the source with a pattern from seed and clear the destination. */
void bench_mem_prepare(struct bench_job *j, uint64_t seed);

/* Evict [p, p + len) from the CPU caches (no-op where unsupported). */
void bench_mem_flush(const void *p, size_t len);
bool bench_mem_flush_supported(void);

/*
 * After the throughput phase: every buffer was copied at least once, so the
 * whole destination must equal the source. Counts mismatching buffers in
 * counters.errors and sets verified.
 */
void bench_mem_verify_all(struct bench_job *j);

/*
 * One queue-depth-1 copy of buffer buf, timed by the callee around just the
 * copy and its completion. Returns 1 with *cycles set, 0 when the copy
 * failed (counted; the loop goes on), or a negative errno to stop.
 */
typedef int (*bench_timed_copy)(struct bench_job *j, uint32_t buf, uint64_t *cycles);

/*
 * The latency phase: latency_ops copies one at a time (or until run_cycles
 * have passed), each destination cleared before and checked after.
 */
int bench_latency_loop(struct bench_job *j, bench_timed_copy copy);

/* Record a worker failure; returns rc. */
int bench_job_fail(struct bench_job *j, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* BENCH_JOB_H */
