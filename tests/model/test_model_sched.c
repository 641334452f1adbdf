/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Conformance: dispatch between WQs and the life of a WQ entry, observed
 * deterministically through the IOMMU. The translator below sees every
 * completion-record write of the single engine thread, in execution order,
 * and can hold the engine inside one of them (a gate) while the test fills
 * the WQs. No timing is involved.
 */
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tm.h"

#define LOG_MAX 128

struct hook {
	struct dsa_model *m;
	uint64_t gate_cr;        /* the engine blocks writing this record */
	atomic_bool gate_entered, gate_open;
	uint64_t watch_cr;       /* WQ 0 occupancy is sampled at this record */
	atomic_uint occ_seen;
	uint64_t log_lo, log_hi; /* record writes in this range are logged */
	uint64_t log[LOG_MAX];
	atomic_uint nlog;
};

static uint32_t
occupancy(struct dsa_model *m, unsigned int wq)
{
	return (uint32_t)DSA_FIELD_GET(DSA_WQCFG_OCCUPANCY_MASK,
				       dsa_model_mmio_read32(m, tm_wqcfg_off(m, wq) +
							     DSA_WQCFG_STATUS));
}

static int
hook_translate(void *opaque, uint64_t iova, uint64_t len, unsigned int access,
	       uint32_t pasid, void **host, uint64_t *contig)
{
	struct hook *h = opaque;
	unsigned int n;

	if (access & DSA_MODEL_DMA_WRITE) {
		if (h->gate_cr && iova == h->gate_cr) {
			atomic_store(&h->gate_entered, true);
			while (!atomic_load(&h->gate_open))
				sched_yield();
		}
		if (h->watch_cr && iova == h->watch_cr)
			atomic_store(&h->occ_seen, occupancy(h->m, 0));
		if (iova >= h->log_lo && iova < h->log_hi) {
			n = atomic_fetch_add(&h->nlog, 1);
			if (n < LOG_MAX)
				h->log[n] = iova;
		}
	}
	return dsa_model_translate_identity(NULL, iova, len, access, pasid, host, contig);
}

static struct dsa_model *
create_hooked(struct hook *h)
{
	struct dsa_model_params p;

	dsa_model_params_init(&p);
	p.engine_threads = 1;
	p.translate = hook_translate;
	p.translate_opaque = h;
	h->m = tm_create_params(&p);
	return h->m;
}

static struct dsa_hw_desc
noop(const void *cr)
{
	struct dsa_hw_desc d;

	memset(&d, 0, sizeof(d));
	d.opcode = DSA_OPCODE_NOOP;
	d.flags = IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR;
	d.completion_addr = (uintptr_t)cr;
	return d;
}

static bool
wait_flag(atomic_bool *f)
{
	struct timespec t0, t;
	const struct timespec nap = { 0, 10000 };

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!atomic_load(f)) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 20)
			return false;
		nanosleep(&nap, NULL);
	}
	return true;
}

/*
 * A driver that counts a dedicated-WQ entry as busy until its completion
 * record shows (the kernel, DPDK and SPDK do) must never overflow the WQ:
 * when the record becomes visible, its entry is already free.
 */
static void
test_entry_free_when_record_visible(void)
{
	struct hook h = { 0 };
	struct dsa_model *m = create_hooked(&h);
	struct tm_wq_cfg c = { .size = 1, .priority = 1 };
	struct dsa_completion_record *cr = tm_alloc(4096);
	struct dsa_model_wq_stats st;
	struct dsa_hw_desc d;
	unsigned int i, bad = 0;

	TM_EQ(tm_setup(m, &c), 0, "setup, WQ size 1");
	h.watch_cr = (uintptr_t)cr;
	atomic_store(&h.occ_seen, 99);
	d = noop(cr);
	tm_submit(m, 0, &d);
	TM_EQ(tm_wait(cr), DSA_COMP_SUCCESS, "noop");
	TM_EQ(atomic_load(&h.occ_seen), 0, "occupancy when the record is written");
	h.watch_cr = 0;
	/* back to back, each submitted as soon as the previous record shows */
	for (i = 0; i < 500; i++) {
		memset(cr, 0, 32);
		tm_submit(m, 0, &d);
		if (tm_wait(cr) != DSA_COMP_SUCCESS)
			bad++;
	}
	TM_EQ(bad, 0, "descriptors without a successful record");
	dsa_model_wq_stats(m, 0, &st);
	TM_EQ(st.dropped, 0, "no descriptor dropped");
	TM_EQ(tm_swerr(m, 0) & DSA_SWERR_VALID, 0, "no SWERR");
	dsa_model_destroy(m);
	free(cr);
}

