/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Soak test of the DSA dmadev on the software model (suite "soak"): worker
 * lcores drive random copies, fills, scatter-gather copies and fenced bursts
 * on seven dmadevs (dedicated and shared WQs of two devices) while the main
 * lcore injects page faults, descriptor errors, engine stalls, halts and
 * stop/start requests. At the end every job must have been reported exactly
 * once with a status its faults allow, every successful job's data must be
 * right, and the dmadev statistics must match what the workers saw.
 *
 * usage: test_soak [SECONDS [SEED]]   (default: $DSA_SOAK_SECONDS, else 30)
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "dsa_model.h"
#include "dsa_model_bus.h"
#include "soak.h"

#define DEFAULT_SECONDS 30
#define MAX_REPORTED 20 /* violations printed in full */

struct soak soak = {
	.devs = {
		/* an SPR device: two dedicated WQs and a shared one with two users */
		{ "dma_dsa_model_soak0", "wqs=3,wq_mode=dedicated:dedicated:shared,wq_users=1:1:2,"
		  "wq_size=8:16:32,threads=2", NULL, 2, { { 0, 0 } } },
		/* a DSA 2.0 device: a shared WQ with two users, small batches, and a
		 * dedicated WQ; one engine thread */
		{ "dma_dsa_model_soak1", "preset=dsa2,wqs=2,wq_mode=shared:dedicated,wq_users=2:1,"
		  "max_batch=8,threads=1", NULL, 1, { { 0, 0 } } },
	},
	.nb_devs = 2,
};

static const struct {
	const char *name;
	unsigned int dev;
} chan_names[] = {
	{ "dma_dsa_model_soak0-wq0", 0 }, { "dma_dsa_model_soak0-wq1", 0 },
	{ "dma_dsa_model_soak0-wq2.0", 0 }, { "dma_dsa_model_soak0-wq2.1", 0 },
	{ "dma_dsa_model_soak1-wq0.0", 1 }, { "dma_dsa_model_soak1-wq0.1", 1 },
	{ "dma_dsa_model_soak1-wq1", 1 },
};

static const char *const status_names[RTE_DMA_STATUS_PAGE_FAULT + 2] = {
	[RTE_DMA_STATUS_SUCCESSFUL] = "successful",
	[RTE_DMA_STATUS_NOT_ATTEMPTED] = "not_attempted",
	[RTE_DMA_STATUS_INVALID_ADDR] = "invalid_addr",
	[RTE_DMA_STATUS_INVALID_LENGTH] = "invalid_length",
	[RTE_DMA_STATUS_INVALID_OPCODE] = "invalid_opcode",
	[RTE_DMA_STATUS_BUS_ERROR] = "bus_error",
	[RTE_DMA_STATUS_DESCRIPTOR_READ_ERROR] = "descriptor_read_error",
	[RTE_DMA_STATUS_PAGE_FAULT] = "page_fault",
	[RTE_DMA_STATUS_PAGE_FAULT + 1] = "error_unknown",
};

void
soak_violation(const struct soak_chan *c, uint32_t seq, const char *fmt, ...)
{
	uint64_t n = __atomic_fetch_add(&soak.violations, 1, __ATOMIC_SEQ_CST);
	char msg[256];
	va_list ap;

	if (n >= MAX_REPORTED)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c != NULL)
		printf("VIOLATION %s job id %u: %s\n", c->name, (uint16_t)seq, msg);
	else
		printf("VIOLATION %s\n", msg);
	fflush(stdout);
}

static int
setup_chan(struct soak_chan *c)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf qconf = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = SOAK_RING,
	};
	int id = rte_dma_get_dev_id_by_name(c->name);
	size_t i;

	if (id < 0) {
		printf("FAIL: no dmadev %s\n", c->name);
		return -1;
	}
	c->id = (int16_t)id;
	c->src = rte_malloc(NULL, SOAK_SRC_LEN, 64);
	c->dst = rte_malloc(NULL, (size_t)SOAK_SLOTS * SOAK_SLOT_LEN, 64);
	if (c->src == NULL || c->dst == NULL) {
		printf("FAIL: out of memory\n");
		return -1;
	}
	for (i = 0; i < SOAK_SRC_LEN; i++)
		c->src[i] = (uint8_t)(rand() >> 7);
	if (rte_dma_configure(c->id, &conf) != 0 || rte_dma_vchan_setup(c->id, 0, &qconf) != 0 ||
	    rte_dma_start(c->id) != 0) {
		printf("FAIL: %s: configure, vchan_setup or start\n", c->name);
		return -1;
	}
	return 0;
}

