/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Work queues and BAR2 portals.
 *
 * A WQ is a ring of entries numbered by sequence. Occupancy counts entries
 * against the WQ size: queued ones, and running ones too unless the
 * dwq_free_at_completion quirk is off (whether hardware frees an entry at
 * dispatch or at completion is unverified).
 *
 * Submission is lock-free, as a portal write is posted: a submitter claims
 * a position, writes the descriptor and its metadata, then publishes the
 * entry through its seq. It compares the position with the last value of
 * freed it saw, and reads freed again only when the WQ looks full. Engines
 * take entries under the WQ lock, which also serialises abort and enable,
 * but no submitter waits for it.
 *
 * Claims: the first submitter owns the WQ and claims with plain stores to
 * tail, flagged by owner_busy, as a locked instruction would wait for every
 * store before it, the descriptors the driver just wrote among them. Anyone
 * else who writes tail (another submitter, which makes the WQ shared for
 * good, or a closing command) first takes the WQ from the owner, then waits
 * with model_fence_heavy() until the owner is not claiming; from then on
 * submitters claim with a compare-and-swap on tail.
 *
 * Dedicated WQ, MOVDIR64B: posted. A descriptor the WQ cannot take is
 * dropped, no completion record is written, and SWERR records it.
 * Shared WQ, ENQCMD(S): refused ("retry") when occupancy reaches the
 * threshold (limited portal) or the size (unlimited portal).
 * ENQCMD(S) to a dedicated WQ is refused and MOVDIR64B to a shared WQ is
 * dropped with SWERR (unverified; the model treats both as portal misuse).
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <time.h>

#include "model_priv.h"

/*
 * A token unique among live threads, aligned (MODEL_OWNER_OPEN stays free):
 * the thread pointer, which is also glibc's pthread_self(), without a call.
 */
#ifdef __has_builtin
#if __has_builtin(__builtin_thread_pointer)
#define MODEL_THREAD_POINTER() ((uintptr_t)__builtin_thread_pointer())
#endif
#endif
#ifndef MODEL_THREAD_POINTER
#define MODEL_THREAD_POINTER() ((uintptr_t)pthread_self())
#endif

static inline uintptr_t
submitter_self(void)
{
	return MODEL_THREAD_POINTER();
}

static inline bool
owner_is_thread(uintptr_t owner)
{
	return owner > MODEL_OWNER_SHARED;
}

/*
 * The owner word no longer reads an open owner; it read @prev before. When
 * this returns, an owner that was claiming has finished, and its next claim
 * sees the change (light side: claim_owned).
 */
static void
owner_quiesce(struct dsa_model *m, struct model_wq *w, uintptr_t prev)
{
	if (prev == MODEL_OWNER_NONE || prev == MODEL_OWNER_NONE_CLOSED ||
	    (prev & ~MODEL_OWNER_OPEN) == submitter_self())
		return;
	model_fence_heavy(m);
	while (atomic_load_explicit(&w->owner_busy, memory_order_acquire))
		sched_yield();
}

/* Replace the owner word with what @next makes of it; returns the old value */
static uintptr_t
owner_update(struct model_wq *w, uintptr_t (*next)(uintptr_t))
{
	uintptr_t o = atomic_load(&w->owner), n;

	do {
		n = next(o);
	} while (n != o && !atomic_compare_exchange_weak(&w->owner, &o, n));
	return o;
}

/* ENABLE_WQ: the owner, or the first submitter to come, claims with plain stores */
static uintptr_t
owner_opened(uintptr_t o)
{
	if (o == MODEL_OWNER_NONE_CLOSED)
		return MODEL_OWNER_NONE;
	return owner_is_thread(o) ? o | MODEL_OWNER_OPEN : o;
}

/* Closing: nobody claims with plain stores until the WQ is enabled again */
static uintptr_t
owner_closed(uintptr_t o)
{
	if (o == MODEL_OWNER_NONE)
		return MODEL_OWNER_NONE_CLOSED;
	return owner_is_thread(o) ? o & ~MODEL_OWNER_OPEN : o;
}

/* A second submitter: nobody claims with plain stores any more */
static uintptr_t
owner_shared(uintptr_t o)
{
	(void)o;
	return MODEL_OWNER_SHARED;
}

