/* SPDX-License-Identifier: BSD-3-Clause */
/* Model lifetime, capability presets, PCI-level state, interrupts, counters. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model_priv.h"

/* Opcodes the model executes; OPCAP of a preset never advertises others. */
#define OP(x) DSA_BIT(x)
#define MODEL_OPS_V1 (OP(DSA_OPCODE_NOOP) | OP(DSA_OPCODE_BATCH) | OP(DSA_OPCODE_DRAIN) | \
		      OP(DSA_OPCODE_MEMMOVE) | OP(DSA_OPCODE_MEMFILL) | \
		      OP(DSA_OPCODE_COMPARE) | OP(DSA_OPCODE_COMPVAL) | \
		      OP(DSA_OPCODE_CR_DELTA) | OP(DSA_OPCODE_AP_DELTA) | \
		      OP(DSA_OPCODE_DUALCAST) | OP(DSA_OPCODE_CRCGEN) | \
		      OP(DSA_OPCODE_COPY_CRC) | OP(DSA_OPCODE_CFLUSH) | \
		      OP(DSA_OPCODE_DIF_CHECK) | OP(DSA_OPCODE_DIF_INS) | \
		      OP(DSA_OPCODE_DIF_STRP) | OP(DSA_OPCODE_DIF_UPDT))

/* vDSA-style table layout: MSIX_PERM 0x300, GRPCFG 0x400, WQCFG 0x500
 * (DSA 2.0: 0x800, room for 8 x 64 B), IMS 0x1000 (not modelled). */
#define TABLES(grp, wq) (DSA_FIELD_PREP(DSA_TABLE_GRPCFG_MASK, grp) | \
			 DSA_FIELD_PREP(DSA_TABLE_WQCFG_MASK, wq) | \
			 DSA_FIELD_PREP(DSA_TABLE_MSIX_PERM_MASK, 0x3) | \
			 DSA_FIELD_PREP(DSA_TABLE_IMS_MASK, 0x10))

static void
caps_spr(struct dsa_model_caps *c)
{
	c->version = DSA_SPR_VERSION;
	c->gencap = DSA_SPR_GENCAP;
	/* WQCAP's raw SPR value is not in the fact sheet: sizes are observed;
	 * shared, dedicated, ATS-disable, priority and occupancy are what the
	 * kernel shows on SPR (sysfs mode, priority, occupancy attributes). */
	c->wqcap = DSA_FIELD_PREP(DSA_WQCAP_TOTAL_SIZE_MASK, DSA_SPR_TOTAL_WQ_SIZE) |
		   DSA_FIELD_PREP(DSA_WQCAP_NUM_WQS_MASK, DSA_SPR_NUM_WQS) |
		   DSA_WQCAP_SHARED | DSA_WQCAP_DEDICATED | DSA_WQCAP_ATS_DISABLE |
		   DSA_WQCAP_PRIORITY | DSA_WQCAP_OCCUPANCY;
	c->grpcap = DSA_FIELD_PREP(DSA_GRPCAP_NUM_GROUPS_MASK, DSA_SPR_NUM_GROUPS) |
		    DSA_FIELD_PREP(DSA_GRPCAP_TOTAL_RDBUF_MASK, DSA_SPR_TOTAL_RDBUF) |
		    DSA_GRPCAP_RDBUF_CTRL | DSA_GRPCAP_RDBUF_LIMIT;
	c->engcap = DSA_SPR_NUM_ENGINES;
	/* Observed sysfs value with the BATCH bit the kernel hides put back
	 * (the raw register probably has it). */
	memset(c->opcap, 0, sizeof(c->opcap));
	c->opcap[0] = (DSA_SPR_OPCAP0_SYSFS | OP(DSA_OPCODE_BATCH)) & MODEL_OPS_V1;
	c->cmdcap = 0;
	c->table_offset[0] = TABLES(0x4, 0x5);
	c->table_offset[1] = 0;
	c->num_msix = 0;
}

static void
caps_dsa2(struct dsa_model_caps *c)
{
	caps_spr(c);
	c->version = DSA_VERSION_2_0;
	c->gencap |= DSA_GENCAP_CMD_CAP | DSA_GENCAP_TRANSL_FETCH | DSA_GENCAP_DRAIN_READBACK |
		     DSA_GENCAP_CACHE_CTRL_FLUSH;
	c->wqcap |= DSA_FIELD_PREP(DSA_WQCAP_WQCFG_SIZE_MASK, 1) | DSA_WQCAP_OP_CONFIG |
		    DSA_WQCAP_PRS_DISABLE;
	c->grpcap |= DSA_GRPCAP_PROGRESS_LIMIT;
	/* 2.0 "all ops" minus DIX generate and inter-domain ops (not modelled) */
	c->opcap[0] = (DSA_V2_OPCAP0_ALL & (MODEL_OPS_V1 | OP(DSA_OPC_TRANSL_FETCH)));
	c->cmdcap = DSA_CMDCAP_DEFAULT | DSA_BIT(DSA_CMD_REQUEST_INT_HANDLE) |
		    DSA_BIT(DSA_CMD_RELEASE_INT_HANDLE);
	c->table_offset[0] = TABLES(0x4, 0x8);
}

