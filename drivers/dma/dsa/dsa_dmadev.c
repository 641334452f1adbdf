/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The dmadev of one DSA work queue: descriptor ring, batches, completions.
 *
 * Every op is one 64-B descriptor in the ring (a scatter-gather copy is
 * several, all but the last marked as continuing the job). Ops accumulate
 * until submit, which turns them into "units" of at most max_batch
 * descriptors each: a BATCH descriptor pointing into the ring, or the
 * descriptor itself when there is only one. A unit takes one WQ entry; a
 * dedicated WQ never has more units in flight than its size. Units the WQ
 * has no room for yet are held, and sent as earlier ones complete: a small
 * WQ or a small max_batch limits what is in flight, never what the ring
 * takes, so the capacity is the ring's for every WQ size.
 * Members of a batch carry a completion record written only on error, the
 * unit's own record is always written, so the success path reads one record
 * per submit. Jobs with a result (rte_pmd_dsa.h) ask for their record
 * always, and their units take the job-by-job path, which delivers it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_dmadev_pmd.h>
#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_memzone.h>
#include <rte_pause.h>
#if defined(RTE_ARCH_X86_64)
#include <immintrin.h>
#endif

#include "dsa_dev.h"
#include "dsa_mp.h"
#include "dsa_ops.h"
#include "dsa_portal.h"

RTE_LOG_REGISTER(dsa_logtype, pmd.dma.dsa, NOTICE);

#define DSA_MIN_DESC 32
#define DSA_MAX_DESC 32768           /* job ids are uint16: keep rings well below */
#define DSA_HALT_CHECK_POLLS 1024    /* idle polls between device-state checks */
#define DSA_ENQ_RETRY_MS 1000        /* how long a refused shared-WQ submit retries */
#define DSA_STOP_WAIT_MS 2000        /* how long stop waits for work in flight */
#define DSA_SWQ_UNITS 64             /* units in flight per dmadev on a shared WQ */

enum dsa_unit_state {
	DSA_UNIT_SENT,   /* on the device; its record tells the outcome */
	DSA_UNIT_HELD,   /* fenced: sent once every earlier unit completed */
	DSA_UNIT_LOST,   /* device halted or reset: no record will come */
	DSA_UNIT_UNSENT, /* never reached the device: ops not attempted */
};

struct dsa_unit {
	uint16_t first;  /* first descriptor index */
	uint16_t ndesc;
	uint16_t njobs;
	uint16_t nresults; /* jobs whose result is delivered from their record */
	uint8_t state;
	uint8_t fenced;
	uint32_t generation; /* the device's reset count when the unit was sent */
};

/*
 * A batch's record, alone in its cache line: the device writes the records
 * of the units sent just before while the CPU clears this one to send it.
 */
struct dsa_unit_record {
	struct dsa_completion_record cr;
	uint8_t pad[RTE_CACHE_LINE_SIZE - sizeof(struct dsa_completion_record)];
};

/* A ring slot: the descriptor, or its quadwords for the enqueue path */
union dsa_ring_desc {
	struct dsa_hw_desc d;
	uint64_t qw[DSA_DESC_SIZE / sizeof(uint64_t)];
};

/* A ring slot's job with a result: where it goes, and how to read the record */
struct dsa_job_result {
	struct rte_pmd_dsa_result *result; /* NULL: none */
	uint8_t opcode;
};

/* dev_private of a dmadev */
struct dsa_vchan {
	/* enqueue side: what every op reads and writes, in the first cache line */
	union dsa_ring_desc *ring;
	uint64_t desc_cr_iova;
	/* first quadword of a copy, of a fill: opcode and common flags */
	uint64_t copy_hdr, fill_hdr;
	uint32_t max_xfer;     /* bytes per descriptor */
	uint16_t ring_mask;
	uint16_t desc_write;   /* next descriptor */
	uint16_t job_write;    /* next job id */
	/* desc_write up to which ops surely fit (see refresh_cap) */
	uint16_t desc_limit;
	bool batch_fenced;

	/* one per ring slot: written by the device on error only (a unit of
	 * one descriptor: always), kept zero otherwise */
	struct dsa_completion_record *desc_cr;
	/* per slot: the descriptor does not end its job (scatter-gather); kept
	 * zero otherwise, cleared when its unit retires */
	uint8_t *job_cont;
	/* per slot: the result of the job ending there; cleared when delivered */
	struct dsa_job_result *job_result;
	uint16_t results_pending; /* jobs with a result not yet in a unit */
	uint64_t ring_iova;
	uint16_t ring_size;
	uint16_t desc_batch;   /* first descriptor not yet submitted */
	uint16_t desc_done;    /* first descriptor not yet reported */
	/* first descriptor of a unit not yet retired: the ring is free up to
	 * there. A unit retires once all its jobs are reported, and a job may
	 * end in a later unit, so this can lag behind desc_done. */
	uint16_t desc_free;
	uint16_t job_batch;    /* first job not yet submitted */
	uint16_t job_done;     /* next job id to report */
	uint16_t max_batch;    /* descriptors per unit */
	bool batching;         /* BATCH usable; else one unit per descriptor */

	/* units */
	struct dsa_unit *units;
	struct dsa_unit_record *unit_cr;
	uint64_t unit_cr_iova;
	uint16_t unit_mask;
	uint16_t wq_slots;     /* units in flight on the WQ at most */
	uint16_t unit_head;    /* oldest unit not fully reported */
	uint16_t unit_done;    /* first unit whose outcome is not known */
	uint16_t unit_send;    /* first unit not sent (held) */
	uint16_t unit_tail;    /* next unit */
	uint32_t idle_polls;

	struct dsa_portal portal;
	uint32_t portal_slot;
	struct dsa_stats stats;

	/* slow path */
	struct dsa_events events;
	bool in_halt;          /* a halt was counted ... */
	uint32_t halt_generation; /* ... at this device reset count */
	struct dsa_device *dev;
	unsigned int wq;
	int16_t dmadev_id;
	bool multi_user;       /* shares its WQ with other dmadevs */
	bool started;          /* between dev_start and dev_stop */
	struct dsa_mp_vchan *mp; /* NULL: only the primary may use the dmadev */
	const struct rte_memzone *mz;
	char name[RTE_DEV_NAME_MAX_LEN];
} __rte_cache_aligned;

_Static_assert(sizeof(union dsa_ring_desc) == DSA_DESC_SIZE, "descriptor layout");

/* ---- completion statuses ---- */

static enum rte_dma_status_code
dsa_status_to_rte(uint8_t raw)
{
	switch (raw & DSA_COMP_STATUS_MASK) {
	case DSA_COMP_SUCCESS:
	case DSA_COMP_SUCCESS_PRED:
		return RTE_DMA_STATUS_SUCCESSFUL;
	case DSA_COMP_PAGE_FAULT_NOBOF:
	case DSA_COMP_PAGE_FAULT_IR:
	case DSA_COMP_CRA_XLAT:
	case DSA_COMP_PFAULT_RDBA:
	case DSA_COMP_TRANSLATION_FAIL:
		return RTE_DMA_STATUS_PAGE_FAULT;
	case DSA_COMP_BATCH_PAGE_FAULT:
		return RTE_DMA_STATUS_DESCRIPTOR_READ_ERROR;
	case DSA_COMP_BAD_OPCODE:
		return RTE_DMA_STATUS_INVALID_OPCODE;
	case DSA_COMP_XFER_ERANGE:
	case DSA_COMP_DESC_CNT_ERANGE:
		return RTE_DMA_STATUS_INVALID_LENGTH;
	case DSA_COMP_OVERLAP_BUFFERS:
	case DSA_COMP_DCAST_ERR:
	case DSA_COMP_DESCLIST_ALIGN:
	case DSA_COMP_CRA_ALIGN:
	case DSA_COMP_ADDR_ALIGN:
		return RTE_DMA_STATUS_INVALID_ADDR;
	case DSA_COMP_HW_ERR1:
	case DSA_COMP_HW_ERR_DRB:
		return RTE_DMA_STATUS_BUS_ERROR;
	case DSA_COMP_NONE:
		return RTE_DMA_STATUS_NOT_ATTEMPTED;
	default:
		return RTE_DMA_STATUS_ERROR_UNKNOWN;
	}
}

