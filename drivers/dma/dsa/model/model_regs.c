/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * BAR0 register file: fixed registers, GRPCFG/WQCFG/MSIX_PERM tables and
 * their write rules. Every access is decomposed into 32-bit dwords.
 *
 * Write rules (fact sheet section 3): GENCFG, WQ sizes and all of GRPCFG
 * change only while the device is disabled; other WQCFG fields only while
 * the WQ is disabled; read-only and reserved bits keep their value. Whether
 * hardware ignores or rejects locked writes is unverified: the model ignores
 * them, which is harmless for the kernel's habit of rewriting the tables.
 */
#include <string.h>

#include "model_priv.h"

#define DW_LO(v) ((uint32_t)(v))
#define DW_HI(v) ((uint32_t)((v) >> 32))

unsigned int
model_dev_state(const struct dsa_model *m)
{
	return DSA_GENSTS_STATE(atomic_load(&((struct dsa_model *)m)->gensts));
}

bool
model_device_enabled(const struct dsa_model *m)
{
	return model_dev_state(m) == DSA_DEV_STATE_ENABLED;
}

static bool
config_writable(const struct dsa_model *m)
{
	return (m->caps.gencap & DSA_GENCAP_CONFIG_SUPPORT) &&
	       model_dev_state(m) == DSA_DEV_STATE_DISABLED;
}

static void
wqcfg_reset(struct dsa_model *m, struct model_wq *w)
{
	unsigned int i;

	memset(w->wqcfg, 0, sizeof(w->wqcfg));
	/* "mode support" reads 1 in Intel's vDSA (meaning unverified) */
	w->wqcfg[DSA_WQCFG_STATUS / 4] = (uint32_t)DSA_WQCFG_MODE_SUPPORT;
	if (m->caps.wqcap & DSA_WQCAP_OP_CONFIG) {
		/* op_config starts as "everything OPCAP offers" */
		for (i = 0; i < DSA_OPCAP_QWORDS; i++) {
			w->wqcfg[DSA_WQCFG_OP_CONFIG / 4 + 2 * i] = DW_LO(m->caps.opcap[i]);
			w->wqcfg[DSA_WQCFG_OP_CONFIG / 4 + 2 * i + 1] = DW_HI(m->caps.opcap[i]);
		}
	}
}

/* Back to reset values: device disabled, every table at its default. */
void
model_regs_reset(struct dsa_model *m)
{
	unsigned int i;

	atomic_store(&m->gensts, DSA_DEV_STATE_DISABLED);
	atomic_store(&m->cmdsts, 0);
	m->gencfg = 0;
	m->genctrl = 0;
	memset(m->grpcfg, 0, sizeof(m->grpcfg));
	for (i = 0; i < m->num_groups; i++)
		m->grpcfg[i][DSA_GRPCFG_FLAGS / 8] =
			DSA_FIELD_PREP(DSA_GRPFLAGS_RDBUF_ALLOWED_MASK,
				       DSA_GRPCAP_TOTAL_RDBUF(m->caps.grpcap));
	memset(m->msix_perm, 0, m->num_msix * sizeof(*m->msix_perm));
	memset(m->int_handles, 0, m->num_msix * sizeof(*m->int_handles));
	for (i = 0; i < m->num_wqs; i++) {
		model_wq_close(m, &m->wqs[i]);
		atomic_store(&m->wqs[i].state, WQ_DISABLED);
		wqcfg_reset(m, &m->wqs[i]);
	}
}

static uint32_t
half(uint64_t v, uint64_t off)
{
	return (off & 4) ? DW_HI(v) : DW_LO(v);
}

static uint32_t
wq_status_dword(struct dsa_model *m, unsigned int wq)
{
	struct model_wq *w = &m->wqs[wq];
	uint32_t v = w->wqcfg[DSA_WQCFG_STATUS / 4] & ~(uint32_t)(DSA_WQCFG_STATE_MASK |
								DSA_WQCFG_OCCUPANCY_MASK);
	int st = atomic_load(&w->state);
	unsigned int state = st == WQ_ENABLED ? DSA_WQ_STATE_ENABLED :
			     st == WQ_DRAINING ? DSA_WQ_STATE_BUSY : DSA_WQ_STATE_DISABLED;

	if (m->caps.wqcap & DSA_WQCAP_OCCUPANCY)
		v |= (uint32_t)DSA_FIELD_PREP(DSA_WQCFG_OCCUPANCY_MASK,
					      model_wq_occupancy(w));
	return v | (uint32_t)DSA_FIELD_PREP(DSA_WQCFG_STATE_MASK, state);
}

