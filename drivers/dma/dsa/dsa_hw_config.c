/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration of a DSA device through its BAR0 registers, shared by the
 * software-model and PCI backends: capabilities, reset, groups, engines, WQs,
 * enable, and the status of every command checked and reported by name.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_pause.h>

#include "dsa_dev.h"

#define DSA_CMD_TIMEOUT_MS 5000

static const char *const cmd_names[DSA_CMD_MAX + 1] = {
	[DSA_CMD_ENABLE_DEVICE] = "ENABLE_DEVICE",
	[DSA_CMD_DISABLE_DEVICE] = "DISABLE_DEVICE",
	[DSA_CMD_DRAIN_ALL] = "DRAIN_ALL",
	[DSA_CMD_ABORT_ALL] = "ABORT_ALL",
	[DSA_CMD_RESET_DEVICE] = "RESET_DEVICE",
	[DSA_CMD_ENABLE_WQ] = "ENABLE_WQ",
	[DSA_CMD_DISABLE_WQ] = "DISABLE_WQ",
	[DSA_CMD_DRAIN_WQ] = "DRAIN_WQ",
	[DSA_CMD_ABORT_WQ] = "ABORT_WQ",
	[DSA_CMD_RESET_WQ] = "RESET_WQ",
	[DSA_CMD_DRAIN_PASID] = "DRAIN_PASID",
	[DSA_CMD_ABORT_PASID] = "ABORT_PASID",
	[DSA_CMD_REQUEST_INT_HANDLE] = "REQUEST_INT_HANDLE",
	[DSA_CMD_RELEASE_INT_HANDLE] = "RELEASE_INT_HANDLE",
};

const char *
dsa_cmd_err_name(unsigned int code)
{
	switch (code) {
	case DSA_CMD_ERR_SUCCESS: return "success";
	case DSA_CMD_ERR_INVAL_CMD: return "invalid command";
	case DSA_CMD_ERR_INVAL_WQIDX: return "invalid WQ index";
	case DSA_CMD_ERR_HW_ERR: return "hardware error (device halted?)";
	case DSA_CMD_ERR_DEV_ENABLED: return "device already enabled";
	case DSA_CMD_ERR_CONFIG: return "configuration error";
	case DSA_CMD_ERR_BUSMASTER_EN: return "bus master not enabled";
	case DSA_CMD_ERR_PASID_INVAL: return "invalid PASID configuration";
	case DSA_CMD_ERR_WQ_SIZE_ERANGE: return "sum of WQ sizes out of range";
	case DSA_CMD_ERR_GRP_CONFIG: return "group configuration error 1";
	case DSA_CMD_ERR_GRP_CONFIG2: return "group configuration error 2";
	case DSA_CMD_ERR_GRP_CONFIG3: return "group configuration error 3";
	case DSA_CMD_ERR_GRP_CONFIG4: return "group configuration error 4";
	case DSA_CMD_ERR_DEV_NOT_EN: return "device not enabled";
	case DSA_CMD_ERR_WQ_ENABLED: return "WQ already enabled";
	case DSA_CMD_ERR_WQ_SIZE: return "invalid WQ size";
	case DSA_CMD_ERR_WQ_PRIOR: return "invalid WQ priority";
	case DSA_CMD_ERR_WQ_MODE: return "WQ mode not supported";
	case DSA_CMD_ERR_BOF_EN: return "block-on-fault not supported";
	case DSA_CMD_ERR_PASID_EN: return "PASID enable error";
	case DSA_CMD_ERR_MAX_BATCH_SIZE: return "max batch shift above GENCAP";
	case DSA_CMD_ERR_MAX_XFER_SIZE: return "max transfer shift above GENCAP";
	case DSA_CMD_ERR_DIS_DEV_EN: return "device not enabled (disable)";
	case DSA_CMD_ERR_WQ_NOT_EN: return "WQ not enabled";
	case DSA_CMD_ERR_INVAL_INT_IDX: return "invalid interrupt index";
	case DSA_CMD_ERR_NO_HANDLE: return "no interrupt handle available";
	default: return "unknown error code";
	}
}

static inline uint32_t
rd32(struct dsa_device *dev, uint32_t off)
{
	return dev->regs->read32(dev, off);
}

static inline uint64_t
rd64(struct dsa_device *dev, uint32_t off)
{
	return dev->regs->read64(dev, off);
}