static inline struct dsa_completion_record *
unit_record(const struct dsa_vchan *vc, uint16_t u)
{
	const struct dsa_unit *unit = &vc->units[u & vc->unit_mask];

	if (unit->ndesc == 1)
		return &vc->desc_cr[unit->first & vc->ring_mask];
	return &vc->unit_cr[u & vc->unit_mask].cr;
}

/* Status of descriptor DESC of unit U, whose outcome is known */
static enum rte_dma_status_code
desc_status(const struct dsa_vchan *vc, uint16_t u, uint16_t desc)
{
	const struct dsa_unit *unit = &vc->units[u & vc->unit_mask];
	const struct dsa_completion_record *cr = unit_record(vc, u);
	uint8_t member = vc->desc_cr[desc & vc->ring_mask].status;
	uint8_t code;

	if (unit->state == DSA_UNIT_UNSENT)
		return RTE_DMA_STATUS_NOT_ATTEMPTED;
	if (unit->state == DSA_UNIT_LOST)
		return member ? dsa_status_to_rte(member) : RTE_DMA_STATUS_ERROR_UNKNOWN;
	code = cr->status & DSA_COMP_STATUS_MASK;
	if (code == DSA_COMP_SUCCESS || unit->ndesc == 1)
		return dsa_status_to_rte(code);
	if (code == DSA_COMP_BATCH_FAIL || code == DSA_COMP_BATCH_PAGE_FAULT) {
		/* members past descs_completed never ran (fence after a failure) */
		if ((uint16_t)(desc - unit->first) >= cr->bytes_completed)
			return code == DSA_COMP_BATCH_FAIL ? RTE_DMA_STATUS_NOT_ATTEMPTED :
					RTE_DMA_STATUS_DESCRIPTOR_READ_ERROR;
		return member ? dsa_status_to_rte(member) : RTE_DMA_STATUS_SUCCESSFUL;
	}
	return dsa_status_to_rte(code); /* the batch descriptor itself was refused */
}

/* ---- sending units ---- */

static void
unit_send(struct dsa_vchan *vc, uint16_t u)
{
	struct dsa_unit *unit = &vc->units[u & vc->unit_mask];
	unsigned int refusals = 0;
	bool halted = false;
	uint64_t end = 0;
	struct dsa_hw_desc d;
	int ret;

	if (unit->ndesc == 1) {
		d = vc->ring[unit->first & vc->ring_mask].d;
		/* its record is zero already: retire_unit cleared it */
		d.flags |= IDXD_OP_FLAG_RCR;
	} else {
		memset(&d, 0, sizeof(d));
		d.opcode = DSA_OPCODE_BATCH;
		d.flags = IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR;
		d.completion_addr = vc->unit_cr_iova +
				(u & vc->unit_mask) * sizeof(struct dsa_unit_record);
		d.desc_list_addr = vc->ring_iova +
				(unit->first & vc->ring_mask) * sizeof(struct dsa_hw_desc);
		d.desc_count = unit->ndesc;
		vc->unit_cr[u & vc->unit_mask].cr.status = 0;
	}
	unit->state = DSA_UNIT_SENT;
	unit->generation = __atomic_load_n(&vc->dev->generation, __ATOMIC_ACQUIRE);
	while ((ret = dsa_portal_send(&vc->portal, &vc->portal_slot, &d)) == -EAGAIN) {
		/* a shared WQ is full: retry, as ENQCMD users must, for a bounded
		 * time; a halted device refuses everything until it is reset */
		if (end == 0)
			end = rte_get_timer_cycles() +
					rte_get_timer_hz() * DSA_ENQ_RETRY_MS / 1000;
		else if (rte_get_timer_cycles() > end)
			break;
		if (++refusals % DSA_HALT_CHECK_POLLS == 0 &&
				dsa_mp_ops(vc->dev)->halted(vc->dev)) {
			halted = true;
			break;
		}
		rte_pause();
	}
	if (unlikely(ret != 0)) {
		DSA_LOG(ERR, "%s: submitting %u descriptors failed: %s", vc->name,
			unit->ndesc, halted ? "device halted" : strerror(-ret));
		unit->state = DSA_UNIT_UNSENT;
	}
}

/*
 * Sent units still without a record become lost: ALL of them, or those sent
 * before the reset that GENERATION counts. Returns how many.
 */
static unsigned int
mark_lost(struct dsa_vchan *vc, bool all, uint32_t generation)
{
	unsigned int lost = 0;
	uint16_t u;

	for (u = vc->unit_done; u != vc->unit_send; u++) {
		struct dsa_unit *unit = &vc->units[u & vc->unit_mask];

		if (unit->state == DSA_UNIT_SENT && unit_record(vc, u)->status == 0 &&
				(all || unit->generation != generation)) {
			unit->state = DSA_UNIT_LOST;
			lost++;
		}
	}
	return lost;
}

/* Units held back (fence) will never be sent: their ops are not attempted */
static void
drop_held(struct dsa_vchan *vc)
{
	for (; vc->unit_send != vc->unit_tail; vc->unit_send++)
		vc->units[vc->unit_send & vc->unit_mask].state = DSA_UNIT_UNSENT;
}

/* Whether a sent unit without a record predates the reset GENERATION counts */
static bool
any_before_reset(const struct dsa_vchan *vc, uint32_t generation)
{
	uint16_t u;

	for (u = vc->unit_done; u != vc->unit_send; u++) {
		const struct dsa_unit *unit = &vc->units[u & vc->unit_mask];

		if (unit->state == DSA_UNIT_SENT && unit_record(vc, u)->status == 0 &&
		    unit->generation != generation)
			return true;
	}
	return false;
}

/*
 * A unit sent while another dmadev reset the device was dropped, or got in
 * once the reset had enabled the WQ again and runs: only the device can
 * tell. A DRAIN completes after every descriptor the WQ took before it, so
 * once its record is written, a unit still without one was dropped. Without
 * DRAIN, or if it does not complete in time, the units are taken as lost.
 */
static void
drain_after_reset(struct dsa_vchan *vc)
{
	struct dsa_completion_record *cr = &vc->unit_cr[vc->unit_mask + 1].cr;
	const uint64_t end = rte_get_timer_cycles() +
			rte_get_timer_hz() * DSA_STOP_WAIT_MS / 1000;
	unsigned int polls = 0;
	struct dsa_hw_desc d;

	if (!dsa_caps_has_op(&vc->dev->caps, DSA_OPCODE_DRAIN))
		return;
	memset(&d, 0, sizeof(d));
	d.opcode = DSA_OPCODE_DRAIN;
	d.flags = IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR;
	d.completion_addr = vc->unit_cr_iova +
			(vc->unit_mask + 1) * sizeof(struct dsa_unit_record);
	cr->status = 0;
	while (dsa_portal_send(&vc->portal, &vc->portal_slot, &d) == -EAGAIN)
		if (rte_get_timer_cycles() > end)
			return;
	while (__atomic_load_n(&cr->status, __ATOMIC_ACQUIRE) == 0 &&
	       rte_get_timer_cycles() < end &&
	       (++polls % DSA_HALT_CHECK_POLLS != 0 || !dsa_mp_ops(vc->dev)->halted(vc->dev)))
		rte_pause();
}

/*
 * Count a halt once, however often this dmadev finds the device still
 * halted: a halt is new when none was counted, or when a device reset (by
 * any dmadev of the device) came after the one counted.
 */
