/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal state of the DSA model, shared by its source files. */
#ifndef DSA_MODEL_PRIV_H
#define DSA_MODEL_PRIV_H

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "dsa_hw.h"
#include "dsa_model.h"

/* Internal bitmaps are 64 bits wide: the model supports up to 64 WQs,
 * engines and groups (SPR has 8, 4 and 4). */
#define MODEL_MAX_UNITS       64
#define MODEL_MAX_FAULTS      8
#define MODEL_PAGE_SIZE       4096u
#define MODEL_NO_WQ           (-1)

/* A WQ entry as an engine takes it: the 64-B descriptor and who submitted it. */
struct model_entry {
	uint8_t desc[DSA_DESC_SIZE];
	uint32_t pasid;  /* DSA_MODEL_NO_PASID: untagged */
	bool priv;
	bool ims;        /* submitted through an IMS portal */
};

/*
 * What the ring keeps beside each descriptor. seq is the entry's position
 * + 1 once the submitter has written it: an engine learns that an entry is
 * there from the entry itself, not from an index the submitter shares.
 */
struct model_entry_meta {
	atomic_uint_fast64_t seq;
	uint32_t pasid;
	bool priv;
	bool ims;
};

enum model_wq_state {
	WQ_DISABLED,
	WQ_ENABLED,
	WQ_DRAINING,     /* being disabled: no new work, queued work runs */
};

#define MODEL_CACHE_LINE      64

/* In model_wq.tail: the WQ takes no more submissions (disabled or disabling) */
#define MODEL_WQ_CLOSED       (UINT64_C(1) << 63)
/* In model_wq.tail: no submitter owns the WQ any more, all claim by CAS */
#define MODEL_WQ_SHARED       (UINT64_C(1) << 62)
#define MODEL_WQ_POS_MASK     (MODEL_WQ_SHARED - 1)

/*
 * model_wq.owner: the submitter thread that claims positions with plain
 * stores (its token, | MODEL_OWNER_OPEN while the WQ is enabled), or one of
 * these. A WQ has at most one owner in its life: the first submitter. When
 * another one comes it turns shared for good, so no other live thread ever
 * owns it and a stale read of the owner word cannot mislead. (A thread
 * created after the owner exited may get its token; a dead owner claims
 * nothing, so that one simply owns the WQ.) A signal handler must not write
 * to a portal: interrupting its own thread's claim, it would clear the
 * owner's busy flag early.
 */
#define MODEL_OWNER_NONE        ((uintptr_t)0) /* the next submitter takes it */
#define MODEL_OWNER_NONE_CLOSED ((uintptr_t)2) /* no owner yet, WQ closed */
#define MODEL_OWNER_SHARED      ((uintptr_t)4) /* everyone claims by CAS */
#define MODEL_OWNER_OPEN        ((uintptr_t)1)

/*
 * A WQ is a ring of entries numbered by position. Positions only grow:
 * [head, tail) are queued, and occupancy = tail - freed, where freed counts
 * the entries no longer held against the WQ size.
 *
 * Cache-line groups: the submitters' line (tail, owner and owner_busy,
 * written by portal writes, read by nobody else on the hot path), the
 * configuration (read-only while the WQ is enabled), the engines' line
 * (head and freed, written per
 * entry by the engines; a submitter reads freed only when the WQ looks full)
 * and the engines' counters. Descriptors and their metadata are in separate
 * line-aligned arrays, one descriptor per line.
 */
struct model_wq {
	_Alignas(MODEL_CACHE_LINE)
	atomic_uint_fast64_t tail;    /* next position | MODEL_WQ_CLOSED, _SHARED */
	atomic_uintptr_t owner;       /* see MODEL_OWNER_NONE */
	atomic_uint owner_busy;       /* the owner is claiming with plain stores */
	atomic_uint_fast64_t freed_seen; /* a past value of freed (a lower bound) */
	atomic_uint_fast64_t dropped, refused;
	/* Configuration: ring, and what ENABLE_WQ latched */
	_Alignas(MODEL_CACHE_LINE)
	uint8_t (*descs)[DSA_DESC_SIZE]; /* ring_mask + 1 entries */
	struct model_entry_meta *meta;
	_Atomic int state;            /* enum model_wq_state */
	uint32_t size;
	uint32_t threshold;
	bool dedicated;
	bool bof;
	bool pasid_en;
	bool priv;
	uint32_t pasid;
	unsigned int priority;
	uint64_t max_xfer;
	uint32_t max_batch;
	uint64_t op_config[DSA_OPCAP_QWORDS];
	uint32_t no_flags;            /* flags the caps or the WQ take away */
	uint32_t wqcfg[DSA_WQCFG_DWORDS_V2]; /* register image */
	atomic_uint_fast64_t skipped; /* positions ENABLE_WQ skipped (model_wq_latch_config) */
	/* Engine side */
	_Alignas(MODEL_CACHE_LINE)
	pthread_mutex_t lock;         /* taking entries, abort, enable */
	atomic_uint_fast64_t head;    /* next position to run */
	atomic_uint_fast64_t freed;
	_Alignas(MODEL_CACHE_LINE)
	atomic_uint_fast64_t executed, batches;
};