static inline void
wr32(struct dsa_device *dev, uint32_t off, uint32_t v)
{
	dev->regs->write32(dev, off, v);
}

static inline void
wr64(struct dsa_device *dev, uint32_t off, uint64_t v)
{
	dev->regs->write64(dev, off, v);
}

/* Poll CMDSTS until the active bit clears; returns the last CMDSTS or -ETIMEDOUT */
static int64_t
wait_cmd_idle(struct dsa_device *dev)
{
	const uint64_t end = rte_get_timer_cycles() +
			rte_get_timer_hz() * DSA_CMD_TIMEOUT_MS / 1000;
	uint32_t sts;

	while ((sts = rd32(dev, DSA_REG_CMDSTS)) & DSA_CMDSTS_ACTIVE) {
		if (rte_get_timer_cycles() > end)
			return -ETIMEDOUT;
		rte_pause();
	}
	return sts;
}

/* Run one command; a failure is logged with the command and error names */
static int
dsa_cmd(struct dsa_device *dev, unsigned int code, uint32_t operand)
{
	int64_t sts;
	int ret = 0;

	rte_spinlock_lock(&dev->cmd_lock);
	sts = wait_cmd_idle(dev);
	if (sts >= 0) {
		wr32(dev, DSA_REG_CMD, DSA_CMD(code, operand));
		sts = wait_cmd_idle(dev);
	}
	rte_spinlock_unlock(&dev->cmd_lock);
	if (sts < 0) {
		DSA_LOG(ERR, "%s: command %s (operand 0x%x) timed out", dev->name,
			cmd_names[code], operand);
		ret = -ETIMEDOUT;
	} else if (DSA_CMDSTS_ERR(sts) != DSA_CMD_ERR_SUCCESS) {
		DSA_LOG(ERR, "%s: command %s (operand 0x%x) failed: %s (CMDSTS 0x%x)",
			dev->name, cmd_names[code], operand,
			dsa_cmd_err_name(DSA_CMDSTS_ERR(sts)), (unsigned int)DSA_CMDSTS_ERR(sts));
		ret = -EIO;
	}
	return ret;
}

int
dsa_hw_read_caps(struct dsa_device *dev)
{
	struct dsa_caps *c = &dev->caps;
	uint64_t table;
	unsigned int i;

	c->version = rd32(dev, DSA_REG_VERSION);
	c->gencap = rd64(dev, DSA_REG_GENCAP);
	c->wqcap = rd64(dev, DSA_REG_WQCAP);
	c->grpcap = rd64(dev, DSA_REG_GRPCAP);
	c->engcap = rd64(dev, DSA_REG_ENGCAP);
	for (i = 0; i < DSA_OPCAP_QWORDS; i++)
		c->opcap[i] = rd64(dev, DSA_REG_OPCAP_QW(i));
	table = rd64(dev, DSA_REG_TABLE_OFFSET);
	c->grpcfg_off = (uint32_t)DSA_TABLE_OFFSET_BYTES(DSA_TABLE_GRPCFG_MASK, table);
	c->wqcfg_off = (uint32_t)DSA_TABLE_OFFSET_BYTES(DSA_TABLE_WQCFG_MASK, table);
	c->wqcfg_stride = DSA_WQCFG_STRIDE(c->wqcap);
	c->max_wqs = (unsigned int)DSA_WQCAP_NUM_WQS(c->wqcap);
	c->total_wq_size = (unsigned int)DSA_WQCAP_TOTAL_SIZE(c->wqcap);
	c->max_groups = (unsigned int)DSA_GRPCAP_NUM_GROUPS(c->grpcap);
	c->max_engines = (unsigned int)DSA_ENGCAP_NUM_ENGINES(c->engcap);
	c->max_xfer_shift = (unsigned int)DSA_GENCAP_MAX_XFER_SHIFT(c->gencap);
	c->max_batch_shift = (unsigned int)DSA_GENCAP_MAX_BATCH_SHIFT(c->gencap);

	if (c->version != DSA_VERSION_1_0 && c->version != DSA_VERSION_2_0) {
		DSA_LOG(ERR, "%s: unknown VERSION 0x%x", dev->name, c->version);
		return -ENODEV;
	}
	if (c->max_wqs == 0 || c->max_engines == 0 || c->max_groups == 0 ||
			c->total_wq_size == 0 || c->grpcfg_off == 0 || c->wqcfg_off == 0) {
		DSA_LOG(ERR, "%s: capabilities report no usable WQ, engine or group "
			"(WQCAP 0x%" PRIx64 ", GRPCAP 0x%" PRIx64 ", ENGCAP 0x%" PRIx64 ")",
			dev->name, c->wqcap, c->grpcap, c->engcap);
		return -ENODEV;
	}
	if (!dsa_caps_has_op(c, DSA_OPCODE_MEMMOVE)) {
		DSA_LOG(ERR, "%s: OPCAP lacks MEMMOVE", dev->name);
		return -ENOTSUP;
	}
	if ((c->gencap & DSA_GENCAP_CONFIG_SUPPORT) == 0) {
		DSA_LOG(ERR, "%s: configuration is read-only (GENCAP[31]=0)", dev->name);
		return -ENOTSUP;
	}
	return 0;
}

