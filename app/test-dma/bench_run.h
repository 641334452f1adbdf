/* SPDX-License-Identifier: BSD-3-Clause */
/* Runs every scenario of every case on the worker lcores. */
#ifndef BENCH_RUN_H
#define BENCH_RUN_H

#include <stdbool.h>

#include "bench_env.h"
#include "bench_stats.h"

/*
 * Run all active cases, printing a table row per record as it is measured
 * and a progress line on stderr when progress is set. Records go to res;
 * failures counts scenarios with an error or a verification failure.
 * Returns 0, or a negative errno when the run could not go on.
 */
int bench_run_all(const struct bench_config *cfg, const struct bench_env *env, bool progress,
	struct bench_results *res, unsigned int *failures);

#endif /* BENCH_RUN_H */