static int
setup(void)
{
	unsigned int i;

	for (i = 0; i < soak.nb_devs; i++) {
		soak.devs[i].model = dsa_model_bus_model(soak.devs[i].vdev);
		if (soak.devs[i].model == NULL) {
			printf("FAIL: no model behind %s\n", soak.devs[i].vdev);
			return -1;
		}
	}
	soak.nb_chans = RTE_DIM(chan_names);
	for (i = 0; i < soak.nb_chans; i++) {
		soak.chans[i].name = chan_names[i].name;
		soak.chans[i].dev = &soak.devs[chan_names[i].dev];
		if (setup_chan(&soak.chans[i]) != 0)
			return -1;
	}
	return 0;
}

/* Nothing left outstanding or reported late, and the statistics agree */
static void
check_chan(struct soak_chan *c)
{
	enum rte_dma_status_code st;
	struct rte_dma_stats stats;
	uint16_t last;

	if (c->head != c->tail)
		soak_violation(c, c->head, "never reported (%u jobs outstanding)",
			       c->tail - c->head);
	if (rte_dma_completed_status(c->id, 0, 1, &last, &st) != 0)
		soak_violation(c, last, "reported after every job was");
	if (rte_dma_stats_get(c->id, 0, &stats) != 0 || stats.submitted != c->cnt.submitted ||
	    stats.completed != c->cnt.reported || stats.errors != c->cnt.errors)
		soak_violation(c, c->tail, "stats submitted %" PRIu64 " completed %" PRIu64
			       " errors %" PRIu64 ", the test saw %" PRIu64 "/%" PRIu64
			       "/%" PRIu64, stats.submitted, stats.completed, stats.errors,
			       c->cnt.submitted, c->cnt.reported, c->cnt.errors);
}

static void
sum_counts(struct soak_counts *t)
{
	unsigned int i, k;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < soak.nb_chans; i++) {
		const struct soak_counts *c = &soak.chans[i].cnt;

		for (k = 0; k < OP_KINDS; k++)
			t->jobs[k] += c->jobs[k];
		for (k = 0; k < RTE_DIM(t->status); k++)
			t->status[k] += c->status[k];
		t->fenced += c->fenced;
		t->submitted += c->submitted;
		t->reported += c->reported;
		t->errors += c->errors;
		t->unexposed += c->unexposed;
		t->must_fail += c->must_fail;
		t->halt_recoveries += c->halt_recoveries;
		t->app_stops += c->app_stops;
	}
}

static void
print_counts(unsigned int seconds)
{
	const struct soak_fault_counts *f = &soak.faults;
	struct soak_counts t;
	unsigned int k;

	sum_counts(&t);
	printf("soak: %u s, seed %" PRIu64 ", %u dmadevs on %u workers\n", seconds, soak.seed,
	       soak.nb_chans, soak.nb_workers);
	printf("jobs: %" PRIu64 " (copy %" PRIu64 ", fill %" PRIu64 ", copy_sg %" PRIu64
	       "; fenced %" PRIu64 "), reported %" PRIu64 ", failed %" PRIu64 "\n",
	       t.submitted, t.jobs[OP_COPY], t.jobs[OP_FILL], t.jobs[OP_SG], t.fenced,
	       t.reported, t.errors);
	printf("checked: %" PRIu64 " jobs exposed to no fault (must succeed), %" PRIu64
	       " on a fault range armed throughout (must fail)\n", t.unexposed, t.must_fail);
	printf("statuses:");
	for (k = 0; k < RTE_DIM(t.status); k++)
		if (t.status[k] != 0)
			printf(" %s %" PRIu64, status_names[k] ? status_names[k] : "other",
			       t.status[k]);
	printf("\n");
	printf("faults: range_src %" PRIu64 ", range_dst %" PRIu64 ", fault_after %" PRIu64
	       ", fault_every %" PRIu64 ", desc_error %" PRIu64 ", stall %" PRIu64
	       ", halt_reset %" PRIu64 ", halt_flr %" PRIu64 ", app_stop %" PRIu64 "\n",
	       f->range_src, f->range_dst, f->fault_after, f->fault_every, f->desc_error,
	       f->stall, f->halt_sw, f->halt_flr, f->app_stop);
	printf("recoveries: stop/start after a halt %" PRIu64 ", with work in flight %" PRIu64
	       "\n", t.halt_recoveries, t.app_stops);
}

