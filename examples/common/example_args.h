/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Command-line helper shared by the examples.
 */

#ifndef EXAMPLE_ARGS_H
#define EXAMPLE_ARGS_H

#include <errno.h>
#include <stdlib.h>

/* ARG as a decimal number within [MIN, MAX]; -EINVAL for anything else. */
static inline int
example_parse_uint(const char *arg, unsigned int min, unsigned int max, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

#endif /* EXAMPLE_ARGS_H */
