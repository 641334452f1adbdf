/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DPDK application of the telemetry test (telemetry_test.py): two
 * dmadevs on a model device and a dma_skeleton, driven through phases. At
 * the end of each phase it prints one line
 *   @@ <phase> {"key": value, ...}
 * with what it did and saw (job statuses counted by kind), then waits for a
 * line on stdin while the script reads the telemetry socket.
 * Phases: ready, traffic (copies, a page fault, an invalid-opcode and an
 * invalid-length status), held (engine stalled: units sent and held), halted
 * (a halt with work in flight), recovered (stop/start), stopped (dmadev 1).
 *
 * usage: test_dsa_telemetry FILE_PREFIX
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_pause.h>

#include "dma_test.h"
#include "dsa_hw.h"
#include "dsa_model.h"
#include "dsa_model_bus.h"

#define WAIT_S 30       /* generous: the machine may be loaded */
#define BUF_LEN 4096
#define NB_DESC 64
#define HOLD_STALL_US 8000000 /* the script reads the held units meanwhile */
#define MODEL "dma_dsa_model_tel"

/* What the test saw: jobs by status, as the driver should have counted them */
static struct {
	unsigned int submitted, completed, errors;
	unsigned int page_fault, invalid_opcode, invalid_length, not_attempted, unknown;
} seen;

static struct dsa_model *model;
static int16_t dma[2];
static uint8_t *src, *dst;

static void
count_status(enum rte_dma_status_code st)
{
	seen.completed++;
	if (st == RTE_DMA_STATUS_SUCCESSFUL)
		return;
	seen.errors++;
	switch (st) {
	case RTE_DMA_STATUS_PAGE_FAULT: seen.page_fault++; break;
	case RTE_DMA_STATUS_INVALID_OPCODE: seen.invalid_opcode++; break;
	case RTE_DMA_STATUS_INVALID_LENGTH: seen.invalid_length++; break;
	case RTE_DMA_STATUS_NOT_ATTEMPTED: seen.not_attempted++; break;
	case RTE_DMA_STATUS_ERROR_UNKNOWN: seen.unknown++; break;
	default: (void)EXPECT(0, "unexpected status %d", st);
	}
}

/* Collect N statuses of dmadev 0, counting them; ST gets the last one */
static int
collect(unsigned int n, enum rte_dma_status_code *last)
{
	const uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * WAIT_S;
	enum rte_dma_status_code st = RTE_DMA_STATUS_SUCCESSFUL;
	uint16_t idx;

	while (n > 0) {
		if (rte_dma_completed_status(dma[0], 0, 1, &idx, &st) == 1) {
			count_status(st);
			n--;
			continue;
		}
		CHECK(rte_get_timer_cycles() < end, "%u completions missing", n);
		rte_pause();
	}
	if (last != NULL)
		*last = st;
	return 0;
}

/* N copies on dmadev 0, each submitted as a unit of its own */
static int
copies(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		CHECK(rte_dma_copy(dma[0], 0, iova(src), iova(dst), BUF_LEN,
				   RTE_DMA_OP_FLAG_SUBMIT) >= 0, "copy %u", i);
	seen.submitted += n;
	return 0;
}

/* One copy whose status must be WANT */
static int
copy_expect(enum rte_dma_status_code want)
{
	enum rte_dma_status_code st;

	CHECK(copies(1) == 0 && collect(1, &st) == 0, "copy");
	CHECK(st == want, "status %d, expected %d", st, want);
	return 0;
}

/* Tell the script what was done and seen, and wait until it has checked */
static int
phase_done(const char *phase, const char *extra)
{
	char line[64];

	printf("@@ %s {\"submitted\": %u, \"completed\": %u, \"errors\": %u, "
	       "\"errors_page_fault\": %u, \"errors_invalid_opcode\": %u, "
	       "\"errors_invalid_length\": %u, \"errors_not_attempted\": %u, "
	       "\"errors_unknown\": %u%s%s}\n", phase, seen.submitted, seen.completed,
	       seen.errors, seen.page_fault, seen.invalid_opcode, seen.invalid_length,
	       seen.not_attempted, seen.unknown, extra[0] ? ", " : "", extra);
	fflush(stdout);
	CHECK(fgets(line, sizeof(line), stdin) != NULL, "the script went away after %s", phase);
	return 0;
}

static int
phase_ready(void)
{
	char extra[96];
	int skeleton = rte_dma_get_dev_id_by_name("dma_skeleton");

	CHECK(model != NULL, "no model behind " MODEL);
	CHECK(dma_test_start(dma[0], NB_DESC, true) == 0, "setup dmadev 0");
	CHECK(dma_test_start(dma[1], NB_DESC, true) == 0, "setup dmadev 1");
	snprintf(extra, sizeof(extra), "\"dmadevs\": [%d, %d], \"skeleton\": %d",
		 dma[0], dma[1], skeleton);
	return phase_done("ready", extra);
}

