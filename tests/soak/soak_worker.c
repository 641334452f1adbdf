/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A worker lcore: random bursts of copies, fills and scatter-gather copies,
 * some fenced, on its dmadevs; every job reported is checked against what
 * was active during its life and, if successful, verified byte by byte.
 * It recovers a halted dmadev as an application would: take every job's
 * status, then rte_dma_stop and rte_dma_start.
 */
#include <sched.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_lcore.h>

#include "dsa_model.h"
#include "soak.h"

#define BURST_MAX 32
#define POLL_MAX 64
#define HALT_CHECK_IDLE 256 /* empty polls between vchan_status checks */

static uint8_t *
slot_of(const struct soak_chan *c, uint32_t seq)
{
	return c->dst + (size_t)(seq % SOAK_SLOTS) * SOAK_SLOT_LEN;
}

/* The byte a destination slot holds outside the job's segments */
static uint8_t
poison(uint32_t seq)
{
	return (uint8_t)(0xA5 ^ seq);
}

/* A length, mostly small: at most MAX, at least 1 */
static uint32_t
rand_len(uint64_t *rs, uint32_t max)
{
	static const uint32_t scale[] = { 64, 512, 4096, SOAK_MAX_LEN };
	uint32_t top = RTE_MIN(scale[soak_below(rs, RTE_DIM(scale))], max);

	return 1 + soak_below(rs, top);
}

/* Cut LEN bytes into N (>= 1) pieces of at least one byte each */
static void
cut(uint64_t *rs, uint32_t len, unsigned int n, uint32_t *piece)
{
	uint32_t left = len;
	unsigned int i;

	for (i = 0; i + 1 < n; i++) {
		piece[i] = 1 + soak_below(rs, left - (n - 1 - i));
		left -= piece[i];
	}
	piece[n - 1] = left;
}

/* Segments of a job: sources anywhere in the arena, destinations in order with gaps */
static void
make_segs(struct soak_job *j, uint64_t *rs)
{
	uint32_t piece[SOAK_MAX_SEGS], off = soak_below(rs, 64);
	unsigned int i;

	cut(rs, j->len, j->nsrc, piece);
	for (i = 0; i < j->nsrc; i++) {
		j->src[i].len = piece[i];
		j->src[i].off = soak_below(rs, SOAK_SRC_LEN - piece[i] + 1);
	}
	cut(rs, j->len, j->ndst, piece);
	for (i = 0; i < j->ndst; i++) {
		j->dst[i].len = piece[i];
		j->dst[i].off = off;
		off += piece[i] + soak_below(rs, 17);
	}
}

static void
make_job(struct soak_job *j, uint64_t *rs)
{
	uint32_t r = soak_below(rs, 10);

	memset(j, 0, sizeof(*j));
	j->op = r < 5 ? OP_COPY : r < 7 ? OP_FILL : OP_SG;
	j->nsrc = j->ndst = 1;
	if (j->op == OP_SG) {
		j->len = rand_len(rs, SOAK_MAX_LEN);
		j->nsrc = (uint8_t)RTE_MIN(1 + soak_below(rs, SOAK_MAX_SEGS), j->len);
		j->ndst = (uint8_t)RTE_MIN(1 + soak_below(rs, SOAK_MAX_SEGS), j->len);
	} else {
		j->len = rand_len(rs, SOAK_MAX_LEN);
	}
	j->pattern = soak_rand(rs);
	make_segs(j, rs);
}

/* Note the hazards: active now, and how many have begun */
static void
snapshot(const struct soak_chan *c, struct soak_job *j)
{
	unsigned int k;

	for (k = 0; k < HZ_DEV_KINDS; k++) {
		uint64_t ended = soak_load(&c->dev->hz[k].ended);

		j->dev_begun[k] = soak_load(&c->dev->hz[k].begun);
		if (j->dev_begun[k] != ended)
			j->dev_active |= 1u << k;
	}
	j->stop_active = soak_load(&c->stop.ended) != (j->stop_begun = soak_load(&c->stop.begun));
	j->rng_ended = soak_load(&c->rng_ended);
	j->rng_armed = soak_load(&c->rng_armed);
	j->rng_begun = soak_load(&c->rng_begun);
}

