/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Work queues and BAR2 portals.
 *
 * A WQ is a ring of entries numbered by sequence. Occupancy counts entries
 * against the WQ size: queued ones, and running ones too unless the
 * dwq_free_at_completion quirk is off (whether hardware frees an entry at
 * dispatch or at completion is unverified).
 *
 * Dedicated WQ, MOVDIR64B: posted. A descriptor the WQ cannot take is
 * dropped, no completion record is written, and SWERR records it.
 * Shared WQ, ENQCMD(S): refused ("retry") when occupancy reaches the
 * threshold (limited portal) or the size (unlimited portal).
 * ENQCMD(S) to a dedicated WQ is refused and MOVDIR64B to a shared WQ is
 * dropped with SWERR (unverified; the model treats both as portal misuse).
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "model_priv.h"

void
model_wq_latch_config(struct dsa_model *m, unsigned int wq)
{
	struct model_wq *w = &m->wqs[wq];
	const uint32_t *cfg = w->wqcfg;
	uint32_t mode = cfg[DSA_WQCFG_MODE / 4], max = cfg[DSA_WQCFG_MAX / 4];
	unsigned int i;

	pthread_mutex_lock(&w->lock);
	w->size = (uint32_t)DSA_FIELD_GET(DSA_WQCFG_SIZE_MASK, cfg[DSA_WQCFG_SIZE / 4]);
	w->threshold = (uint32_t)DSA_FIELD_GET(DSA_WQCFG_THRESHOLD_MASK,
					       cfg[DSA_WQCFG_THRESHOLD / 4]);
	w->dedicated = mode & DSA_WQCFG_MODE_DEDICATED;
	w->bof = mode & DSA_WQCFG_BOF_EN;
	w->pasid_en = mode & DSA_WQCFG_PASID_EN;
	w->priv = mode & DSA_WQCFG_PRIV;
	w->pasid = (uint32_t)DSA_FIELD_GET(DSA_WQCFG_PASID_MASK, mode);
	w->priority = (unsigned int)DSA_FIELD_GET(DSA_WQCFG_PRIORITY_MASK, mode);
	w->max_xfer = 1ull << DSA_FIELD_GET(DSA_WQCFG_MAX_XFER_SHIFT_MASK, max);
	w->max_batch = 1u << DSA_FIELD_GET(DSA_WQCFG_MAX_BATCH_SHIFT_MASK, max);
	w->no_flags = 0;
	if (!(m->caps.gencap & DSA_GENCAP_BLOCK_ON_FAULT) || (m->q.bof_needs_wq_bof && !w->bof))
		w->no_flags |= IDXD_OP_FLAG_BOF;
	if (!(m->caps.gencap & DSA_GENCAP_CACHE_CTRL_MEM))
		w->no_flags |= IDXD_OP_FLAG_CC;
	if (!(m->caps.gencap & DSA_GENCAP_DEST_READBACK))
		w->no_flags |= IDXD_OP_FLAG_DRDBK;
	for (i = 0; i < DSA_OPCAP_QWORDS; i++) {
		if (m->caps.wqcap & DSA_WQCAP_OP_CONFIG)
			w->op_config[i] = cfg[DSA_WQCFG_OP_CONFIG / 4 + 2 * i] |
				((uint64_t)cfg[DSA_WQCFG_OP_CONFIG / 4 + 2 * i + 1] << 32);
		else
			w->op_config[i] = UINT64_MAX;
	}
	w->head = w->tail = 0;
	atomic_store(&w->queued, 0);
	atomic_store(&w->occupancy, 0);
	atomic_store(&w->state, WQ_ENABLED);
	pthread_mutex_unlock(&w->lock);
}

uint64_t
model_wq_tail(struct model_wq *w)
{
	uint64_t tail;

	pthread_mutex_lock(&w->lock);
	tail = w->tail;
	pthread_mutex_unlock(&w->lock);
	return tail;
}

/* Engine side: take the oldest entry, marking it as running on @t. */
bool
model_wq_pop(struct dsa_model *m, unsigned int wq, struct model_thread *t,
	     struct model_entry *e)
{
	struct model_wq *w = &m->wqs[wq];
	bool got = false;

