/* SPDX-License-Identifier: BSD-3-Clause */
/* See vm_case.h: one line per guest test case, and the summary. */
#include <stdarg.h>
#include <stdio.h>

#include "vm_case.h"

static const char *backend_name = "";
static unsigned int passed, failed;

void
vm_case_backend(const char *backend)
{
	backend_name = backend;
}

void
vm_case(bool ok, const char *name, const char *fmt, ...)
{
	char detail[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	printf("CASE %s/%s %s %s\n", backend_name, name, ok ? "PASS" : "FAIL", detail);
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

int
vm_case_done(const char *label)
{
	printf("DONE %s %u %u\n", label, passed, failed);
	fflush(stdout);
	return failed ? 1 : 0;
}