static void
note_halt(struct dsa_vchan *vc)
{
	uint32_t generation = __atomic_load_n(&vc->dev->generation, __ATOMIC_ACQUIRE);

	if (!vc->in_halt || vc->halt_generation != generation)
		vc->events.halts++;
	vc->in_halt = true;
	vc->halt_generation = generation;
}

/*
 * No record will come for what a halted device holds, nor for what a reset
 * dropped (which another dmadev of the device may have done). Work sent
 * after a reset is alive: the reset enabled its WQ again.
 */
static void
check_lost(struct dsa_vchan *vc)
{
	struct dsa_device *dev = vc->dev;
	uint32_t generation = __atomic_load_n(&dev->generation, __ATOMIC_ACQUIRE);
	bool halted = dsa_mp_ops(dev)->halted(dev);
	unsigned int lost;

	if (!halted && any_before_reset(vc, generation))
		drain_after_reset(vc);
	lost = mark_lost(vc, halted, generation);

	vc->events.units_lost += lost;
	if (halted)
		note_halt(vc);
	if (lost != 0)
		DSA_LOG(ERR, "%s: device %s: %u units lost", vc->name,
			halted ? "halted" : "reset", lost);
	if (halted)
		drop_held(vc);
}

/*
 * Whether the next unit to send may go now: the WQ has room for it, and if
 * fenced, everything before it is done.
 */
static inline bool
may_send(const struct dsa_vchan *vc)
{
	uint16_t in_flight = vc->unit_send - vc->unit_done;

	if (in_flight >= vc->wq_slots)
		return false;
	return !vc->units[vc->unit_send & vc->unit_mask].fenced || in_flight == 0;
}

/* Send held units in order, as far as the WQ and the fences allow */
static void
send_held(struct dsa_vchan *vc)
{
	while (vc->unit_send != vc->unit_tail && may_send(vc))
		unit_send(vc, vc->unit_send++);
}

/* Learn which units have a known outcome, then send what may go */
static inline void
poll_units(struct dsa_vchan *vc)
{
	while (vc->unit_done != vc->unit_send) {
		const struct dsa_unit *unit = &vc->units[vc->unit_done & vc->unit_mask];

		if (unit->state == DSA_UNIT_SENT && unit_record(vc, vc->unit_done)->status == 0) {
			if (unlikely(++vc->idle_polls >= DSA_HALT_CHECK_POLLS)) {
				vc->idle_polls = 0;
				check_lost(vc);
				continue;
			}
			break;
		}
		vc->unit_done++;
	}
	if (unlikely(vc->unit_send != vc->unit_tail))
		send_held(vc);
}

/* Jobs with a result within the next N descriptors from DESC */
static uint16_t
count_results(const struct dsa_vchan *vc, uint16_t desc, uint16_t n)
{
	uint16_t results = 0;

	while (n--)
		results += vc->job_result[desc++ & vc->ring_mask].result != NULL;
	return results;
}

/* Make the pending ops (all of them, or those of one run) a unit and send it */
static void
make_unit(struct dsa_vchan *vc, uint16_t ndesc, uint16_t njobs, bool fenced)
{
	uint16_t u = vc->unit_tail++;
	struct dsa_unit *unit = &vc->units[u & vc->unit_mask];

	unit->first = vc->desc_batch;
	unit->ndesc = ndesc;
	unit->njobs = njobs;
	unit->nresults = vc->results_pending == 0 ? 0 :
			count_results(vc, vc->desc_batch, ndesc);
	vc->results_pending -= unit->nresults;
	unit->fenced = fenced;
	vc->desc_batch += ndesc;
	vc->job_batch += njobs;
	if (vc->unit_send != u || !may_send(vc)) {
		unit->state = DSA_UNIT_HELD;
		return;
	}
	vc->unit_send++;
	unit_send(vc, u);
}

/* Jobs ending within the next N descriptors from DESC */
static uint16_t
count_jobs(const struct dsa_vchan *vc, uint16_t desc, uint16_t n)
{
	uint16_t jobs = n;

	while (n--)
		jobs -= vc->job_cont[desc++ & vc->ring_mask];
	return jobs;
}

static void refresh_cap(struct dsa_vchan *vc);

static int
dsa_submit(void *priv, uint16_t vchan __rte_unused)
{
	struct dsa_vchan *vc = priv;
	uint16_t pending = vc->desc_write - vc->desc_batch;
	uint16_t njobs = vc->job_write - vc->job_batch;

	if (pending == 0)
		return 0;
	vc->stats.submitted += njobs;
	while (pending != 0) {
		/* a batch list must be contiguous: split where the ring wraps */
		uint16_t to_end = vc->ring_size - (vc->desc_batch & vc->ring_mask);
		uint16_t n = RTE_MIN(RTE_MIN(pending, vc->max_batch), to_end);
		uint16_t jobs = n == pending ? njobs : count_jobs(vc, vc->desc_batch, n);

		/* a fence may be in any unit of the submit: each waits for those before */
		make_unit(vc, n, jobs, vc->batch_fenced);
		pending -= n;
		njobs -= jobs;
	}
	vc->batch_fenced = false;
	refresh_cap(vc);
	return 0;
}

/* ---- enqueue ---- */

/*
 * Free ring slots (those of units not retired are taken, even when their
 * jobs were reported), and unit slots for the pending ops in the worst case of
 * one unit each: a submit then always finds the units it needs. Both terms
 * fall by one per op, and a submit takes no more units than it had ops
 * pending, so the capacity never grows until completions are reported.
 */
static inline uint16_t
capacity(const struct dsa_vchan *vc)
{
	uint16_t ring_free = vc->ring_size - (uint16_t)(vc->desc_write - vc->desc_free);
	uint16_t pending = vc->desc_write - vc->desc_batch;
	uint16_t units_free = vc->unit_mask + 1 - (uint16_t)(vc->unit_tail - vc->unit_head);

	return RTE_MIN(ring_free, (uint16_t)(units_free - pending));
}

/*
 * Every op takes exactly one from each term of capacity(), and completions
 * only add to them: the capacity computed once stays a lower bound of what
 * is left, minus the descriptors written since. Only a submit (which takes
 * units) lowers the true capacity otherwise, and it computes it again.
 */
static void
refresh_cap(struct dsa_vchan *vc)
{
	vc->desc_limit = vc->desc_write + capacity(vc);
}

static uint16_t
dsa_burst_capacity(const void *priv, uint16_t vchan __rte_unused)
{
	return capacity(priv);
}

/*
 * A store into the descriptor ring. The CPU never reads the ring again, the
 * device does: a non-temporal store gives the line straight to memory, where
 * a cached store would first have to win the line back from whoever read it
 * last (the device, or the core running the software model), one transfer
 * per descriptor. dsa_portal_send's store fence orders these stores.
 */
static __rte_always_inline void
ring_store(uint64_t *p, uint64_t lo, uint64_t hi)
{
#if defined(RTE_ARCH_X86_64)
	_mm_stream_si128((__m128i *)p, _mm_set_epi64x((long long)hi, (long long)lo));
#else
	p[0] = lo;
	p[1] = hi;
#endif
}

/*
 * The descriptor goes into the ring as four 16-B stores that fill its line,
 * built in registers: a copy through a stack temporary would load back what
 * was just stored in pieces and wait for the store buffer to drain. The member's
 * completion record is not touched: it is zero (see retire_unit). HDR is
 * the first quadword: flags and opcode. Returns the ring slot.
 */
static __rte_always_inline uint16_t
put_desc_qw(struct dsa_vchan *vc, uint64_t hdr, uint64_t src, uint64_t dst, uint64_t size_qw,
	    uint64_t qw5, uint64_t qw6, uint64_t qw7)
{
	uint16_t slot = vc->desc_write++ & vc->ring_mask;
	uint64_t *qw = vc->ring[slot].qw;

	/* dw0: PASID and priv come from the WQ */
	ring_store(&qw[0], hdr, vc->desc_cr_iova + slot * sizeof(struct dsa_completion_record));
	ring_store(&qw[2], src, dst);
	ring_store(&qw[4], size_qw, qw5);
	ring_store(&qw[6], qw6, qw7);
	return slot;
}

