/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the workers do for each operation: enqueue it on a dmadev, do it on
 * the CPU, clear what it writes and check what it wrote. The workers' loops
 * (bench_dma.c, bench_cpu.c, bench_mem.c) are the same for every operation.
 */
#ifndef BENCH_KIND_H
#define BENCH_KIND_H

#include <stdbool.h>
#include <stdint.h>

#include "bench_config.h"

struct bench_job;

/* Enqueue the operation on buffer buf; returns as rte_dma_copy() */
typedef int (*bench_dma_op)(struct bench_job *j, uint32_t buf, uint64_t flags);
/* Do the operation on buffer buf */
typedef void (*bench_cpu_op)(struct bench_job *j, uint32_t buf);

struct bench_kind {
	bench_dma_op dma;
	bench_cpu_op cpu;
	bool dsa;            /* the DMA type needs the DSA driver's operation dsa_op */
	int dsa_op;          /* enum rte_pmd_dsa_op */
	bool has_result;     /* writes results[buf]: one job per buffer at a time */
	/* after the source is filled: the rest of the input (compare: its second source) */
	void (*prepare)(struct bench_job *j);
	/* clear what the operation writes for buffer buf */
	void (*reset)(struct bench_job *j, uint32_t buf);
	/* whether what it wrote for buffer buf is right */
	bool (*check)(struct bench_job *j, uint32_t buf);
};

const struct bench_kind *bench_kind_of(enum bench_op op);

#endif /* BENCH_KIND_H */