static bool
in_table(uint64_t off, uint64_t base, uint64_t stride, unsigned int n, unsigned int *idx,
	 uint64_t *rel)
{
	if (off < base || off >= base + stride * n)
		return false;
	*idx = (unsigned int)((off - base) / stride);
	*rel = (off - base) % stride;
	return true;
}

static uint32_t
read_tables(struct dsa_model *m, uint64_t off)
{
	unsigned int i;
	uint64_t rel;
	uint32_t v = 0;

	pthread_mutex_lock(&m->reg_lock);
	if (in_table(off, m->grpcfg_off, DSA_GRPCFG_STRIDE, m->num_groups, &i, &rel))
		v = half(m->grpcfg[i][rel / 8], rel);
	else if (in_table(off, m->wqcfg_off, m->wqcfg_stride, m->num_wqs, &i, &rel))
		v = rel == DSA_WQCFG_STATUS ? wq_status_dword(m, i) : m->wqs[i].wqcfg[rel / 4];
	else if (in_table(off, m->msix_perm_off, DSA_MSIX_PERM_STRIDE, m->num_msix, &i, &rel))
		v = rel == 0 ? m->msix_perm[i] : 0;
	pthread_mutex_unlock(&m->reg_lock);
	return v;
}

static uint32_t
read_fixed(struct dsa_model *m, uint64_t off)
{
	const struct dsa_model_caps *c = &m->caps;
	uint32_t v;

	switch (off & ~7ull) {
	case DSA_REG_VERSION:
		return (off & 4) ? 0 : c->version;
	case DSA_REG_GENCAP:
		return half(c->gencap, off);
	case DSA_REG_WQCAP:
		return half(c->wqcap, off);
	case DSA_REG_GRPCAP:
		return half(c->grpcap, off);
	case DSA_REG_ENGCAP:
		return half(c->engcap, off);
	case DSA_REG_OPCAP_QW(0): case DSA_REG_OPCAP_QW(1):
	case DSA_REG_OPCAP_QW(2): case DSA_REG_OPCAP_QW(3):
		return half(c->opcap[(off - DSA_REG_OPCAP) / 8], off);
	case DSA_REG_TABLE_OFFSET: case DSA_REG_TABLE_OFFSET + 8:
		return half(c->table_offset[(off - DSA_REG_TABLE_OFFSET) / 8], off);
	case DSA_REG_GENCFG:
		return (off & 4) ? 0 : m->gencfg;
	case DSA_REG_GENCTRL:
		return (off & 4) ? 0 : m->genctrl;
	case DSA_REG_GENSTS:
		return (off & 4) ? 0 : atomic_load(&m->gensts);
	case DSA_REG_INTCAUSE:
		return (off & 4) ? 0 : atomic_load(&m->intcause);
	case DSA_REG_CMDSTS:
		return (off & 4) ? 0 : atomic_load(&m->cmdsts);
	case DSA_REG_CMDCAP:
		if ((off & 4) || !(c->gencap & DSA_GENCAP_CMD_CAP))
			return 0;
		return c->cmdcap;
	case DSA_REG_SWERR_QW(0): case DSA_REG_SWERR_QW(1):
	case DSA_REG_SWERR_QW(2): case DSA_REG_SWERR_QW(3):
		pthread_mutex_lock(&m->swerr_lock);
		v = half(m->swerr[(off - DSA_REG_SWERR) / 8], off);
		pthread_mutex_unlock(&m->swerr_lock);
		return v;
	default:
		/* CMD reads back 0 once executed; EVL and the rest are absent */
		return 0;
	}
}

