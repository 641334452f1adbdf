/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The command interface (CMD/CMDSTS), commands 1-14. Commands run under
 * reg_lock, inside the CMD write: CMDSTS.active is set for their duration, so
 * a concurrent reader sees it while a drain waits for the engines.
 *
 * Error conditions the fact sheet leaves unverified, as decided here:
 *  0x11  read-buffer configuration: sum of reserved > GRPCAP total, or a
 *        group allowed more than the total;
 *  0x13  a WQ with size > 0 has PASID enabled while PCI PASID is off;
 *  0x15  a WQ with size > 0 is in no group;   0x16  a WQ in two groups;
 *  0x17  an engine in two groups;             0x18  a group with WQs and
 *        no engine;
 *  0x22  ENABLE_WQ with size 0, or a shared WQ whose threshold > size;
 *  0x23  priority 0.
 */
#include <string.h>

#include "model_priv.h"

static uint64_t
group_wqs(const struct dsa_model *m, unsigned int g)
{
	/* the model keeps at most 64 WQs: qword 0 of GRPWQCFG */
	return m->grpcfg[g][DSA_GRPCFG_WQS / 8];
}

static uint64_t
group_engines(const struct dsa_model *m, unsigned int g)
{
	return m->grpcfg[g][DSA_GRPCFG_ENGINES / 8];
}

static uint64_t
sized_wqs(const struct dsa_model *m)
{
	uint64_t mask = 0;
	unsigned int i;

	for (i = 0; i < m->num_wqs; i++)
		if (DSA_FIELD_GET(DSA_WQCFG_SIZE_MASK, m->wqs[i].wqcfg[DSA_WQCFG_SIZE / 4]))
			mask |= DSA_BIT(i);
	return mask;
}

static uint8_t
check_groups(const struct dsa_model *m)
{
	uint64_t sized = sized_wqs(m), seen_wq = 0, seen_eng = 0, rsvd = 0;
	uint64_t total = DSA_GRPCAP_TOTAL_RDBUF(m->caps.grpcap);
	unsigned int g;

	for (g = 0; g < m->num_groups; g++) {
		uint64_t wqs = group_wqs(m, g), engs = group_engines(m, g);
		uint64_t flags = m->grpcfg[g][DSA_GRPCFG_FLAGS / 8];

		if (seen_wq & wqs & sized)
			return DSA_CMD_ERR_GRP_CONFIG2;
		if (seen_eng & engs)
			return DSA_CMD_ERR_GRP_CONFIG3;
		if ((wqs & sized) && !engs)
			return DSA_CMD_ERR_GRP_CONFIG4;
		if (DSA_FIELD_GET(DSA_GRPFLAGS_RDBUF_ALLOWED_MASK, flags) > total)
			return DSA_CMD_ERR_CONFIG;
		rsvd += DSA_FIELD_GET(DSA_GRPFLAGS_RDBUF_RSVD_MASK, flags);
		seen_wq |= wqs;
		seen_eng |= engs;
	}
	if (sized & ~seen_wq)
		return DSA_CMD_ERR_GRP_CONFIG;
	if (rsvd > total)
		return DSA_CMD_ERR_CONFIG;
	return DSA_CMD_ERR_SUCCESS;
}

static uint8_t
cmd_enable_device(struct dsa_model *m)
{
	unsigned int i;
	uint64_t sum = 0;
	uint8_t err;

	if (model_dev_state(m) == DSA_DEV_STATE_ENABLED)
		return DSA_CMD_ERR_DEV_ENABLED;
	if (!atomic_load(&m->bus_master))
		return DSA_CMD_ERR_BUSMASTER_EN;
	for (i = 0; i < m->num_wqs; i++) {
		const uint32_t *cfg = m->wqs[i].wqcfg;
		uint64_t size = DSA_FIELD_GET(DSA_WQCFG_SIZE_MASK, cfg[DSA_WQCFG_SIZE / 4]);

		sum += size;
		if (size && (cfg[DSA_WQCFG_MODE / 4] & DSA_WQCFG_PASID_EN) &&
		    !atomic_load(&m->pasid_enable))
			return DSA_CMD_ERR_PASID_INVAL;
	}
	if (sum > m->total_wq_size)
		return DSA_CMD_ERR_WQ_SIZE_ERANGE;
	err = check_groups(m);
	if (err != DSA_CMD_ERR_SUCCESS)
		return err;
	model_engines_set_groups(m);
	atomic_store(&m->gensts, DSA_DEV_STATE_ENABLED);
	return DSA_CMD_ERR_SUCCESS;
}