int
dsa_model_caps_preset(enum dsa_model_preset preset, struct dsa_model_caps *caps)
{
	if (caps == NULL)
		return -EINVAL;
	switch (preset) {
	case DSA_MODEL_PRESET_SPR:
		caps_spr(caps);
		return 0;
	case DSA_MODEL_PRESET_DSA2:
		caps_dsa2(caps);
		return 0;
	}
	return -EINVAL;
}

void
dsa_model_params_init(struct dsa_model_params *p)
{
	memset(p, 0, sizeof(*p));
	p->preset = DSA_MODEL_PRESET_SPR;
	p->quirks.batch_count1_error = true;
	p->quirks.batch_nested_status = DSA_COMP_BAD_OPCODE;
	p->quirks.dwq_overflow_swerr = DSA_MODEL_SWERR_WQ_FULL;
	p->quirks.portal_misuse_swerr = DSA_MODEL_SWERR_PORTAL;
	p->quirks.dwq_free_at_completion = true;
	p->quirks.compval_offset_8b = true;
	p->quirks.delta_overflow_status = DSA_COMP_SUCCESS;
	p->quirks.bof_needs_wq_bof = true;
	p->quirks.dif_status_guard = DSA_DIF_STATUS_GUARD;
	p->quirks.dif_status_app = DSA_DIF_STATUS_APP_TAG;
	p->quirks.dif_status_ref = DSA_DIF_STATUS_REF_TAG;
	p->quirks.dif_status_all_f = DSA_DIF_STATUS_ALL_F;
	p->quirks.dif_all_f_skips = true;
	p->quirks.dif_insert_pass_rsvd = true;
}

/* Reject capabilities the model cannot honour. */
static int
caps_check(struct dsa_model *m)
{
	const struct dsa_model_caps *c = &m->caps;
	uint64_t bar0_end = DSA_BAR0_SIZE;

	m->num_wqs = DSA_WQCAP_NUM_WQS(c->wqcap);
	m->num_groups = DSA_GRPCAP_NUM_GROUPS(c->grpcap);
	m->num_engines = DSA_ENGCAP_NUM_ENGINES(c->engcap);
	m->total_wq_size = DSA_WQCAP_TOTAL_SIZE(c->wqcap);
	for (m->ring_mask = 1; m->ring_mask < m->total_wq_size; m->ring_mask <<= 1)
		;
	m->ring_mask--;
	m->wqcfg_stride = DSA_WQCFG_STRIDE(c->wqcap);
	m->wqcfg_dwords = m->wqcfg_stride / 4;
	m->grpcfg_off = DSA_TABLE_OFFSET_BYTES(DSA_TABLE_GRPCFG_MASK, c->table_offset[0]);
	m->wqcfg_off = DSA_TABLE_OFFSET_BYTES(DSA_TABLE_WQCFG_MASK, c->table_offset[0]);
	m->msix_perm_off = DSA_TABLE_OFFSET_BYTES(DSA_TABLE_MSIX_PERM_MASK,
						  c->table_offset[0]);
	m->num_msix = c->num_msix ? c->num_msix : m->num_wqs + 1;

	if (m->num_wqs == 0 || m->num_wqs > MODEL_MAX_UNITS ||
	    m->num_groups == 0 || m->num_groups > MODEL_MAX_UNITS ||
	    m->num_engines == 0 || m->num_engines > MODEL_MAX_UNITS ||
	    m->total_wq_size == 0 || m->wqcfg_stride > DSA_WQCFG_STRIDE_V2 ||
	    m->num_msix > 2048)
		return -EINVAL;
	/* Tables must sit after the fixed registers, inside BAR0, apart. */
	if (m->grpcfg_off < 0x100 || m->wqcfg_off < 0x100 || m->msix_perm_off < 0x100 ||
	    m->grpcfg_off + (uint64_t)m->num_groups * DSA_GRPCFG_STRIDE > bar0_end ||
	    m->wqcfg_off + (uint64_t)m->num_wqs * m->wqcfg_stride > bar0_end ||
	    m->msix_perm_off + (uint64_t)m->num_msix * DSA_MSIX_PERM_STRIDE > bar0_end)
		return -EINVAL;
	if ((m->grpcfg_off < m->wqcfg_off + m->num_wqs * m->wqcfg_stride &&
	     m->wqcfg_off < m->grpcfg_off + m->num_groups * DSA_GRPCFG_STRIDE) ||
	    (m->msix_perm_off < m->grpcfg_off + m->num_groups * DSA_GRPCFG_STRIDE &&
	     m->grpcfg_off < m->msix_perm_off + m->num_msix * DSA_MSIX_PERM_STRIDE) ||
	    (m->msix_perm_off < m->wqcfg_off + m->num_wqs * m->wqcfg_stride &&
	     m->wqcfg_off < m->msix_perm_off + m->num_msix * DSA_MSIX_PERM_STRIDE))
		return -EINVAL;
	return 0;
}

