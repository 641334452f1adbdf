/* SPDX-License-Identifier: BSD-3-Clause */
/* dmadev steps the driver tests share */
#ifndef DSA_TEST_DMA_TEST_H
#define DSA_TEST_DMA_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_bus_vdev.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_log.h>
#include <rte_memzone.h>

#include "check.h"

/* Addresses: every device under test runs with IOVA = VA */
static inline rte_iova_t
iova(const void *p)
{
	return (rte_iova_t)(uintptr_t)p;
}

/* One memory-to-memory vchan of NB_DESC descriptors, not started yet */
static inline int
dma_test_configure(int16_t id, uint16_t nb_desc)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf qconf = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = nb_desc,
	};

	CHECK(rte_dma_configure(id, &conf) == 0, "configure");
	CHECK(rte_dma_vchan_setup(id, 0, &qconf) == 0, "vchan_setup");
	return 0;
}

/* One vchan of NB_DESC descriptors, started; SVA: the device must (not) claim SVA */
static inline int
dma_test_start(int16_t id, uint16_t nb_desc, bool sva)
{
	struct rte_dma_info info;

	CHECK(id >= 0 && rte_dma_info_get(id, &info) == 0, "info_get");
	CHECK(((info.dev_capa & RTE_DMA_CAPA_SVA) != 0) == sva,
	      sva ? "the device does not claim SVA" : "an IOVA device claims SVA");
	CHECK(dma_test_configure(id, nb_desc) == 0, "configure");
	CHECK(rte_dma_start(id) == 0, "start");
	return 0;
}

/* Run one named test case; its CHECKs count the failures */
static inline void
dma_test_run(const char *name, int (*fn)(void))
{
	printf("== %s\n", name);
	fflush(stdout);
	printf("%s: %s\n", name, fn() == 0 ? "ok" : "FAILED");
}

/*
 * EAL of a driver test program ARGV0 on LCORES, with file prefix PREFIX and
 * the N arguments EXTRA (the devices under test); exits if it fails.
 */
static inline void
dma_test_eal_init(char *argv0, const char *lcores, const char *prefix,
		  const char *const *extra, unsigned int n)
{
	char prefix_arg[64];
	char *eal_argv[48] = { argv0, (char *)(uintptr_t)"-l", (char *)(uintptr_t)lcores,
		(char *)(uintptr_t)"--no-huge", (char *)(uintptr_t)"-m", (char *)(uintptr_t)"256",
		(char *)(uintptr_t)"--no-pci", (char *)(uintptr_t)"--iova-mode=va",
		(char *)(uintptr_t)"--log-level=pmd.dma.dsa:info",
		(char *)(uintptr_t)"--no-shconf", prefix_arg };
	int eal_argc = 11;
	unsigned int i;

	snprintf(prefix_arg, sizeof(prefix_arg), "--file-prefix=%s", prefix);
	for (i = 0; i < n && eal_argc < (int)RTE_DIM(eal_argv); i++)
		eal_argv[eal_argc++] = (char *)(uintptr_t)extra[i];
	if (rte_eal_init(eal_argc, eal_argv) < 0) {
		printf("FAIL: EAL init\n");
		exit(1);
	}
}

/* The id of dmadev NAME; exits if there is none */
static inline int16_t
dma_test_dev_id(const char *name)
{
	int id = rte_dma_get_dev_id_by_name(name);

	if (id < 0) {
		printf("FAIL: no dmadev %s\n", name);
		exit(1);
	}
	return (int16_t)id;
}

/* A named test case of a driver test program */
struct dma_test_case {
	const char *name;
	int (*fn)(void);
};

/*
 * Run the N CASES named on the command line (ARGC, ARGV; all if none are
 * named), then clean up EAL. Returns the program's exit status.
 */
static inline int
dma_test_run_named(int argc, char **argv, const struct dma_test_case *cases, unsigned int n)
{
	unsigned int j, ran = 0;
	int i;

	for (j = 0; j < n; j++) {
		bool wanted = argc == 1;

		for (i = 1; i < argc; i++)
			wanted |= strcmp(argv[i], cases[j].name) == 0;
		if (!wanted)
			continue;
		ran++;
		dma_test_run(cases[j].name, cases[j].fn);
	}
	rte_eal_cleanup();
	if (ran == 0) {
		printf("FAIL: no test named on the command line exists\n");
		return 1;
	}
	printf("%u test(s), %d failure(s)\n", ran, failures);
	return failures ? 1 : 0;
}

static inline void
dma_test_count_mz(const struct rte_memzone *mz __rte_unused, void *arg)
{
	(*(unsigned int *)arg)++;
}

/* The number of memzones, to see that a removed device left none behind */
static inline unsigned int
dma_test_memzones(void)
{
	unsigned int n = 0;

	rte_memzone_walk(dma_test_count_mz, &n);
	return n;
}

/*
 * Probing vdev NAME with ARGS fails, says NEEDLE in its log, and leaves no
 * dmadev or memzone behind.
 */
static inline int
dma_test_expect_refused(const char *name, const char *args, const char *needle)
{
	const unsigned int mz0 = dma_test_memzones(), dmadevs0 = rte_dma_count_avail();
	char *log = NULL;
	size_t log_len = 0;
	FILE *f = open_memstream(&log, &log_len);
	int ret;

	CHECK(f != NULL && rte_openlog_stream(f) == 0, "log capture");
	ret = rte_vdev_init(name, args);
	fflush(f);
	rte_openlog_stream(stdout);
	fclose(f);
	printf("%s", log);
	EXPECT(ret < 0, "\"%s\" probed", args);
	EXPECT(strstr(log, needle) != NULL, "\"%s\": the log does not say \"%s\"", args, needle);
	free(log);
	if (ret == 0)
		rte_vdev_uninit(name);
	CHECK(rte_dma_count_avail() == dmadevs0 && dma_test_memzones() == mz0,
	      "refusal left state");
	return 0;
}

/* Free 2 MiB hugepages: the tests that need them skip without enough */
static inline unsigned int
dma_test_free_hugepages(void)
{
	FILE *f = fopen("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "r");
	unsigned int n = 0;

	if (f != NULL) {
		if (fscanf(f, "%u", &n) != 1)
			n = 0;
		fclose(f);
	}
	return n;
}

#endif /* DSA_TEST_DMA_TEST_H */
