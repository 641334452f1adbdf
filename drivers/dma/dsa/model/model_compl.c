/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Completion records, SWERR and completion interrupts.
 *
 * The record is written bytes 1-31 first, then the status byte with release
 * ordering, so software that sees the status also sees the record and the
 * operation's data. With CRAV and without RCR a record is written only when
 * the status is not plain success. An error that has no record to go to
 * (CRAV clear, or the record address faults) is logged in SWERR.
 */
#include <string.h>

#include "model_priv.h"

void
model_raise_intcause(struct dsa_model *m, uint32_t cause, bool enabled)
{
	atomic_fetch_or(&m->intcause, cause);
	if (enabled)
		model_irq(m, DSA_MSIX_VECTOR_MISC);
}

void
model_swerr(struct dsa_model *m, const struct model_ctx *c, const struct dsa_hw_desc *d,
	    uint8_t code, uint64_t fault_addr, uint32_t invalid_flags)
{
	uint64_t qw0 = DSA_SWERR_VALID |
		       DSA_FIELD_PREP(DSA_SWERR_ERROR_MASK, code & DSA_COMP_STATUS_MASK);

	if (code & DSA_COMP_STATUS_WRITE)
		qw0 |= DSA_SWERR_FAULT_WRITE;
	if (d) {
		qw0 |= DSA_SWERR_DESC_VALID | DSA_FIELD_PREP(DSA_SWERR_OPCODE_MASK, d->opcode);
	}
	if (c) {
		qw0 |= DSA_SWERR_WQ_IDX_VALID | DSA_FIELD_PREP(DSA_SWERR_WQ_IDX_MASK, c->wq_idx);
		if (c->in_batch)
			qw0 |= DSA_SWERR_BATCH;
		if (c->priv)
			qw0 |= DSA_SWERR_PRIV;
		if (c->pasid != DSA_MODEL_NO_PASID)
			qw0 |= DSA_FIELD_PREP(DSA_SWERR_PASID_MASK, c->pasid);
	}
	pthread_mutex_lock(&m->swerr_lock);
	if (m->swerr[0] & DSA_SWERR_VALID) {
		/* keep the first error, note that more were lost */
		m->swerr[0] |= DSA_SWERR_OVERFLOW;
	} else {
		/* overflow stays until software clears it (RW1C) */
		m->swerr[0] = qw0 | (m->swerr[0] & DSA_SWERR_OVERFLOW);
		m->swerr[1] = DSA_FIELD_PREP(DSA_SWERR_BATCH_IDX_MASK, c ? c->batch_idx : 0) |
			      DSA_FIELD_PREP(DSA_SWERR_INVALID_FLAGS_MASK, invalid_flags);
		m->swerr[2] = fault_addr;
		m->swerr[3] = 0;
	}
	pthread_mutex_unlock(&m->swerr_lock);
	model_raise_intcause(m, (uint32_t)DSA_INTCAUSE_SWERR,
			     m->genctrl & DSA_GENCTRL_SWERR_INT_EN);
}

/*
 * The MSI-X vector an interrupt handle designates: the index itself, or,
 * when CMDCAP makes handles mandatory, what REQUEST_INT_HANDLE mapped.
 * -1: invalid handle; -2: a valid IMS entry (IMS interrupts are not
 * modelled, nothing is signalled).
 */
int
model_irq_vector(const struct model_ctx *c, uint16_t handle)
{
	const struct dsa_model *m = c->m;
	bool handles = (m->caps.gencap & DSA_GENCAP_CMD_CAP) &&
		       (m->caps.cmdcap & (1u << DSA_CMD_REQUEST_INT_HANDLE));

	if (c->ims)
		return handle < DSA_GENCAP_MAX_IMS_MULT(m->caps.gencap) *
				DSA_IMS_ENTRIES_PER_MULT ? -2 : -1;
	if (handle >= m->num_msix)
		return -1;
	if (!handles)
		return handle;
	return m->int_handles[handle] ? (int)m->int_handles[handle] - 1 : -1;
}

static bool
write_record(struct model_ctx *c, uint64_t addr, const struct model_result *r)
{
	uint8_t rec[DSA_COMPL_SIZE] = { 0 };
	uint64_t contig;
	void *host;

	rec[1] = r->result;
	memcpy(rec + 4, &r->bytes, 4);
	memcpy(rec + 8, &r->fault_addr, 8);
	memcpy(rec + 16, r->op, sizeof(r->op));
	/* the record's own address is not subject to block-on-fault, nor to
	 * a fault injected into the operation's data */
	c->bof = false;
	c->inj_armed = false;
	if (model_dma_xlate(c, addr, DSA_COMPL_SIZE, DSA_MODEL_DMA_WRITE, &host, &contig) < 0 ||
	    contig < DSA_COMPL_SIZE)
		return false;
	memcpy((uint8_t *)host + 1, rec + 1, DSA_COMPL_SIZE - 1);
	__atomic_store_n((uint8_t *)host, r->status, __ATOMIC_RELEASE);
	return true;
}

void
model_complete(struct model_ctx *c, const struct dsa_hw_desc *d, const struct model_result *r)
{
	uint8_t code = r->status & DSA_COMP_STATUS_MASK;
	uint32_t invalid = 0;
	int vec;

	if (d->flags & IDXD_OP_FLAG_CRAV) {
		if (((d->flags & IDXD_OP_FLAG_RCR) || code != DSA_COMP_SUCCESS) &&
		    !write_record(c, d->completion_addr, r))
			model_swerr(c->m, c, d, DSA_COMP_CRA_XLAT | DSA_COMP_STATUS_WRITE,
				    d->completion_addr, 0);
	} else if (code != DSA_COMP_SUCCESS && code != DSA_COMP_SUCCESS_PRED) {
		if (code == DSA_COMP_INVALID_FLAGS)
			memcpy(&invalid, r->op, 3);
		model_swerr(c->m, c, d, r->status, r->fault_addr, invalid);
	}
	if ((d->flags & IDXD_OP_FLAG_RCI) && code != DSA_COMP_INT_HANDLE_INVAL) {
		vec = model_irq_vector(c, d->int_handle);
		if (vec >= 0)
			model_irq(c->m, (unsigned int)vec);
	}
}