/*
 * The engines' CPU set may not be empty or name a CPU the system does not
 * have. (A set the process may not use at all fails when the threads start:
 * EINVAL too.) The creator's own affinity does not limit it.
 */
static int
cpus_check(struct dsa_model *m, const cpu_set_t *cpus)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);
	int cpu;

	if (cpus == NULL)
		return 0;
	if (CPU_COUNT(cpus) == 0 || n <= 0)
		return -EINVAL;
	for (cpu = (int)n; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, cpus))
			return -EINVAL;
	m->cpus = *cpus;
	m->has_cpus = true;
	return 0;
}

static unsigned int
default_threads(const struct dsa_model *m)
{
	long cpus = m->has_cpus ? CPU_COUNT(&m->cpus) : sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int n = m->num_engines;

	if (cpus > 0 && (unsigned long)cpus < n)
		n = (unsigned int)cpus;
	return n ? n : 1;
}

/* Zeroed memory for cache-line aligned objects (whole lines, as C11 asks). */
static void *
alloc_lines(size_t len)
{
	void *p;

	len = (len + MODEL_CACHE_LINE - 1) / MODEL_CACHE_LINE * MODEL_CACHE_LINE;
	p = aligned_alloc(MODEL_CACHE_LINE, len);

	if (p)
		memset(p, 0, len);
	return p;
}

static int
alloc_state(struct dsa_model *m)
{
	unsigned int i;

	m->wqs = alloc_lines(m->num_wqs * sizeof(*m->wqs));
	m->threads = alloc_lines(m->num_threads * sizeof(*m->threads));
	m->msix_perm = calloc(m->num_msix, sizeof(*m->msix_perm));
	m->int_handles = calloc(m->num_msix, sizeof(*m->int_handles));
	m->irq_fd = calloc(m->num_msix, sizeof(*m->irq_fd));
	if (!m->wqs || !m->threads || !m->msix_perm || !m->int_handles || !m->irq_fd)
		return -ENOMEM;
	for (i = 0; i < m->num_msix; i++)
		atomic_init(&m->irq_fd[i], -1);
	for (i = 0; i < m->num_wqs; i++) {
		struct model_wq *w = &m->wqs[i];

		w->descs = alloc_lines((m->ring_mask + 1) * sizeof(*w->descs));
		w->meta = alloc_lines((m->ring_mask + 1) * sizeof(*w->meta));
		if (w->descs == NULL || w->meta == NULL)
			return -ENOMEM;
		pthread_mutex_init(&w->lock, NULL);
	}
	return 0;
}

static void
free_state(struct dsa_model *m)
{
	unsigned int i;

	if (m->wqs) {
		for (i = 0; i < m->num_wqs; i++) {
			if (m->wqs[i].descs && m->wqs[i].meta)
				pthread_mutex_destroy(&m->wqs[i].lock);
			free(m->wqs[i].descs);
			free(m->wqs[i].meta);
		}
	}
	free(m->wqs);
	free(m->threads);
	free(m->msix_perm);
	free(m->int_handles);
	free((void *)m->irq_fd);
	free(m);
}

/* A DIF error bit of 0 would make that error pass unseen. */
static bool
quirks_ok(const struct dsa_model_quirks *q)
{
	return q->dif_status_guard && q->dif_status_app && q->dif_status_ref &&
	       q->dif_status_all_f;
}