/* A descriptor of transfer size LEN, interrupt handle 0, nothing from byte 40 on */
static __rte_always_inline uint16_t
put_desc(struct dsa_vchan *vc, uint64_t hdr, uint64_t src, uint64_t dst, uint32_t len)
{
	return put_desc_qw(vc, hdr, src, dst, len, 0, 0, 0);
}

/* First quadword of an op of first quadword HDR, with a fence or not */
static __rte_always_inline uint64_t
fenced_hdr(uint64_t hdr, bool fence)
{
	return hdr | (fence ? (uint64_t)IDXD_OP_FLAG_FENCE << 32 : 0);
}

/* First quadword of a descriptor: dw0 (PASID, priv) is 0, the WQ gives them */
static uint64_t
make_hdr(uint32_t flags, uint8_t opcode)
{
	return (uint64_t)(flags | (uint32_t)opcode << DSA_DESC_OPCODE_SHIFT) << 32;
}

/* The job whose descriptors were just written gets its id; submit if FLAGS say so */
static inline uint16_t
end_job(struct dsa_vchan *vc, uint64_t flags)
{
	uint16_t id = vc->job_write++;

	if (flags & RTE_DMA_OP_FLAG_SUBMIT)
		dsa_submit(vc, 0);
	return id;
}

/* An op with FENCE or SUBMIT, out of line: the common path tests both at once */
static __rte_noinline int
enqueue_flagged(struct dsa_vchan *vc, uint64_t hdr, uint64_t src, uint64_t dst,
		uint32_t len, uint64_t flags)
{
	bool fence = (flags & RTE_DMA_OP_FLAG_FENCE) != 0;

	vc->batch_fenced |= fence;
	put_desc(vc, fenced_hdr(hdr, fence), src, dst, len);
	return end_job(vc, flags);
}

/* An op that fits: desc_write is below desc_limit */
static __rte_always_inline int
enqueue_fitting(struct dsa_vchan *vc, uint64_t hdr, uint64_t src, uint64_t dst,
		uint32_t len, uint64_t flags)
{
	if (unlikely(len - 1 >= vc->max_xfer))
		return -EINVAL;
	if (unlikely(flags & (RTE_DMA_OP_FLAG_FENCE | RTE_DMA_OP_FLAG_SUBMIT)))
		return enqueue_flagged(vc, hdr, src, dst, len, flags);
	put_desc(vc, hdr, src, dst, len);
	return vc->job_write++;
}

/* Whether the ring has no room for one more op, counting again if the counted capacity ran out */
static inline bool
ring_full(struct dsa_vchan *vc)
{
	if (vc->desc_write != vc->desc_limit)
		return false;
	refresh_cap(vc);
	return vc->desc_write == vc->desc_limit;
}

/* The counted capacity ran out: count again, the ring may be full */
static __rte_noinline int
enqueue_recount(struct dsa_vchan *vc, uint64_t hdr, uint64_t src, uint64_t dst,
		uint32_t len, uint64_t flags)
{
	if (ring_full(vc))
		return -ENOSPC;
	return enqueue_fitting(vc, hdr, src, dst, len, flags);
}

static __rte_always_inline int
enqueue_one(struct dsa_vchan *vc, uint64_t hdr, uint64_t src, uint64_t dst,
	    uint32_t len, uint64_t flags)
{
	if (unlikely(vc->desc_write == vc->desc_limit))
		return enqueue_recount(vc, hdr, src, dst, len, flags);
	return enqueue_fitting(vc, hdr, src, dst, len, flags);
}

static int
dsa_copy(void *priv, uint16_t vchan __rte_unused, rte_iova_t src, rte_iova_t dst,
	 uint32_t length, uint64_t flags)
{
	struct dsa_vchan *vc = priv;

	return enqueue_one(vc, vc->copy_hdr, src, dst, length, flags);
}

static int
dsa_fill(void *priv, uint16_t vchan __rte_unused, uint64_t pattern, rte_iova_t dst,
	 uint32_t length, uint64_t flags)
{
	struct dsa_vchan *vc = priv;

	return enqueue_one(vc, vc->fill_hdr, pattern, dst, length, flags);
}

/* Whether both sides of a scatter-gather copy hold the same number of bytes, not 0 */
static bool
sg_lengths_match(const struct rte_dma_sge *src, const struct rte_dma_sge *dst,
		 uint16_t nb_src, uint16_t nb_dst)
{
	uint64_t src_total = 0, dst_total = 0;
	unsigned int i;

	for (i = 0; i < nb_src; i++)
		src_total += src[i].length;
	for (i = 0; i < nb_dst; i++)
		dst_total += dst[i].length;
	return src_total == dst_total && src_total != 0;
}

/*
 * Walk the descriptors of a scatter-gather copy: one per change of either
 * segment, and a segment pair longer than the WQ's max transfer size in as
 * many as it needs (the device refuses larger ones). With TOTAL 0 only
 * counts them; else writes them, TOTAL being their number. Returns the count.
 */
static unsigned int
sg_walk(struct dsa_vchan *vc, const struct rte_dma_sge *src, const struct rte_dma_sge *dst,
	uint16_t nb_src, uint16_t nb_dst, unsigned int total, bool fence)
{
	unsigned int s = 0, d = 0, done = 0;
	uint32_t s_off = 0, d_off = 0;
	uint16_t slot;

	while (s < nb_src && d < nb_dst) {
		uint32_t n = RTE_MIN(RTE_MIN(src[s].length - s_off, dst[d].length - d_off),
				     vc->max_xfer);

		if (n != 0 && ++done <= total) {
			slot = put_desc(vc, fenced_hdr(vc->copy_hdr, fence && done == 1),
					src[s].addr + s_off, dst[d].addr + d_off, n);
			vc->job_cont[slot] = done != total;
		}
		s_off += n;
		d_off += n;
		if (s_off == src[s].length) {
			s++;
			s_off = 0;
		}
		if (d_off == dst[d].length) {
			d++;
			d_off = 0;
		}
	}
	return done;
}

static int
dsa_copy_sg(void *priv, uint16_t vchan __rte_unused, const struct rte_dma_sge *src,
	    const struct rte_dma_sge *dst, uint16_t nb_src, uint16_t nb_dst, uint64_t flags)
{
	struct dsa_vchan *vc = priv;
	bool fence = (flags & RTE_DMA_OP_FLAG_FENCE) != 0;
	unsigned int pieces;
	uint16_t cap;

	if (nb_src == 0 || nb_dst == 0 || !sg_lengths_match(src, dst, nb_src, nb_dst))
		return -EINVAL;
	pieces = sg_walk(vc, src, dst, nb_src, nb_dst, 0, false);
	/* a job may span units, not more than the ring */
	if (pieces > vc->ring_size)
		return -EINVAL;
	cap = capacity(vc);
	if (pieces > cap)
		return -ENOSPC;
	vc->batch_fenced |= fence;
	vc->desc_limit = vc->desc_write + cap;
	sg_walk(vc, src, dst, nb_src, nb_dst, pieces, fence);
	return end_job(vc, flags);
}

int
dsa_vchan_enqueue_op(struct dsa_vchan *vc, const struct dsa_hw_desc *d,
		     struct rte_pmd_dsa_result *result, uint64_t flags)
{
	bool fence = (flags & RTE_DMA_OP_FLAG_FENCE) != 0;
	uint32_t dflags = d->flags | IDXD_OP_FLAG_CRAV | (result != NULL ? IDXD_OP_FLAG_RCR : 0);
	union dsa_ring_desc in;
	uint16_t slot;