/* The bytes the job's destination must hold, in order */
static void
expected(const struct soak_chan *c, const struct soak_job *j, uint8_t *out)
{
	uint32_t at = 0, i;

	if (j->op == OP_FILL) {
		for (i = 0; i < j->len; i++)
			out[i] = (uint8_t)(j->pattern >> (8 * (i % 8)));
		return;
	}
	for (i = 0; i < j->nsrc; i++) {
		memcpy(out + at, c->src + j->src[i].off, j->src[i].len);
		at += j->src[i].len;
	}
}

/* The slot poisoned, the job's segments holding the complement of their data */
static void
prepare_slot(const struct soak_chan *c, uint32_t seq, const struct soak_job *j,
	     uint8_t *scratch)
{
	uint8_t *slot = slot_of(c, seq);
	uint32_t at = 0, i, b;

	memset(slot, poison(seq), SOAK_SLOT_LEN);
	expected(c, j, scratch);
	for (i = 0; i < j->ndst; i++)
		for (b = 0; b < j->dst[i].len; b++)
			slot[j->dst[i].off + b] = (uint8_t)~scratch[at++];
}

static bool
all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* Whether the slot holds what it must: DATA too if the job succeeded */
static bool
verify_slot(const struct soak_chan *c, uint32_t seq, const struct soak_job *j, bool data,
	    uint8_t *scratch)
{
	const uint8_t *slot = slot_of(c, seq);
	uint32_t at = 0, prev = 0, i;

	if (data)
		expected(c, j, scratch);
	for (i = 0; i < j->ndst; i++) {
		if (!all_bytes(slot + prev, j->dst[i].off - prev, poison(seq)))
			return false;
		if (data && memcmp(slot + j->dst[i].off, scratch + at, j->dst[i].len) != 0)
			return false;
		at += j->dst[i].len;
		prev = j->dst[i].off + j->dst[i].len;
	}
	return all_bytes(slot + prev, SOAK_SLOT_LEN - prev, poison(seq));
}

static bool
overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Whether job SEQ reads or writes inside fault range R */
static bool
touches(const struct soak_chan *c, uint32_t seq, const struct soak_job *j,
	const struct soak_range *r)
{
	unsigned int i;

	if (r->access == DSA_MODEL_DMA_READ) {
		for (i = 0; j->op != OP_FILL && i < j->nsrc; i++)
			if (overlaps((uintptr_t)c->src + j->src[i].off, j->src[i].len,
				     r->addr, r->len))
				return true;
		return false;
	}
	for (i = 0; i < j->ndst; i++)
		if (overlaps((uintptr_t)slot_of(c, seq) + j->dst[i].off, j->dst[i].len, r->addr,
			     r->len))
			return true;
	return false;
}

struct exposure {
	uint32_t dev;       /* bit per device hazard */
	bool stopped;       /* an application stop/start */
	bool chan_range;    /* a fault range on this dmadev's buffers */
	bool touched;       /* ... that the job touches */
	bool must_fault;    /* ... armed for the job's whole life */
};

/* Fault ranges of the job's life: [rng_ended at enqueue, rng_begun now) */
static void
range_exposure(const struct soak_chan *c, uint32_t seq, const struct soak_job *j,
	       struct exposure *e)
{
	uint64_t begun = soak_load(&c->rng_begun), disarmed = soak_load(&c->rng_disarmed), r;

	e->chan_range = begun != j->rng_ended;
	if (begun - j->rng_ended > SOAK_RANGE_HIST / 2) {
		e->touched = true; /* too many to look at: assume the worst */
		return;
	}
	for (r = j->rng_ended; r != begun; r++) {
		if (!touches(c, seq, j, &c->rng[r % SOAK_RANGE_HIST]))
			continue;
		e->touched = true;
		/* injected before the enqueue, not yet being removed */
		if (r < j->rng_armed && r >= disarmed)
			e->must_fault = true;
	}
	/* the ring entries read may have been reused meanwhile */
	if (soak_load(&c->rng_begun) - j->rng_ended > SOAK_RANGE_HIST / 2)
		e->touched = true;
}