/* Sizes: explicit ones as given, the rest share what is left equally */
static int
plan_sizes(struct dsa_device *dev, const struct dsa_devargs *args)
{
	unsigned int i, fixed = 0, nfree = 0, share;

	for (i = 0; i < dev->nb_wqs; i++) {
		if (args->wq[i].size)
			fixed += args->wq[i].size;
		else
			nfree++;
	}
	if (fixed + nfree > dev->caps.total_wq_size) {
		DSA_LOG(ERR, "%s: devarg wq_size: WQ sizes add up to %u, the device has %u "
			"entries", dev->name, fixed + nfree, dev->caps.total_wq_size);
		return -EINVAL;
	}
	share = nfree ? (dev->caps.total_wq_size - fixed) / nfree : 0;
	for (i = 0; i < dev->nb_wqs; i++)
		dev->wq[i].size = args->wq[i].size ? args->wq[i].size : (uint16_t)share;
	return 0;
}

static int
plan_wq(struct dsa_device *dev, const struct dsa_devargs *args, unsigned int i)
{
	const struct dsa_wq_args *a = &args->wq[i];
	const struct dsa_caps *c = &dev->caps;
	struct dsa_wq *wq = &dev->wq[i];
	uint32_t max_batch = a->max_batch ? a->max_batch : 1u << c->max_batch_shift;

	wq->shared = a->shared;
	if (wq->shared && !(c->wqcap & DSA_WQCAP_SHARED)) {
		DSA_LOG(ERR, "%s: devarg wq_mode=shared: the device has no shared WQs", dev->name);
		return -EINVAL;
	}
	if (!wq->shared && !(c->wqcap & DSA_WQCAP_DEDICATED)) {
		DSA_LOG(ERR, "%s: devarg wq_mode=dedicated: the device has no dedicated WQs",
			dev->name);
		return -EINVAL;
	}
	if (wq->shared && dev->addr_mode != DSA_ADDR_SVA) {
		DSA_LOG(ERR, "%s: devarg wq_mode=shared needs PASID, i.e. addr=sva", dev->name);
		return -EINVAL;
	}
	if (a->group >= 0 && (unsigned int)a->group >= dev->nb_groups) {
		DSA_LOG(ERR, "%s: devarg wq_group=%d for WQ %u: only %u groups",
			dev->name, a->group, i, dev->nb_groups);
		return -EINVAL;
	}
	if (max_batch > (1u << c->max_batch_shift)) {
		DSA_LOG(ERR, "%s: devarg max_batch=%u is above the device maximum %u",
			dev->name, max_batch, 1u << c->max_batch_shift);
		return -EINVAL;
	}
	if (a->threshold > wq->size) {
		DSA_LOG(ERR, "%s: devarg wq_threshold=%u for WQ %u is above its size %u",
			dev->name, a->threshold, i, wq->size);
		return -EINVAL;
	}
	wq->group = (uint8_t)(a->group >= 0 ? (unsigned int)a->group : i % dev->nb_groups);
	wq->priority = a->priority ? a->priority : DSA_WQ_PRIORITY_MIN;
	wq->threshold = wq->shared ? (a->threshold ? a->threshold : wq->size) : 0;
	wq->users = a->users ? a->users : 1;
	wq->max_batch_shift = (uint8_t)__builtin_ctz(max_batch);
	wq->max_xfer_shift = (uint8_t)c->max_xfer_shift;
	wq->configured = true;
	return 0;
}

