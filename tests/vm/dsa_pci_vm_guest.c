/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The driver's PCI backend inside the VM: a DPDK process loads the plugin
 * built by this tree and probes dma_dsa_pci on one of QEMU's edu devices
 * through a real kernel backend (iommufd + VFIO cdev, or VFIO type1). The
 * probe must get as far as reading the function's PCI IDs and refuse it as
 * "not a DSA device", twice (the first refusal releases everything).
 * Prints "CASE <backend>/<case> PASS|FAIL <detail>" per case, then
 * "DONE dsa_pci <backend> <passed> <failed>".
 * Usage: dsa_pci_vm_guest iommufd|type1 <plugin.so> <pci-addr>
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_log.h>
#include <rte_bus_vdev.h>

#include "vm_case.h"

#define LOG_CAP 8192
#define EDU_ID "(1234:11e8)"

static const char *backend_name;

/* DPDK's log since the last reset, also copied to the console */
static char log_buf[LOG_CAP];
static size_t log_len;

static ssize_t
log_write(void *cookie, const char *buf, size_t size)
{
	size_t n = size < LOG_CAP - 1 - log_len ? size : LOG_CAP - 1 - log_len;

	(void)cookie;
	memcpy(log_buf + log_len, buf, n);
	log_len += n;
	log_buf[log_len] = '\0';
	fwrite(buf, 1, size, stdout);
	fflush(stdout);
	return (ssize_t)size;
}

static void
log_reset(void)
{
	log_len = 0;
	log_buf[0] = '\0';
}

/* The captured line holding NEEDLE, without its newline; "" if none */
static const char *
log_line(const char *needle, char *out, size_t out_size)
{
	const char *hit = strstr(log_buf, needle);
	const char *start, *end;

	out[0] = '\0';
	if (hit == NULL)
		return out;
	for (start = hit; start > log_buf && start[-1] != '\n'; start--)
		;
	end = strchrnul(hit, '\n');
	snprintf(out, out_size, "%.*s", (int)(end - start), start);
	return out;
}


/*
 * One probe of the edu device: refused with -ENODEV after the kernel
 * backend named BACKEND_NAME opened and attached it (no libioasid step
 * failed) and its IDs were read; no dmadev is left behind.
 */
static void
case_refused(const char *name, const char *pci)
{
	char args[128], reason[512], opened[64];
	bool ok;
	int rc;

	snprintf(args, sizeof(args), "pci=%s,iommu=%s", pci, backend_name);
	snprintf(opened, sizeof(opened), "IOMMU backend %s", backend_name);
	log_reset();
	rc = rte_vdev_init("dma_dsa_pci0", args);
	log_line(EDU_ID " is not a DSA device", reason, sizeof(reason));
	if (reason[0] == '\0')
		log_line(" failed: ", reason, sizeof(reason));
	ok = rc == -ENODEV && reason[0] != '\0' && strstr(log_buf, opened) != NULL &&
		strstr(log_buf, " failed: ") == NULL && rte_dma_count_avail() == 0;
	vm_case(ok, name, "rc=%d dmadevs=%u %s%s", rc, rte_dma_count_avail(),
	       strstr(log_buf, opened) != NULL ? "" : "(backend not opened) ",
	       reason[0] != '\0' ? reason : "(no reason logged)");
}

int
main(int argc, char **argv)
{
	char *eal_argv[] = {
		argv[0], "--no-pci", "--no-huge", "-m", "64", "--iova-mode=va",
		"--no-shconf", "--no-telemetry", "-l", "0", "--log-level=pmd.dma.dsa:info",
		"-d", argc > 2 ? argv[2] : "", NULL,
	};
	cookie_io_functions_t io = { .write = log_write };
	char label[64];
	bool iova_va;
	FILE *log;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: %s iommufd|type1 <plugin.so> <pci-addr>\n", argv[0]);
		return 2;
	}
	backend_name = argv[1];
	vm_case_backend(backend_name);
	log = fopencookie(NULL, "w", io);
	if (log == NULL || rte_openlog_stream(log) < 0) {
		fprintf(stderr, "cannot capture DPDK's log\n");
		return 1;
	}
	setvbuf(log, NULL, _IOLBF, 0);
	rc = rte_eal_init((int)(sizeof(eal_argv) / sizeof(eal_argv[0])) - 1, eal_argv);
	iova_va = rc >= 0 && rte_eal_iova_mode() == RTE_IOVA_VA;
	vm_case(iova_va, "dsa_pci_eal_init", "rc=%d iova=%s plugin %s", rc,
	       iova_va ? "va" : "not va", argv[2]);
	if (rc >= 0) {
		case_refused("dsa_pci_refuse_edu", argv[3]);
		case_refused("dsa_pci_refuse_again", argv[3]);
		rc = rte_eal_cleanup();
		vm_case(rc == 0, "dsa_pci_eal_cleanup", "rc=%d", rc);
	}
	snprintf(label, sizeof(label), "dsa_pci %s", backend_name);
	return vm_case_done(label);
}