static void
exposure_of(const struct soak_chan *c, uint32_t seq, const struct soak_job *j,
	    struct exposure *e)
{
	unsigned int k;

	memset(e, 0, sizeof(*e));
	e->dev = j->dev_active;
	for (k = 0; k < HZ_DEV_KINDS; k++)
		if (soak_load(&c->dev->hz[k].begun) != j->dev_begun[k])
			e->dev |= 1u << k;
	e->stopped = j->stop_active || soak_load(&c->stop.begun) != j->stop_begun;
	range_exposure(c, seq, j, e);
}

/* Whether STATUS may end a job with exposure E */
static bool
status_allowed(enum rte_dma_status_code st, const struct exposure *e)
{
	bool halted = e->dev & (1u << HZ_HALT);

	switch (st) {
	case RTE_DMA_STATUS_SUCCESSFUL:
		/* a halt's reset may take fault ranges with it */
		return !e->must_fault || halted;
	case RTE_DMA_STATUS_PAGE_FAULT:
		return e->touched || (e->dev & (1u << HZ_PAGE_FAULT));
	case RTE_DMA_STATUS_INVALID_LENGTH:
		return e->dev & (1u << HZ_DE_LENGTH);
	case RTE_DMA_STATUS_INVALID_ADDR:
		return e->dev & (1u << HZ_DE_ADDR);
	case RTE_DMA_STATUS_BUS_ERROR:
		return e->dev & (1u << HZ_DE_BUS);
	case RTE_DMA_STATUS_INVALID_OPCODE:
		return e->dev & (1u << HZ_DE_OPCODE);
	case RTE_DMA_STATUS_NOT_ATTEMPTED:
		/* after a failure and a fence, or never sent by a halt or stop */
		return e->dev != 0 || e->stopped || e->chan_range;
	case RTE_DMA_STATUS_ERROR_UNKNOWN:
		return halted || e->stopped;
	default:
		return false;
	}
}

static unsigned int
status_index(enum rte_dma_status_code st)
{
	return st <= RTE_DMA_STATUS_PAGE_FAULT ? (unsigned int)st : RTE_DMA_STATUS_PAGE_FAULT + 1;
}

/* Job SEQ was reported with ST: is that what its exposure allows, is its data right */
static void
check_job(struct soak_chan *c, uint32_t seq, enum rte_dma_status_code st, uint8_t *scratch)
{
	const struct soak_job *j = &c->jobs[seq % SOAK_SLOTS];
	bool ok = st == RTE_DMA_STATUS_SUCCESSFUL;
	struct exposure e;

	exposure_of(c, seq, j, &e);
	c->cnt.status[status_index(st)]++;
	c->cnt.reported++;
	c->cnt.errors += !ok;
	c->cnt.unexposed += e.dev == 0 && !e.stopped && !e.chan_range;
	c->cnt.must_fail += e.must_fault && !(e.dev & (1u << HZ_HALT));
	if (!status_allowed(st, &e))
		soak_violation(c, seq, "status %d, exposed to: device hazards 0x%x, stop %d, "
			       "fault range on its buffers %d (touched %d, armed throughout %d)",
			       st, e.dev, e.stopped, e.chan_range, e.touched, e.must_fault);
	if (!verify_slot(c, seq, j, ok, scratch))
		soak_violation(c, seq, "%s (op %u, %u bytes, %u+%u segments)",
			       ok ? "successful, but its destination is wrong" :
			       "failed, and wrote outside its destination", j->op, j->len,
			       j->nsrc, j->ndst);
}

static void
broken(struct soak_chan *c, uint32_t seq, const char *what, int ret)
{
	soak_violation(c, seq, "%s: %d", what, ret);
	rte_dma_dump(c->id, stdout);
	__atomic_store_n(&soak.aborted, 1, __ATOMIC_SEQ_CST);
}