int
dsa_hw_plan(struct dsa_device *dev, const struct dsa_devargs *args)
{
	const struct dsa_caps *c = &dev->caps;
	unsigned int i;
	int ret;

	dev->nb_wqs = args->nb_wqs ? args->nb_wqs : 1;
	dev->nb_engines = args->nb_engines ? args->nb_engines : c->max_engines;
	if (dev->nb_wqs > c->max_wqs) {
		DSA_LOG(ERR, "%s: devarg wqs=%u: the device has %u WQs",
			dev->name, dev->nb_wqs, c->max_wqs);
		return -EINVAL;
	}
	if (dev->nb_engines > c->max_engines) {
		DSA_LOG(ERR, "%s: devarg engines=%u: the device has %u engines",
			dev->name, dev->nb_engines, c->max_engines);
		return -EINVAL;
	}
	dev->nb_groups = args->nb_groups ? args->nb_groups :
			RTE_MIN(RTE_MIN(c->max_groups, dev->nb_engines), dev->nb_wqs);
	if (dev->nb_groups > c->max_groups || dev->nb_groups > dev->nb_engines) {
		DSA_LOG(ERR, "%s: devarg groups=%u: the device has %u groups and every group "
			"needs one of the %u engines", dev->name, dev->nb_groups,
			c->max_groups, dev->nb_engines);
		return -EINVAL;
	}
	ret = plan_sizes(dev, args);
	for (i = 0; ret == 0 && i < dev->nb_wqs; i++)
		ret = plan_wq(dev, args, i);
	return ret;
}

static uint32_t
wqcfg_addr(const struct dsa_device *dev, unsigned int wq, uint32_t field)
{
	return dev->caps.wqcfg_off + wq * dev->caps.wqcfg_stride + field;
}

static uint32_t
grpcfg_addr(const struct dsa_device *dev, unsigned int grp, uint32_t field)
{
	return dev->caps.grpcfg_off + grp * DSA_GRPCFG_STRIDE + field;
}

static void
write_wqcfg(struct dsa_device *dev, unsigned int i)
{
	const struct dsa_wq *wq = &dev->wq[i];
	uint32_t mode = (uint32_t)DSA_FIELD_PREP(DSA_WQCFG_PRIORITY_MASK, wq->priority);

	if (!wq->shared)
		mode |= DSA_WQCFG_MODE_DEDICATED;
	if (dev->addr_mode == DSA_ADDR_SVA)
		mode |= (uint32_t)(DSA_WQCFG_PASID_EN |
				DSA_FIELD_PREP(DSA_WQCFG_PASID_MASK, DSA_SVA_PASID));
	wr32(dev, wqcfg_addr(dev, i, DSA_WQCFG_SIZE), wq->size);
	wr32(dev, wqcfg_addr(dev, i, DSA_WQCFG_THRESHOLD), wq->threshold);
	wr32(dev, wqcfg_addr(dev, i, DSA_WQCFG_MODE), mode);
	wr32(dev, wqcfg_addr(dev, i, DSA_WQCFG_MAX),
	     (uint32_t)(DSA_FIELD_PREP(DSA_WQCFG_MAX_XFER_SHIFT_MASK, wq->max_xfer_shift) |
			DSA_FIELD_PREP(DSA_WQCFG_MAX_BATCH_SHIFT_MASK, wq->max_batch_shift)));
}

static void
write_grpcfg(struct dsa_device *dev)
{
	unsigned int g, i, q;

	for (g = 0; g < dev->caps.max_groups; g++) {
		uint64_t wqs[DSA_GRPCFG_WQS_QWORDS] = { 0 };
		uint64_t engines = 0;

		for (i = 0; g < dev->nb_groups && i < dev->nb_wqs; i++)
			if (dev->wq[i].group == g)
				wqs[i / 64] |= DSA_BIT(i % 64);
		for (i = g; g < dev->nb_groups && i < dev->nb_engines; i += dev->nb_groups)
			engines |= DSA_BIT(i);
		for (q = 0; q < DSA_GRPCFG_WQS_QWORDS; q++)
			wr64(dev, grpcfg_addr(dev, g, DSA_GRPCFG_WQS + 8 * q), wqs[q]);
		wr64(dev, grpcfg_addr(dev, g, DSA_GRPCFG_ENGINES), engines);
	}
}

static unsigned int
wq_state(struct dsa_device *dev, unsigned int wq)
{
	return (unsigned int)DSA_WQCFG_STATE(rd32(dev, wqcfg_addr(dev, wq, DSA_WQCFG_STATUS)));
}

