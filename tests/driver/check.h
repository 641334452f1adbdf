/* SPDX-License-Identifier: BSD-3-Clause */
/* Assertions of the driver tests: print where and why, count, go on or return */
#ifndef DSA_TEST_CHECK_H
#define DSA_TEST_CHECK_H

#include <stdio.h>

static int failures;

/* Record a failure of COND and carry on */
#define EXPECT(cond, ...) ((cond) ? 1 : (printf("FAIL %s:%d: ", __func__, __LINE__), \
	printf(__VA_ARGS__), printf("\n"), failures++, 0))

/* Record a failure of COND and return -1 from the calling test */
#define CHECK(cond, ...) do { \
	if (!EXPECT(cond, __VA_ARGS__)) \
		return -1; \
} while (0)

#endif /* DSA_TEST_CHECK_H */