	if (ring_full(vc))
		return -ENOSPC;
	memcpy(&in.d, d, sizeof(in.d));
	vc->batch_fenced |= fence;
	slot = put_desc_qw(vc, fenced_hdr(make_hdr(dflags, d->opcode), fence), in.qw[2], in.qw[3],
			   in.qw[4], in.qw[5], in.qw[6], in.qw[7]);
	if (result != NULL) {
		vc->job_result[slot].result = result;
		vc->job_result[slot].opcode = d->opcode;
		vc->results_pending++;
	}
	return end_job(vc, flags);
}

/* ---- completions ---- */

/* Unit holding descriptor DESC, searching from unit U; unit_done if not known yet */
static inline uint16_t
unit_of(const struct dsa_vchan *vc, uint16_t u, uint16_t desc)
{
	while (u != vc->unit_done) {
		const struct dsa_unit *unit = &vc->units[u & vc->unit_mask];

		if ((uint16_t)(desc - unit->first) < unit->ndesc)
			break;
		u++;
	}
	return u;
}

/*
 * Outcome of the next job to report (its first failing descriptor decides);
 * false if some of its descriptors are not done yet. A job may span units.
 */
static bool
next_job(const struct dsa_vchan *vc, uint16_t *ndesc, enum rte_dma_status_code *status)
{
	enum rte_dma_status_code st = RTE_DMA_STATUS_SUCCESSFUL;
	uint16_t d = vc->desc_done, u = vc->unit_head;

	do {
		u = unit_of(vc, u, d);
		if (u == vc->unit_done)
			return false;
		if (st == RTE_DMA_STATUS_SUCCESSFUL)
			st = desc_status(vc, u, d);
	} while (vc->job_cont[d++ & vc->ring_mask]);
	*ndesc = d - vc->desc_done;
	*status = st;
	return true;
}

/*
 * The head unit is fully reported. The device wrote member records only if
 * the unit did not succeed as a whole, and always the record of a unit of
 * one descriptor or of a job with a result; a unit holding fewer job ends
 * than descriptors has continuation marks. Clear those, so that every record and mark of the ring
 * is zero when its slot is used again and the enqueue path need not touch it.
 */
static inline void
retire_unit(struct dsa_vchan *vc)
{
	uint16_t u = vc->unit_head++;
	const struct dsa_unit *unit = &vc->units[u & vc->unit_mask];
	uint16_t i, slot;

	vc->desc_free = unit->first + unit->ndesc;
	if (likely(unit->ndesc > 1 && unit->state == DSA_UNIT_SENT &&
			vc->unit_cr[u & vc->unit_mask].cr.status == DSA_COMP_SUCCESS &&
			unit->njobs == unit->ndesc && unit->nresults == 0))
		return;
	for (i = 0; i < unit->ndesc; i++) {
		slot = (uint16_t)(unit->first + i) & vc->ring_mask;
		vc->desc_cr[slot].status = 0;
		vc->job_cont[slot] = 0;
	}
}

/* Write the result of the job ending at SLOT, before its record is cleared */
static void
deliver_result(struct dsa_vchan *vc, uint16_t slot)
{
	struct dsa_job_result *jr = &vc->job_result[slot];

	dsa_op_result_write(jr->result, jr->opcode, &vc->desc_cr[slot]);
	jr->result = NULL;
}

/* Mark the next job, of NDESC descriptors, reported (its result delivered) */
static inline void
consume_job(struct dsa_vchan *vc, uint16_t ndesc)
{
	uint16_t last = (uint16_t)(vc->desc_done + ndesc - 1) & vc->ring_mask;

	if (unlikely(vc->job_result[last].result != NULL))
		deliver_result(vc, last);
	vc->desc_done += ndesc;
	vc->job_done++;
	while (vc->unit_head != vc->unit_done) {
		const struct dsa_unit *unit = &vc->units[vc->unit_head & vc->unit_mask];

		if ((uint16_t)(vc->desc_done - unit->first) < unit->ndesc)
			break;
		retire_unit(vc);
	}
}

/*
 * Fast path: the head unit succeeded and each of its descriptors is a whole
 * job without a result. Report up to MAX of them at once; returns how many
 * (0: take the slow path).
 */
static inline uint16_t
take_successes(struct dsa_vchan *vc, uint16_t max)
{
	const struct dsa_unit *unit = &vc->units[vc->unit_head & vc->unit_mask];
	uint16_t left, n;

	if (unit->njobs != unit->ndesc || unit->nresults != 0 || unit->state != DSA_UNIT_SENT ||
			(unit_record(vc, vc->unit_head)->status & DSA_COMP_STATUS_MASK) !=
			DSA_COMP_SUCCESS)
		return 0;
	left = unit->ndesc - (uint16_t)(vc->desc_done - unit->first);
	n = RTE_MIN(left, max);
	vc->desc_done += n;
	vc->job_done += n;
	if (n == left)
		retire_unit(vc);
	return n;
}

static uint16_t
dsa_completed(void *priv, uint16_t vchan __rte_unused, const uint16_t nb_cpls,
	      uint16_t *last_idx, bool *has_error)
{
	struct dsa_vchan *vc = priv;
	enum rte_dma_status_code st;
	uint16_t n = 0, k;
	bool error = false;

	poll_units(vc);
	while (n < nb_cpls && vc->unit_head != vc->unit_done) {
		k = take_successes(vc, nb_cpls - n);
		if (k != 0) {
			n += k;
			continue;
		}
		/* report jobs one by one, stopping before the first failure */
		if (!next_job(vc, &k, &st))
			break;
		if (st != RTE_DMA_STATUS_SUCCESSFUL) {
			error = true;
			break;
		}
		consume_job(vc, k);
		n++;
	}
	vc->stats.completed += n;
	if (last_idx != NULL)
		*last_idx = vc->job_done - 1;
	if (has_error != NULL)
		*has_error = error;
	return n;
}

static void
count_failure(struct dsa_vchan *vc, enum rte_dma_status_code status)
{
	vc->stats.errors++;
	vc->stats.failed[dsa_status_kind(status)]++;
}

static uint16_t
dsa_completed_status(void *priv, uint16_t vchan __rte_unused, const uint16_t nb_cpls,
		     uint16_t *last_idx, enum rte_dma_status_code *status)
{
	struct dsa_vchan *vc = priv;
	uint16_t n = 0, k, i;

	poll_units(vc);
	while (n < nb_cpls && vc->unit_head != vc->unit_done) {
		k = take_successes(vc, nb_cpls - n);
		if (k != 0) {
			for (i = 0; i < k; i++)
				status[n + i] = RTE_DMA_STATUS_SUCCESSFUL;
			n += k;
			continue;
		}
		if (!next_job(vc, &k, &status[n]))
			break;
		if (unlikely(status[n] != RTE_DMA_STATUS_SUCCESSFUL))
			count_failure(vc, status[n]);
		consume_job(vc, k);
		n++;
	}
	vc->stats.completed += n;
	if (last_idx != NULL)
		*last_idx = vc->job_done - 1;
	return n;
}

/* ---- control path ---- */

/* Units a dmadev may have in flight: a dedicated WQ holds its size, a shared one refuses */
static uint16_t
wq_unit_max(const struct dsa_wq *wq)
{
	return wq->shared ? RTE_MIN(wq->size, DSA_SWQ_UNITS) : wq->size;
}

/* Descriptors of one unit: a batch, or without BATCH one descriptor */
static uint16_t
unit_desc_max(const struct dsa_vchan *vc, uint16_t ring_size)
{
	const struct dsa_wq *wq = &vc->dev->wq[vc->wq];

	return vc->batching ? RTE_MIN(1u << wq->max_batch_shift, ring_size) : 1;
}

