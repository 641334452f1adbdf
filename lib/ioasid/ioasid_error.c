/* SPDX-License-Identifier: BSD-3-Clause */
/* Error reporting and small helpers shared by all files. */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "ioasid_private.h"

/* Per thread, so concurrent callers never see each other's messages. */
static _Thread_local char last_error[256];

const char *
ioasid_last_error(void)
{
	return last_error;
}

int
ioasid_err(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return err;
}

int
ioasid_ioctl(int fd, unsigned long req, void *arg)
{
	int rc;

	do {
		rc = ioctl(fd, req, arg);
	} while (rc < 0 && errno == EINTR);
	return rc < 0 ? -errno : 0;
}

int
ioasid_path(char *buf, size_t size, const char *root, const char *fmt, ...)
{
	va_list ap;
	int n, m;

	n = snprintf(buf, size, "%s/", root);
	if (n < 0 || (size_t)n >= size)
		return ioasid_err(-ENAMETOOLONG, "path under %s too long", root);
	va_start(ap, fmt);
	m = vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)m >= size - n)
		return ioasid_err(-ENAMETOOLONG, "path under %s too long", root);
	return 0;
}

int
ioasid_array_grow(void **array, size_t *cap, size_t nr, size_t elem_size,
		pthread_rwlock_t *lock)
{
	size_t new_cap = *cap ? *cap * 2 : 8;
	void *p;

	if (nr < *cap)
		return 0;
	p = malloc(new_cap * elem_size);
	if (p == NULL)
		return ioasid_err(-ENOMEM, "out of memory");
	if (nr > 0) /* *array is NULL before the first growth */
		memcpy(p, *array, nr * elem_size);
	pthread_rwlock_wrlock(lock);
	free(*array);
	*array = p;
	*cap = new_cap;
	pthread_rwlock_unlock(lock);
	return 0;
}
