/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DPDK glue with a real EAL (no hugepages, IOVA as VA, no PCI): every
 * memseg is mapped at IOVA = VA at start, memory added later (external heap
 * memory, through a memory event) is mapped, and memory removed is unmapped
 * so the emulated device faults on it.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>

#include "ioasid_dpdk.h"
#include "ioasid_test.h"

TEST_DEFINE_COUNTERS;

#define PG 4096u
#define EXT_PAGES 16u

static int
translate(struct ioasid_device *dev, const void *va, void **host)
{
	uint64_t contig;

	return ioasid_device_dma_translate(dev, (uintptr_t)va, 64,
		IOASID_DMA_READ | IOASID_DMA_WRITE, IOASID_NO_PASID, host, &contig);
}

int
main(int argc, char **argv)
{
	char *eal_args[] = { argv[0], "--no-huge", "-m", "64", "--iova-mode=va",
		"--no-pci", "--no-shconf", "--file-prefix=ioasid-dpdk-test", "-l", "0",
		"--log-level=lib.eal:error" };
	struct ioasid_ctx_opts opts = { .backend = IOASID_BACKEND_EMULATED };
	struct ioasid_device *dev;
	struct ioasid_dpdk *glue;
	struct ioasid_ioas *ioas;
	struct ioasid_ctx *ctx;
	uint64_t pages;
	void *host, *ext, *obj;

	(void)argc;
	if (rte_eal_init((int)(sizeof(eal_args) / sizeof(eal_args[0])), eal_args) < 0) {
		fprintf(stderr, "FAIL: rte_eal_init: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	CHECK_RC(ioasid_ctx_open(&opts, &ctx), 0);
	CHECK_RC(ioasid_ioas_alloc(ctx, &ioas), 0);
	CHECK_RC(ioasid_device_open_emulated(ctx, "dpdk", 0, &dev), 0);
	CHECK_RC(ioasid_device_attach(dev, ioas), 0);
	CHECK_RC(ioasid_dpdk_attach(NULL, &glue), -EINVAL);
	CHECK_RC(ioasid_dpdk_attach(ioas, &glue), 0);
	pages = ioasid_dpdk_mapped_pages(glue);
	CHECK(pages >= (64u << 20) / PG);

	/* Memory DPDK hands out is reachable by the device at IOVA = VA. */
	obj = rte_malloc(NULL, 8192, 64);
	CHECK(obj != NULL);
	CHECK_RC(translate(dev, obj, &host), 0);
	CHECK(host == obj);

	/* Memory added later arrives as a memory event and is mapped. With
	 * --no-huge DPDK runs in legacy memory mode, which has no event
	 * callbacks, so the test delivers the event as the application would. */
	ext = aligned_alloc(PG, EXT_PAGES * PG);
	CHECK(ext != NULL);
	CHECK(rte_malloc_heap_create("ioasid-ext") == 0);
	CHECK(rte_malloc_heap_memory_add("ioasid-ext", ext, EXT_PAGES * PG, NULL, 0, PG) == 0);
	CHECK_RC(ioasid_dpdk_mem_event(glue, true, ext, EXT_PAGES * PG), 0);
	CHECK(ioasid_dpdk_mapped_pages(glue) == pages + EXT_PAGES);
	CHECK_RC(translate(dev, (char *)ext + 5 * PG, &host), 0);
	CHECK(host == (char *)ext + 5 * PG);
	/* Memory removed is unmapped before DPDK lets it go. */
	CHECK_RC(ioasid_dpdk_mem_event(glue, false, ext, EXT_PAGES * PG), 0);
	CHECK(rte_malloc_heap_memory_remove("ioasid-ext", ext, EXT_PAGES * PG) == 0);
	CHECK(ioasid_dpdk_mapped_pages(glue) == pages);
	CHECK_RC(ioasid_dpdk_mem_event(glue, false, ext, EXT_PAGES * PG), -ENOENT);
	CHECK_RC(ioasid_dpdk_mem_event(glue, true, NULL, PG), -EINVAL);
	CHECK_RC(translate(dev, (char *)ext + 5 * PG, &host), -EFAULT);
	CHECK(rte_malloc_heap_destroy("ioasid-ext") == 0);
	free(ext);

	/* Detaching the glue unmaps all of DPDK's memory. */
	ioasid_dpdk_detach(glue);
	CHECK_RC(translate(dev, obj, &host), -EFAULT);
	rte_free(obj);
	ioasid_device_close(dev);
	CHECK_RC(ioasid_ioas_free(ioas), 0);
	CHECK_RC(ioasid_ctx_close(ctx), 0);
	rte_eal_cleanup();
	return test_report("ioasid dpdk");
}