static int
dsa_info_get(const struct rte_dma_dev *dmadev, struct rte_dma_info *info, uint32_t size)
{
	const struct dsa_vchan *vc = dmadev->data->dev_private;
	const struct dsa_device *dev = vc->dev;

	if (size < sizeof(*info))
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->dev_capa = RTE_DMA_CAPA_MEM_TO_MEM | RTE_DMA_CAPA_HANDLES_ERRORS |
			RTE_DMA_CAPA_OPS_COPY | RTE_DMA_CAPA_OPS_COPY_SG;
	if (dsa_caps_has_op(&dev->caps, DSA_OPCODE_MEMFILL))
		info->dev_capa |= RTE_DMA_CAPA_OPS_FILL;
	if (dev->addr_mode == DSA_ADDR_SVA)
		info->dev_capa |= RTE_DMA_CAPA_SVA;
	info->max_vchans = 1;
	info->max_desc = DSA_MAX_DESC;
	info->min_desc = DSA_MIN_DESC;
	/* N segments a side make at most 2N - 1 descriptors (before max transfer
	 * splits), which the smallest ring takes */
	info->max_sges = DSA_MIN_DESC / 2;
	info->numa_node = dev->numa_node;
	info->nb_vchans = vc->ring != NULL ? 1 : 0;
	return 0;
}

static int claim(struct dsa_vchan *vc);

static int
dsa_configure(struct rte_dma_dev *dmadev, const struct rte_dma_conf *conf,
	      uint32_t conf_sz)
{
	struct dsa_vchan *vc = dmadev->data->dev_private;

	if (conf_sz < sizeof(*conf) || conf->nb_vchans != 1)
		return -EINVAL;
	if (conf->enable_silent) {
		DSA_LOG(ERR, "%s: silent mode is not supported", vc->name);
		return -ENOTSUP;
	}
	return claim(vc);
}

static void
free_rings(struct dsa_vchan *vc)
{
	rte_memzone_free(vc->mz);
	rte_free(vc->job_cont);
	rte_free(vc->job_result);
	rte_free(vc->units);
	vc->mz = NULL;
	vc->job_cont = NULL;
	vc->job_result = NULL;
	vc->units = NULL;
	vc->ring = NULL;
}

/* Descriptors, records, units: as the device and the ring indexes start */
static void
clear_rings(struct dsa_vchan *vc, uint16_t ring_size)
{
	memset(vc->mz->addr, 0, vc->mz->len);
	memset(vc->job_cont, 0, ring_size);
	/* results of jobs never reported are not delivered (a dead user's pointers) */
	memset(vc->job_result, 0, ring_size * sizeof(struct dsa_job_result));
	memset(vc->units, 0, ring_size * sizeof(struct dsa_unit));
}

static uint64_t
dev_addr(const struct dsa_vchan *vc, const void *va, const struct rte_memzone *mz)
{
	if (vc->dev->addr_mode == DSA_ADDR_SVA)
		return (uint64_t)(uintptr_t)va;
	return mz->iova + (uint64_t)((const uint8_t *)va - (const uint8_t *)mz->addr);
}

static int
alloc_rings(struct dsa_vchan *vc, uint16_t ring_size, uint16_t units)
{
	size_t ring_bytes = (size_t)ring_size * sizeof(struct dsa_hw_desc);
	size_t cr_bytes = RTE_ALIGN_CEIL((size_t)ring_size * sizeof(struct dsa_completion_record),
					 RTE_CACHE_LINE_SIZE);
	/* and one for the DRAIN of drain_after_reset */
	size_t unit_cr_bytes = (size_t)(units + 1) * sizeof(struct dsa_unit_record);
	int socket = vc->dev->numa_node >= 0 ? vc->dev->numa_node : (int)rte_socket_id();
	char mzname[RTE_MEMZONE_NAMESIZE];

	snprintf(mzname, sizeof(mzname), "dma_dsa_%d_ring", vc->dmadev_id);
	vc->mz = rte_memzone_reserve_aligned(mzname, ring_bytes + cr_bytes + unit_cr_bytes,
					     socket, RTE_MEMZONE_IOVA_CONTIG, 4096);
	vc->job_cont = rte_zmalloc_socket(NULL, ring_size, RTE_CACHE_LINE_SIZE, socket);
	vc->job_result = rte_zmalloc_socket(NULL, ring_size * sizeof(struct dsa_job_result),
					    RTE_CACHE_LINE_SIZE, socket);
	vc->units = rte_zmalloc_socket(NULL, units * sizeof(struct dsa_unit),
				       RTE_CACHE_LINE_SIZE, socket);
	if (vc->mz == NULL || vc->job_cont == NULL || vc->job_result == NULL ||
			vc->units == NULL) {
		DSA_LOG(ERR, "%s: no memory for a ring of %u descriptors on socket %d",
			vc->name, ring_size, socket);
		free_rings(vc);
		return -ENOMEM;
	}
	clear_rings(vc, ring_size);
	vc->ring = vc->mz->addr;
	vc->desc_cr = (void *)((uint8_t *)vc->mz->addr + ring_bytes);
	vc->unit_cr = (void *)((uint8_t *)vc->desc_cr + cr_bytes);
	vc->ring_iova = dev_addr(vc, vc->ring, vc->mz);
	vc->desc_cr_iova = dev_addr(vc, vc->desc_cr, vc->mz);
	vc->unit_cr_iova = dev_addr(vc, vc->unit_cr, vc->mz);
	return 0;
}

static void
reset_indexes(struct dsa_vchan *vc)
{
	vc->desc_write = vc->desc_batch = vc->desc_done = vc->desc_free = 0;
	vc->job_write = vc->job_batch = vc->job_done = 0;
	vc->unit_head = vc->unit_done = vc->unit_send = vc->unit_tail = 0;
	vc->batch_fenced = false;
	vc->results_pending = 0;
	vc->desc_limit = 0;
	vc->idle_polls = 0;
}

/*
 * The last user process died. dsa_mp drained the WQ, so the device writes
 * no more to the rings, but the user may have died halfway through updating
 * them: start the ring afresh. The jobs it never saw complete count as
 * completed with an error, so that the counters still add up.
 */
static void
abandon(struct dsa_vchan *vc)
{
	uint64_t lost = vc->stats.submitted > vc->stats.completed ?
			vc->stats.submitted - vc->stats.completed : 0;

	DSA_LOG(WARNING, "%s: %" PRIu64 " jobs of the process that died were not reported: "
		"counted as errors; job ids start again at 0", vc->name, lost);
	vc->stats.completed += lost;
	vc->stats.errors += lost;
	vc->started = false;
	if (vc->ring == NULL)
		return;
	clear_rings(vc, vc->ring_size);
	reset_indexes(vc);
}

/* Make this process the dmadev's user (refused while another live one is) */
static int
claim(struct dsa_vchan *vc)
{
	int ret;

	if (vc->mp == NULL)
		return 0;
	ret = dsa_mp_claim(vc->mp, vc->name, &vc->portal);
	if (ret != DSA_MP_RECLAIMED)
		return ret;
	abandon(vc);
	return 0;
}

static void
release(struct dsa_vchan *vc)
{
	if (vc->mp != NULL)
		dsa_mp_release(vc->mp);
}