static uint8_t
check_wq_config(const struct dsa_model *m, const uint32_t *cfg)
{
	uint64_t gencap = m->caps.gencap, wqcap = m->caps.wqcap;
	uint32_t mode = cfg[DSA_WQCFG_MODE / 4], max = cfg[DSA_WQCFG_MAX / 4];
	uint64_t size = DSA_FIELD_GET(DSA_WQCFG_SIZE_MASK, cfg[DSA_WQCFG_SIZE / 4]);
	uint64_t thr = DSA_FIELD_GET(DSA_WQCFG_THRESHOLD_MASK, cfg[DSA_WQCFG_THRESHOLD / 4]);
	bool dedicated = mode & DSA_WQCFG_MODE_DEDICATED;
	bool pasid_en = mode & DSA_WQCFG_PASID_EN;

	if (size == 0 || (!dedicated && thr > size))
		return DSA_CMD_ERR_WQ_SIZE;
	if (DSA_FIELD_GET(DSA_WQCFG_PRIORITY_MASK, mode) < DSA_WQ_PRIORITY_MIN)
		return DSA_CMD_ERR_WQ_PRIOR;
	if (!(wqcap & (dedicated ? DSA_WQCAP_DEDICATED : DSA_WQCAP_SHARED)))
		return DSA_CMD_ERR_WQ_MODE;
	if ((mode & DSA_WQCFG_BOF_EN) && !(gencap & DSA_GENCAP_BLOCK_ON_FAULT))
		return DSA_CMD_ERR_BOF_EN;
	if ((!dedicated && !pasid_en) || (pasid_en && !atomic_load(&m->pasid_enable)) ||
	    (dedicated && pasid_en && (mode & DSA_WQCFG_PRIV) &&
	     !atomic_load(&m->priv_enable)))
		return DSA_CMD_ERR_PASID_EN;
	if (DSA_FIELD_GET(DSA_WQCFG_MAX_BATCH_SHIFT_MASK, max) >
	    DSA_GENCAP_MAX_BATCH_SHIFT(gencap))
		return DSA_CMD_ERR_MAX_BATCH_SIZE;
	if (DSA_FIELD_GET(DSA_WQCFG_MAX_XFER_SHIFT_MASK, max) >
	    DSA_GENCAP_MAX_XFER_SHIFT(gencap))
		return DSA_CMD_ERR_MAX_XFER_SIZE;
	return DSA_CMD_ERR_SUCCESS;
}

static uint8_t
cmd_enable_wq(struct dsa_model *m, uint32_t wq)
{
	struct model_wq *w;
	uint8_t err;

	if (wq >= m->num_wqs)
		return DSA_CMD_ERR_INVAL_WQIDX;
	if (!model_device_enabled(m))
		return DSA_CMD_ERR_DEV_NOT_EN;
	w = &m->wqs[wq];
	if (atomic_load(&w->state) != WQ_DISABLED)
		return DSA_CMD_ERR_WQ_ENABLED;
	err = check_wq_config(m, w->wqcfg);
	if (err != DSA_CMD_ERR_SUCCESS)
		return err;
	model_wq_latch_config(m, wq);
	return DSA_CMD_ERR_SUCCESS;
}

/* Wait until the WQ has run everything queued before now. */
static void
drain_wq(struct dsa_model *m, unsigned int wq, uint32_t pasid)
{
	model_wq_wait_before(m, wq, model_wq_tail(&m->wqs[wq]), pasid, NULL);
}

static void
disable_wq(struct dsa_model *m, unsigned int wq)
{
	struct model_wq *w = &m->wqs[wq];

	/* DISABLE_WQ lets queued work complete, then stops the WQ. */
	atomic_store(&w->state, WQ_DRAINING);
	model_wq_close(m, w);
	drain_wq(m, wq, DSA_MODEL_NO_PASID);
	atomic_store(&w->state, WQ_DISABLED);
}

