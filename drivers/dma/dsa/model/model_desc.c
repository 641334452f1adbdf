/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One descriptor: the common checks, in the order the statuses are listed
 * (0x10 opcode, 0x11 flags, 0x12 reserved fields, 0x1D privilege, 0x19
 * interrupt handle), then the operation, then its completion. Also the two
 * operations that act on other descriptors: BATCH and DRAIN.
 */
#include <string.h>

#include "model_priv.h"

/* Flags every opcode accepts (fact sheet section 4). */
#define COMMON_FLAGS (IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR | IDXD_OP_FLAG_RCI | \
		      IDXD_OP_FLAG_CR_TCS | IDXD_OP_FLAG_CRSTS)

static bool
opcode_allowed(const struct model_ctx *c, unsigned int op, const struct model_op *o)
{
	unsigned int qw = DSA_OPCAP_QW_OF(op);

	return o != NULL && (c->m->caps.opcap[qw] & c->wq->op_config[qw] & DSA_OPCAP_BIT_OF(op));
}

/* Flags the capabilities or the WQ configuration take away from @op (the
 * ones common to every opcode were computed when the WQ was enabled). */
static uint32_t
unsupported_flags(const struct model_ctx *c, unsigned int op)
{
	uint64_t gencap = c->m->caps.gencap;
	uint32_t no = c->wq->no_flags;

	if (op == DSA_OPCODE_CFLUSH)
		no = (no & ~IDXD_OP_FLAG_CC) |
		     ((gencap & DSA_GENCAP_CACHE_CTRL_FLUSH) ? 0 : IDXD_OP_FLAG_CC);
	else if (op == DSA_OPCODE_DRAIN && !(gencap & DSA_GENCAP_DRAIN_READBACK))
		no |= DSA_FLAG_DRAIN_RDBK1 | DSA_FLAG_DRAIN_RDBK2;
	return no;
}

/* Reserved fields: the opcode's, plus fields unused without their flag. */
static bool
reserved_clear(const struct dsa_hw_desc *d, const struct model_op *o, unsigned int op,
	       uint32_t flags)
{
	uint64_t qw[DSA_DESC_SIZE / 8], bad;
	unsigned int i;

	memcpy(qw, d, sizeof(qw));
	bad = qw[0] & DSA_DESC_RSVD_DW0_MASK;
	for (i = 0; i < DSA_DESC_SIZE / 8; i++)
		bad |= qw[i] & o->rsvd[i];
	if (op == DSA_OPCODE_DRAIN) {
		if (!(flags & DSA_FLAG_DRAIN_RDBK1))
			bad |= qw[2]; /* readback address 1, bytes 16-23 */
		if (!(flags & DSA_FLAG_DRAIN_RDBK2))
			bad |= qw[3]; /* readback address 2, bytes 24-31 */
	} else if ((op == DSA_OPCODE_CRCGEN || op == DSA_OPCODE_COPY_CRC) &&
		   !(flags & DSA_FLAG_CRC_READ_SEED)) {
		bad |= qw[6]; /* seed address, bytes 48-55 */
	}
	return bad == 0;
}

/* Returns true if the descriptor may run; otherwise the result holds why. */
static bool
validate(struct model_ctx *c, const struct dsa_hw_desc *d, const struct model_op *o,
	 struct model_result *r)
{
	unsigned int op = d->opcode;
	uint32_t invalid;

	if (c->in_batch && (op == DSA_OPCODE_BATCH || op == DSA_OPCODE_DRAIN)) {
		r->status = c->m->q.batch_nested_status;
		return false;
	}
	if (!opcode_allowed(c, op, o)) {
		r->status = DSA_COMP_BAD_OPCODE;
		return false;
	}
	invalid = d->flags & ~((COMMON_FLAGS | o->flags) & ~unsupported_flags(c, op));
	if (invalid) {
		r->status = DSA_COMP_INVALID_FLAGS;
		memcpy(r->op, &invalid, 3);
		return false;
	}
	if (!reserved_clear(d, o, op, d->flags)) {
		r->status = DSA_COMP_NOZERO_RESERVE;
		return false;
	}
	if (c->priv && !atomic_load_explicit(&c->m->priv_enable, memory_order_relaxed)) {
		r->status = DSA_COMP_PRIV_BAD;
		return false;
	}
	if ((d->flags & IDXD_OP_FLAG_RCI) && model_irq_vector(c, d->int_handle) == -1) {
		r->status = DSA_COMP_INT_HANDLE_INVAL;
		return false;
	}
	return true;
}

static bool
halted(const struct dsa_model *m)
{
	return model_dev_state(m) == DSA_DEV_STATE_HALTED;
}

/* A WQ entry (a top-level descriptor) ends: free it before its record. */
static void
entry_end(struct model_ctx *c)
{
	if (!c->in_batch)
		model_wq_entry_free(c->m, c->wq);
}

