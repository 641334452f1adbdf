/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A configuration value that is one number or a range written
 * "first,last,step[,ADD|MUL]" (dpdk-test-dma-perf's notation; ADD when the
 * mode is left out).
 */
#ifndef BENCH_RANGE_H
#define BENCH_RANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* More scenarios than this from one range is a typo, not a plan. */
#define BENCH_RANGE_MAX_VALUES 1024

enum bench_range_mode {
	BENCH_RANGE_ADD,
	BENCH_RANGE_MUL,
};

struct bench_range {
	uint64_t first;
	uint64_t last;
	uint64_t step;
	enum bench_range_mode mode;
	bool is_range; /* written with first,last,step: it varies */
};

/*
 * Parse "N" or "first,last,step[,ADD|MUL]" into r. Returns 0, or -EINVAL with
 * a reason in err.
 */
int bench_range_parse(const char *text, struct bench_range *r, char *err, size_t err_len);

/* A range holding just one value. */
void bench_range_single(struct bench_range *r, uint64_t value);

/* Number of values the range yields (at least 1 for a parsed range). */
uint32_t bench_range_count(const struct bench_range *r);

/* The idx-th value, idx < bench_range_count(r). */
uint64_t bench_range_value(const struct bench_range *r, uint32_t idx);

/* Largest and smallest value. */
uint64_t bench_range_max(const struct bench_range *r);
uint64_t bench_range_min(const struct bench_range *r);

/*
 * Parse a whole decimal unsigned number (no sign, no junk). Returns 0 or
 * -EINVAL / -ERANGE.
 */
int bench_parse_u64(const char *text, uint64_t *value);

/* Trim white space at both ends of s, in place; returns the trimmed start. */
char *bench_trim(char *s);

#endif /* BENCH_RANGE_H */
