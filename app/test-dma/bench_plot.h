/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SVG plot of throughput against buffer size, one line per case and device
 * (CPU copy included), written without any plotting dependency.
 */
#ifndef BENCH_PLOT_H
#define BENCH_PLOT_H

#include <stdio.h>

#include "bench_output.h"

/* A bench_printer: plots the scenario totals (is_total records) of res. */
void bench_plot_svg(FILE *f, const struct bench_results *res, const struct bench_run_info *info);

#endif /* BENCH_PLOT_H */