uint32_t
dsa_model_mmio_read32(struct dsa_model *m, uint64_t off)
{
	if ((off & 3) || off >= DSA_BAR0_SIZE)
		return UINT32_MAX;
	if (off < 0x100)
		return read_fixed(m, off);
	return read_tables(m, off);
}

uint64_t
dsa_model_mmio_read64(struct dsa_model *m, uint64_t off)
{
	if (off & 7)
		return UINT64_MAX;
	return dsa_model_mmio_read32(m, off) |
	       ((uint64_t)dsa_model_mmio_read32(m, off + 4) << 32);
}

static uint32_t
grpcfg_mask(const struct dsa_model *m, uint64_t rel)
{
	uint64_t mask;

	if (rel < DSA_GRPCFG_ENGINES) {
		unsigned int first = (unsigned int)(rel * 8);

		if (first >= m->num_wqs)
			return 0;
		return m->num_wqs - first >= 32 ? UINT32_MAX :
			(uint32_t)((1ull << (m->num_wqs - first)) - 1);
	}
	if (rel < DSA_GRPCFG_FLAGS) {
		mask = m->num_engines >= 64 ? UINT64_MAX : (1ull << m->num_engines) - 1;
		return half(mask, rel);
	}
	if (rel < DSA_GRPCFG_FLAGS + 8) {
		mask = DSA_GRPFLAGS_TC_A_MASK | DSA_GRPFLAGS_TC_B_MASK |
		       DSA_GRPFLAGS_USE_RDBUF_LIMIT | DSA_GRPFLAGS_RDBUF_RSVD_MASK |
		       DSA_GRPFLAGS_RDBUF_ALLOWED_MASK;
		if (m->caps.grpcap & DSA_GRPCAP_PROGRESS_LIMIT)
			mask |= DSA_GRPFLAGS_DESC_PROG_LIMIT_MASK |
				DSA_GRPFLAGS_BATCH_PROG_LIMIT_MASK;
		return half(mask, rel);
	}
	return 0; /* reserved */
}

static uint32_t
wqcfg_mask(const struct dsa_model *m, unsigned int dw)
{
	uint64_t mask;
	unsigned int i;

	switch (dw * 4) {
	case DSA_WQCFG_SIZE:
		return DSA_WQCFG_SIZE_MASK;
	case DSA_WQCFG_THRESHOLD:
		return DSA_WQCFG_THRESHOLD_MASK;
	case DSA_WQCFG_MODE:
		mask = DSA_WQCFG_MODE_DEDICATED | DSA_WQCFG_BOF_EN | DSA_WQCFG_PRIORITY_MASK |
		       DSA_WQCFG_PASID_MASK | DSA_WQCFG_PASID_EN | DSA_WQCFG_PRIV;
		if (m->caps.wqcap & DSA_WQCAP_ATS_DISABLE)
			mask |= DSA_WQCFG_ATS_DISABLE;
		if (m->caps.wqcap & DSA_WQCAP_PRS_DISABLE)
			mask |= DSA_WQCFG_PRS_DISABLE;
		return (uint32_t)mask;
	case DSA_WQCFG_MAX:
		return DSA_WQCFG_MAX_XFER_SHIFT_MASK | DSA_WQCFG_MAX_BATCH_SHIFT_MASK;
	case DSA_WQCFG_OCC_INT:
		return DSA_WQCFG_OCC_INT_HANDLE_MASK | DSA_WQCFG_OCC_INT_IMS;
	case DSA_WQCFG_OCC_LIMIT:
		return DSA_WQCFG_OCC_LIMIT_MASK | DSA_WQCFG_OCC_INT_EN;
	default:
		break;
	}
	if (dw * 4 >= DSA_WQCFG_OP_CONFIG && (m->caps.wqcap & DSA_WQCAP_OP_CONFIG)) {
		i = (dw * 4 - DSA_WQCFG_OP_CONFIG) / 8;
		return half(m->caps.opcap[i], dw * 4);
	}
	return 0; /* status (RO) and reserved dwords */
}

