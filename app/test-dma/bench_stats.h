/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Result arithmetic: raw counters from a worker into the reported figures
 * (GB/s, Mops/s, offload cycles per op, latency percentiles). No EAL.
 */
#ifndef BENCH_STATS_H
#define BENCH_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "bench_config.h"

enum bench_verify {
	BENCH_VERIFY_OFF,  /* verify=0: data not checked */
	BENCH_VERIFY_PASS, /* every destination byte matched its source */
	BENCH_VERIFY_FAIL, /* a byte differed or an op failed */
};

/* What one worker measured in one scenario. */
struct bench_counters {
	uint64_t ops;              /* copies completed in the throughput phase */
	uint64_t bytes;
	uint64_t elapsed_cycles;   /* TSC, first enqueue to last completion */
	uint64_t enqueue_cycles;   /* inside rte_dma_copy + rte_dma_submit (CPU: memcpy) */
	uint64_t complete_cycles;  /* inside rte_dma_completed calls that returned ops */
	uint64_t idle_poll_cycles; /* inside rte_dma_completed calls that returned none */
	uint64_t idle_polls;
	uint64_t errors;           /* failed completions and mismatching buffers */
	uint64_t *lat_cycles;      /* queue-depth-1 latency samples, TSC cycles */
	uint32_t nb_lat;
};

/* The figures, derived from counters and the TSC rate. */
struct bench_figures {
	double gbps;               /* 1e9 bytes per second */
	double mops;               /* 1e6 copies per second */
	double cycles_per_op;      /* offload cost: enqueue + completion cycles per op */
	double enqueue_cycles_per_op;
	double complete_cycles_per_op;
	double idle_cycles_per_op; /* spent polling with nothing done, per op */
	double wall_cycles_per_op; /* elapsed core cycles per op (inverse throughput) */
	double lat_p50_ns;         /* NaN when there are no samples */
	double lat_p99_ns;
	double lat_p999_ns;
};

/*
 * Fill f from c; sorts c->lat_cycles in place. tsc_hz must not be 0.
 */
void bench_figures_compute(struct bench_counters *c, uint64_t tsc_hz, struct bench_figures *f);

/*
 * Figures of several workers run side by side: throughputs add up, cycles
 * per op are total cycles over total ops, latency percentiles come from all
 * samples. Returns 0 or -ENOMEM.
 */
int bench_figures_total(struct bench_counters *workers, unsigned int n, uint64_t tsc_hz,
	struct bench_counters *total, struct bench_figures *f);

/* Release the latency samples of a total made by bench_figures_total. */
void bench_counters_release(struct bench_counters *c);

/*
 * The p-quantile (0 <= p <= 1) of sorted samples by nearest rank: the
 * smallest sample with at least p of all samples at or below it.
 */
uint64_t bench_percentile(const uint64_t *sorted, uint32_t n, double p);

/* Sort latency samples ascending. */
void bench_sort_samples(uint64_t *samples, uint32_t n);

double bench_cycles_to_ns(double cycles, uint64_t tsc_hz);

/* One line of results: a worker, or all workers of a scenario. */
struct bench_record {
	char case_name[BENCH_NAME_LEN];
	char device[BENCH_NAME_LEN]; /* dmadev name, "cpu", or "all" for a total */
	int lcore;                   /* -1 for a total of several workers */
	bool is_total;               /* the scenario's figure (also for one worker) */
	enum bench_type type;
	uint64_t mem_size;
	uint64_t buf_size;
	uint64_t ring_size;
	uint64_t kick_batch;
	double test_seconds;
	bool cache_flush;
	struct bench_counters counters; /* lat_cycles is not kept */
	struct bench_figures figures;
	enum bench_verify verified;
};

struct bench_results {
	struct bench_record *records;
	unsigned int nb_records;
};

/* Append a copy of r. Returns 0 or -ENOMEM. */
int bench_results_add(struct bench_results *res, const struct bench_record *r);
void bench_results_free(struct bench_results *res);

const char *bench_verify_name(enum bench_verify v);

/* A worse verification outcome wins: FAIL over PASS over OFF. */
enum bench_verify bench_verify_merge(enum bench_verify a, enum bench_verify b);

#endif /* BENCH_STATS_H */