static void
teardown(void)
{
	unsigned int i;

	for (i = 0; i < soak.nb_chans; i++) {
		struct soak_chan *c = &soak.chans[i];

		if (c->src == NULL)
			continue;
		rte_dma_stop(c->id);
		rte_dma_close(c->id);
		rte_free(c->src);
		rte_free(c->dst);
	}
}

static int
parse_args(int argc, char **argv, unsigned int *seconds)
{
	const char *env = getenv("DSA_SOAK_SECONDS");
	char *end;

	*seconds = DEFAULT_SECONDS;
	if (argc > 1 || env != NULL) {
		unsigned long v = strtoul(argc > 1 ? argv[1] : env, &end, 10);

		if (*end != '\0' || v == 0 || v > 7 * 24 * 3600) {
			printf("usage: %s [SECONDS [SEED]] (SECONDS 1 to 604800)\n", argv[0]);
			return -1;
		}
		*seconds = (unsigned int)v;
	}
	soak.seed = argc > 2 ? strtoull(argv[2], NULL, 0) : (uint64_t)time(NULL);
	if (soak.seed == 0)
		soak.seed = 1;
	return 0;
}

int
main(int argc, char **argv)
{
	char vdev_args[SOAK_MAX_DEVS][160];
	char *eal_argv[16] = { argv[0], "--lcores=0@0,1@1,2@0,3@1", "--no-huge", "-m", "512",
		"--no-pci", "--iova-mode=va", "--no-shconf", "--file-prefix=dsa_soak",
		"--log-level=pmd.dma.dsa:warning" };
	int eal_argc = 10, ret = 0;
	unsigned int seconds, i, lcore;

	if (parse_args(argc, argv, &seconds) != 0)
		return 2;
	srand((unsigned int)soak.seed);
	for (i = 0; i < soak.nb_devs; i++) {
		snprintf(vdev_args[i], sizeof(vdev_args[i]), "--vdev=%s,%s", soak.devs[i].vdev,
			 soak.devs[i].args);
		eal_argv[eal_argc++] = vdev_args[i];
	}
	if (rte_eal_init(eal_argc, eal_argv) < 0) {
		printf("FAIL: EAL init\n");
		return 1;
	}
	soak.nb_workers = rte_lcore_count() - 1;
	if (soak.nb_workers == 0 || setup() != 0) {
		printf("FAIL: setup\n");
		ret = 1;
		goto out;
	}
	i = 0;
	RTE_LCORE_FOREACH_WORKER(lcore)
		rte_eal_remote_launch(soak_worker, (void *)(uintptr_t)i++, lcore);
	soak_control(rte_get_timer_cycles() + rte_get_timer_hz() * seconds);
	rte_eal_mp_wait_lcore();
	/* after an abort, the workers left jobs behind: nothing more to check */
	for (i = 0; i < soak.nb_chans && !soak.aborted; i++)
		check_chan(&soak.chans[i]);
	print_counts(seconds);
	printf("verdict: %s, %" PRIu64 " violation(s)\n", soak.violations ? "FAIL" : "PASS",
	       soak.violations);
	ret = soak.violations != 0;
out:
	teardown();
	rte_eal_cleanup();
	return ret;
}
