/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fault injection: faulting IOVA ranges, a fault after N bytes of the next
 * data descriptor or of every Nth one, forced descriptor errors, halts.
 * Engine stalls live with the engines (model_engine.c).
 */
#include <errno.h>

#include "model_priv.h"

int
dsa_model_inject_fault_range(struct dsa_model *m, uint32_t pasid, uint64_t iova,
			     uint64_t len, unsigned int access)
{
	unsigned int n;
	int rc = 0;

	if (len == 0 || access == 0 || (access & ~(DSA_MODEL_DMA_READ | DSA_MODEL_DMA_WRITE)))
		return -EINVAL;
	pthread_mutex_lock(&m->inj_lock);
	n = atomic_load(&m->num_faults);
	if (n == MODEL_MAX_FAULTS) {
		rc = -ENOSPC;
	} else {
		m->faults[n] = (struct model_fault_range){ iova, len, pasid, access };
		atomic_store(&m->num_faults, n + 1);
	}
	pthread_mutex_unlock(&m->inj_lock);
	return rc;
}

int
dsa_model_remove_fault_range(struct dsa_model *m, uint32_t pasid, uint64_t iova)
{
	unsigned int i, n;
	int rc = -ENOENT;

	pthread_mutex_lock(&m->inj_lock);
	n = atomic_load(&m->num_faults);
	for (i = 0; i < n; i++) {
		if (m->faults[i].iova == iova && m->faults[i].pasid == pasid) {
			m->faults[i] = m->faults[n - 1];
			atomic_store(&m->num_faults, n - 1);
			rc = 0;
			break;
		}
	}
	pthread_mutex_unlock(&m->inj_lock);
	return rc;
}

int
dsa_model_inject_fault_after(struct dsa_model *m, uint64_t bytes, unsigned int access)
{
	if (access != DSA_MODEL_DMA_READ && access != DSA_MODEL_DMA_WRITE)
		return -EINVAL;
	pthread_mutex_lock(&m->inj_lock);
	m->fault_after_bytes = bytes;
	m->fault_after_access = access;
	atomic_store(&m->fault_after_armed, true);
	pthread_mutex_unlock(&m->inj_lock);
	return 0;
}

int
dsa_model_inject_fault_every(struct dsa_model *m, uint64_t period, uint64_t bytes,
			     unsigned int access)
{
	if (access != DSA_MODEL_DMA_READ && access != DSA_MODEL_DMA_WRITE)
		return -EINVAL;
	pthread_mutex_lock(&m->inj_lock);
	m->fault_every_bytes = bytes;
	m->fault_every_access = access;
	m->fault_every_seen = 0;
	atomic_store(&m->fault_every, period);
	pthread_mutex_unlock(&m->inj_lock);
	return 0;
}

int
dsa_model_inject_desc_error(struct dsa_model *m, uint8_t status, unsigned int count)
{
	if ((status & DSA_COMP_STATUS_MASK) < DSA_COMP_PAGE_FAULT_NOBOF)
		return -EINVAL;
	atomic_store(&m->desc_err_status, status);
	atomic_store(&m->desc_err_count, count);
	return 0;
}

int
dsa_model_inject_halt(struct dsa_model *m, unsigned int reset_type)
{
	unsigned int i;

	if (reset_type > DSA_RESET_COLD)
		return -EINVAL;
	model_halt(m, reset_type);
	/* queued work is lost; running descriptors finish their current step */
	for (i = 0; i < m->num_wqs; i++)
		model_wq_abort(m, i, DSA_MODEL_NO_PASID);
	return 0;
}

void
dsa_model_clear_injections(struct dsa_model *m)
{
	unsigned int i;

	pthread_mutex_lock(&m->inj_lock);
	atomic_store(&m->num_faults, 0);
	atomic_store(&m->fault_after_armed, false);
	atomic_store(&m->fault_every, 0);
	pthread_mutex_unlock(&m->inj_lock);
	atomic_store(&m->desc_err_count, 0);
	for (i = 0; i < m->num_threads; i++)
		atomic_store(&m->threads[i].stall_us, 0);
}

bool
model_inject_desc_error(struct dsa_model *m, uint8_t *status)
{
	unsigned int n = atomic_load_explicit(&m->desc_err_count, memory_order_relaxed);

	while (n > 0) {
		if (atomic_compare_exchange_weak(&m->desc_err_count, &n, n - 1)) {
			*status = (uint8_t)atomic_load(&m->desc_err_status);
			return true;
		}
	}
	return false;
}

/* The first span with @access, or NULL */
static const struct model_span *
span_with(const struct model_span *spans, unsigned int n, unsigned int access)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (spans[i].access == access)
			return &spans[i];
	return NULL;
}

static void
arm(struct model_ctx *c, const struct model_span *span, uint64_t bytes)
{
	c->inj_armed = true;
	c->inj_iova = span->iova + bytes;
	c->inj_access = span->access;
}

/* At the start of a data walk: take a pending fault-after-N-bytes if one of
 * the spans has the access it targets; count the walk for the periodic fault. */
void
model_inject_claim(struct model_ctx *c, const struct model_span *spans, unsigned int n)
{
	struct dsa_model *m = c->m;
	const struct model_span *s;

	pthread_mutex_lock(&m->inj_lock);
	s = span_with(spans, n, m->fault_after_access);
	if (atomic_load(&m->fault_after_armed) && s != NULL) {
		arm(c, s, m->fault_after_bytes);
		atomic_store(&m->fault_after_armed, false);
	}
	s = span_with(spans, n, m->fault_every_access);
	if (atomic_load(&m->fault_every) != 0 && s != NULL &&
	    ++m->fault_every_seen % atomic_load(&m->fault_every) == 0 && !c->inj_armed)
		arm(c, s, m->fault_every_bytes);
	pthread_mutex_unlock(&m->inj_lock);
}

/* Limit a translation by the injected faults: -EFAULT if @iova itself
 * faults, else *lim = bytes from @iova that do not. */
int
model_inject_check(struct model_ctx *c, uint64_t iova, uint64_t len, unsigned int access,
		   uint64_t *lim)
{
	struct dsa_model *m = c->m;
	unsigned int i, n;
	int rc = 0;

	*lim = len;
	if (c->inj_armed && (access & c->inj_access) && c->inj_iova >= iova &&
	    c->inj_iova - iova < len) {
		if (c->inj_iova == iova)
			return -EFAULT;
		*lim = c->inj_iova - iova;
	}
	if (atomic_load_explicit(&m->num_faults, memory_order_relaxed) == 0)
		return 0;
	pthread_mutex_lock(&m->inj_lock);
	n = atomic_load(&m->num_faults);
	for (i = 0; i < n; i++) {
		const struct model_fault_range *f = &m->faults[i];

		if (f->pasid != c->pasid || !(f->access & access) ||
		    f->iova >= iova + *lim || iova >= f->iova + f->len)
			continue;
		if (f->iova <= iova) {
			rc = -EFAULT;
			break;
		}
		*lim = f->iova - iova;
	}
	pthread_mutex_unlock(&m->inj_lock);
	return rc;
}