struct model_thread {
	_Alignas(MODEL_CACHE_LINE)
	struct dsa_model *m;
	pthread_t tid;
	unsigned int idx;
	atomic_uint_fast64_t wq_mask;  /* WQs served (from the group config) */
	_Atomic int cur_wq;            /* WQ of the entry executing, or MODEL_NO_WQ */
	atomic_uint_fast64_t cur_seq;  /* its sequence number */
	atomic_uint_fast32_t cur_pasid;
	atomic_uint_fast64_t stall_us; /* injected stall before the next entry */
	unsigned int rr_wq;            /* weighted round robin position */
	unsigned int rr_credit;
};

struct model_fault_range {
	uint64_t iova, len;
	uint32_t pasid;
	unsigned int access;
};

struct dsa_model {
	struct dsa_model_caps caps;
	struct dsa_model_quirks q;
	dsa_model_translate_fn translate;
	void *translate_opaque;
	unsigned int idle_spin_us;
	bool membarrier;               /* model_fence_heavy() is membarrier(2) */
	bool has_cpus;                 /* engine threads pinned to @cpus */
	cpu_set_t cpus;

	unsigned int num_wqs, num_groups, num_engines, num_threads, num_msix;
	unsigned int total_wq_size;
	/* Entries of each WQ's ring, minus 1: a power of two at least
	 * total_wq_size, so that a position's slot is a mask, not a division */
	unsigned int ring_mask;
	unsigned int wqcfg_stride, wqcfg_dwords;
	uint64_t grpcfg_off, wqcfg_off, msix_perm_off;

	/* Registers; reg_lock serialises MMIO writes and commands */
	pthread_mutex_t reg_lock;
	atomic_uint gensts;
	atomic_uint cmdsts;
	atomic_uint intcause;
	uint32_t gencfg, genctrl;
	uint64_t grpcfg[MODEL_MAX_UNITS][DSA_GRPCFG_STRIDE / 8];
	uint32_t *msix_perm;
	uint32_t *int_handles;         /* handle -> index + 1 (0 = free) */
	pthread_mutex_t swerr_lock;
	uint64_t swerr[DSA_SWERR_QWORDS];

	/* PCI-level state */
	atomic_bool bus_master, pasid_enable, priv_enable;

	struct model_wq *wqs;
	struct model_thread *threads;
	_Atomic int *irq_fd;

	/* Engine sleep/wake */
	pthread_mutex_t idle_lock;
	pthread_cond_t idle_cond;
	atomic_uint sleepers;
	atomic_bool stop;

	/* Fault injection */
	pthread_mutex_t inj_lock;
	atomic_uint num_faults;
	struct model_fault_range faults[MODEL_MAX_FAULTS];
	atomic_bool fault_after_armed;
	uint64_t fault_after_bytes;
	unsigned int fault_after_access;
	/* dsa_model_inject_fault_every: period (0: off), fault position, and how
	 * many eligible data descriptors have started since it was armed */
	atomic_uint_fast64_t fault_every;
	uint64_t fault_every_bytes;
	unsigned int fault_every_access;
	uint64_t fault_every_seen;
	atomic_uint desc_err_count;
	atomic_uint desc_err_status;
};

/* Result of one descriptor, written to its completion record. */
struct model_result {
	uint8_t status;     /* code | DSA_COMP_STATUS_WRITE for write faults */
	uint8_t result;
	uint32_t bytes;     /* bytes or descriptors completed */
	uint64_t fault_addr;
	uint8_t op[16];     /* op-specific bytes 16..31 */
};

