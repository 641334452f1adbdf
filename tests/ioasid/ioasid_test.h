/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef IOASID_TEST_H
#define IOASID_TEST_H

/* Minimal checking for the ioasid suite: every failed check is printed
 * with its location and the library's last error, and counted. */

#include <stdio.h>

#include "ioasid.h"

extern unsigned int test_failures;
extern unsigned int test_checks;

#define CHECK(cond) do { \
	test_checks++; \
	if (!(cond)) { \
		test_failures++; \
		fprintf(stderr, "FAIL %s:%d: %s (last error: %s)\n", __FILE__, \
			__LINE__, #cond, ioasid_last_error()); \
	} \
} while (0)

#define CHECK_RC(expr, expected) do { \
	int rc_ = (expr); \
	test_checks++; \
	if (rc_ != (expected)) { \
		test_failures++; \
		fprintf(stderr, "FAIL %s:%d: %s = %d, expected %d (last error: %s)\n", \
			__FILE__, __LINE__, #expr, rc_, (expected), ioasid_last_error()); \
	} \
} while (0)

#define TEST_DEFINE_COUNTERS unsigned int test_failures, test_checks

static inline int
test_report(const char *name)
{
	printf("%s: %u checks, %u failures\n", name, test_checks, test_failures);
	if (test_checks == 0)
		printf("FAIL: %s made no checks\n", name);
	return test_failures || test_checks == 0 ? 1 : 0;
}

#endif /* IOASID_TEST_H */