/*
 * WQs of priority 6 and 2 in one group with one engine, both kept full:
 * the engine dispatches from them 3:1 (fact sheet section 7).
 */
static void
test_priority_dispatch(void)
{
	enum { PER_WQ = 24, WINDOW = 16 };
	struct hook h = { 0 };
	struct dsa_model *m = create_hooked(&h);
	struct dsa_completion_record *cr = tm_alloc(4096);
	struct dsa_completion_record *a = cr + 1, *b = cr + 1 + PER_WQ;
	struct dsa_hw_desc d;
	unsigned int i, hi = 0, n;

	/* group 0: WQs 0 and 1, engine 0; the other groups stay empty */
	dsa_model_mmio_write64(m, tm_grpcfg_off(m, 0) + DSA_GRPCFG_WQS, 0x3);
	dsa_model_mmio_write64(m, tm_grpcfg_off(m, 0) + DSA_GRPCFG_ENGINES, 0x1);
	tm_write_wqcfg(m, 0, &(struct tm_wq_cfg){ .size = 32, .priority = 6 });
	tm_write_wqcfg(m, 1, &(struct tm_wq_cfg){ .size = 32, .priority = 2 });
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), 0, "enable device");
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 0), 0, "enable WQ 0");
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 1), 0, "enable WQ 1");

	/* hold the engine inside a first descriptor while both WQs fill */
	h.gate_cr = (uintptr_t)cr;
	h.log_lo = (uintptr_t)a;
	h.log_hi = (uintptr_t)(b + PER_WQ);
	d = noop(cr);
	tm_submit(m, 0, &d);
	TM_CHECK(wait_flag(&h.gate_entered), "engine reached the gate");
	for (i = 0; i < PER_WQ; i++) {
		d = noop(&b[i]);
		tm_submit(m, 1, &d);
		d = noop(&a[i]);
		tm_submit(m, 0, &d);
	}
	atomic_store(&h.gate_open, true);
	for (i = 0; i < PER_WQ; i++) {
		TM_EQ(tm_wait(&a[i]), DSA_COMP_SUCCESS, "priority 6 WQ record");
		TM_EQ(tm_wait(&b[i]), DSA_COMP_SUCCESS, "priority 2 WQ record");
	}
	n = atomic_load(&h.nlog);
	TM_EQ(n, 2 * PER_WQ, "records logged");
	for (i = 0; i < WINDOW && i < n; i++)
		hi += h.log[i] < (uintptr_t)b;
	/* 3:1 over two rounds of 8 is 12:4; allow one either way */
	TM_CHECK(hi >= 11 && hi <= 13, "priority 6 got %u of the first %u dispatches", hi,
		 WINDOW);
	dsa_model_destroy(m);
	free(cr);
}

/* A halted device does no more work, not even the rest of a running batch. */
static void
test_halt_stops_batch(void)
{
	enum { N = 8 };
	struct hook h = { 0 };
	struct dsa_model *m = create_hooked(&h);
	struct dsa_completion_record *cr = tm_alloc(4096);
	struct dsa_hw_desc *list = tm_alloc(N * sizeof(*list)), d;
	unsigned int i, later = 0;

	TM_EQ(tm_setup(m, NULL), 0, "setup");
	for (i = 0; i < N; i++)
		list[i] = noop(&cr[1 + i]);
	d = noop(cr);
	d.opcode = DSA_OPCODE_BATCH;
	d.desc_list_addr = (uintptr_t)list;
	d.desc_count = N;
	h.gate_cr = (uintptr_t)&cr[1];
	tm_submit(m, 0, &d);
	TM_CHECK(wait_flag(&h.gate_entered), "engine in the first member");
	TM_EQ(dsa_model_inject_halt(m, DSA_RESET_SOFTWARE), 0, "halt");
	atomic_store(&h.gate_open, true);
	/* destroy joins the engine thread: whatever it wrote is visible */
	dsa_model_destroy(m);
	for (i = 1; i < N; i++)
		later += cr[1 + i].status != 0;
	TM_EQ(later, 0, "members run after the halt");
	TM_EQ(cr[0].status, 0, "batch record after the halt");
	free(list);
	free(cr);
}

int
main(void)
{
	test_entry_free_when_record_visible();
	test_priority_dispatch();
	test_halt_stops_batch();
	return tm_report("model scheduling");
}