void
model_wq_latch_config(struct dsa_model *m, unsigned int wq)
{
	struct model_wq *w = &m->wqs[wq];
	const uint32_t *cfg = w->wqcfg;
	uint32_t mode = cfg[DSA_WQCFG_MODE / 4], max = cfg[DSA_WQCFG_MAX / 4];
	uint64_t word, tail, head;
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
	/*
	 * The WQ is closed: whatever a halt left queued is dropped and freed.
	 * Positions go on one further, so that a compare-and-swap on tail that
	 * a submitter prepared before the WQ closed, against the configuration
	 * of then, fails now (positions only grow: tail never repeats).
	 */
	word = (atomic_load(&w->tail) & ~MODEL_WQ_CLOSED) + 1;
	tail = word & MODEL_WQ_POS_MASK;
	head = atomic_load(&w->head);
	atomic_store(&w->head, tail);
	atomic_fetch_add(&w->freed, tail - head);
	atomic_fetch_add(&w->skipped, 1);
	atomic_store(&w->freed_seen, atomic_load(&w->freed));
	atomic_store(&w->state, WQ_ENABLED);
	owner_update(w, owner_opened);
	/* release: a submitter that sees the WQ open sees its configuration */
	atomic_store(&w->tail, word);
	pthread_mutex_unlock(&w->lock);
}

/* Take the WQ from its owner until the next ENABLE_WQ, then close tail. */
void
model_wq_close(struct dsa_model *m, struct model_wq *w)
{
	owner_quiesce(m, w, owner_update(w, owner_closed));
	atomic_fetch_or(&w->tail, MODEL_WQ_CLOSED);
}

uint64_t
model_wq_tail(struct model_wq *w)
{
	return atomic_load(&w->tail) & MODEL_WQ_POS_MASK;
}

/* Entries held against the WQ size (freed first: the result is never negative) */
uint64_t
model_wq_occupancy(struct model_wq *w)
{
	uint64_t freed = atomic_load(&w->freed);

	return model_wq_tail(w) - freed;
}

static inline struct model_entry_meta *
meta_at(const struct dsa_model *m, const struct model_wq *w, uint64_t pos)
{
	return &w->meta[pos & m->ring_mask];
}

static inline uint8_t *
desc_at(const struct dsa_model *m, const struct model_wq *w, uint64_t pos)
{
	return w->descs[pos & m->ring_mask];
}

/* Whether the entry at @pos has been written by its submitter */
static inline bool
published(const struct dsa_model *m, const struct model_wq *w, uint64_t pos)
{
	return atomic_load_explicit(&meta_at(m, w, pos)->seq, memory_order_acquire) == pos + 1;
}

/* Whether the next entry is there (after a sleeper's heavy fence: model_engines_wake) */
bool
model_wq_has_work(const struct dsa_model *m, struct model_wq *w)
{
	uint64_t h = atomic_load(&w->head);

	return atomic_load(&meta_at(m, w, h)->seq) == h + 1;
}

/* Engine side: take the oldest entry, marking it as running on @t. */
bool
model_wq_pop(struct dsa_model *m, unsigned int wq, struct model_thread *t,
	     struct model_entry *e)
{
	struct model_wq *w = &m->wqs[wq];
	const struct model_entry_meta *md;
	bool got = false;
	uint64_t h = atomic_load_explicit(&w->head, memory_order_relaxed);