static int
dsa_vchan_setup(struct rte_dma_dev *dmadev, uint16_t vchan __rte_unused,
		const struct rte_dma_vchan_conf *conf, uint32_t conf_sz)
{
	struct dsa_vchan *vc = dmadev->data->dev_private;
	const struct dsa_wq *wq = &vc->dev->wq[vc->wq];
	uint16_t ring_size;
	int ret;

	if (conf_sz < sizeof(*conf) || conf->direction != RTE_DMA_DIR_MEM_TO_MEM)
		return -EINVAL;
	if (conf->nb_desc < DSA_MIN_DESC || conf->nb_desc > DSA_MAX_DESC)
		return -EINVAL;
	ring_size = (uint16_t)rte_align32pow2(conf->nb_desc);
	ret = claim(vc);
	if (ret < 0)
		return ret;
	free_rings(vc);
	/* as many units as descriptors: every op pending may need its own */
	if (alloc_rings(vc, ring_size, ring_size) < 0)
		return -ENOMEM;
	vc->ring_size = ring_size;
	vc->ring_mask = ring_size - 1;
	vc->unit_mask = ring_size - 1;
	vc->wq_slots = wq_unit_max(wq);
	vc->max_batch = unit_desc_max(vc, ring_size);
	reset_indexes(vc);
	memset(&vc->stats, 0, sizeof(vc->stats));
	return 0;
}

/* End the device's halt by the reset it needs, and count how that went */
static int
recover(struct dsa_vchan *vc)
{
	struct dsa_device *dev = vc->dev;
	const struct dsa_backend_ops *ops = dsa_mp_ops(dev);
	int ret = -EIO;

	if (ops->recover == NULL)
		DSA_LOG(ERR, "%s: device halted and cannot be reset from here", vc->name);
	else
		ret = ops->recover(dev);
	if (ret == 0)
		vc->events.recoveries++;
	else
		vc->events.recovery_failures++;
	return ret;
}

static int
dsa_start(struct rte_dma_dev *dmadev)
{
	struct dsa_vchan *vc = dmadev->data->dev_private;
	struct dsa_device *dev = vc->dev;
	const struct dsa_backend_ops *ops = dsa_mp_ops(dev);
	int ret;

	if (vc->ring == NULL)
		return -EINVAL;
	ret = claim(vc);
	if (ret < 0)
		return ret;
	if (ops->halted(dev)) {
		note_halt(vc);
		ret = recover(vc);
	} else if (ops->recover != NULL) {
		/* another dmadev may be resetting the device: wait for it */
		ret = ops->recover(dev);
	}
	if (ret == 0)
		ret = ops->wq_enable(dev, vc->wq);
	vc->started = ret == 0;
	return ret;
}

/* Wait for sent work; what the device has not finished in time is reported lost */
static void
drain(struct dsa_vchan *vc)
{
	const uint64_t end = rte_get_timer_cycles() +
			rte_get_timer_hz() * DSA_STOP_WAIT_MS / 1000;

	do {
		poll_units(vc);
		if (vc->unit_done == vc->unit_tail)
			return;
		rte_pause();
	} while (rte_get_timer_cycles() < end);
	if (!vc->multi_user)
		dsa_mp_ops(vc->dev)->wq_disable(vc->dev, vc->wq);
	poll_units(vc);
	vc->events.units_lost += mark_lost(vc, true, 0);
	drop_held(vc);
	vc->unit_done = vc->unit_tail;
	DSA_LOG(WARNING, "%s: stopped with work the device did not finish", vc->name);
}

static int
dsa_stop(struct rte_dma_dev *dmadev)
{
	struct dsa_vchan *vc = dmadev->data->dev_private;
	const struct dsa_backend_ops *ops = dsa_mp_ops(vc->dev);
	int ret = claim(vc);

	if (ret < 0)
		return ret;
	vc->started = false;
	drain(vc);
	/* other dmadevs may use the WQ; a halted device is reset by start */
	if (!vc->multi_user && !ops->halted(vc->dev))
		ret = ops->wq_disable(vc->dev, vc->wq);
	/* stopped, the dmadev is free for any process to configure or start */
	release(vc);
	return ret;
}

static int
dsa_close(struct rte_dma_dev *dmadev)
{
	struct dsa_vchan *vc = dmadev->data->dev_private;
	bool secondary = dsa_mp_secondary();
	int ret;

	/* a secondary that did not use the dmadev only lets go of it */
	if (secondary && !dsa_mp_is_user(vc->mp))
		return 0;
	ret = claim(vc);
	if (ret < 0)
		return ret;
	if (vc->ring != NULL)
		drain(vc);
	release(vc);
	/* the rings and the dmadev belong to the primary, which frees them */
	if (secondary)
		return 0;
	free_rings(vc);
	vc->dev->nb_dmadevs--;
	return 0;
}

static int
dsa_stats_get(const struct rte_dma_dev *dmadev, uint16_t vchan __rte_unused,
	      struct rte_dma_stats *stats, uint32_t size)
{
	const struct dsa_vchan *vc = dmadev->data->dev_private;

	if (size < sizeof(*stats))
		return -EINVAL;
	stats->submitted = vc->stats.submitted;
	stats->completed = vc->stats.completed;
	stats->errors = vc->stats.errors;
	return 0;
}

static int
dsa_stats_reset(struct rte_dma_dev *dmadev, uint16_t vchan __rte_unused)
{
	struct dsa_vchan *vc = dmadev->data->dev_private;

	memset(&vc->stats, 0, sizeof(vc->stats));
	return 0;
}

static int
dsa_vchan_status(const struct rte_dma_dev *dmadev, uint16_t vchan __rte_unused,
		 enum rte_dma_vchan_status *status)
{
	struct dsa_vchan *vc = dmadev->data->dev_private;

	/* a halted device processes nothing, whatever it still holds */
	if (dsa_mp_ops(vc->dev)->halted(vc->dev)) {
		note_halt(vc);
		*status = RTE_DMA_VCHAN_HALTED_ERROR;
		return 0;
	}
	poll_units(vc);
	*status = vc->unit_done != vc->unit_tail ? RTE_DMA_VCHAN_ACTIVE : RTE_DMA_VCHAN_IDLE;
	return 0;
}

static const char *
submit_kind_name(enum dsa_submit_kind kind)
{
	switch (kind) {
	case DSA_SUBMIT_MOVDIR64B: return "MOVDIR64B";
	case DSA_SUBMIT_ENQCMD: return "ENQCMD";
	case DSA_SUBMIT_WRITE: return "write(2)";
	case DSA_SUBMIT_CALL: return "model portal";
	}
	return "?";
}

static int
dsa_dump(const struct rte_dma_dev *dmadev, FILE *f)
{
	const struct dsa_vchan *vc = dmadev->data->dev_private;
	const struct dsa_device *dev = vc->dev;
	const struct dsa_wq *wq = &dev->wq[vc->wq];

	fprintf(f, "%s: device %s WQ %u (%s, size %u, priority %u, group %u%s)\n",
		vc->name, dev->name, vc->wq, wq->shared ? "shared" : "dedicated", wq->size,
		wq->priority, wq->group, vc->multi_user ? ", several users" : "");
	fprintf(f, "  version 0x%x, addresses %s, submit by %s, %s\n", dev->caps.version,
		dev->addr_mode == DSA_ADDR_SVA ? "SVA" : "IOVA",
		submit_kind_name(vc->portal.kind),
		vc->batching ? "batching" : "one descriptor per unit");
	fprintf(f, "  ring %u descriptors, max batch %u, units in flight <= %u\n",
		vc->ring_size, vc->max_batch, vc->wq_slots);
	fprintf(f, "  descriptors: written %u, submitted up to %u, reported up to %u\n",
		vc->desc_write, vc->desc_batch, vc->desc_done);
	fprintf(f, "  jobs: next id %u, reported up to %u\n", vc->job_write, vc->job_done);
	fprintf(f, "  units: head %u, done %u, sent %u, tail %u\n", vc->unit_head,
		vc->unit_done, vc->unit_send, vc->unit_tail);
	fprintf(f, "  stats: submitted %" PRIu64 ", completed %" PRIu64 ", errors %" PRIu64 "\n",
		vc->stats.submitted, vc->stats.completed, vc->stats.errors);
	return 0;
}

