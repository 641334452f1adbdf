/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vhost backend's copy fallback (examples/vhost_dma/dma_fallback.c) in front of a DSA
 * dmadev on the software model: copies the device fails, or does not attempt (after a
 * fence), are redone and reported successful through rte_dma_completed() and
 * rte_dma_completed_status(), counted apart, across job-id wrap-around.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_malloc.h>

#include "dma_fallback.h"
#include "dsa_hw.h"
#include "dsa_model.h"
#include "dsa_model_bus.h"

#define VDEV "dma_dsa_model_fb"
#define DMADEV VDEV "-wq0"
#define RING 64
#define BUF 256
#define BURST 16
#define WAIT_S 20

static int failures;

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		printf("FAIL %s:%d: ", __func__, __LINE__); \
		printf(__VA_ARGS__); \
		printf("\n"); \
		failures++; \
		return -1; \
	} \
} while (0)

static int16_t fb_id;
static struct dma_fallback *fb;
static struct dsa_model *model;
static uint8_t *src, *dst;

static rte_iova_t
iova(const void *p)
{
	return (rte_iova_t)(uintptr_t)p;
}

/* BURST copies of BUF bytes, the FENCE_AT-th one fenced (none if >= BURST) */
static int
enqueue_burst(unsigned int fence_at, uint16_t *first)
{
	unsigned int i;

	memset(dst, 0, BUF * BURST);
	for (i = 0; i < BURST; i++) {
		int id = rte_dma_copy(fb_id, 0, iova(src + i * BUF), iova(dst + i * BUF), BUF,
			i == fence_at ? RTE_DMA_OP_FLAG_FENCE : 0);

		CHECK(id >= 0, "copy %u: %d", i, id);
		if (i == 0)
			*first = (uint16_t)id;
	}
	CHECK(rte_dma_submit(fb_id, 0) == 0, "submit");
	return 0;
}

/* Every copy of the burst reported done, in order, none failed; the data is right */
static int
complete_burst(uint16_t first, bool with_status)
{
	const uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * WAIT_S;
	enum rte_dma_status_code st[BURST];
	unsigned int got = 0, i;
	uint16_t last, n;
	bool err = false;

	while (got < BURST) {
		if (with_status) {
			n = rte_dma_completed_status(fb_id, 0, BURST - got, &last, st);
			for (i = 0; i < n; i++)
				CHECK(st[i] == RTE_DMA_STATUS_SUCCESSFUL, "status %d", st[i]);
		} else {
			n = rte_dma_completed(fb_id, 0, BURST - got, &last, &err);
			CHECK(!err, "the fallback reported an error");
		}
		got += n;
		if (n != 0)
			CHECK(last == (uint16_t)(first + got - 1), "last %u after %u", last, got);
		CHECK(n != 0 || rte_get_timer_cycles() < end, "%u of %u completions", got, BURST);
	}
	CHECK(memcmp(src, dst, BUF * BURST) == 0, "data");
	return 0;
}

static int
expect_counts(uint64_t failed, uint64_t not_attempted)
{
	struct dma_fallback_stats fs;
	struct rte_dma_stats ds;

	dma_fallback_stats_get(fb, &fs);
	CHECK(fs.failed == failed && fs.not_attempted == not_attempted,
	      "failed %" PRIu64 " not attempted %" PRIu64 ", expected %" PRIu64 " %" PRIu64,
	      fs.failed, fs.not_attempted, failed, not_attempted);
	/* the statistics are the device's own */
	CHECK(rte_dma_stats_get(fb_id, 0, &ds) == 0 && ds.errors == failed + not_attempted &&
	      ds.completed == ds.submitted, "device stats %" PRIu64 "/%" PRIu64 "/%" PRIu64,
	      ds.submitted, ds.completed, ds.errors);
	return 0;
}