const char *
dsa_hw_wq_state_name(struct dsa_device *dev, unsigned int wq)
{
	switch (wq_state(dev, wq)) {
	case DSA_WQ_STATE_DISABLED: return "disabled";
	case DSA_WQ_STATE_ENABLED: return "enabled";
	case DSA_WQ_STATE_BUSY: return "busy";
	}
	return "reserved";
}

int
dsa_hw_wq_enable(struct dsa_device *dev, unsigned int wq)
{
	int ret;

	if (wq_state(dev, wq) == DSA_WQ_STATE_ENABLED)
		return 0;
	ret = dsa_cmd(dev, DSA_CMD_ENABLE_WQ, wq);
	if (ret == 0 && wq_state(dev, wq) != DSA_WQ_STATE_ENABLED) {
		DSA_LOG(ERR, "%s: WQ %u not enabled after ENABLE_WQ succeeded", dev->name, wq);
		ret = -EIO;
	}
	return ret;
}

int
dsa_hw_wq_disable(struct dsa_device *dev, unsigned int wq)
{
	if (wq_state(dev, wq) == DSA_WQ_STATE_DISABLED)
		return 0;
	return dsa_cmd(dev, DSA_CMD_DISABLE_WQ, DSA_CMD_WQ_MASK_OPERAND(wq));
}

/* Wait until the WQ has finished what it holds; a disabled WQ holds nothing */
int
dsa_hw_wq_drain(struct dsa_device *dev, unsigned int wq)
{
	if (wq_state(dev, wq) != DSA_WQ_STATE_ENABLED)
		return 0;
	return dsa_cmd(dev, DSA_CMD_DRAIN_WQ, DSA_CMD_WQ_MASK_OPERAND(wq));
}

bool
dsa_hw_halted(struct dsa_device *dev)
{
	return DSA_GENSTS_STATE(rd32(dev, DSA_REG_GENSTS)) == DSA_DEV_STATE_HALTED;
}

/*
 * SWERR holds what the device could not report in a completion record, and
 * often why it halted. Log it before the reset, then clear it (valid and
 * overflow are RW1C; whether RESET_DEVICE clears them is not known), so the
 * next error is recorded rather than counted as an overflow.
 */
static void
take_swerr(struct dsa_device *dev)
{
	uint64_t qw0 = rd64(dev, DSA_REG_SWERR_QW(0));

	if ((qw0 & DSA_SWERR_VALID) == 0)
		return;
	DSA_LOG(ERR, "%s: software error 0x%02x, WQ %d, opcode %d%s, fault address 0x%" PRIx64
		"%s", dev->name, (unsigned int)DSA_FIELD_GET(DSA_SWERR_ERROR_MASK, qw0),
		qw0 & DSA_SWERR_WQ_IDX_VALID ? (int)DSA_FIELD_GET(DSA_SWERR_WQ_IDX_MASK, qw0) : -1,
		qw0 & DSA_SWERR_DESC_VALID ? (int)DSA_FIELD_GET(DSA_SWERR_OPCODE_MASK, qw0) : -1,
		qw0 & DSA_SWERR_BATCH ? " (batch member)" : "", rd64(dev, DSA_REG_SWERR_QW(2)),
		qw0 & DSA_SWERR_OVERFLOW ? "; later errors were lost" : "");
	wr64(dev, DSA_REG_SWERR_QW(0), qw0 & DSA_SWERR_RW1C_MASK);
}

/* The configuration after RESET_DEVICE: tables, then enable device and WQs */
static int
configure_reset_device(struct dsa_device *dev)
{
	unsigned int i;
	int ret;

	if (DSA_GENSTS_STATE(rd32(dev, DSA_REG_GENSTS)) != DSA_DEV_STATE_DISABLED) {
		DSA_LOG(ERR, "%s: device not disabled after RESET_DEVICE (GENSTS 0x%x)",
			dev->name, rd32(dev, DSA_REG_GENSTS));
		return -EIO;
	}
	/* WQs this instance does not use get size 0, so they cannot be enabled */
	for (i = 0; i < dev->caps.max_wqs; i++)
		wr32(dev, wqcfg_addr(dev, i, DSA_WQCFG_SIZE), 0);
	for (i = 0; i < dev->nb_wqs; i++)
		write_wqcfg(dev, i);
	write_grpcfg(dev);
	ret = dsa_cmd(dev, DSA_CMD_ENABLE_DEVICE, 0);
	if (ret < 0)
		return ret;
	if (DSA_GENSTS_STATE(rd32(dev, DSA_REG_GENSTS)) != DSA_DEV_STATE_ENABLED) {
		DSA_LOG(ERR, "%s: device not enabled after ENABLE_DEVICE (GENSTS 0x%x)",
			dev->name, rd32(dev, DSA_REG_GENSTS));
		return -EIO;
	}
	for (i = 0; i < dev->nb_wqs && ret == 0; i++)
		ret = dsa_hw_wq_enable(dev, i);
	return ret;
}