static void
reset_wq(struct dsa_model *m, unsigned int wq)
{
	struct model_wq *w = &m->wqs[wq];
	uint32_t status = w->wqcfg[DSA_WQCFG_STATUS / 4];
	unsigned int i;

	model_wq_close(m, w);
	model_wq_abort(m, wq, DSA_MODEL_NO_PASID);
	atomic_store(&w->state, WQ_DISABLED);
	/* back to defaults, except the size (a device-level setting) */
	for (i = 0; i < m->wqcfg_dwords; i++)
		if (i * 4 != DSA_WQCFG_SIZE && i * 4 != DSA_WQCFG_STATUS &&
		    i * 4 < DSA_WQCFG_OP_CONFIG)
			w->wqcfg[i] = 0;
	w->wqcfg[DSA_WQCFG_STATUS / 4] = status;
}

/* Commands 7-10: operand [15:0] = WQ bits, [19:16] = block of 16 WQs. */
static uint8_t
cmd_wq_mask(struct dsa_model *m, unsigned int code, uint32_t operand)
{
	unsigned int base = (unsigned int)DSA_FIELD_GET(DSA_CMD_WQ_MASK_BLOCK, operand) * 16;
	uint32_t bits = (uint32_t)DSA_FIELD_GET(DSA_CMD_WQ_MASK_BITS, operand);
	unsigned int i;

	if (bits == 0)
		return DSA_CMD_ERR_INVAL_WQIDX;
	for (i = 0; i < 16; i++) {
		if (!(bits & (1u << i)))
			continue;
		if (base + i >= m->num_wqs)
			return DSA_CMD_ERR_INVAL_WQIDX;
		if (atomic_load(&m->wqs[base + i].state) != WQ_ENABLED)
			return DSA_CMD_ERR_WQ_NOT_EN;
	}
	for (i = 0; i < 16; i++) {
		if (!(bits & (1u << i)))
			continue;
		switch (code) {
		case DSA_CMD_DISABLE_WQ:
			disable_wq(m, base + i);
			break;
		case DSA_CMD_DRAIN_WQ:
			drain_wq(m, base + i, DSA_MODEL_NO_PASID);
			break;
		case DSA_CMD_ABORT_WQ:
			model_wq_abort(m, base + i, DSA_MODEL_NO_PASID);
			break;
		default:
			reset_wq(m, base + i);
			break;
		}
	}
	return DSA_CMD_ERR_SUCCESS;
}

/* Drain or abort every WQ, optionally only the work of one PASID. */
static void
all_wqs(struct dsa_model *m, bool abort, uint32_t pasid)
{
	unsigned int i;

	for (i = 0; i < m->num_wqs; i++) {
		if (abort)
			model_wq_abort(m, i, pasid);
		else
			drain_wq(m, i, pasid);
	}
}

static uint8_t
cmd_disable_device(struct dsa_model *m)
{
	unsigned int i;

	if (!model_device_enabled(m))
		return DSA_CMD_ERR_DIS_DEV_EN;
	for (i = 0; i < m->num_wqs; i++)
		if (atomic_load(&m->wqs[i].state) != WQ_DISABLED)
			disable_wq(m, i);
	atomic_store(&m->gensts, DSA_DEV_STATE_DISABLED);
	return DSA_CMD_ERR_SUCCESS;
}

/*
 * RESET_DEVICE and FLR: every WQ closes before its queued work is dropped,
 * so that no portal write lands in between; what engines still run (a halt
 * does not stop them waiting) finishes; then the registers reset.
 */
void
model_reset_device(struct dsa_model *m)
{
	unsigned int i;

	for (i = 0; i < m->num_wqs; i++)
		model_wq_close(m, &m->wqs[i]);
	all_wqs(m, true, DSA_MODEL_NO_PASID);
	model_engines_quiesce(m);
	model_regs_reset(m);
}

static uint8_t
cmd_reset_device(struct dsa_model *m)
{
	model_reset_device(m);
	return DSA_CMD_ERR_SUCCESS;
}

/* REQUEST_INT_HANDLE: handles are slots of a table as large as the MSI-X
 * table; IMS handles are not modelled (index check only). */
