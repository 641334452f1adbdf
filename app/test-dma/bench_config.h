/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Benchmark cases: dpdk-test-dma-perf's INI format ([caseN] sections, an
 * optional [GLOBAL] section), parsed and checked without EAL.
 */
#ifndef BENCH_CONFIG_H
#define BENCH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench_range.h"

#define BENCH_NAME_LEN 64
#define BENCH_EAL_ARGS_LEN 1024
#define BENCH_MAX_WORKERS 64
#define BENCH_ERR_LEN 512
#define BENCH_MIB (1024ull * 1024ull)
#define BENCH_DEFAULT_LATENCY_OPS 10000u
#define BENCH_MAX_TEST_SECONDS 3600.0
#define BENCH_NUMA_ANY (-1)

/* What a case measures: an operation, by a dmadev (DMA_) or by the CPU (CPU_). */
enum bench_type {
	BENCH_TYPE_UNSET,
	BENCH_DMA_MEM_COPY,
	BENCH_CPU_MEM_COPY,
	BENCH_DMA_CRC32C,
	BENCH_CPU_CRC32C,
	BENCH_DMA_COPY_CRC32C,
	BENCH_CPU_COPY_CRC32C,
	BENCH_DMA_COMPARE,
	BENCH_CPU_COMPARE,
	BENCH_DMA_DUALCAST,
	BENCH_CPU_DUALCAST,
	BENCH_DMA_DIF_INSERT,
	BENCH_CPU_DIF_INSERT,
};

/* The operation of a type, whoever does it. */
enum bench_op {
	BENCH_OP_COPY,
	BENCH_OP_CRC32C,
	BENCH_OP_COPY_CRC32C,
	BENCH_OP_COMPARE,
	BENCH_OP_DUALCAST,
	BENCH_OP_DIF_INSERT,
};

#define BENCH_DIF_DEFAULT_BLOCK 512

/* Which of a case's four variables a range applies to. */
enum bench_var {
	BENCH_VAR_NONE,
	BENCH_VAR_MEM_SIZE,
	BENCH_VAR_BUF_SIZE,
	BENCH_VAR_RING_SIZE,
	BENCH_VAR_KICK_BATCH,
};

struct bench_worker_cfg {
	unsigned int lcore;
	char dev[BENCH_NAME_LEN]; /* dmadev name or glob; empty for CPU copy */
};

/* Keys a case (or [GLOBAL]) has set, to tell defaults from values. */
enum bench_key_bit {
	BENCH_KEY_TYPE = 1u << 0,
	BENCH_KEY_MEM_SIZE = 1u << 1,
	BENCH_KEY_BUF_SIZE = 1u << 2,
	BENCH_KEY_RING_SIZE = 1u << 3,
	BENCH_KEY_KICK_BATCH = 1u << 4,
	BENCH_KEY_SRC_NUMA = 1u << 5,
	BENCH_KEY_DST_NUMA = 1u << 6,
	BENCH_KEY_CACHE_FLUSH = 1u << 7,
	BENCH_KEY_TEST_SECONDS = 1u << 8,
	BENCH_KEY_LCORE_DMA = 1u << 9,
	BENCH_KEY_LCORE = 1u << 10,
	BENCH_KEY_EAL_ARGS = 1u << 11,
	BENCH_KEY_SKIP = 1u << 12,
	BENCH_KEY_VERIFY = 1u << 13,
	BENCH_KEY_LATENCY_OPS = 1u << 14,
	BENCH_KEY_DIF_BLOCK_SIZE = 1u << 15,
};

struct bench_case {
	char name[BENCH_NAME_LEN];   /* section name, e.g. "case1" */
	char origin[BENCH_NAME_LEN * 4]; /* "file:line" of the section header */
	uint32_t keys_set;           /* enum bench_key_bit */
	enum bench_type type;
	struct bench_range mem_size; /* MiB of source (and as much destination) */
	struct bench_range buf_size; /* bytes per copy */
	struct bench_range ring_size;
	struct bench_range kick_batch;
	int src_numa;                /* BENCH_NUMA_ANY or a node */
	int dst_numa;
	bool cache_flush;
	double test_seconds;
	bool skip;
	bool verify;
	uint32_t latency_ops;        /* 0: no latency phase */
	uint32_t dif_block_size;     /* DIF types: data bytes per protected block */
	char eal_args[BENCH_EAL_ARGS_LEN];
	unsigned int nb_workers;
	struct bench_worker_cfg workers[BENCH_MAX_WORKERS];
};

struct bench_config {
	struct bench_case *cases;
	unsigned int nb_cases;
	struct bench_case global; /* [GLOBAL]: defaults for every case */
};

/* One point of a case: every variable fixed. */
struct bench_scenario {
	const struct bench_case *c;
	uint32_t index;    /* 0 .. bench_case_nb_scenarios(c) - 1 */
	uint64_t mem_size; /* MiB */
	uint64_t buf_size;
	uint64_t ring_size;
	uint64_t kick_batch;
};

/* A case with the defaults (the command line's starting point). */
void bench_case_init(struct bench_case *c, const char *name, const char *origin);

/*
 * Set one key of a case from its text value, as in a config file. Returns 0,
 * or -EINVAL with a reason in err (without location).
 */
int bench_case_set(struct bench_case *c, const char *key, const char *value,
	char *err, size_t err_len);

/*
 * Check a case on its own (sizes, required keys, one varying variable).
 * Skipped cases pass. Returns 0 or -EINVAL with the reason in err.
 */
int bench_case_validate(const struct bench_case *c, char *err, size_t err_len);

/* The variable the case varies (BENCH_VAR_NONE: a single scenario). */
enum bench_var bench_case_var(const struct bench_case *c);
uint32_t bench_case_nb_scenarios(const struct bench_case *c);
void bench_case_scenario(const struct bench_case *c, uint32_t index, struct bench_scenario *s);

const char *bench_type_name(enum bench_type type);
/* "crc32c": the operation alone, for the table */
const char *bench_op_name(enum bench_op op);
enum bench_op bench_type_op(enum bench_type type);
/* A dmadev does it (else the CPU) */
bool bench_type_is_dma(enum bench_type type);
/* The CPU type of the same operation: the baseline of a DMA type */
enum bench_type bench_type_baseline(enum bench_type type);

/* Destination bytes per buffer of buf_size: the operation's output */
uint64_t bench_dst_stride(const struct bench_case *c, uint64_t buf_size);
/* Destination bytes for nr_buf buffers (dualcast: both destinations) */
uint64_t bench_dst_bytes(const struct bench_case *c, uint64_t nr_buf, uint64_t buf_size);

void bench_config_init(struct bench_config *cfg);
void bench_config_free(struct bench_config *cfg);

/* Append a case (copied). Returns 0 or -ENOMEM. */
int bench_config_add_case(struct bench_config *cfg, const struct bench_case *c);

/*
 * Parse INI text and append its cases to cfg; origin names it in messages.
 * [GLOBAL] values become the defaults of the cases in this text. Every case
 * is validated. Returns 0, or a negative errno with "origin:line: reason" in
 * err; cfg then holds the cases before the error.
 */
int bench_config_parse_text(struct bench_config *cfg, const char *text, const char *origin,
	char *err, size_t err_len);

/* Read a file and parse it as above. */
int bench_config_parse_file(struct bench_config *cfg, const char *path, char *err,
	size_t err_len);

/* Cases that will run (not skipped). */
unsigned int bench_config_nb_active(const struct bench_config *cfg);

#endif /* BENCH_CONFIG_H */
