/* SPDX-License-Identifier: BSD-3-Clause */
/* Error reporting and small system-call helpers shared by all files. */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
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
