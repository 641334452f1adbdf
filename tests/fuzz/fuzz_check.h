/* SPDX-License-Identifier: BSD-3-Clause */
/* Assertions of the fuzz harnesses: a broken property is a crash libFuzzer keeps. */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_ASSERT(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "FUZZ ASSERT %s:%d: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fprintf(stderr, "\n"); \
		abort(); \
	} \
} while (0)

#endif /* FUZZ_CHECK_H */