/* Execution context of one descriptor. */
struct model_ctx {
	struct dsa_model *m;
	struct model_wq *wq;
	unsigned int wq_idx;
	struct model_thread *thr;
	uint64_t seq;
	uint32_t pasid;
	bool priv;
	bool ims;
	bool in_batch;
	uint16_t batch_idx;
	bool bof;               /* descriptor asked to block on fault */
	/* Injected fault of this descriptor (inject_fault_after or _every) */
	bool inj_armed;
	uint64_t inj_iova;
	unsigned int inj_access;
};

/*
 * Asymmetric fences, for the store-then-load handshakes between a frequent
 * side (portal writes) and a rare one (an engine going to sleep, a submitter
 * taking a WQ from its owner). The frequent side orders its store and load
 * with model_fence_light(); the rare side's model_fence_heavy() makes every
 * running thread of the process pass a full barrier (membarrier(2)), so that
 * each side sees the other's store. Without membarrier both are full fences.
 */
static inline void
model_fence_light(const struct dsa_model *m)
{
	if (m->membarrier)
		atomic_signal_fence(memory_order_seq_cst);
	else
		atomic_thread_fence(memory_order_seq_cst);
}

/* model_fence.c */
bool model_fence_init(void);
void model_fence_heavy(const struct dsa_model *m);

/* model_regs.c */
void model_regs_reset(struct dsa_model *m);
bool model_device_enabled(const struct dsa_model *m);
unsigned int model_dev_state(const struct dsa_model *m);

/* model_cmd.c */
void model_cmd_exec(struct dsa_model *m, uint32_t cmd);
void model_halt(struct dsa_model *m, unsigned int reset_type);
void model_reset_device(struct dsa_model *m);

/* model_wq.c */
void model_wq_latch_config(struct dsa_model *m, unsigned int wq);
void model_wq_abort(struct dsa_model *m, unsigned int wq, uint32_t pasid);
void model_wq_wait_before(struct dsa_model *m, unsigned int wq, uint64_t seq,
			  uint32_t pasid, const struct model_thread *self);
uint64_t model_wq_tail(struct model_wq *w);
uint64_t model_wq_occupancy(struct model_wq *w);
void model_wq_close(struct dsa_model *m, struct model_wq *w);
bool model_wq_has_work(const struct dsa_model *m, struct model_wq *w);
bool model_wq_pop(struct dsa_model *m, unsigned int wq, struct model_thread *t,
		  struct model_entry *e);
void model_wq_entry_free(struct dsa_model *m, struct model_wq *w);
void model_wq_done(struct model_thread *t);

/* model_engine.c */
int model_engines_start(struct dsa_model *m);
void model_engines_stop(struct dsa_model *m);
void model_engines_quiesce(struct dsa_model *m);
void model_engines_wake(struct dsa_model *m);
void model_engines_set_groups(struct dsa_model *m);

/* model_desc.c: validation and dispatch of one descriptor */
void model_exec_entry(struct model_ctx *c, const struct model_entry *e);
uint8_t model_exec_desc(struct model_ctx *c, const struct dsa_hw_desc *d);

/* model_ops.c: the operations and what each accepts */
typedef void (*model_op_fn)(struct model_ctx *c, const struct dsa_hw_desc *d,
			    struct model_result *r);
struct model_op {
	model_op_fn fn;
	uint32_t flags;   /* flags allowed beyond the ones every opcode accepts */
	/* reserved bytes as masks of the descriptor's 8 qwords */
	uint64_t rsvd[DSA_DESC_SIZE / 8];
};
const struct model_op *model_op_lookup(unsigned int opcode);
void model_op_batch(struct model_ctx *c, const struct dsa_hw_desc *d,
		    struct model_result *r);
void model_op_drain(struct model_ctx *c, const struct dsa_hw_desc *d,
		    struct model_result *r);

/* Transfer size: not 0, not above the WQ's maximum (0x13). */
static inline bool
model_size_ok(const struct model_ctx *c, uint64_t size, struct model_result *r)
{
	if (size == 0 || size > c->wq->max_xfer) {
		r->status = DSA_COMP_XFER_ERANGE;
		return false;
	}
	return true;
}

/* Whether [a, a + size) and [b, b + size) overlap */
static inline bool
model_overlap(uint64_t a, uint64_t b, uint64_t size)
{
	return a < b + size && b < a + size;
}