static void
write_wqcfg(struct dsa_model *m, unsigned int wq, unsigned int dw, uint32_t v)
{
	struct model_wq *w = &m->wqs[wq];
	uint32_t mask = wqcfg_mask(m, dw);

	if (!(m->caps.gencap & DSA_GENCAP_CONFIG_SUPPORT))
		return;
	if (dw * 4 == DSA_WQCFG_SIZE ? !config_writable(m) :
	    atomic_load(&w->state) != WQ_DISABLED)
		return;
	w->wqcfg[dw] = (w->wqcfg[dw] & ~mask) | (v & mask);
}

static void
write_tables(struct dsa_model *m, uint64_t off, uint32_t v)
{
	unsigned int i;
	uint64_t rel, mask, *qw;

	if (in_table(off, m->grpcfg_off, DSA_GRPCFG_STRIDE, m->num_groups, &i, &rel)) {
		if (!config_writable(m))
			return;
		qw = &m->grpcfg[i][rel / 8];
		mask = (uint64_t)grpcfg_mask(m, rel) << ((rel & 4) * 8);
		*qw = (*qw & ~mask) | (((uint64_t)v << ((rel & 4) * 8)) & mask);
	} else if (in_table(off, m->wqcfg_off, m->wqcfg_stride, m->num_wqs, &i, &rel)) {
		write_wqcfg(m, i, (unsigned int)(rel / 4), v);
	} else if (in_table(off, m->msix_perm_off, DSA_MSIX_PERM_STRIDE, m->num_msix, &i,
			    &rel) && rel == 0) {
		m->msix_perm[i] = v & (uint32_t)(DSA_MSIX_PERM_IGNORE | DSA_MSIX_PERM_PASID_EN |
						 DSA_MSIX_PERM_PASID_MASK);
	}
}

static void
write_fixed(struct dsa_model *m, uint64_t off, uint32_t v)
{
	uint32_t mask;

	switch (off) {
	case DSA_REG_GENCFG:
		if (!config_writable(m))
			return;
		mask = DSA_GENCFG_RDBUF_LIMIT_MASK | DSA_GENCFG_USER_INT_EN;
		if (DSA_GENCAP_EVL(m->caps.gencap))
			mask |= DSA_GENCFG_EVL_EN;
		m->gencfg = v & mask;
		break;
	case DSA_REG_GENCTRL:
		mask = DSA_GENCTRL_SWERR_INT_EN | DSA_GENCTRL_HALT_INT_EN;
		if (DSA_GENCAP_EVL(m->caps.gencap))
			mask |= DSA_GENCTRL_EVL_INT_EN;
		m->genctrl = v & mask;
		break;
	case DSA_REG_INTCAUSE:
		atomic_fetch_and(&m->intcause, ~v);
		break;
	case DSA_REG_CMD:
		model_cmd_exec(m, v);
		break;
	case DSA_REG_SWERR:
		pthread_mutex_lock(&m->swerr_lock);
		m->swerr[0] &= ~(v & DSA_SWERR_RW1C_MASK);
		pthread_mutex_unlock(&m->swerr_lock);
		break;
	default:
		break; /* read-only or absent */
	}
}

void
dsa_model_mmio_write32(struct dsa_model *m, uint64_t off, uint32_t v)
{
	if ((off & 3) || off >= DSA_BAR0_SIZE)
		return;
	/* A command written while another runs is a software error
	 * (vDSA behaviour; hardware unverified). */
	if (off == DSA_REG_CMD && (atomic_load(&m->cmdsts) & DSA_CMDSTS_ACTIVE)) {
		model_swerr(m, NULL, NULL, DSA_SWERR_CMD_WHILE_ACTIVE, 0, 0);
		return;
	}
	pthread_mutex_lock(&m->reg_lock);
	if (off < 0x100)
		write_fixed(m, off, v);
	else
		write_tables(m, off, v);
	pthread_mutex_unlock(&m->reg_lock);
}

void
dsa_model_mmio_write64(struct dsa_model *m, uint64_t off, uint64_t v)
{
	if (off & 7)
		return;
	dsa_model_mmio_write32(m, off, DW_LO(v));
	dsa_model_mmio_write32(m, off + 4, DW_HI(v));
}
