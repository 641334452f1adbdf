/* SPDX-License-Identifier: BSD-3-Clause */
/* Minimal checks for the benchmark's unit tests: report and count failures. */
#ifndef TEST_DMA_CHECK_H
#define TEST_DMA_CHECK_H

#include <math.h>
#include <stdio.h>

static unsigned int check_failures;
static unsigned int check_count;

#define CHECK(cond) do { \
	check_count++; \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		check_failures++; \
	} \
} while (0)

#define CHECK_NEAR(a, b, tol) do { \
	double check_a_ = (a), check_b_ = (b); \
	check_count++; \
	if (!(fabs(check_a_ - check_b_) <= (tol))) { \
		fprintf(stderr, "%s:%d: check failed: %s = %g, expected %g\n", \
			__FILE__, __LINE__, #a, check_a_, check_b_); \
		check_failures++; \
	} \
} while (0)

static inline int
check_report(const char *name)
{
	printf("%s: %u checks, %u failed\n", name, check_count, check_failures);
	return check_failures == 0 ? 0 : 1;
}

#endif /* TEST_DMA_CHECK_H */