static int
phase_traffic(void)
{
	CHECK(copies(10) == 0 && collect(10, NULL) == 0, "copies");
	CHECK(dsa_model_inject_fault_after(model, 100, DSA_MODEL_DMA_WRITE) == 0, "fault");
	CHECK(copy_expect(RTE_DMA_STATUS_PAGE_FAULT) == 0, "page fault");
	CHECK(dsa_model_inject_desc_error(model, DSA_COMP_BAD_OPCODE, 1) == 0, "opcode");
	CHECK(copy_expect(RTE_DMA_STATUS_INVALID_OPCODE) == 0, "invalid opcode");
	CHECK(dsa_model_inject_desc_error(model, DSA_COMP_XFER_ERANGE, 1) == 0, "length");
	CHECK(copy_expect(RTE_DMA_STATUS_INVALID_LENGTH) == 0, "invalid length");
	CHECK(copies(3) == 0 && collect(3, NULL) == 0, "copies after the errors");
	return phase_done("traffic", "");
}

/* The engine stalled: a WQ of 8 takes 8 units, the driver holds the other 4 */
static int
phase_held(void)
{
	CHECK(dsa_model_inject_engine_stall(model, 0, HOLD_STALL_US) == 0, "stall");
	CHECK(copies(12) == 0, "copies");
	CHECK(phase_done("held", "\"units_sent\": 8, \"units_held\": 4") == 0, "held");
	return collect(12, NULL);
}

/* A halt with 4 units in flight: each is lost or, if it ran first, successful */
static int
phase_halted(void)
{
	enum rte_dma_vchan_status vs;
	char extra[32];

	CHECK(dsa_model_inject_engine_stall(model, 0, 100000) == 0, "stall");
	CHECK(copies(4) == 0, "copies");
	CHECK(dsa_model_inject_halt(model, DSA_RESET_SOFTWARE) == 0, "halt");
	CHECK(collect(4, NULL) == 0, "every job must be reported after a halt");
	/* asked twice: one halt */
	CHECK(rte_dma_vchan_status(dma[0], 0, &vs) == 0 && vs == RTE_DMA_VCHAN_HALTED_ERROR,
	      "vchan status %d", vs);
	CHECK(rte_dma_vchan_status(dma[0], 0, &vs) == 0 && vs == RTE_DMA_VCHAN_HALTED_ERROR,
	      "vchan status %d", vs);
	/* a single-op unit lost in the halt reports its job ERROR_UNKNOWN */
	snprintf(extra, sizeof(extra), "\"units_lost\": %u", seen.unknown);
	return phase_done("halted", extra);
}

static int
phase_recovered(void)
{
	CHECK(rte_dma_stop(dma[0]) == 0 && rte_dma_start(dma[0]) == 0, "recover dmadev 0");
	CHECK(copy_expect(RTE_DMA_STATUS_SUCCESSFUL) == 0, "copy after recovery");
	CHECK(memcmp(src, dst, BUF_LEN) == 0, "data after recovery");
	/* the device runs again: dmadev 1 sees no halt */
	CHECK(rte_dma_stop(dma[1]) == 0 && rte_dma_start(dma[1]) == 0, "restart dmadev 1");
	return phase_done("recovered", "");
}

static int
phase_stopped(void)
{
	CHECK(rte_dma_stop(dma[1]) == 0, "stop dmadev 1");
	return phase_done("stopped", "");
}

int
main(int argc, char **argv)
{
	static int (*const phases[])(void) = {
		phase_ready, phase_traffic, phase_held, phase_halted, phase_recovered,
		phase_stopped,
	};
	char prefix[64];
	char *eal_argv[] = { argv[0], "-l", "0", "--no-huge", "-m", "256", "--no-pci",
		"--iova-mode=va", "--log-level=pmd.dma.dsa:info", prefix,
		"--vdev=" MODEL ",wqs=2,wq_size=8,threads=1", "--vdev=dma_skeleton" };
	unsigned int i;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE_PREFIX\n", argv[0]);
		return 2;
	}
	snprintf(prefix, sizeof(prefix), "--file-prefix=%s", argv[1]);
	if (rte_eal_init((int)RTE_DIM(eal_argv), eal_argv) < 0) {
		printf("FAIL: EAL init\n");
		return 1;
	}
	model = dsa_model_bus_model(MODEL);
	dma[0] = (int16_t)rte_dma_get_dev_id_by_name(MODEL "-wq0");
	dma[1] = (int16_t)rte_dma_get_dev_id_by_name(MODEL "-wq1");
	src = rte_malloc(NULL, BUF_LEN, 64);
	dst = rte_zmalloc(NULL, BUF_LEN, 64);
	if (src == NULL || dst == NULL || dma[0] < 0 || dma[1] < 0) {
		printf("FAIL: setup\n");
		return 1;
	}
	for (i = 0; i < BUF_LEN; i++)
		src[i] = (uint8_t)(i * 7 + 3);
	for (i = 0; i < RTE_DIM(phases) && failures == 0; i++)
		phases[i]();
	rte_free(src);
	rte_free(dst);
	rte_eal_cleanup(); /* removes the vdev: its dmadevs are stopped and closed */
	printf("%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