static int
test_create(int16_t hw_id)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf vconf = { .direction = RTE_DMA_DIR_MEM_TO_MEM, .nb_desc = RING };
	struct dma_fallback *other;
	struct rte_dma_info info;

	fb_id = (int16_t)dma_fallback_create(hw_id, &fb);
	CHECK(fb_id >= 0, "create: %d", fb_id);
	CHECK(rte_dma_get_dev_id_by_name(DMADEV "-fallback") == fb_id, "name");
	CHECK(dma_fallback_create(hw_id, &other) == -EEXIST, "a second fallback");
	CHECK(rte_dma_info_get(fb_id, &info) == 0, "info");
	CHECK((info.dev_capa & (RTE_DMA_CAPA_MEM_TO_MEM | RTE_DMA_CAPA_OPS_COPY)) ==
	      (RTE_DMA_CAPA_MEM_TO_MEM | RTE_DMA_CAPA_OPS_COPY) &&
	      !(info.dev_capa & (RTE_DMA_CAPA_OPS_FILL | RTE_DMA_CAPA_OPS_COPY_SG)) &&
	      info.max_vchans == 1, "capabilities 0x%" PRIx64 ", %u vchans", info.dev_capa,
	      info.max_vchans);
	CHECK(rte_dma_configure(fb_id, &conf) == 0 && rte_dma_vchan_setup(fb_id, 0, &vconf) == 0 &&
	      rte_dma_start(fb_id) == 0, "configure, setup, start");
	CHECK(rte_dma_info_get(hw_id, &info) == 0 && info.nb_vchans == 1,
	      "the dmadev behind was configured");
	return 0;
}

/* A page fault, then a fence: 1 failed copy, the 8 after the fence not attempted */
static int
test_failed_and_not_attempted(void)
{
	uint16_t first;

	CHECK(dsa_model_inject_fault_range(model, 1, iova(src + 5 * BUF), BUF,
					   DSA_MODEL_DMA_READ) == 0, "inject");
	CHECK(enqueue_burst(8, &first) == 0, "enqueue");
	CHECK(complete_burst(first, false) == 0, "complete");
	dsa_model_clear_injections(model);
	CHECK(expect_counts(1, 8) == 0, "counts");
	/* the same through rte_dma_completed_status() */
	CHECK(dsa_model_inject_fault_range(model, 1, iova(src + 2 * BUF), BUF,
					   DSA_MODEL_DMA_READ) == 0, "inject");
	CHECK(enqueue_burst(BURST, &first) == 0, "enqueue");
	CHECK(complete_burst(first, true) == 0, "complete with status");
	dsa_model_clear_injections(model);
	return expect_counts(2, 8);
}

/* Job ids wrap around several times over a 64-entry table; one copy in 7 faults */
static int
test_wrap(void)
{
	unsigned int bursts = 3 * 65536 / BURST + 5, b;
	uint16_t first;

	CHECK(dsa_model_inject_fault_every(model, 7, 0, DSA_MODEL_DMA_WRITE) == 0, "inject");
	for (b = 0; b < bursts; b++) {
		CHECK(enqueue_burst(BURST, &first) == 0, "enqueue");
		CHECK(complete_burst(first, b % 2 != 0) == 0, "burst %u", b);
	}
	dsa_model_clear_injections(model);
	return expect_counts(2 + bursts * BURST / 7, 8);
}

int
main(int argc, char **argv)
{
	char *eal[] = { argv[0], "-l", "0", "--no-huge", "-m", "256", "--no-pci",
		"--iova-mode=va", "--no-shconf", "--file-prefix=dma_fallback_test",
		"--vdev=" VDEV ",threads=1" };
	int hw_id;

	RTE_SET_USED(argc);
	if (rte_eal_init(RTE_DIM(eal), eal) < 0) {
		printf("FAIL: EAL init\n");
		return 1;
	}
	hw_id = rte_dma_get_dev_id_by_name(DMADEV);
	model = dsa_model_bus_model(VDEV);
	src = rte_malloc(NULL, BUF * BURST, 64);
	dst = rte_malloc(NULL, BUF * BURST, 64);
	if (hw_id < 0 || model == NULL || src == NULL || dst == NULL) {
		printf("FAIL: no dmadev %s, or no memory\n", DMADEV);
		return 1;
	}
	for (unsigned int i = 0; i < BUF * BURST; i++)
		src[i] = (uint8_t)(i * 13 + 1);
	if (test_create((int16_t)hw_id) == 0) {
		test_failed_and_not_attempted();
		test_wrap();
		if (rte_dma_stop(fb_id) != 0 || rte_dma_close(fb_id) != 0 ||
		    rte_dma_is_valid((int16_t)hw_id)) {
			printf("FAIL: closing the fallback must close the dmadev behind it\n");
			failures++;
		}
	}
	rte_free(src);
	rte_free(dst);
	rte_eal_cleanup();
	printf("%s\n", failures ? "dma_fallback: FAILED" : "dma_fallback: all checks passed");
	return failures ? 1 : 0;
}