static int
enqueue_job(struct soak_chan *c, const struct soak_job *j, uint32_t seq, uint64_t flags)
{
	struct rte_dma_sge s[SOAK_MAX_SEGS], d[SOAK_MAX_SEGS];
	uint8_t *slot = slot_of(c, seq);
	unsigned int i;

	switch (j->op) {
	case OP_COPY:
		return rte_dma_copy(c->id, 0, (uintptr_t)c->src + j->src[0].off,
				    (uintptr_t)slot + j->dst[0].off, j->len, flags);
	case OP_FILL:
		return rte_dma_fill(c->id, 0, j->pattern, (uintptr_t)slot + j->dst[0].off,
				    j->len, flags);
	default:
		for (i = 0; i < j->nsrc; i++)
			s[i] = (struct rte_dma_sge){ (uintptr_t)c->src + j->src[i].off,
						     j->src[i].len };
		for (i = 0; i < j->ndst; i++)
			d[i] = (struct rte_dma_sge){ (uintptr_t)slot + j->dst[i].off,
						     j->dst[i].len };
		return rte_dma_copy_sg(c->id, 0, s, d, j->nsrc, j->ndst, flags);
	}
}

/* A burst of 1 to 32 ops, one of them fenced now and then, then submit */
static void
enqueue_burst(struct soak_chan *c, uint64_t *rs, uint8_t *scratch)
{
	uint32_t room = RTE_MIN((uint32_t)rte_dma_burst_capacity(c->id, 0),
				SOAK_SLOTS - (c->tail - c->head));
	uint32_t n = RTE_MIN(1 + soak_below(rs, BURST_MAX), room), i, taken = 0;
	int fence_at = soak_below(rs, 8) == 0 ? (int)soak_below(rs, BURST_MAX) : -1;
	bool flag_submit = soak_below(rs, 2) == 0, submitted = false;

	for (i = 0; i < n; i++) {
		struct soak_job *j = &c->jobs[c->tail % SOAK_SLOTS];
		uint64_t flags = 0;
		int ret;

		make_job(j, rs);
		j->fenced = (int)i == fence_at;
		flags |= j->fenced ? RTE_DMA_OP_FLAG_FENCE : 0;
		flags |= flag_submit && i == n - 1 ? RTE_DMA_OP_FLAG_SUBMIT : 0;
		prepare_slot(c, c->tail, j, scratch);
		snapshot(c, j);
		ret = enqueue_job(c, j, c->tail, flags);
		if (ret == -ENOSPC)
			break; /* a scatter-gather copy needing more than is free: no id taken */
		if (ret < 0 || (uint16_t)ret != (uint16_t)c->tail) {
			broken(c, c->tail, "enqueue returned the wrong job id", ret);
			return;
		}
		c->tail++;
		c->cnt.jobs[j->op]++;
		c->cnt.fenced += j->fenced;
		taken++;
		submitted = flags & RTE_DMA_OP_FLAG_SUBMIT;
	}
	if (taken != 0 && !submitted)
		rte_dma_submit(c->id, 0);
	c->cnt.submitted += taken;
}

/*
 * Take what is reported, by completed() or completed_status(); returns how
 * many. *LOST: some job was lost or not attempted, as when the device halts.
 */
static uint16_t
poll_chan(struct soak_chan *c, uint64_t *rs, bool with_status, uint8_t *scratch, bool *lost)
{
	enum rte_dma_status_code st[POLL_MAX];
	uint16_t max = 1 + soak_below(rs, POLL_MAX), last = 0, n, i;
	uint32_t outstanding = c->tail - c->head;
	bool err = false;

	if (with_status) {
		n = rte_dma_completed_status(c->id, 0, max, &last, st);
	} else {
		n = rte_dma_completed(c->id, 0, max, &last, &err);
		for (i = 0; i < n; i++)
			st[i] = RTE_DMA_STATUS_SUCCESSFUL;
	}
	if (n > outstanding) {
		broken(c, c->head + outstanding, "more jobs reported than outstanding", n);
		return 0;
	}
	if (n != 0 && last != (uint16_t)(c->head + n - 1)) {
		broken(c, c->head + n - 1, "last_idx differs, got", last);
		return 0;
	}
	for (i = 0; i < n; i++) {
		*lost |= st[i] == RTE_DMA_STATUS_ERROR_UNKNOWN ||
			st[i] == RTE_DMA_STATUS_NOT_ATTEMPTED;
		check_job(c, c->head++, st[i], scratch);
	}
	if (n != 0) {
		c->last_progress = rte_get_timer_cycles();
		c->idle = 0;
	}
	return n;
}

