/* SPDX-License-Identifier: BSD-3-Clause */
/* Results as a terminal table, CSV and JSON. No EAL. */
#ifndef BENCH_OUTPUT_H
#define BENCH_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "bench_stats.h"

/* Facts about the run that every output carries. */
struct bench_run_info {
	uint64_t tsc_hz;
	uint64_t xcore_round_trip; /* TSC cycles (bench_xcore.c); 0: not measured */
	const char *eal_args; /* as given to rte_eal_init, for the record */
};

void bench_table_header(FILE *f);
void bench_table_row(FILE *f, const struct bench_record *r);

/* Human form of a byte count: "64B", "4KiB", "1.5MiB". */
void bench_format_size(uint64_t bytes, char *buf, size_t len);

/*
 * Each DMA result against the CPU copy of the same buffer size in the same
 * run: throughput ratio and the core cycles per copy of each. Prints nothing
 * without a CPU_MEM_COPY case.
 */
void bench_ratio_table(FILE *f, const struct bench_results *res);

void bench_csv_print(FILE *f, const struct bench_results *res);
void bench_json_print(FILE *f, const struct bench_results *res,
	const struct bench_run_info *info);

/*
 * Write to a file with one of the printers above (the plot uses it too).
 * Returns 0 or a negative errno with the reason in err.
 */
typedef void (*bench_printer)(FILE *f, const struct bench_results *res,
	const struct bench_run_info *info);
int bench_write_file(const char *path, bench_printer print, const struct bench_results *res,
	const struct bench_run_info *info, char *err, size_t err_len);

void bench_csv_printer(FILE *f, const struct bench_results *res,
	const struct bench_run_info *info);

#endif /* BENCH_OUTPUT_H */