/* model_dif.c: DIF check, insert, strip, update */
void model_op_dif_check(struct model_ctx *c, const struct dsa_hw_desc *d,
			struct model_result *r);
void model_op_dif_insert(struct model_ctx *c, const struct dsa_hw_desc *d,
			 struct model_result *r);
void model_op_dif_strip(struct model_ctx *c, const struct dsa_hw_desc *d,
			struct model_result *r);
void model_op_dif_update(struct model_ctx *c, const struct dsa_hw_desc *d,
			 struct model_result *r);

/* model_dma.c */
/* One call of the translator, holding it to its contract (1..len bytes). */
static inline int
model_dma_xlate_once(const struct model_ctx *c, uint64_t iova, uint64_t len,
		     unsigned int access, void **host, uint64_t *contig)
{
	const struct dsa_model *m = c->m;
	int rc = m->translate(m->translate_opaque, iova, len, access, c->pasid, host, contig);

	if (rc == 0 && *contig - 1 >= len)
		rc = -EFAULT; /* 0 bytes, or more than asked */
	return rc < 0 ? rc : 0;
}

/* The general case: injected faults, block-on-fault retry, wrap-around. */
int model_dma_xlate_checked(struct model_ctx *c, uint64_t iova, uint64_t len,
			    unsigned int access, void **host, uint64_t *contig);

/* Translate @len bytes at @iova; in the common case a single callback. */
static inline int
model_dma_xlate(struct model_ctx *c, uint64_t iova, uint64_t len, unsigned int access,
		void **host, uint64_t *contig)
{
	if (c->bof || c->inj_armed || iova + len < iova ||
	    atomic_load_explicit(&c->m->num_faults, memory_order_relaxed))
		return model_dma_xlate_checked(c, iova, len, access, host, contig);
	return model_dma_xlate_once(c, iova, len, access, host, contig);
}
int model_dma_read(struct model_ctx *c, uint64_t iova, void *buf, uint64_t len,
		   struct model_result *r, uint64_t bytes_done);
int model_dma_write(struct model_ctx *c, uint64_t iova, const void *buf, uint64_t len,
		    struct model_result *r, uint64_t bytes_done);
void model_fault_result(struct model_ctx *c, struct model_result *r, uint64_t addr,
			unsigned int access, uint64_t bytes_done, int err);

struct model_span {
	uint64_t iova;
	unsigned int access;
};
/* Called per contiguous chunk: host[i] is span i at offset @off, @n bytes.
 * Returns 0 to continue, 1 to stop early (result set), -1 on a fault that
 * the callback recorded in the result. */
typedef int (*model_chunk_fn)(void *arg, void *const host[], uint64_t n, uint64_t off,
			      struct model_result *r);
/* Walk @size bytes of up to 3 spans in ascending (or, if @descending,
 * descending) order. Returns 0 when all was walked, 1 if stopped early,
 * -1 on a fault (the result holds status, bytes completed, address). */
int model_dma_walk(struct model_ctx *c, const struct model_span *spans, unsigned int n,
		   uint64_t size, bool descending, model_chunk_fn fn, void *arg,
		   struct model_result *r);

/* model_compl.c */
void model_complete(struct model_ctx *c, const struct dsa_hw_desc *d,
		    const struct model_result *r);
void model_swerr(struct dsa_model *m, const struct model_ctx *c,
		 const struct dsa_hw_desc *d, uint8_t code, uint64_t fault_addr,
		 uint32_t invalid_flags);
void model_irq(struct dsa_model *m, unsigned int vector);
int model_irq_vector(const struct model_ctx *c, uint16_t handle);
void model_raise_intcause(struct dsa_model *m, uint32_t cause, bool enabled);

/* model_crc.c */
uint32_t model_crc32c(uint32_t crc, const void *buf, uint64_t len, bool reflect_data);
/* CRC16 T10-DIF (0x8BB7, MSB first, no reflection) over a raw register */
uint16_t model_crc16_t10dif(uint16_t crc, const void *buf, uint64_t len);

/* model_fault.c */
bool model_inject_desc_error(struct dsa_model *m, uint8_t *status);
void model_inject_claim(struct model_ctx *c, const struct model_span *spans,
			unsigned int n);
int model_inject_check(struct model_ctx *c, uint64_t iova, uint64_t len,
		       unsigned int access, uint64_t *contig);

#endif /* DSA_MODEL_PRIV_H */