	if (atomic_load_explicit(&w->queued, memory_order_acquire) == 0)
		return false;
	pthread_mutex_lock(&w->lock);
	if (w->head != w->tail && atomic_load(&w->state) != WQ_DISABLED) {
		*e = w->ring[w->head % m->total_wq_size];
		atomic_store(&t->cur_seq, w->head);
		atomic_store(&t->cur_pasid, e->pasid);
		atomic_store(&t->cur_wq, (int)wq);
		w->head++;
		atomic_fetch_sub(&w->queued, 1);
		if (!m->q.dwq_free_at_completion)
			atomic_fetch_sub(&w->occupancy, 1);
		got = true;
	}
	pthread_mutex_unlock(&w->lock);
	return got;
}

/*
 * Completion side: an entry counted until completion is freed before its
 * record becomes visible, so a driver that reuses the slot as soon as it
 * sees the record never overflows the WQ.
 */
void
model_wq_entry_free(struct dsa_model *m, struct model_wq *w)
{
	if (m->q.dwq_free_at_completion)
		atomic_fetch_sub(&w->occupancy, 1);
}

void
model_wq_done(struct model_thread *t)
{
	atomic_store(&t->cur_wq, MODEL_NO_WQ);
}

/* Drop queued entries (of @pasid, or all), then wait for running ones. */
void
model_wq_abort(struct dsa_model *m, unsigned int wq, uint32_t pasid)
{
	struct model_wq *w = &m->wqs[wq];
	uint64_t s, keep, tail;
	unsigned int cap = m->total_wq_size;

	pthread_mutex_lock(&w->lock);
	tail = w->tail;
	keep = w->head;
	for (s = w->head; s != w->tail; s++) {
		struct model_entry *e = &w->ring[s % cap];

		if (pasid != DSA_MODEL_NO_PASID && e->pasid != pasid)
			w->ring[keep++ % cap] = *e;
	}
	atomic_fetch_sub(&w->queued, (unsigned int)(w->tail - keep));
	atomic_fetch_sub(&w->occupancy, (unsigned int)(w->tail - keep));
	w->tail = keep;
	pthread_mutex_unlock(&w->lock);
	/* The entries left were renumbered below the old tail. */
	model_wq_wait_before(m, wq, tail, pasid, NULL);
}

static bool
running_before(const struct dsa_model *m, unsigned int wq, uint64_t seq, uint32_t pasid,
	       const struct model_thread *self)
{
	unsigned int i;

	for (i = 0; i < m->num_threads; i++) {
		struct model_thread *t = &m->threads[i];

		if (t == self || atomic_load(&t->cur_wq) != (int)wq)
			continue;
		if (atomic_load(&t->cur_seq) < seq &&
		    (pasid == DSA_MODEL_NO_PASID || atomic_load(&t->cur_pasid) == pasid))
			return true;
	}
	return false;
}

/*
 * Wait until every entry numbered below @seq has left the WQ and finished.
 * Gives up if the device halts (halted engines run nothing). Drains are
 * rare: a short sleep between checks is enough.
 */
void
model_wq_wait_before(struct dsa_model *m, unsigned int wq, uint64_t seq, uint32_t pasid,
		     const struct model_thread *self)
{
	struct model_wq *w = &m->wqs[wq];
	const struct timespec nap = { .tv_sec = 0, .tv_nsec = 20000 };
	bool queued;

	for (;;) {
		pthread_mutex_lock(&w->lock);
		queued = w->head < seq && w->head != w->tail;
		pthread_mutex_unlock(&w->lock);
		if (!queued && !running_before(m, wq, seq, pasid, self))
			return;
		if (model_dev_state(m) == DSA_DEV_STATE_HALTED || atomic_load(&m->stop))
			return;
		nanosleep(&nap, NULL);
	}
}

enum submit_kind {
	SUBMIT_MOVDIR64B,
	SUBMIT_ENQCMD,
	SUBMIT_ENQCMDS,
};

