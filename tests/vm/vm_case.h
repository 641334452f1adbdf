/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest programs' report lines, which run-vm-tests.sh reads:
 *   CASE <backend>/<case> PASS|FAIL <detail>   one per case
 *   DONE <label> <passed> <failed>             once, at the end
 */
#ifndef VM_CASE_H
#define VM_CASE_H

#include <stdbool.h>

/* Name the backend that prefixes every case */
void vm_case_backend(const char *backend);

void vm_case(bool ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Print the DONE line; the program's exit status: 0 if no case failed */
int vm_case_done(const char *label);

#endif
