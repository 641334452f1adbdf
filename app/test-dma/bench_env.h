/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the cases ask of the EAL environment: devices, lcores, NUMA nodes and
 * memory, checked after rte_eal_init and before any work.
 */
#ifndef BENCH_ENV_H
#define BENCH_ENV_H

#include <stdint.h>
#include <stdio.h>

#include "bench_config.h"

/* dmadev ids of every case's workers (-1 for CPU workers). */
struct bench_env {
	int16_t (*dev_ids)[BENCH_MAX_WORKERS]; /* [case][worker] */
	char (*dev_names)[BENCH_MAX_WORKERS][BENCH_NAME_LEN];
	unsigned int nb_cases;
};

/*
 * Resolve device names (exact, or a glob taking the first match in id
 * order), check lcores, NUMA nodes, ring sizes against each device and that
 * each case's memory can be allocated. Returns 0 or a negative errno with
 * the reason in err.
 */
int bench_env_check(const struct bench_config *cfg, struct bench_env *env, char *err,
	size_t err_len);
void bench_env_free(struct bench_env *env);

/*
 * Configure a stopped dmadev with one mem-to-mem vchan of ring_size and start
 * it; bench_env_dma_stop after each scenario lets the next one reconfigure.
 */
int bench_env_dma_start(int16_t dev_id, uint16_t ring_size, char *err, size_t err_len);
void bench_env_dma_stop(int16_t dev_id);

/* Print the dmadevs EAL found. */
void bench_env_list_devices(FILE *f);

#endif /* BENCH_ENV_H */