/* Returns 0 accepted, 1 refused or dropped, -EINVAL for a bad portal write. */
static int
submit(struct dsa_model *m, uint64_t off, const void *desc64, enum submit_kind kind,
       uint32_t pasid)
{
	unsigned int wq = (unsigned int)(off / DSA_WQ_PORTAL_STRIDE);
	bool limited = off & DSA_PORTAL_LIMITED, ims = off & DSA_PORTAL_IMS;
	bool posted = kind == SUBMIT_MOVDIR64B;
	const struct dsa_hw_desc *d = desc64;
	struct model_entry *e;
	struct model_wq *w;
	uint32_t limit;
	uint8_t swerr = 0;

	if ((off % DSA_PORTAL_SLOT_SIZE) || wq >= m->num_wqs || desc64 == NULL)
		return -EINVAL;
	w = &m->wqs[wq];
	pthread_mutex_lock(&w->lock);
	if (!model_device_enabled(m) || atomic_load(&w->state) != WQ_ENABLED ||
	    w->dedicated != posted) {
		swerr = m->q.portal_misuse_swerr;
		goto refuse;
	}
	limit = (!w->dedicated && limited) ? w->threshold : w->size;
	if (atomic_load(&w->occupancy) >= limit) {
		swerr = m->q.dwq_overflow_swerr;
		goto refuse;
	}
	e = &w->ring[w->tail % m->total_wq_size];
	memcpy(e->desc, desc64, DSA_DESC_SIZE);
	e->ims = ims;
	if (kind == SUBMIT_MOVDIR64B) {
		/* untagged requests (no PASID) carry no privilege */
		e->pasid = w->pasid_en ? w->pasid : DSA_MODEL_NO_PASID;
		e->priv = w->pasid_en && w->priv;
	} else {
		uint32_t dw0;

		memcpy(&dw0, desc64, sizeof(dw0));
		if (kind == SUBMIT_ENQCMD)
			dw0 = (dw0 & ~(DSA_DESC_PASID_MASK | DSA_DESC_PRIV)) | pasid;
		memcpy(e->desc, &dw0, sizeof(dw0));
		e->pasid = dw0 & DSA_DESC_PASID_MASK;
		e->priv = dw0 & DSA_DESC_PRIV;
	}
	w->tail++;
	atomic_fetch_add(&w->occupancy, 1);
	/* seq_cst: ordered before model_engines_wake() reads the sleepers */
	atomic_fetch_add(&w->queued, 1);
	pthread_mutex_unlock(&w->lock);
	atomic_fetch_add_explicit(&w->submitted, 1, memory_order_relaxed);
	model_engines_wake(m);
	return 0;
refuse:
	pthread_mutex_unlock(&w->lock);
	if (!posted) {
		atomic_fetch_add(&w->refused, 1);
		return 1;
	}
	atomic_fetch_add(&w->dropped, 1);
	{
		struct model_ctx c = { .m = m, .wq = w, .wq_idx = wq,
				       .pasid = w->pasid_en ? w->pasid : DSA_MODEL_NO_PASID,
				       .priv = w->pasid_en && w->priv };

		model_swerr(m, &c, d, swerr, 0, 0);
	}
	return 1;
}

void
dsa_model_movdir64b(struct dsa_model *m, uint64_t bar2_off, const void *desc64)
{
	if (submit(m, bar2_off, desc64, SUBMIT_MOVDIR64B, 0) == -EINVAL)
		model_swerr(m, NULL, NULL, m->q.portal_misuse_swerr, 0, 0);
}

int
dsa_model_enqcmd(struct dsa_model *m, uint64_t bar2_off, const void *desc64, uint32_t pasid)
{
	/* IA32_PASID must hold a valid 20-bit PASID, or ENQCMD raises #GP */
	if (pasid > DSA_DESC_PASID_MASK)
		return -EINVAL;
	return submit(m, bar2_off, desc64, SUBMIT_ENQCMD, pasid);
}

int
dsa_model_enqcmds(struct dsa_model *m, uint64_t bar2_off, const void *desc64)
{
	return submit(m, bar2_off, desc64, SUBMIT_ENQCMDS, 0);
}

uint64_t
dsa_model_portal_read64(struct dsa_model *m, uint64_t bar2_off)
{
	(void)m;
	(void)bar2_off;
	return UINT64_MAX;
}
