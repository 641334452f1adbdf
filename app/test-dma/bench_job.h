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

#include "bench_dsa.h"
#include "bench_kind.h"
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
	const struct bench_kind *kind; /* the operation */
	const struct bench_dsa_api *dsa; /* DSA types */
	int16_t dev_id;           /* DMA only */
	unsigned int lcore;
	uint8_t *src;             /* nr_buf * buf_size bytes */
	uint8_t *dst;             /* nr_buf * dst_stride bytes (none for CRC-32C) */
	uint8_t *dst2;            /* dualcast: the second destination, as large */
	uint8_t *scratch;         /* one buffer's expected output, for checks */
	rte_iova_t src_iova;
	rte_iova_t dst_iova;
	rte_iova_t dst2_iova;
	uint32_t buf_size;
	uint32_t dst_stride;      /* destination bytes per buffer */
	uint32_t nr_buf;
	struct rte_pmd_dsa_result *results; /* per buffer, with kind->has_result */
	struct rte_pmd_dsa_dif dif; /* DIF types: the format */
	uint16_t ring_size;       /* DMA only */
	uint32_t max_inflight;    /* DMA only: ring_size, or nr_buf with results */
	uint16_t batch;           /* copies per submit (CPU: per timed window) */
	uint64_t run_cycles;      /* throughput phase length */
	uint64_t tsc_hz;
	uint64_t timer_overhead;  /* cost of the two TSC reads around a window */
	uint32_t latency_ops;     /* capacity of counters.lat_cycles */
	bool verify;
	bool cache_flush;
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

/* Fill the source with a pattern from seed, clear the outputs, prepare other inputs. */
void bench_mem_prepare(struct bench_job *j, uint64_t seed);

/* Evict the job's buffers from the CPU caches (no-op where unsupported). */
void bench_mem_flush_job(const struct bench_job *j);

/* Evict [p, p + len) from the CPU caches (no-op where unsupported). */
void bench_mem_flush(const void *p, size_t len);
bool bench_mem_flush_supported(void);

/*
 * After the throughput phase: every buffer was done at least once, so the
 * outputs of every buffer must be right (kind->check). Counts wrong buffers
 * in counters.errors and sets verified.
 */
void bench_mem_verify_all(struct bench_job *j);

/*
 * One queue-depth-1 operation on buffer buf, timed by the callee around just
 * the operation and its completion. Returns 1 with *cycles set, 0 when it
 * failed (counted; the loop goes on), or a negative errno to stop.
 */
typedef int (*bench_timed_op)(struct bench_job *j, uint32_t buf, uint64_t *cycles);

/*
 * The latency phase: latency_ops operations one at a time (or until
 * run_cycles have passed), each buffer's outputs cleared before and checked
 * after.
 */
int bench_latency_loop(struct bench_job *j, bench_timed_op op);

/* Record a worker failure; returns rc. */
int bench_job_fail(struct bench_job *j, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* BENCH_JOB_H */