uint8_t
model_exec_desc(struct model_ctx *c, const struct dsa_hw_desc *d)
{
	const struct model_op *o = model_op_lookup(d->opcode);
	struct model_result r;
	uint8_t injected;

	memset(&r, 0, sizeof(r));
	c->bof = d->flags & IDXD_OP_FLAG_BOF;
	c->inj_armed = false;
	if ((d->flags & IDXD_OP_FLAG_CRAV) && (d->completion_addr % DSA_COMPL_ALIGN)) {
		/* the record cannot be written: the error goes to SWERR */
		entry_end(c);
		model_swerr(c->m, c, d, DSA_COMP_CRA_ALIGN, d->completion_addr, 0);
		return DSA_COMP_CRA_ALIGN;
	}
	if (atomic_load_explicit(&c->m->desc_err_count, memory_order_relaxed) &&
	    model_inject_desc_error(c->m, &injected))
		r.status = injected;
	else if (validate(c, d, o, &r))
		o->fn(c, d, &r);
	/* a batch counts its members itself, once */
	if (!c->in_batch && d->opcode != DSA_OPCODE_BATCH)
		atomic_fetch_add_explicit(&c->wq->executed, 1, memory_order_relaxed);
	entry_end(c);
	/* a device that halted meanwhile writes nothing more */
	if (!halted(c->m))
		model_complete(c, d, &r);
	return r.status & DSA_COMP_STATUS_MASK;
}

void
model_exec_entry(struct model_ctx *c, const struct model_entry *e)
{
	struct dsa_hw_desc d;

	memcpy(&d, e->desc, sizeof(d));
	model_exec_desc(c, &d);
}

/*
 * Batch: members run in order on this engine (hardware may overlap them;
 * FENCE orders them). After a member fails, a later member with FENCE and
 * all after it are not run, and descriptors completed stops there. A fault
 * fetching the list gives 0x06 with the count completed, for resubmission.
 * The list is translated once per contiguous range; each member is read
 * once, into a local copy, before it is checked and run.
 */
void
model_op_batch(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	uint32_t count = d->desc_count, i;
	const uint8_t *list = NULL;
	uint64_t avail = 0, at;
	struct dsa_hw_desc member;
	bool failed = false;
	void *host;

	if (count < (c->m->q.batch_count1_error ? DSA_BATCH_MIN_COUNT : 1u) ||
	    count > c->wq->max_batch) {
		r->status = DSA_COMP_DESC_CNT_ERANGE;
		return;
	}
	if (d->desc_list_addr % DSA_BATCH_LIST_ALIGN) {
		r->status = DSA_COMP_DESCLIST_ALIGN;
		return;
	}
	atomic_fetch_add_explicit(&c->wq->batches, 1, memory_order_relaxed);
	c->in_batch = true;
	for (i = 0; i < count; i++) {
		if (avail < DSA_DESC_SIZE) {
			at = d->desc_list_addr + (uint64_t)i * DSA_DESC_SIZE;
			/* the list fetch is not a member's access */
			c->bof = false;
			c->inj_armed = false;
			if (model_dma_xlate(c, at, (uint64_t)(count - i) * DSA_DESC_SIZE,
					    DSA_MODEL_DMA_READ, &host, &avail) < 0) {
				avail = 0;
			} else if (avail < DSA_DESC_SIZE) {
				at += avail;
				avail = 0;
			}
			if (avail == 0) {
				r->status = DSA_COMP_BATCH_PAGE_FAULT;
				r->fault_addr = at;
				goto end;
			}
			list = host;
		}
		memcpy(&member, list, sizeof(member));
		list += DSA_DESC_SIZE;
		avail -= DSA_DESC_SIZE;
		if ((failed && (member.flags & IDXD_OP_FLAG_FENCE)) || halted(c->m))
			break;
		c->batch_idx = (uint16_t)i;
		if (model_exec_desc(c, &member) != DSA_COMP_SUCCESS)
			failed = true;
	}
	r->status = failed ? DSA_COMP_BATCH_FAIL : DSA_COMP_SUCCESS;
end:
	r->bytes = i;
	c->inj_armed = false;
	c->in_batch = false;
	c->batch_idx = 0;
	atomic_fetch_add_explicit(&c->wq->executed, i, memory_order_relaxed);
}

static bool
readback(struct model_ctx *c, uint64_t addr, struct model_result *r)
{
	uint8_t byte;

	if (model_dma_read(c, addr, &byte, 1, r, 0) == 0)
		return true;
	r->status = DSA_COMP_PFAULT_RDBA;
	return false;
}

/* Drain: completes after every earlier descriptor of this WQ (any PASID:
 * the PASID scope on a shared WQ is unverified). */
void
model_op_drain(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	model_wq_wait_before(c->m, c->wq_idx, c->seq, DSA_MODEL_NO_PASID, c->thr);
	if ((d->flags & DSA_FLAG_DRAIN_RDBK1) && !readback(c, d->rdback_addr, r))
		return;
	if ((d->flags & DSA_FLAG_DRAIN_RDBK2) && !readback(c, d->rdback_addr2, r))
		return;
	r->status = DSA_COMP_SUCCESS;
}