	if (!published(m, w, h))
		return false;
	pthread_mutex_lock(&w->lock);
	h = atomic_load_explicit(&w->head, memory_order_relaxed);
	if (published(m, w, h) && atomic_load(&w->state) != WQ_DISABLED) {
		md = meta_at(m, w, h);
		memcpy(e->desc, desc_at(m, w, h), DSA_DESC_SIZE);
		e->pasid = md->pasid;
		e->priv = md->priv;
		e->ims = md->ims;
		atomic_store(&t->cur_seq, h);
		atomic_store(&t->cur_pasid, e->pasid);
		atomic_store(&t->cur_wq, (int)wq);
		atomic_store_explicit(&w->head, h + 1, memory_order_release);
		if (!m->q.dwq_free_at_completion)
			atomic_fetch_add_explicit(&w->freed, 1, memory_order_release);
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
		atomic_fetch_add_explicit(&w->freed, 1, memory_order_release);
}

void
model_wq_done(struct model_thread *t)
{
	atomic_store(&t->cur_wq, MODEL_NO_WQ);
}

/* Wait until a submitter that claimed @pos has written it (it never blocks). */
static void
wait_published(const struct dsa_model *m, const struct model_wq *w, uint64_t pos)
{
	while (!published(m, w, pos))
		sched_yield();
}

/*
 * Drop queued entries (of @pasid, or all), then wait for running ones. The
 * entries kept move up, in order, to end at the old tail, and head moves up
 * past the dropped ones: positions at and after tail, which submitters may
 * be writing meanwhile, are not touched, and tail - head stays within the
 * ring.
 */
void
model_wq_abort(struct dsa_model *m, unsigned int wq, uint32_t pasid)
{
	struct model_wq *w = &m->wqs[wq];
	uint64_t head, tail, s, keep;

	pthread_mutex_lock(&w->lock);
	tail = model_wq_tail(w);
	head = atomic_load(&w->head);
	keep = tail;
	for (s = tail; s-- != head;) {
		struct model_entry_meta *md = meta_at(m, w, s), *to;

		wait_published(m, w, s);
		if (pasid == DSA_MODEL_NO_PASID || md->pasid == pasid)
			continue;
		keep--;
		if (keep == s)
			continue;
		to = meta_at(m, w, keep);
		memcpy(desc_at(m, w, keep), desc_at(m, w, s), DSA_DESC_SIZE);
		to->pasid = md->pasid;
		to->priv = md->priv;
		to->ims = md->ims;
		atomic_store_explicit(&to->seq, keep + 1, memory_order_relaxed);
	}
	atomic_fetch_add(&w->freed, keep - head);
	atomic_store(&w->head, keep);
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

	for (;;) {
		/* an entry leaves the WQ (head) before it stops running */
		bool queued = atomic_load(&w->head) < seq;

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

/* Why a portal write was not taken */
enum claim_result {
	CLAIMED,
	CLAIM_MISUSE,    /* device or WQ not enabled, or the wrong instruction */
	CLAIM_FULL,
	CLAIM_AGAIN,     /* the WQ changed hands meanwhile: claim another way */
};

/* Whether a portal write finding @t in tail may take position t. */
static enum claim_result
claim_check(struct dsa_model *m, struct model_wq *w, uint64_t t, bool posted, bool limited)
{
	uint64_t freed;
	uint32_t limit;

	if ((t & MODEL_WQ_CLOSED) || !model_device_enabled(m) || w->dedicated != posted)
		return CLAIM_MISUSE;
	t &= MODEL_WQ_POS_MASK;
	limit = (!w->dedicated && limited) ? w->threshold : w->size;
	freed = atomic_load_explicit(&w->freed_seen, memory_order_relaxed);
	if (t - freed < limit)
		return CLAIMED;
	/* looks full: learn what the engines freed since */
	freed = atomic_load_explicit(&w->freed, memory_order_acquire);
	atomic_store_explicit(&w->freed_seen, freed, memory_order_relaxed);
	return t - freed < limit ? CLAIMED : CLAIM_FULL;
}

/* The owner's claim: plain stores, unless the WQ was taken from it meanwhile. */
static enum claim_result
claim_owned(struct dsa_model *m, struct model_wq *w, bool posted, bool limited, uint64_t *pos)
{
	enum claim_result res = CLAIM_AGAIN;
	uint64_t t;

	atomic_store_explicit(&w->owner_busy, 1, memory_order_relaxed);
	model_fence_light(m); /* heavy side: owner_quiesce() */
	if (atomic_load_explicit(&w->owner, memory_order_relaxed) ==
	    (submitter_self() | MODEL_OWNER_OPEN)) {
		t = atomic_load_explicit(&w->tail, memory_order_acquire);
		res = claim_check(m, w, t, posted, limited);
		if (res == CLAIMED) {
			atomic_store_explicit(&w->tail, t + 1, memory_order_relaxed);
			*pos = t;
		}
	}
	atomic_store_explicit(&w->owner_busy, 0, memory_order_release);
	return res;
}

/* Claim by compare-and-swap, once the WQ is shared (or closed: nothing to claim). */
static enum claim_result
claim_shared(struct dsa_model *m, struct model_wq *w, bool posted, bool limited, uint64_t *pos)
{
	uint64_t t = atomic_load_explicit(&w->tail, memory_order_acquire);
	enum claim_result res;

	do {
		res = claim_check(m, w, t, posted, limited);
		if (res != CLAIMED)
			return res;
		if (!(t & MODEL_WQ_SHARED))
			return CLAIM_AGAIN; /* open, and its owner may still be claiming */
	} while (!atomic_compare_exchange_weak_explicit(&w->tail, &t, t + 1,
							 memory_order_acquire,
							 memory_order_acquire));
	*pos = t & MODEL_WQ_POS_MASK;
	return CLAIMED;
}

/* Another submitter came: no owner from now on, everyone claims by CAS. */
static void
wq_share(struct dsa_model *m, struct model_wq *w)
{
	uintptr_t o = owner_update(w, owner_shared);

	if (atomic_load(&w->tail) & MODEL_WQ_SHARED)
		return;
	owner_quiesce(m, w, o);
	atomic_fetch_or(&w->tail, MODEL_WQ_SHARED);
}

/* Claim the next position of the WQ for a portal write from this thread. */
static enum claim_result
claim(struct dsa_model *m, struct model_wq *w, bool posted, bool limited, uint64_t *pos)
{
	uintptr_t self = submitter_self();
	enum claim_result res;

	do {
		uintptr_t o = atomic_load_explicit(&w->owner, memory_order_acquire);

		if (o == (self | MODEL_OWNER_OPEN)) {
			res = claim_owned(m, w, posted, limited, pos);
		} else if (o == MODEL_OWNER_NONE) {
			/* the first submitter owns the WQ; won or lost, look again */
			atomic_compare_exchange_strong(&w->owner, &o, self | MODEL_OWNER_OPEN);
			res = CLAIM_AGAIN;
		} else if (owner_is_thread(o) && (o & ~MODEL_OWNER_OPEN) != self) {
			wq_share(m, w);
			res = CLAIM_AGAIN;
		} else {
			/* shared, or closed (ours or nobody's), or being enabled */
			res = claim_shared(m, w, posted, limited, pos);
			if (res == CLAIM_AGAIN && o == MODEL_OWNER_SHARED)
				wq_share(m, w); /* finish what another submitter began */
			else if (res == CLAIM_AGAIN)
				sched_yield(); /* a close or an enable is half done */
		}
	} while (res == CLAIM_AGAIN);
	return res;
}

/* Write the entry at @pos and publish it to the engines. */
static void
publish(struct dsa_model *m, struct model_wq *w, uint64_t pos, const void *desc64,
	enum submit_kind kind, uint32_t pasid, bool ims)
{
	struct model_entry_meta *md = meta_at(m, w, pos);
	uint8_t *desc = desc_at(m, w, pos);

	memcpy(desc, desc64, DSA_DESC_SIZE);
	md->ims = ims;
	if (kind == SUBMIT_MOVDIR64B) {
		/* untagged requests (no PASID) carry no privilege */
		md->pasid = w->pasid_en ? w->pasid : DSA_MODEL_NO_PASID;
		md->priv = w->pasid_en && w->priv;
	} else {
		uint32_t dw0;

		memcpy(&dw0, desc64, sizeof(dw0));
		if (kind == SUBMIT_ENQCMD)
			dw0 = (dw0 & ~(DSA_DESC_PASID_MASK | DSA_DESC_PRIV)) | pasid;
		memcpy(desc, &dw0, sizeof(dw0));
		md->pasid = dw0 & DSA_DESC_PASID_MASK;
		md->priv = dw0 & DSA_DESC_PRIV;
	}
	/* model_engines_wake() orders it before its look at the sleepers */
	atomic_store_explicit(&md->seq, pos + 1, memory_order_release);
}

/* Returns 0 accepted, 1 refused or dropped, -EINVAL for a bad portal write. */
static int
submit(struct dsa_model *m, uint64_t off, const void *desc64, enum submit_kind kind,
       uint32_t pasid)
{
	unsigned int wq = (unsigned int)(off / DSA_WQ_PORTAL_STRIDE);
	bool limited = off & DSA_PORTAL_LIMITED, ims = off & DSA_PORTAL_IMS;
	bool posted = kind == SUBMIT_MOVDIR64B;
	enum claim_result res;
	struct model_wq *w;
	uint64_t pos;

	if ((off % DSA_PORTAL_SLOT_SIZE) || wq >= m->num_wqs || desc64 == NULL)
		return -EINVAL;
	w = &m->wqs[wq];
	res = claim(m, w, posted, limited, &pos);
	if (res == CLAIMED) {
		publish(m, w, pos, desc64, kind, pasid, ims);
		model_engines_wake(m);
		return 0;
	}
	if (!posted) {
		atomic_fetch_add(&w->refused, 1);
		return 1;
	}
	atomic_fetch_add(&w->dropped, 1);
	{
		struct model_ctx c = { .m = m, .wq = w, .wq_idx = wq,
				       .pasid = w->pasid_en ? w->pasid : DSA_MODEL_NO_PASID,
				       .priv = w->pasid_en && w->priv };

		model_swerr(m, &c, desc64, res == CLAIM_FULL ? m->q.dwq_overflow_swerr :
			    m->q.portal_misuse_swerr, 0, 0);
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