static const struct rte_dma_dev_ops dsa_dmadev_ops = {
	.dev_info_get = dsa_info_get,
	.dev_configure = dsa_configure,
	.dev_start = dsa_start,
	.dev_stop = dsa_stop,
	.dev_close = dsa_close,
	.vchan_setup = dsa_vchan_setup,
	.stats_get = dsa_stats_get,
	.stats_reset = dsa_stats_reset,
	.vchan_status = dsa_vchan_status,
	.dev_dump = dsa_dump,
};

/* The vchan of dmadev DEV_ID if this driver has it, else NULL */
static struct dsa_vchan *
vchan_of(int16_t dev_id)
{
	/* the fast-path table names the driver: only ours have dsa_copy */
	if (!rte_dma_is_valid(dev_id) || rte_dma_fp_objs[dev_id].copy != dsa_copy)
		return NULL;
	return rte_dma_fp_objs[dev_id].dev_private;
}

int
dsa_dmadev_snapshot(int16_t dev_id, struct dsa_dmadev_snapshot *snap)
{
	const struct dsa_vchan *vc = vchan_of(dev_id);

	if (vc == NULL)
		return -ENODEV;
	memset(snap, 0, sizeof(*snap));
	snap->dev = vc->dev;
	snap->wq = vc->wq;
	snap->name = vc->name;
	snap->configured = vc->ring != NULL;
	snap->started = vc->started;
	snap->multi_user = vc->multi_user;
	snap->batching = vc->batching;
	snap->submit = submit_kind_name(vc->portal.kind);
	snap->ring_size = vc->ring_size;
	snap->max_batch = vc->max_batch;
	snap->wq_slots = vc->wq_slots;
	snap->units_sent = vc->unit_send - vc->unit_done;
	snap->units_held = vc->unit_tail - vc->unit_send;
	snap->stats = vc->stats;
	snap->events = vc->events;
	return 0;
}

/* ---- creation ---- */

int
dsa_vchan_lookup(int16_t dev_id, struct dsa_vchan_view *view)
{
	struct dsa_vchan *vc = vchan_of(dev_id);

	if (vc == NULL)
		return -ENODEV;
	view->vc = vc;
	view->dev = vc->dev;
	view->name = vc->name;
	view->max_xfer = vc->max_xfer;
	view->ready = vc->ring != NULL;
	return 0;
}

static void
dmadev_name(const struct dsa_device *dev, unsigned int wq, unsigned int user, char *buf,
	    size_t len)
{
	const struct dsa_wq *w = &dev->wq[wq];

	if (w->kname[0] != '\0')
		snprintf(buf, len, "%s-%s", dev->name, w->kname);
	else
		snprintf(buf, len, "%s-wq%u", dev->name, wq);
	if (w->users > 1)
		snprintf(buf + strlen(buf), len - strlen(buf), ".%u", user);
}

/* What each process sets in its own view of a dmadev */
static void
install(struct rte_dma_dev *dmadev, struct dsa_vchan *vc, struct rte_device *rte_dev)
{
	dmadev->device = rte_dev;
	dmadev->dev_ops = &dsa_dmadev_ops;
	dmadev->fp_obj->dev_private = vc;
	dmadev->fp_obj->copy = dsa_copy;
	dmadev->fp_obj->copy_sg = dsa_copy_sg;
	dmadev->fp_obj->fill = dsa_fill;
	dmadev->fp_obj->submit = dsa_submit;
	dmadev->fp_obj->completed = dsa_completed;
	dmadev->fp_obj->completed_status = dsa_completed_status;
	dmadev->fp_obj->burst_capacity = dsa_burst_capacity;
	dmadev->state = RTE_DMA_DEV_READY;
}

static int
create_one(struct dsa_device *dev, unsigned int wq, unsigned int user, unsigned int index)
{
	const struct dsa_wq *w = &dev->wq[wq];
	struct rte_dma_dev *dmadev;
	struct dsa_vchan *vc;
	char name[RTE_DEV_NAME_MAX_LEN];
	uint32_t flags;

	dmadev_name(dev, wq, user, name, sizeof(name));
	dmadev = rte_dma_pmd_allocate(name, dev->numa_node, sizeof(struct dsa_vchan));
	if (dmadev == NULL) {
		DSA_LOG(ERR, "%s: cannot allocate dmadev %s", dev->name, name);
		return -ENOMEM;
	}
	vc = dmadev->data->dev_private;
	snprintf(vc->name, sizeof(vc->name), "%s", name);
	vc->dev = dev;
	vc->wq = wq;
	vc->dmadev_id = dmadev->data->dev_id;
	vc->multi_user = w->users > 1;
	vc->portal = w->portal;
	vc->mp = dsa_mp_vchan_bind(dev, index, wq, name);
	vc->batching = dsa_caps_has_op(&dev->caps, DSA_OPCODE_BATCH) &&
			w->max_batch_shift >= 1;
	vc->max_xfer = (uint32_t)RTE_MIN(1ull << w->max_xfer_shift, (uint64_t)UINT32_MAX);
	flags = IDXD_OP_FLAG_CRAV | dsa_caps_dest_cache_flags(&dev->caps);
	vc->copy_hdr = make_hdr(flags, DSA_OPCODE_MEMMOVE);
	vc->fill_hdr = make_hdr(flags, DSA_OPCODE_MEMFILL);

	install(dmadev, vc, dev->rte_dev);
	dev->nb_dmadevs++;
	DSA_LOG(INFO, "%s: dmadev %s on WQ %u", dev->name, name, wq);
	return 0;
}

int
dsa_dmadevs_create(struct dsa_device *dev)
{
	unsigned int wq, user, index = 0;
	int ret;

	for (wq = 0; wq < dev->nb_wqs; wq++) {
		for (user = 0; user < dev->wq[wq].users; user++) {
			ret = create_one(dev, wq, user, index++);
			if (ret < 0) {
				dsa_dmadevs_destroy(dev);
				return ret;
			}
		}
	}
	return 0;
}

/*
 * Close and release every dmadev of DEV still open; drops their references.
 * In a secondary, those another process started stay until it exits.
 */
int
dsa_dmadevs_destroy(struct dsa_device *dev)
{
	char name[RTE_DEV_NAME_MAX_LEN];
	const struct dsa_vchan *vc;
	unsigned int wq, user;
	int id, ret = 0;

	for (wq = 0; wq < dev->nb_wqs; wq++) {
		for (user = 0; user < dev->wq[wq].users; user++) {
			dmadev_name(dev, wq, user, name, sizeof(name));
			id = rte_dma_get_dev_id_by_name(name);
			if (id < 0)
				continue;
			/* rte_dma_close refuses a started device: stop it first (only
			 * then: rte_dma_stop warns about a stopped one). A secondary
			 * stops only what it uses; what it does not, it cannot close */
			vc = rte_dma_fp_objs[id].dev_private;
			if (vc->started && (!dsa_mp_secondary() || dsa_mp_is_user(vc->mp)))
				rte_dma_stop((int16_t)id);
			if (rte_dma_close((int16_t)id) < 0)
				ret = -EBUSY;
		}
	}
	return ret;
}

int
dsa_dmadevs_attach(struct dsa_device *dev, struct rte_device *rte_dev)
{
	char name[RTE_DEV_NAME_MAX_LEN];
	struct rte_dma_dev *dmadev;
	unsigned int wq, user;

	for (wq = 0; wq < dev->nb_wqs; wq++) {
		for (user = 0; user < dev->wq[wq].users; user++) {
			dmadev_name(dev, wq, user, name, sizeof(name));
			dmadev = rte_dma_pmd_allocate(name, dev->numa_node,
						      sizeof(struct dsa_vchan));
			if (dmadev == NULL) {
				DSA_LOG(ERR, "%s: cannot attach to dmadev %s", dev->name, name);
				dsa_dmadevs_destroy(dev);
				return -ENODEV;
			}
			install(dmadev, dmadev->data->dev_private, rte_dev);
		}
	}
	return 0;
}
