/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Command line: "dsa-test-dma [options] [-- EAL arguments]". Builds the list
 * of cases from --config files and/or the quick-run flags. No EAL.
 */
#ifndef BENCH_ARGS_H
#define BENCH_ARGS_H

#include <stdbool.h>
#include <stdio.h>

#include "bench_config.h"

#define BENCH_MAX_CONFIGS 8

struct bench_options {
	const char *configs[BENCH_MAX_CONFIGS];
	unsigned int nb_configs;
	/* quick run: one DMA case per device, and/or a CPU copy case */
	const char *devs[BENCH_MAX_WORKERS];
	unsigned int nb_devs;
	bool cpu;
	const char *op;         /* their operation: "CRC32C" for DMA_CRC32C, CPU_CRC32C */
	const char *lcore;      /* worker lcore of quick cases */
	const char *mem_size;
	const char *buf_size;
	const char *ring_size;
	const char *kick_batch;
	/* overrides for every case, from files too (NULL: keep) */
	const char *seconds;
	const char *latency_ops;
	bool no_verify;
	bool cache_flush;
	/* outputs */
	const char *csv;
	const char *json;
	const char *svg;
	bool list_devices;
	bool progress;          /* force the progress line (default: stderr is a tty) */
	bool no_progress;
	/* EAL arguments after "--" */
	int eal_argc;
	char **eal_argv;
};

/*
 * Parse argv. Returns 0, 1 when --help was printed (exit 0), or -EINVAL with
 * the reason in err.
 */
int bench_options_parse(int argc, char **argv, struct bench_options *o, char *err,
	size_t err_len);

/*
 * Read the config files, add the quick-run cases, apply the overrides and
 * validate. Returns 0 or a negative errno with the reason in err.
 */
int bench_options_build_config(const struct bench_options *o, struct bench_config *cfg,
	char *err, size_t err_len);

void bench_usage(FILE *f, const char *prog);

/*
 * Split a string at white space into at most max tokens (no quoting); the
 * tokens point into buf, a copy the caller owns. Returns the count, or
 * -E2BIG.
 */
int bench_split_args(char *buf, char **tokens, int max);

#endif /* BENCH_ARGS_H */