/* Jobs outstanding with nothing reported for too long: one was lost */
static bool
stuck(struct soak_chan *c)
{
	if (c->head == c->tail ||
	    rte_get_timer_cycles() - c->last_progress < rte_get_timer_hz() * SOAK_STUCK_S)
		return false;
	broken(c, c->head, "job never reported; outstanding jobs", (int)(c->tail - c->head));
	return true;
}

/* Every outstanding job reported (completed_status), as before a stop */
static bool
drain_chan(struct soak_chan *c, uint64_t *rs, uint8_t *scratch)
{
	bool lost = false;

	c->last_progress = rte_get_timer_cycles();
	while (c->head != c->tail) {
		if (poll_chan(c, rs, true, scratch, &lost) == 0)
			sched_yield();
		if (stuck(c) || __atomic_load_n(&soak.aborted, __ATOMIC_SEQ_CST))
			return false;
	}
	return true;
}

static void
restart(struct soak_chan *c, const char *why)
{
	int ret = rte_dma_stop(c->id);

	if (ret != 0) {
		broken(c, c->tail, why, ret);
		return;
	}
	ret = rte_dma_start(c->id);
	if (ret != 0)
		broken(c, c->tail, why, ret);
}

/* A halted dmadev: take every job's status, then stop and start it */
static void
recover_if_halted(struct soak_chan *c, uint64_t *rs, uint8_t *scratch)
{
	enum rte_dma_vchan_status vs;

	if (rte_dma_vchan_status(c->id, 0, &vs) != 0 || vs != RTE_DMA_VCHAN_HALTED_ERROR)
		return;
	if (!drain_chan(c, rs, scratch))
		return;
	restart(c, "stop/start after a halt failed");
	c->cnt.halt_recoveries++;
}

/* The controller asked for a stop/start with work in flight */
static void
app_stop(struct soak_chan *c)
{
	restart(c, "stop/start with work in flight failed");
	c->cnt.app_stops++;
	__atomic_store_n(&c->stop_req, 0, __ATOMIC_SEQ_CST);
}

/* One round on a dmadev; false once it has nothing more to do */
static bool
step(struct soak_chan *c, uint64_t *rs, bool done, uint8_t *scratch)
{
	if (__atomic_load_n(&c->stop_req, __ATOMIC_SEQ_CST))
		app_stop(c);
	bool lost = false;

	if (!done)
		enqueue_burst(c, rs, scratch);
	/* an application looks at the vchan after losses, and now and then when idle */
	if ((poll_chan(c, rs, soak_below(rs, 2) == 0, scratch, &lost) == 0 &&
	     ++c->idle % HALT_CHECK_IDLE == 0) || lost)
		recover_if_halted(c, rs, scratch);
	return !stuck(c) && !(done && c->head == c->tail);
}

int
soak_worker(void *arg)
{
	const unsigned int w = (unsigned int)(uintptr_t)arg;
	uint64_t rs = soak.seed * 0x9E3779B97F4A7C15ull + w + 1;
	static __thread uint8_t scratch[SOAK_MAX_LEN];
	bool busy = true;
	unsigned int i;

	for (i = w; i < soak.nb_chans; i += soak.nb_workers)
		soak.chans[i].last_progress = rte_get_timer_cycles();
	while (busy && !__atomic_load_n(&soak.aborted, __ATOMIC_SEQ_CST)) {
		bool done = __atomic_load_n(&soak.done, __ATOMIC_SEQ_CST);

		busy = false;
		for (i = w; i < soak.nb_chans; i += soak.nb_workers)
			busy |= step(&soak.chans[i], &rs, done, scratch);
		/* the model's engine threads share the CPUs with the lcores */
		sched_yield();
	}
	return 0;
}