int
dsa_hw_configure(struct dsa_device *dev)
{
	int ret;

	take_swerr(dev);
	ret = dsa_cmd(dev, DSA_CMD_RESET_DEVICE, 0);
	if (ret < 0)
		return ret;
	ret = configure_reset_device(dev);
	/*
	 * Counted once the WQs are enabled again: a descriptor sent before now
	 * was dropped by the reset or, sent while the WQs came back, runs; the
	 * dmadevs tell which (drain_after_reset). Counted before the reset, a
	 * descriptor sent between the two would be dropped and never counted
	 * as lost.
	 */
	__atomic_fetch_add(&dev->generation, 1, __ATOMIC_RELEASE);
	return ret;
}

static const char *const reset_names[] = {
	[DSA_RESET_SOFTWARE] = "RESET_DEVICE", [DSA_RESET_FLR] = "a function-level reset",
	[DSA_RESET_WARM] = "a warm reset", [DSA_RESET_COLD] = "a cold reset",
};

/*
 * Leave a halt by the reset GENSTS asks for: RESET_DEVICE (within
 * dsa_hw_configure), a function-level reset first, or none that software
 * can do (warm or cold reset of the platform).
 */
static int
leave_halt(struct dsa_device *dev)
{
	uint32_t gensts = rd32(dev, DSA_REG_GENSTS);
	unsigned int type = (unsigned int)DSA_GENSTS_RESET_TYPE(gensts);
	int ret;

	if (type != DSA_RESET_SOFTWARE && (type != DSA_RESET_FLR || dev->ops->flr == NULL)) {
		DSA_LOG(ERR, "%s: halted (GENSTS 0x%x) and needs %s, which %s; it stays halted",
			dev->name, gensts, reset_names[type], type == DSA_RESET_FLR ?
			"this backend cannot do" : "only the platform can do");
		return -EIO;
	}
	DSA_LOG(WARNING, "%s: halted (GENSTS 0x%x), leaving it by %s and configuring again",
		dev->name, gensts, reset_names[type]);
	if (type == DSA_RESET_FLR) {
		ret = dev->ops->flr(dev);
		if (ret < 0) {
			DSA_LOG(ERR, "%s: function-level reset failed: %s", dev->name,
				strerror(-ret));
			return ret;
		}
	}
	return dsa_hw_configure(dev);
}

/*
 * The dmadevs of a device are started on their own lcores, and each start
 * calls this: the first that finds the device halted resets it, the others
 * wait for that reset and find it working (a second reset would also lose
 * what was sent since the first; a WQ enabled in the middle of a reset
 * fails).
 */
int
dsa_hw_recover(struct dsa_device *dev)
{
	int ret = 0;

	rte_spinlock_lock(&dev->recover_lock);
	if (dsa_hw_halted(dev))
		ret = leave_halt(dev);
	rte_spinlock_unlock(&dev->recover_lock);
	return ret;
}

int
dsa_hw_shutdown(struct dsa_device *dev)
{
	unsigned int state = (unsigned int)DSA_GENSTS_STATE(rd32(dev, DSA_REG_GENSTS));

	if (state == DSA_DEV_STATE_DISABLED)
		return 0;
	/* a halt that RESET_DEVICE cannot end is left as it is */
	if (state == DSA_DEV_STATE_HALTED)
		return DSA_GENSTS_RESET_TYPE(rd32(dev, DSA_REG_GENSTS)) == DSA_RESET_SOFTWARE ?
			dsa_cmd(dev, DSA_CMD_RESET_DEVICE, 0) : 0;
	return dsa_cmd(dev, DSA_CMD_DISABLE_DEVICE, 0);
}