static uint8_t
cmd_int_handle(struct dsa_model *m, bool request, uint32_t operand, uint32_t *result)
{
	uint32_t idx = (uint32_t)DSA_FIELD_GET(DSA_CMD_INT_HANDLE_INDEX_MASK, operand);
	unsigned int h;

	if (operand & DSA_CMD_INT_HANDLE_IMS)
		return DSA_CMD_ERR_INVAL_INT_IDX;
	if (!request) {
		if (idx >= m->num_msix || m->int_handles[idx] == 0)
			return DSA_CMD_ERR_INVAL_RELEASE;
		m->int_handles[idx] = 0;
		return DSA_CMD_ERR_SUCCESS;
	}
	if (idx >= m->num_msix)
		return DSA_CMD_ERR_INVAL_INT_IDX;
	for (h = 0; h < m->num_msix; h++) {
		if (m->int_handles[h] == 0) {
			m->int_handles[h] = idx + 1;
			*result = h;
			return DSA_CMD_ERR_SUCCESS;
		}
	}
	return DSA_CMD_ERR_NO_HANDLE;
}

static bool
cmd_supported(const struct dsa_model *m, unsigned int code)
{
	uint32_t cap = (m->caps.gencap & DSA_GENCAP_CMD_CAP) ? m->caps.cmdcap :
							       DSA_CMDCAP_DEFAULT;

	return code >= 1 && code <= DSA_CMD_MAX && (cap & (1u << code));
}

static uint8_t
cmd_dispatch(struct dsa_model *m, unsigned int code, uint32_t operand, uint32_t *result)
{
	switch (code) {
	case DSA_CMD_ENABLE_DEVICE:
		return cmd_enable_device(m);
	case DSA_CMD_DISABLE_DEVICE:
		return cmd_disable_device(m);
	case DSA_CMD_DRAIN_ALL:
	case DSA_CMD_ABORT_ALL:
		all_wqs(m, code == DSA_CMD_ABORT_ALL, DSA_MODEL_NO_PASID);
		return DSA_CMD_ERR_SUCCESS;
	case DSA_CMD_RESET_DEVICE:
		return cmd_reset_device(m);
	case DSA_CMD_ENABLE_WQ:
		return cmd_enable_wq(m, operand);
	case DSA_CMD_DISABLE_WQ:
	case DSA_CMD_DRAIN_WQ:
	case DSA_CMD_ABORT_WQ:
	case DSA_CMD_RESET_WQ:
		return cmd_wq_mask(m, code, operand);
	case DSA_CMD_DRAIN_PASID:
	case DSA_CMD_ABORT_PASID:
		all_wqs(m, code == DSA_CMD_ABORT_PASID, operand & DSA_CMD_PASID_MASK);
		return DSA_CMD_ERR_SUCCESS;
	default:
		return cmd_int_handle(m, code == DSA_CMD_REQUEST_INT_HANDLE, operand, result);
	}
}

/* Called with reg_lock held, from the CMD register write. */
void
model_cmd_exec(struct dsa_model *m, uint32_t cmd)
{
	unsigned int code = (unsigned int)DSA_CMD_CODE(cmd);
	uint32_t operand = (uint32_t)DSA_CMD_OPERAND(cmd), result = 0;
	unsigned int state = model_dev_state(m);
	uint8_t err;

	atomic_store(&m->cmdsts, (uint32_t)DSA_CMDSTS_ACTIVE);
	if (!cmd_supported(m, code))
		err = DSA_CMD_ERR_INVAL_CMD;
	else if (state == DSA_DEV_STATE_HALTED &&
		 (code != DSA_CMD_RESET_DEVICE ||
		  DSA_GENSTS_RESET_TYPE(atomic_load(&m->gensts)) != DSA_RESET_SOFTWARE))
		err = DSA_CMD_ERR_HW_ERR;
	else
		err = cmd_dispatch(m, code, operand, &result);
	atomic_store(&m->cmdsts, (uint32_t)(DSA_FIELD_PREP(DSA_CMDSTS_ERR_MASK, err) |
					    DSA_FIELD_PREP(DSA_CMDSTS_RESULT_MASK, result)));
	if (cmd & DSA_CMD_REQ_INT)
		model_raise_intcause(m, (uint32_t)DSA_INTCAUSE_CMD, true);
}

void
model_halt(struct dsa_model *m, unsigned int reset_type)
{
	atomic_store(&m->gensts, (uint32_t)(DSA_FIELD_PREP(DSA_GENSTS_STATE_MASK,
							   DSA_DEV_STATE_HALTED) |
					    DSA_FIELD_PREP(DSA_GENSTS_RESET_TYPE_MASK,
							   reset_type)));
	model_raise_intcause(m, (uint32_t)DSA_INTCAUSE_HALT,
			     m->genctrl & DSA_GENCTRL_HALT_INT_EN);
	model_engines_wake(m);
}