struct dsa_model *
dsa_model_create(const struct dsa_model_params *p)
{
	struct dsa_model_params defaults;
	struct dsa_model *m;
	int rc;

	if (p == NULL) {
		dsa_model_params_init(&defaults);
		p = &defaults;
	}
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return NULL;
	if (p->caps)
		m->caps = *p->caps;
	else if (dsa_model_caps_preset(p->preset, &m->caps) < 0)
		goto einval;
	if (caps_check(m) < 0 || cpus_check(m, p->engine_cpus) < 0 || !quirks_ok(&p->quirks))
		goto einval;
	m->q = p->quirks;
	m->translate = p->translate ? p->translate : dsa_model_translate_identity;
	m->translate_opaque = p->translate_opaque;
	m->idle_spin_us = p->idle_spin_us ? p->idle_spin_us : 20;
	m->membarrier = !p->full_fences && model_fence_init();
	m->num_threads = p->engine_threads ? p->engine_threads : default_threads(m);
	/* engine e runs on thread e % threads: more threads would idle */
	if (m->num_threads > m->num_engines)
		goto einval;
	rc = alloc_state(m);
	if (rc < 0) {
		free_state(m);
		errno = -rc;
		return NULL;
	}
	pthread_mutex_init(&m->reg_lock, NULL);
	pthread_mutex_init(&m->swerr_lock, NULL);
	pthread_mutex_init(&m->inj_lock, NULL);
	pthread_mutex_init(&m->idle_lock, NULL);
	pthread_cond_init(&m->idle_cond, NULL);
	atomic_init(&m->bus_master, true);
	model_regs_reset(m);
	rc = model_engines_start(m);
	if (rc < 0) {
		dsa_model_destroy(m);
		errno = -rc;
		return NULL;
	}
	return m;
einval:
	free(m);
	errno = EINVAL;
	return NULL;
}

void
dsa_model_destroy(struct dsa_model *m)
{
	if (m == NULL)
		return;
	model_engines_stop(m);
	pthread_cond_destroy(&m->idle_cond);
	pthread_mutex_destroy(&m->idle_lock);
	pthread_mutex_destroy(&m->inj_lock);
	pthread_mutex_destroy(&m->swerr_lock);
	pthread_mutex_destroy(&m->reg_lock);
	free_state(m);
}

void
dsa_model_get_caps(const struct dsa_model *m, struct dsa_model_caps *caps)
{
	*caps = m->caps;
	caps->num_msix = m->num_msix;
}

uint64_t
dsa_model_bar_size(const struct dsa_model *m, unsigned int bar)
{
	if (bar == DSA_BAR_MMIO)
		return DSA_BAR0_SIZE;
	if (bar == DSA_BAR_PORTAL)
		return DSA_BAR2_SIZE(m->num_wqs);
	return 0;
}

unsigned int
dsa_model_engine_threads(const struct dsa_model *m)
{
	return m->num_threads;
}

void
dsa_model_set_bus_master(struct dsa_model *m, bool enable)
{
	bool was = atomic_exchange(&m->bus_master, enable);

	/* Losing bus mastering under an enabled device is a PCI config error
	 * (code from Intel's tree): the model logs it and halts. */
	if (was && !enable && model_dev_state(m) == DSA_DEV_STATE_ENABLED) {
		model_swerr(m, NULL, NULL, DSA_SWERR_PCI_CONFIG, 0, 0);
		model_halt(m, DSA_RESET_SOFTWARE);
	}
}

void
dsa_model_set_pasid_enable(struct dsa_model *m, bool enable)
{
	atomic_store(&m->pasid_enable, enable);
}

void
dsa_model_set_priv_mode_enable(struct dsa_model *m, bool enable)
{
	atomic_store(&m->priv_enable, enable);
}

void
dsa_model_flr(struct dsa_model *m)
{
	pthread_mutex_lock(&m->reg_lock);
	model_reset_device(m);
	pthread_mutex_lock(&m->swerr_lock);
	memset(m->swerr, 0, sizeof(m->swerr));
	pthread_mutex_unlock(&m->swerr_lock);
	atomic_store(&m->intcause, 0);
	pthread_mutex_unlock(&m->reg_lock);
}

int
dsa_model_set_irq_eventfd(struct dsa_model *m, unsigned int vector, int eventfd)
{
	if (vector >= m->num_msix || eventfd < -1)
		return -EINVAL;
	atomic_store(&m->irq_fd[vector], eventfd);
	return 0;
}

void
model_irq(struct dsa_model *m, unsigned int vector)
{
	const uint64_t one = 1;
	int fd;

	if (vector >= m->num_msix || (m->msix_perm[vector] & DSA_MSIX_PERM_IGNORE))
		return;
	fd = atomic_load(&m->irq_fd[vector]);
	/* An eventfd write fails only when the counter would overflow, in
	 * which case the consumer has a pending wakeup anyway. */
	if (fd >= 0 && write(fd, &one, sizeof(one)) < 0)
		return;
}

int
dsa_model_wq_stats(struct dsa_model *m, unsigned int wq, struct dsa_model_wq_stats *st)
{
	struct model_wq *w;

	if (wq >= m->num_wqs || st == NULL)
		return -EINVAL;
	w = &m->wqs[wq];
	/* positions only grow; each ENABLE_WQ skips one */
	st->submitted = model_wq_tail(w) - atomic_load(&w->skipped);
	st->executed = atomic_load(&w->executed);
	st->batches = atomic_load(&w->batches);
	st->dropped = atomic_load(&w->dropped);
	st->refused = atomic_load(&w->refused);
	return 0;
}
