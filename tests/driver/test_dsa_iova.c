/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Devices whose DMA goes through a libioasid address space (IOVA = VA, all
 * DPDK memory mapped by libioasid's DPDK glue, nothing else):
 *  - the PCI backend (dma_dsa_pci) on libioasid's emulated IOMMU with the
 *    model behind an emulated device: probe, copies, a page fault on memory
 *    outside DPDK, refusal of bad devargs and of a function that is not a
 *    DSA, teardown and probe again;
 *  - the model backend with addr=iova: the same faults;
 *  - in dynamic memory mode (hugepages), memory that DPDK frees leaves the
 *    address space: a copy to it faults instead of writing.
 *
 * usage: test_dsa_iova legacy|dynamic   (legacy: --no-huge; dynamic: hugepages,
 * exits 77 when too few are free)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_bus_vdev.h>
#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_pause.h>

#include <linux/pci_regs.h>

#include "dma_test.h"
#include "dsa_hw.h"
#include "dsa_model.h"
#include "dsa_pci.h"

#define WAIT_S 20 /* generous: the machine may be loaded */
#define BUF_LEN 4096
#define PCI_ARGS "pci=0000:6a:01.0,iommu=emulated"
#define DYNAMIC_HUGEPAGES 64 /* 2 MiB pages the dynamic mode needs free */
#define BIG_LEN (32u << 20)  /* above what EAL maps at start in dynamic mode */

static int16_t
dev_id(const char *name)
{
	int id = rte_dma_get_dev_id_by_name(name);

	if (id < 0)
		printf("FAIL: no dmadev %s\n", name);
	return (int16_t)id;
}

static int
setup(int16_t id)
{
	return dma_test_start(id, 128, false);
}

static void
fill(uint8_t *p, size_t len, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

/* One copy, submitted alone; returns its status, or -1 when none came */
static int
copy_status(int16_t id, const void *src, void *dst, uint32_t len)
{
	const uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * WAIT_S;
	enum rte_dma_status_code st;
	uint16_t last;

	if (rte_dma_copy(id, 0, iova(src), iova(dst), len, RTE_DMA_OP_FLAG_SUBMIT) < 0)
		return -1;
	while (rte_dma_completed_status(id, 0, 1, &last, &st) == 0) {
		if (rte_get_timer_cycles() > end)
			return -1;
		rte_pause();
	}
	return (int)st;
}

/* Bursts of copies between DPDK buffers, enough to wrap the portal slots */
static int
copies_through_iova(int16_t id)
{
	uint8_t *src = rte_malloc(NULL, BUF_LEN, 64), *dst = rte_zmalloc(NULL, BUF_LEN * 8, 64);
	const uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * WAIT_S;
	unsigned int sent = 0, done = 0, i;
	uint16_t last;
	bool err = false;

	CHECK(src != NULL && dst != NULL, "out of memory");
	fill(src, BUF_LEN, 5);
	while (done < 800 && !err) {
		for (i = 0; sent < 800 && i < 8 && rte_dma_burst_capacity(id, 0) > 0; i++, sent++)
			CHECK(rte_dma_copy(id, 0, iova(src), iova(dst + (sent % 8) * BUF_LEN),
					   BUF_LEN - sent % 64, 0) >= 0, "copy %u", sent);
		rte_dma_submit(id, 0);
		done += rte_dma_completed(id, 0, 64, &last, &err);
		CHECK(rte_get_timer_cycles() < end, "only %u of %u copies completed", done, sent);
	}
	CHECK(!err && done == 800, "copies failed (%u done)", done);
	for (i = 0; i < 8; i++)
		CHECK(memcmp(src, dst + i * BUF_LEN, BUF_LEN - 64) == 0, "data of buffer %u", i);
	rte_free(src);
	rte_free(dst);
	return 0;
}

/* Memory outside DPDK is outside the address space: a fault either way */
static int
faults_outside_dpdk(int16_t id)
{
	uint8_t *dp = rte_malloc(NULL, BUF_LEN, 64), *heap = NULL;
	uint8_t zero[BUF_LEN] = { 0 };
	int st;

	CHECK(dp != NULL && posix_memalign((void **)&heap, BUF_LEN, BUF_LEN) == 0, "memory");
	fill(dp, BUF_LEN, 1);
	memset(heap, 0, BUF_LEN);
	st = copy_status(id, heap, dp, BUF_LEN);
	EXPECT(st == RTE_DMA_STATUS_PAGE_FAULT, "read of malloc memory: status %d", st);
	st = copy_status(id, dp, heap, BUF_LEN);
	EXPECT(st == RTE_DMA_STATUS_PAGE_FAULT, "write to malloc memory: status %d", st);
	EXPECT(memcmp(heap, zero, BUF_LEN) == 0, "the device wrote to unmapped memory");
	st = copy_status(id, dp, dp + BUF_LEN / 2, BUF_LEN / 2);
	EXPECT(st == RTE_DMA_STATUS_SUCCESSFUL, "DPDK memory after the faults: status %d", st);
	free(heap);
	rte_free(dp);
	return 0;
}

/*
 * A halt that needs a function-level reset: start resets the function
 * through libioasid (the emulated device's reset: the model's FLR, COMMAND
 * back to 0), turns memory space and bus master on again and reconfigures;
 * both WQs then copy.
 */
static int
flr_recovery(struct ioasid_device *iodev, struct dsa_model *m, int16_t wq0, int16_t wq1)
{
	const uint64_t give_up = rte_get_timer_cycles() + 5 * rte_get_timer_hz();
	enum rte_dma_vchan_status vs = RTE_DMA_VCHAN_ACTIVE;
	const uint16_t on = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	uint16_t command = 0;

	CHECK(dsa_model_inject_halt(m, DSA_RESET_FLR) == 0, "halt");
	while (rte_dma_vchan_status(wq0, 0, &vs) == 0 && vs != RTE_DMA_VCHAN_HALTED_ERROR &&
	       rte_get_timer_cycles() < give_up)
		rte_pause();
	CHECK(vs == RTE_DMA_VCHAN_HALTED_ERROR, "vchan status %d, expected halted", vs);
	CHECK(rte_dma_stop(wq0) == 0 && rte_dma_start(wq0) == 0, "stop/start after the halt");
	CHECK(ioasid_device_config_read(iodev, PCI_COMMAND, &command, 2) == 0 &&
	      (command & on) == on,
	      "COMMAND 0x%x after the reset: memory space or bus master off", command);
	CHECK(copies_through_iova(wq0) == 0, "copies wq0 after the reset");
	CHECK(copies_through_iova(wq1) == 0, "copies wq1 after the reset");
	return 0;
}

/*
 * The PCI backend on the emulated device: probe, traffic on two WQs, a fault
 * that the emulated IOMMU counts, a function-level reset (first round),
 * teardown; three times, so that whatever a
 * removal leaks (address space, context, rings, name) shows.
 */
static int
test_pci_emulated(void)
{
	const unsigned int dmadevs0 = rte_dma_count_avail();
	unsigned int round, mz_after_first = 0;

	for (round = 0; round < 3; round++) {
		struct ioasid_device *iodev;
		uint64_t faults;

		CHECK(rte_vdev_init("dma_dsa_pci0", PCI_ARGS ",wqs=2,wq_size=16") == 0,
		      "probe, round %u", round);
		CHECK(dsa_pci_bus_model("dma_dsa_pci0") != NULL, "no model behind the device");
		iodev = dsa_pci_bus_ioasid_device("dma_dsa_pci0");
		CHECK(iodev != NULL, "no libioasid device");
		CHECK(rte_dma_count_avail() == dmadevs0 + 2, "one dmadev per WQ");
		CHECK(setup(dev_id("dma_dsa_pci0-wq0")) == 0, "setup wq0");
		CHECK(setup(dev_id("dma_dsa_pci0-wq1")) == 0, "setup wq1");
		CHECK(copies_through_iova(dev_id("dma_dsa_pci0-wq0")) == 0, "copies wq0");
		CHECK(copies_through_iova(dev_id("dma_dsa_pci0-wq1")) == 0, "copies wq1");
		faults = ioasid_device_fault_count(iodev);
		CHECK(faults_outside_dpdk(dev_id("dma_dsa_pci0-wq1")) == 0, "faults");
		CHECK(ioasid_device_fault_count(iodev) >= faults + 2,
		      "the emulated IOMMU saw %" PRIu64 " faults, expected 2 more",
		      ioasid_device_fault_count(iodev) - faults);
		if (round == 0)
			CHECK(flr_recovery(iodev, dsa_pci_bus_model("dma_dsa_pci0"),
					   dev_id("dma_dsa_pci0-wq0"),
					   dev_id("dma_dsa_pci0-wq1")) == 0, "FLR recovery");
		CHECK(rte_vdev_uninit("dma_dsa_pci0") == 0, "remove");
		CHECK(rte_dma_count_avail() == dmadevs0, "dmadevs left after remove");
		/* the first dmadev ever made allocates dmadev's own shared data */
		if (round == 0)
			mz_after_first = dma_test_memzones();
		CHECK(dma_test_memzones() == mz_after_first, "%u more memzones after remove %u",
		      dma_test_memzones() - mz_after_first, round);
		CHECK(dsa_pci_bus_ioasid_device("dma_dsa_pci0") == NULL, "device left");
	}
	return 0;
}

/* Probe ARGS and expect a refusal whose log names NEEDLE, leaving nothing */
static int
expect_refused(const char *args, const char *needle)
{
	return dma_test_expect_refused("dma_dsa_pci_bad", args, needle);
}

static int
test_pci_refusals(void)
{
	CHECK(expect_refused("iommu=emulated", "pci=<address> is required") == 0, "no pci");
	CHECK(expect_refused("pci=0000:6a:01.0,iommu=intel", "iommu=intel") == 0, "iommu");
	CHECK(expect_refused("pci=6a:01", "pci=6a:01") == 0, "address");
	CHECK(expect_refused(PCI_ARGS ",emu_pci_id=1234:11e8", "not a DSA device") == 0,
	      "QEMU edu ids");
	CHECK(expect_refused(PCI_ARGS ",emu_pci_id=8086:0cfe", "not a DSA device") == 0,
	      "IAA ids");
	CHECK(expect_refused(PCI_ARGS ",wqs=9", "wqs=9") == 0, "too many WQs");
	CHECK(expect_refused(PCI_ARGS ",wq_mode=shared", "wq_mode=shared") == 0, "shared");
	CHECK(expect_refused("pci=0000:6a:01.0,threads=2", "iommu=emulated") == 0, "threads");
	/* without VFIO (as on the test machines) type1 fails with libioasid's reason */
	CHECK(expect_refused("pci=0000:6a:01.0,iommu=type1",
			     "opening the IOMMU context failed: cannot open") == 0, "type1");
	/* the other DSA device ids are taken */
	CHECK(rte_vdev_init("dma_dsa_pci_gnrd", PCI_ARGS ",emu_pci_id=8086:11fb") == 0, "GNR-D");
	CHECK(rte_vdev_uninit("dma_dsa_pci_gnrd") == 0, "remove GNR-D");
	CHECK(rte_vdev_init("dma_dsa_pci_dmr", PCI_ARGS ",emu_pci_id=8086:1212,preset=dsa2") == 0,
	      "DMR");
	CHECK(rte_vdev_uninit("dma_dsa_pci_dmr") == 0, "remove DMR");
	return 0;
}

/* The model backend with addr=iova: DPDK memory works, other memory faults */
static int
test_model_iova(void)
{
	int16_t id;

	CHECK(rte_vdev_init("dma_dsa_model_iova", "addr=iova,wqs=1") == 0, "probe");
	id = dev_id("dma_dsa_model_iova-wq0");
	CHECK(setup(id) == 0, "setup");
	CHECK(copies_through_iova(id) == 0, "copies");
	CHECK(faults_outside_dpdk(id) == 0, "faults");
	CHECK(rte_vdev_uninit("dma_dsa_model_iova") == 0, "remove");
	CHECK(rte_vdev_init("dma_dsa_model_iova_sh", "addr=iova,wq_mode=shared") < 0,
	      "a shared WQ without PASID was accepted");
	return 0;
}

/* Set by a memory-event callback when DPDK frees the page holding freed_at */
static const uint8_t *freed_at;
static volatile bool freed_seen;

static void
on_mem_event(enum rte_mem_event type, const void *addr, size_t len, void *arg __rte_unused)
{
	const uint8_t *p = addr;

	if (type == RTE_MEM_EVENT_FREE && freed_at >= p && freed_at < p + len)
		freed_seen = true;
}

/*
 * Dynamic memory: a large allocation brings new hugepages, which the glue
 * maps; freeing it gives them back to the system, and the glue unmaps them
 * first. A copy into the freed range must then fault: were it still mapped,
 * the model would write to memory the process no longer has.
 */
static int
test_freed_memory(void)
{
	uint8_t *src = rte_malloc(NULL, BUF_LEN, 64), *big = rte_malloc(NULL, BIG_LEN, 0);
	uint8_t *probe_at;
	int16_t id;
	int st;

	CHECK(src != NULL && big != NULL, "out of memory");
	CHECK(rte_vdev_init("dma_dsa_pci_dyn", PCI_ARGS) == 0, "probe");
	id = dev_id("dma_dsa_pci_dyn-wq0");
	CHECK(setup(id) == 0, "setup");
	fill(src, BUF_LEN, 3);
	probe_at = big + BIG_LEN / 2;
	st = copy_status(id, src, probe_at, BUF_LEN);
	CHECK(st == RTE_DMA_STATUS_SUCCESSFUL, "copy into the big buffer: status %d", st);
	CHECK(memcmp(src, probe_at, BUF_LEN) == 0, "data");
	freed_at = probe_at;
	CHECK(rte_mem_event_callback_register("test_dsa_iova", on_mem_event, NULL) == 0,
	      "memory-event callback");
	rte_free(big);
	rte_mem_event_callback_unregister("test_dsa_iova", NULL);
	CHECK(freed_seen, "DPDK kept the pages of a freed %u MiB buffer", BIG_LEN >> 20);
	st = copy_status(id, src, probe_at, BUF_LEN);
	CHECK(st == RTE_DMA_STATUS_PAGE_FAULT, "copy into freed memory: status %d", st);
	/* memory DPDK adds later is mapped as it comes */
	big = rte_malloc(NULL, BIG_LEN, 0);
	CHECK(big != NULL, "out of memory");
	st = copy_status(id, src, big + BIG_LEN - BUF_LEN, BUF_LEN);
	CHECK(st == RTE_DMA_STATUS_SUCCESSFUL, "copy into new memory: status %d", st);
	rte_free(big);
	rte_free(src);
	CHECK(rte_vdev_uninit("dma_dsa_pci_dyn") == 0, "remove");
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(void);
	bool dynamic_only;
} tests[] = {
	{ "pci_emulated", test_pci_emulated, false },
	{ "pci_refusals", test_pci_refusals, false },
	{ "model_iova", test_model_iova, false },
	{ "freed_memory", test_freed_memory, true },
};

int
main(int argc, char **argv)
{
	bool dynamic = argc > 1 && strcmp(argv[1], "dynamic") == 0;
	char *eal_argv[16] = { argv[0], "-l", "0-1", "--no-pci", "--iova-mode=va",
		"--log-level=pmd.dma.dsa:info" };
	int eal_argc = 6, j, ran = 0;

	if (argc != 2 || (!dynamic && strcmp(argv[1], "legacy") != 0)) {
		printf("usage: %s legacy|dynamic\n", argv[0]);
		return 1;
	}
	if (dynamic) {
		if (dma_test_free_hugepages() < DYNAMIC_HUGEPAGES) {
			printf("SKIP: dynamic memory needs %u free 2 MiB hugepages, %u are free\n",
			       DYNAMIC_HUGEPAGES, dma_test_free_hugepages());
			return 77;
		}
		eal_argv[eal_argc++] = "--in-memory";
		eal_argv[eal_argc++] = "--file-prefix=dsa_iova_dynamic";
	} else {
		eal_argv[eal_argc++] = "--no-huge";
		eal_argv[eal_argc++] = "-m";
		eal_argv[eal_argc++] = "128";
		eal_argv[eal_argc++] = "--no-shconf";
		eal_argv[eal_argc++] = "--file-prefix=dsa_iova_legacy";
	}
	if (rte_eal_init(eal_argc, eal_argv) < 0) {
		printf("FAIL: EAL init\n");
		return 1;
	}
	for (j = 0; j < (int)RTE_DIM(tests); j++) {
		if (tests[j].dynamic_only && !dynamic)
			continue;
		ran++;
		dma_test_run(tests[j].name, tests[j].fn);
	}
	rte_eal_cleanup();
	printf("%d test(s), %d failure(s)\n", ran, failures);
	return failures ? 1 : 0;
}
