/* SPDX-License-Identifier: BSD-3-Clause */
/* Conformance: capabilities, configuration write rules, commands and their
 * error codes, SWERR, halt and reset, dedicated-WQ overflow and shared-WQ
 * refusal (fact sheet sections 2, 3 and 7). */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tm.h"

static void
test_caps(void)
{
	struct dsa_model *m = tm_create(DSA_MODEL_PRESET_SPR, 1);
	struct dsa_model *v2 = tm_create(DSA_MODEL_PRESET_DSA2, 1);
	uint64_t wqcap = dsa_model_mmio_read64(m, DSA_REG_WQCAP);

	TM_EQ(dsa_model_mmio_read32(m, DSA_REG_VERSION), 0x100, "SPR VERSION");
	TM_EQ(dsa_model_mmio_read64(m, DSA_REG_GENCAP), 0x40915F0107ull, "SPR GENCAP");
	TM_EQ(DSA_WQCAP_TOTAL_SIZE(wqcap), 128, "SPR total WQ size");
	TM_EQ(DSA_WQCAP_NUM_WQS(wqcap), 8, "SPR WQs");
	TM_EQ(DSA_WQCFG_STRIDE(wqcap), 32, "SPR WQCFG stride");
	TM_EQ(DSA_GRPCAP_NUM_GROUPS(dsa_model_mmio_read64(m, DSA_REG_GRPCAP)), 4, "groups");
	TM_EQ(DSA_GRPCAP_TOTAL_RDBUF(dsa_model_mmio_read64(m, DSA_REG_GRPCAP)), 96, "rdbufs");
	TM_EQ(DSA_ENGCAP_NUM_ENGINES(dsa_model_mmio_read64(m, DSA_REG_ENGCAP)), 4, "engines");
	TM_EQ(dsa_model_mmio_read64(m, DSA_REG_OPCAP), 0x00000001003f027full, "SPR OPCAP");
	TM_EQ(dsa_model_mmio_read32(m, DSA_REG_CMDCAP), 0, "CMDCAP invalid without GENCAP[4]");
	TM_EQ(dsa_model_mmio_read32(m, DSA_REG_GENSTS), 0, "disabled after reset");
	TM_EQ(dsa_model_bar_size(m, 2), 8 * 16384, "BAR2 size");
	TM_EQ(dsa_model_portal_read64(m, 0), UINT64_MAX, "portal reads all ones");
	TM_EQ(dsa_model_mmio_read32(v2, DSA_REG_VERSION), 0x200, "2.0 VERSION");
	TM_EQ(DSA_WQCFG_STRIDE(dsa_model_mmio_read64(v2, DSA_REG_WQCAP)), 64, "2.0 stride");
	/* 2.0 "all ops" 0x0000007b00bf07ff without DIX generate and inter-domain */
	TM_EQ(dsa_model_mmio_read64(v2, DSA_REG_OPCAP), 0x00000001003f07ffull, "2.0 OPCAP");
	TM_CHECK(dsa_model_mmio_read64(v2, DSA_REG_WQCAP) & DSA_WQCAP_OP_CONFIG, "op_config");
	TM_EQ(dsa_model_mmio_read64(v2, tm_wqcfg_off(v2, 3) + DSA_WQCFG_OP_CONFIG),
	      dsa_model_mmio_read64(v2, DSA_REG_OPCAP), "op_config defaults to OPCAP");
	TM_CHECK(dsa_model_mmio_read32(v2, DSA_REG_CMDCAP) & (1u << 13), "2.0 CMDCAP");
	dsa_model_destroy(m);
	dsa_model_destroy(v2);
}

static void
test_write_rules(void)
{
	struct dsa_model *m = tm_create(DSA_MODEL_PRESET_SPR, 1);
	struct tm_wq_cfg c = { .size = 16, .priority = 3 };
	uint64_t w0 = tm_wqcfg_off(m, 0), w1 = tm_wqcfg_off(m, 1), g0 = tm_grpcfg_off(m, 0);

	dsa_model_mmio_write32(m, w0 + DSA_WQCFG_MODE, 0xffffffffu);
	TM_EQ(dsa_model_mmio_read32(m, w0 + DSA_WQCFG_MODE) & DSA_WQCFG_MODE_RSVD_MASK, 0,
	      "WQCFG dw2 reserved bits stay 0");
	dsa_model_mmio_write32(m, w0 + DSA_WQCFG_STATUS, 0xffffu);
	TM_EQ(dsa_model_mmio_read32(m, w0 + DSA_WQCFG_STATUS) & 0xffff, 0, "dw6 read-only");
	dsa_model_mmio_write64(m, g0, UINT64_MAX);
	TM_EQ(dsa_model_mmio_read64(m, g0), 0xff, "GRPWQCFG: only existing WQs");
	dsa_model_mmio_write64(m, g0, 0);
	tm_write_groups(m);
	tm_write_wqcfg(m, 0, &c);
	tm_write_wqcfg(m, 1, &c);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), 0, "enable device");
	dsa_model_mmio_write32(m, w1 + DSA_WQCFG_SIZE, 8);
	TM_EQ(dsa_model_mmio_read32(m, w1 + DSA_WQCFG_SIZE), 16, "size locked while enabled");
	dsa_model_mmio_write64(m, g0 + DSA_GRPCFG_ENGINES, 0xf);
	TM_EQ(dsa_model_mmio_read64(m, g0 + DSA_GRPCFG_ENGINES), 1, "GRPCFG locked");
	dsa_model_mmio_write32(m, DSA_REG_GENCFG, 1);
	TM_EQ(dsa_model_mmio_read32(m, DSA_REG_GENCFG), 0, "GENCFG locked");
	dsa_model_mmio_write32(m, w1 + DSA_WQCFG_THRESHOLD, 5);
	TM_EQ(dsa_model_mmio_read32(m, w1 + DSA_WQCFG_THRESHOLD), 5,
	      "disabled WQ writable under an enabled device");
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 0), 0, "enable WQ 0");
	TM_EQ(DSA_WQCFG_STATE(dsa_model_mmio_read32(m, w0 + DSA_WQCFG_STATUS)),
	      DSA_WQ_STATE_ENABLED, "WQ state enabled");
	dsa_model_mmio_write32(m, w0 + DSA_WQCFG_MODE, 0);
	TM_EQ(DSA_FIELD_GET(DSA_WQCFG_PRIORITY_MASK,
			    dsa_model_mmio_read32(m, w0 + DSA_WQCFG_MODE)), 3,
	      "enabled WQ locked");
	TM_EQ(tm_cmd(m, DSA_CMD_DISABLE_WQ, DSA_CMD_WQ_MASK_OPERAND(0)), 0, "disable WQ");
	TM_EQ(DSA_WQCFG_STATE(dsa_model_mmio_read32(m, w0 + DSA_WQCFG_STATUS)),
	      DSA_WQ_STATE_DISABLED, "WQ state disabled");
	TM_EQ(tm_cmd(m, DSA_CMD_DISABLE_DEVICE, 0), 0, "disable device");
	TM_EQ(tm_cmd(m, DSA_CMD_RESET_DEVICE, 0), 0, "reset device");
	TM_EQ(dsa_model_mmio_read32(m, w0 + DSA_WQCFG_SIZE), 0, "reset clears WQCFG");
	TM_EQ(dsa_model_mmio_read64(m, g0 + DSA_GRPCFG_ENGINES), 0, "reset clears GRPCFG");
	dsa_model_destroy(m);
}

/* Each enable-device error from a fresh, otherwise valid configuration. */
static void
test_enable_device_errors(void)
{
	struct tm_wq_cfg c = { .size = 16, .priority = 1 };
	struct dsa_model *m;
	uint64_t g;

	m = tm_create(DSA_MODEL_PRESET_SPR, 1);
	tm_write_groups(m);
	tm_write_wqcfg(m, 0, &c);
	dsa_model_set_bus_master(m, false);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), DSA_CMD_ERR_BUSMASTER_EN, "bus master off");
	dsa_model_set_bus_master(m, true);
	c.size = 120;
	tm_write_wqcfg(m, 1, &c);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), DSA_CMD_ERR_WQ_SIZE_ERANGE, "sizes > 128");
	c.size = 16;
	c.pasid_en = true;
	tm_write_wqcfg(m, 1, &c);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), DSA_CMD_ERR_PASID_INVAL, "PASID off in PCI");
	c.pasid_en = false;
	tm_write_wqcfg(m, 1, &c);
	g = tm_grpcfg_off(m, 1);
	dsa_model_mmio_write64(m, g + DSA_GRPCFG_WQS, 0x20);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), DSA_CMD_ERR_GRP_CONFIG, "WQ in no group");
	dsa_model_mmio_write64(m, g + DSA_GRPCFG_WQS, 0x23);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), DSA_CMD_ERR_GRP_CONFIG2, "WQ in two groups");
	dsa_model_mmio_write64(m, g + DSA_GRPCFG_WQS, 0x22);
	dsa_model_mmio_write64(m, g + DSA_GRPCFG_ENGINES, 0x3);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), DSA_CMD_ERR_GRP_CONFIG3,
	      "engine in two groups");
	dsa_model_mmio_write64(m, g + DSA_GRPCFG_ENGINES, 0);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), DSA_CMD_ERR_GRP_CONFIG4,
	      "group with WQs, no engine");
	dsa_model_mmio_write64(m, g + DSA_GRPCFG_ENGINES, 0x2);
	dsa_model_mmio_write32(m, g + DSA_GRPCFG_FLAGS, 97u << 8);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), DSA_CMD_ERR_CONFIG, "read buffers > 96");
	dsa_model_mmio_write32(m, g + DSA_GRPCFG_FLAGS, 0);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 0), DSA_CMD_ERR_DEV_NOT_EN, "WQ before device");
	TM_EQ(tm_cmd(m, DSA_CMD_DISABLE_DEVICE, 0), DSA_CMD_ERR_DIS_DEV_EN, "not enabled");
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), 0, "enable device");
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), DSA_CMD_ERR_DEV_ENABLED, "already enabled");
	dsa_model_destroy(m);
}

/* A one-thread device with @caps, groups written, WQs 0..@nwqs-1 as @c. */
static struct dsa_model *
create_configured(const struct dsa_model_caps *caps, unsigned int nwqs,
		  const struct tm_wq_cfg *c)
{
	struct dsa_model_params p;
	struct dsa_model *m;
	unsigned int i;

	dsa_model_params_init(&p);
	p.caps = caps;
	p.engine_threads = 1;
	m = tm_create_params(&p);
	tm_write_groups(m);
	for (i = 0; i < nwqs; i++)
		tm_write_wqcfg(m, i, c);
	return m;
}

static void
test_enable_wq_errors(void)
{
	struct dsa_model_caps caps;
	struct dsa_model *m;
	struct tm_wq_cfg c = { .size = 8, .priority = 1 };

	dsa_model_caps_preset(DSA_MODEL_PRESET_SPR, &caps);
	caps.wqcap &= ~DSA_WQCAP_SHARED;
	caps.gencap &= ~DSA_GENCAP_BLOCK_ON_FAULT;
	m = create_configured(&caps, 8, &c);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), 0, "enable device");
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 8), DSA_CMD_ERR_INVAL_WQIDX, "WQ index 8");
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 0), 0, "enable WQ");
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 0), DSA_CMD_ERR_WQ_ENABLED, "already enabled");
	dsa_model_mmio_write32(m, tm_wqcfg_off(m, 1) + DSA_WQCFG_MODE,
			       DSA_WQCFG_MODE_DEDICATED);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 1), DSA_CMD_ERR_WQ_PRIOR, "priority 0");
	c.shared = true;
	c.threshold = 4;
	tm_write_wqcfg(m, 2, &c);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 2), DSA_CMD_ERR_WQ_MODE, "shared not supported");
	c.shared = false;
	c.bof = true;
	tm_write_wqcfg(m, 3, &c);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 3), DSA_CMD_ERR_BOF_EN, "BOF not supported");
	c.bof = false;
	c.batch_shift = 11;
	tm_write_wqcfg(m, 4, &c);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 4), DSA_CMD_ERR_MAX_BATCH_SIZE, "batch shift 11");
	c.batch_shift = 0;
	c.xfer_shift = 31;
	tm_write_wqcfg(m, 4, &c);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 4), 0, "transfer shift 31 = GENCAP");
	dsa_model_destroy(m);

	m = tm_create(DSA_MODEL_PRESET_SPR, 1);
	tm_write_groups(m);
	c = (struct tm_wq_cfg){ .size = 8, .priority = 1, .shared = true, .threshold = 4 };
	tm_write_wqcfg(m, 0, &c);
	tm_write_wqcfg(m, 1, &(struct tm_wq_cfg){ .size = 8, .priority = 1, .xfer_shift = 31 });
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), 0, "enable device");
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 0), DSA_CMD_ERR_PASID_EN, "shared WQ without PASID");
	dsa_model_mmio_write32(m, tm_wqcfg_off(m, 1) + DSA_WQCFG_MAX, 0);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 1), 0, "transfer shift 0");
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 2), DSA_CMD_ERR_WQ_SIZE, "size 0");
	TM_EQ(tm_cmd(m, DSA_CMD_DISABLE_WQ, DSA_CMD_WQ_MASK_OPERAND(2)), DSA_CMD_ERR_WQ_NOT_EN,
	      "disable a disabled WQ");
	TM_EQ(tm_cmd(m, DSA_CMD_DRAIN_WQ, 0), DSA_CMD_ERR_INVAL_WQIDX, "empty WQ mask");
	TM_EQ(tm_cmd(m, DSA_CMD_ABORT_WQ, 0x10001), DSA_CMD_ERR_INVAL_WQIDX, "WQ 16 of 8");
	TM_EQ(tm_cmd(m, DSA_CMD_DRAIN_WQ, DSA_CMD_WQ_MASK_OPERAND(1)), 0, "drain WQ");
	TM_EQ(tm_cmd(m, DSA_CMD_ABORT_WQ, DSA_CMD_WQ_MASK_OPERAND(1)), 0, "abort WQ");
	TM_EQ(tm_cmd(m, DSA_CMD_DRAIN_ALL, 0), 0, "drain all");
	TM_EQ(tm_cmd(m, DSA_CMD_ABORT_ALL, 0), 0, "abort all");
	TM_EQ(tm_cmd(m, DSA_CMD_DRAIN_PASID, 5), 0, "drain PASID");
	TM_EQ(tm_cmd(m, DSA_CMD_ABORT_PASID, 5), 0, "abort PASID");
	TM_EQ(tm_cmd(m, DSA_CMD_RESET_WQ, DSA_CMD_WQ_MASK_OPERAND(1)), 0, "reset WQ");
	TM_EQ(dsa_model_mmio_read32(m, tm_wqcfg_off(m, 1) + DSA_WQCFG_MODE), 0,
	      "reset WQ clears its configuration");
	TM_EQ(dsa_model_mmio_read32(m, tm_wqcfg_off(m, 1) + DSA_WQCFG_SIZE), 8,
	      "reset WQ keeps the size");
	TM_EQ(tm_cmd(m, 0, 0), DSA_CMD_ERR_INVAL_CMD, "command 0");
	TM_EQ(tm_cmd(m, 15, 0), DSA_CMD_ERR_INVAL_CMD, "command 15");
	TM_EQ(tm_cmd(m, DSA_CMD_REQUEST_INT_HANDLE, 0), DSA_CMD_ERR_INVAL_CMD,
	      "int handle without CMDCAP");
	dsa_model_mmio_write32(m, DSA_REG_CMD, DSA_CMD(DSA_CMD_DRAIN_ALL, 0) | DSA_CMD_REQ_INT);
	TM_CHECK(dsa_model_mmio_read32(m, DSA_REG_INTCAUSE) & DSA_INTCAUSE_CMD, "INTCAUSE cmd");
	dsa_model_mmio_write32(m, DSA_REG_INTCAUSE, (uint32_t)DSA_INTCAUSE_CMD);
	TM_EQ(dsa_model_mmio_read32(m, DSA_REG_INTCAUSE) & DSA_INTCAUSE_CMD, 0, "RW1C");
	dsa_model_destroy(m);
}

static void
test_int_handles(void)
{
	struct dsa_model *m = tm_create(DSA_MODEL_PRESET_DSA2, 1);
	unsigned int i;
	uint32_t sts;

	TM_EQ(tm_setup(m, NULL), 0, "setup");
	for (i = 0; i < 9; i++)
		TM_EQ(tm_cmd(m, DSA_CMD_REQUEST_INT_HANDLE, i), 0, "request handle");
	sts = dsa_model_mmio_read32(m, DSA_REG_CMDSTS);
	TM_EQ(DSA_CMDSTS_RESULT(sts), 8, "handle in CMDSTS[23:8]");
	TM_EQ(tm_cmd(m, DSA_CMD_REQUEST_INT_HANDLE, 0), DSA_CMD_ERR_NO_HANDLE, "exhausted");
	TM_EQ(tm_cmd(m, DSA_CMD_REQUEST_INT_HANDLE, 9), DSA_CMD_ERR_INVAL_INT_IDX, "index 9");
	TM_EQ(tm_cmd(m, DSA_CMD_RELEASE_INT_HANDLE, 3), 0, "release");
	TM_EQ(tm_cmd(m, DSA_CMD_RELEASE_INT_HANDLE, 3), DSA_CMD_ERR_INVAL_RELEASE, "twice");
	dsa_model_destroy(m);
}

static void
test_halt_and_swerr(void)
{
	struct dsa_model *m = tm_create(DSA_MODEL_PRESET_SPR, 1);
	uint32_t sts;

	TM_EQ(tm_setup(m, NULL), 0, "setup");
	TM_EQ(dsa_model_inject_halt(m, DSA_RESET_SOFTWARE), 0, "halt");
	sts = dsa_model_mmio_read32(m, DSA_REG_GENSTS);
	TM_EQ(DSA_GENSTS_STATE(sts), DSA_DEV_STATE_HALTED, "halted");
	TM_EQ(DSA_GENSTS_RESET_TYPE(sts), DSA_RESET_SOFTWARE, "software reset needed");
	TM_CHECK(dsa_model_mmio_read32(m, DSA_REG_INTCAUSE) & DSA_INTCAUSE_HALT, "halt cause");
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 1), DSA_CMD_ERR_HW_ERR, "command while halted");
	TM_EQ(tm_cmd(m, DSA_CMD_RESET_DEVICE, 0), 0, "reset leaves halt");
	TM_EQ(dsa_model_mmio_read32(m, DSA_REG_GENSTS), 0, "disabled after reset");
	TM_EQ(tm_setup(m, NULL), 0, "setup again");
	dsa_model_inject_halt(m, DSA_RESET_FLR);
	TM_EQ(tm_cmd(m, DSA_CMD_RESET_DEVICE, 0), DSA_CMD_ERR_HW_ERR, "FLR needed");
	dsa_model_flr(m);
	TM_EQ(dsa_model_mmio_read32(m, DSA_REG_GENSTS), 0, "FLR leaves halt");

	TM_EQ(tm_setup(m, NULL), 0, "setup after FLR");
	dsa_model_set_bus_master(m, false);
	TM_EQ(DSA_GENSTS_STATE(dsa_model_mmio_read32(m, DSA_REG_GENSTS)),
	      DSA_DEV_STATE_HALTED, "bus master cleared halts");
	TM_EQ(DSA_FIELD_GET(DSA_SWERR_ERROR_MASK, tm_swerr(m, 0)), DSA_SWERR_PCI_CONFIG,
	      "SWERR PCI config error");
	dsa_model_set_bus_master(m, true);
	dsa_model_movdir64b(m, 32, &(struct dsa_hw_desc){ 0 });
	TM_CHECK(tm_swerr(m, 0) & DSA_SWERR_OVERFLOW, "second error sets overflow");
	tm_swerr_clear(m);
	TM_EQ(tm_swerr(m, 0) & (DSA_SWERR_VALID | DSA_SWERR_OVERFLOW), 0, "RW1C both");
	dsa_model_destroy(m);
}

struct drain_arg {
	struct dsa_model *m;
	uint8_t err;
};

static void *
drain_thread(void *p)
{
	struct drain_arg *a = p;

	a->err = tm_cmd(a->m, DSA_CMD_DRAIN_WQ, DSA_CMD_WQ_MASK_OPERAND(0));
	return NULL;
}

/* Overflowing a dedicated WQ drops and logs; a drain waits; a command
 * written while one runs is a software error. */
static void
test_dwq_overflow_and_drain(void)
{
	struct dsa_model *m = tm_create(DSA_MODEL_PRESET_SPR, 1);
	struct tm_wq_cfg c = { .size = 4, .priority = 1 };
	struct dsa_completion_record *recs = tm_alloc(8 * 32);
	struct dsa_model_wq_stats st;
	struct drain_arg a = { m, 0xff };
	struct dsa_hw_desc d;
	pthread_t th;
	uint64_t sw;
	unsigned int i;

	TM_EQ(tm_setup(m, &c), 0, "setup");
	dsa_model_inject_engine_stall(m, 0, 1500000);
	for (i = 0; i < 5; i++) {
		memset(&d, 0, sizeof(d));
		d.opcode = DSA_OPCODE_NOOP;
		d.flags = IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR;
		d.completion_addr = (uintptr_t)&recs[i];
		tm_submit(m, 0, &d);
	}
	TM_EQ(DSA_FIELD_GET(DSA_WQCFG_OCCUPANCY_MASK,
			    dsa_model_mmio_read32(m, tm_wqcfg_off(m, 0) + DSA_WQCFG_STATUS)), 4,
	      "occupancy");
	sw = tm_swerr(m, 0);
	TM_EQ(DSA_FIELD_GET(DSA_SWERR_ERROR_MASK, sw), DSA_MODEL_SWERR_WQ_FULL, "drop logged");
	TM_CHECK((sw & DSA_SWERR_WQ_IDX_VALID) && (sw & DSA_SWERR_DESC_VALID), "SWERR bits");
	pthread_create(&th, NULL, drain_thread, &a);
	while (!(dsa_model_mmio_read32(m, DSA_REG_CMDSTS) & DSA_CMDSTS_ACTIVE) &&
	       recs[3].status == 0)
		sched_yield();
	tm_swerr_clear(m);
	if (recs[3].status == 0) {
		dsa_model_mmio_write32(m, DSA_REG_CMD, DSA_CMD(DSA_CMD_DRAIN_ALL, 0));
		TM_EQ(DSA_FIELD_GET(DSA_SWERR_ERROR_MASK, tm_swerr(m, 0)),
		      DSA_SWERR_CMD_WHILE_ACTIVE, "command while active");
	}
	pthread_join(th, NULL);
	TM_EQ(a.err, 0, "drain WQ");
	for (i = 0; i < 4; i++)
		TM_EQ(recs[i].status, DSA_COMP_SUCCESS, "completed before the drain returned");
	TM_EQ(recs[4].status, 0, "dropped descriptor has no record");
	dsa_model_wq_stats(m, 0, &st);
	TM_EQ(st.dropped, 1, "dropped counter");
	TM_EQ(st.executed, 4, "executed counter");

	/* abort drops queued work: no records */
	memset(recs, 0, 8 * 32);
	dsa_model_inject_engine_stall(m, 0, 300000);
	for (i = 0; i < 4; i++) {
		d.completion_addr = (uintptr_t)&recs[i];
		tm_submit(m, 0, &d);
	}
	TM_EQ(tm_cmd(m, DSA_CMD_ABORT_WQ, DSA_CMD_WQ_MASK_OPERAND(0)), 0, "abort WQ");
	TM_CHECK(recs[3].status == 0, "queued descriptor aborted");
	dsa_model_destroy(m);
	free(recs);
}

/* Shared WQ: ENQCMD refused at the threshold (limited portal) or the size
 * (unlimited); the PASID comes from ENQCMD. */
static void
test_shared_wq(void)
{
	struct dsa_model_iommu *mmu = dsa_model_iommu_create();
	struct tm_wq_cfg c = { .size = 8, .threshold = 4, .shared = true, .pasid_en = true,
			       .priority = 1 };
	struct dsa_model_params p;
	struct dsa_model *m;
	uint8_t *buf = tm_alloc(4096);
	struct dsa_completion_record *recs = (void *)(buf + 2048);
	const uint64_t io = 0x40000;
	struct dsa_hw_desc d;
	unsigned int i, ok = 0;
	uint64_t lim = DSA_PORTAL_OFFSET(0, 1, 0), unl = DSA_PORTAL_OFFSET(0, 0, 0);

	dsa_model_params_init(&p);
	p.engine_threads = 1;
	p.translate = dsa_model_iommu_translate;
	p.translate_opaque = mmu;
	m = tm_create_params(&p);
	dsa_model_set_pasid_enable(m, true);
	TM_EQ(tm_setup(m, &c), 0, "shared WQ setup");
	dsa_model_iommu_map(mmu, 5, io, buf, 4096, DSA_MODEL_DMA_READ | DSA_MODEL_DMA_WRITE);
	memset(&d, 0, sizeof(d));
	d.opcode = DSA_OPCODE_MEMFILL;
	d.flags = IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR;
	d.pattern = 0x77;
	d.dst_addr = io;
	d.xfer_size = 8;
	d.completion_addr = io + 2048;
	TM_EQ(dsa_model_enqcmd(m, lim, &d, 5), 0, "ENQCMD accepted");
	TM_EQ(tm_wait(&recs[0]), DSA_COMP_SUCCESS, "fill under PASID 5");
	TM_EQ(buf[0], 0x77, "data under PASID 5");
	d.completion_addr = io + 2048 + 32;
	d.pasid = 6; /* replaced by ENQCMD */
	TM_EQ(dsa_model_enqcmd(m, lim, &d, 5), 0, "ENQCMD replaces the PASID");
	TM_EQ(tm_wait(&recs[1]), DSA_COMP_SUCCESS, "still PASID 5");
	TM_EQ(dsa_model_enqcmd(m, lim, &d, 1u << 20), -EINVAL, "PASID beyond 20 bits");

	dsa_model_inject_engine_stall(m, 0, 1000000);
	d.opcode = DSA_OPCODE_NOOP;
	d.pattern = d.dst_addr = d.xfer_size = 0;
	for (i = 0; i < 6; i++)
		ok += dsa_model_enqcmd(m, lim, &d, 5) == 0;
	TM_CHECK(ok == 4 || ok == 5, "limited portal accepts up to the threshold (%u)", ok);
	for (i = 0; i < 6; i++)
		ok += dsa_model_enqcmd(m, unl, &d, 5) == 0;
	TM_CHECK(ok >= 8 && ok <= 9, "unlimited portal accepts up to the size (%u)", ok);
	TM_EQ(dsa_model_enqcmd(m, unl, &d, 5), 1, "full: retry");
	dsa_model_movdir64b(m, unl, &d);
	TM_EQ(DSA_FIELD_GET(DSA_SWERR_ERROR_MASK, tm_swerr(m, 0)), DSA_MODEL_SWERR_PORTAL,
	      "MOVDIR64B to a shared WQ");
	TM_EQ(tm_cmd(m, DSA_CMD_DRAIN_PASID, 5), 0, "drain PASID");
	dsa_model_destroy(m);
	dsa_model_iommu_destroy(mmu);
	free(buf);
}

/* SWERR overflow (bit 1) is RW1C: clearing only "valid" leaves it set, and a
 * later error must not wipe it (fact sheet section 2). */
static void
test_swerr_overflow_sticky(void)
{
	struct dsa_model *m = tm_create(DSA_MODEL_PRESET_SPR, 1);
	struct dsa_hw_desc d = { 0 };

	TM_EQ(tm_setup(m, NULL), 0, "setup");
	dsa_model_movdir64b(m, 8, &d);  /* misaligned portal offset */
	dsa_model_movdir64b(m, 8, &d);
	TM_CHECK(tm_swerr(m, 0) & DSA_SWERR_OVERFLOW, "second error: overflow");
	dsa_model_mmio_write32(m, DSA_REG_SWERR, DSA_SWERR_VALID);
	TM_EQ(tm_swerr(m, 0) & (DSA_SWERR_VALID | DSA_SWERR_OVERFLOW), DSA_SWERR_OVERFLOW,
	      "valid cleared, overflow kept");
	dsa_model_movdir64b(m, 8, &d);
	TM_EQ(tm_swerr(m, 0) & (DSA_SWERR_VALID | DSA_SWERR_OVERFLOW),
	      DSA_SWERR_VALID | DSA_SWERR_OVERFLOW, "new error keeps the overflow bit");
	tm_swerr_clear(m);
	TM_EQ(tm_swerr(m, 0) & DSA_SWERR_RW1C_MASK, 0, "both cleared");
	dsa_model_destroy(m);
}

/* Commands 7-10 take a WQ bitmask: [15:0] = 1 << (wq % 16), [19:16] = wq / 16.
 * With 20 WQs, WQ 17 is bit 1 of block 1; "1 << 17" names no WQ at all. */
static void
test_wq_mask_blocks(void)
{
	struct dsa_model_caps caps;
	struct dsa_model *m;
	struct tm_wq_cfg c = { .size = 4, .priority = 1 };

	dsa_model_caps_preset(DSA_MODEL_PRESET_SPR, &caps);
	caps.wqcap = (caps.wqcap & ~DSA_WQCAP_NUM_WQS_MASK) |
		     DSA_FIELD_PREP(DSA_WQCAP_NUM_WQS_MASK, 20);
	m = create_configured(&caps, 20, &c);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), 0, "enable device, 20 WQs");
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 1), 0, "enable WQ 1");
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 17), 0, "enable WQ 17 (index operand)");
	TM_EQ(tm_cmd(m, DSA_CMD_DRAIN_WQ, 1u << 17), DSA_CMD_ERR_INVAL_WQIDX,
	      "1 << 17 is block 2 with no WQ bit");
	TM_EQ(tm_cmd(m, DSA_CMD_DISABLE_WQ, DSA_CMD_WQ_MASK_OPERAND(17)), 0, "disable WQ 17");
	TM_EQ(DSA_WQCFG_STATE(dsa_model_mmio_read32(m, tm_wqcfg_off(m, 17) +
						    DSA_WQCFG_STATUS)),
	      DSA_WQ_STATE_DISABLED, "WQ 17 disabled");
	TM_EQ(DSA_WQCFG_STATE(dsa_model_mmio_read32(m, tm_wqcfg_off(m, 1) + DSA_WQCFG_STATUS)),
	      DSA_WQ_STATE_ENABLED, "WQ 1 untouched");
	TM_EQ(tm_cmd(m, DSA_CMD_DISABLE_WQ, DSA_CMD_WQ_MASK_OPERAND(17)), DSA_CMD_ERR_WQ_NOT_EN,
	      "WQ 17 already disabled");
	TM_EQ(tm_cmd(m, DSA_CMD_ABORT_WQ, DSA_CMD_WQ_MASK_OPERAND(33)), DSA_CMD_ERR_INVAL_WQIDX,
	      "WQ 33 of 20");
	dsa_model_destroy(m);
}

/* Without PASID a dedicated WQ issues untagged requests, which carry no
 * privilege: WQCFG.priv has no effect (fact sheet sections 3 and 7). */
static void
test_priv_without_pasid(void)
{
	struct dsa_model *m = tm_create(DSA_MODEL_PRESET_SPR, 1);
	struct dsa_completion_record *cr = tm_alloc(64);
	struct tm_wq_cfg c = { .size = 4, .priority = 1 };
	uint64_t mode = tm_wqcfg_off(m, 0) + DSA_WQCFG_MODE;
	struct dsa_hw_desc d = { 0 };

	tm_write_groups(m);
	tm_write_wqcfg(m, 0, &c);
	dsa_model_mmio_write32(m, mode, dsa_model_mmio_read32(m, mode) | DSA_WQCFG_PRIV);
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0), 0, "enable device");
	TM_EQ(tm_cmd(m, DSA_CMD_ENABLE_WQ, 0), 0, "enable WQ with priv, no PASID");
	d.opcode = DSA_OPCODE_NOOP;
	d.flags = IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR;
	d.completion_addr = (uintptr_t)cr;
	tm_submit(m, 0, &d);
	TM_EQ(tm_wait(cr), DSA_COMP_SUCCESS, "untagged request, no privilege check");
	dsa_model_destroy(m);
	free(cr);
}

/* The affinity of the thread that runs the first DMA (an engine thread) */
static cpu_set_t engine_affinity;
static atomic_bool engine_affinity_seen;

static int
affinity_translate(void *opaque, uint64_t iova, uint64_t len, unsigned int access,
		   uint32_t pasid, void **host, uint64_t *contig)
{
	if (!atomic_load(&engine_affinity_seen)) {
		pthread_getaffinity_np(pthread_self(), sizeof(engine_affinity),
				       &engine_affinity);
		atomic_store(&engine_affinity_seen, true);
	}
	return dsa_model_translate_identity(opaque, iova, len, access, pasid, host, contig);
}

/* params.engine_cpus: refused when empty or not usable, else where engines run */
static void
test_engine_cpus(void)
{
	struct dsa_completion_record *cr = tm_alloc(64);
	struct dsa_model_params p;
	struct dsa_hw_desc d = { 0 };
	cpu_set_t allowed, one;
	struct dsa_model *m;
	int cpu;

	dsa_model_params_init(&p);
	CPU_ZERO(&one);
	p.engine_cpus = &one;
	errno = 0;
	TM_CHECK(dsa_model_create(&p) == NULL && errno == EINVAL, "empty CPU set refused");
	CPU_SET(CPU_SETSIZE - 1, &one);
	errno = 0;
	TM_CHECK(dsa_model_create(&p) == NULL && errno == EINVAL, "unusable CPU refused");

	TM_CHECK(sched_getaffinity(0, sizeof(allowed), &allowed) == 0, "own affinity");
	for (cpu = CPU_SETSIZE - 1; cpu > 0 && !CPU_ISSET(cpu, &allowed); cpu--)
		;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	p.translate = affinity_translate;
	m = tm_create_params(&p);
	TM_EQ(dsa_model_engine_threads(m), 1, "default threads: one per CPU of the set");
	TM_EQ(tm_setup(m, NULL), 0, "setup");
	d.opcode = DSA_OPCODE_NOOP;
	d.flags = IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR;
	d.completion_addr = (uintptr_t)cr;
	tm_submit(m, 0, &d);
	TM_EQ(tm_wait(cr), DSA_COMP_SUCCESS, "noop on the pinned engine");
	TM_CHECK(atomic_load(&engine_affinity_seen) && CPU_EQUAL(&engine_affinity, &one),
		 "engine thread runs only on CPU %d", cpu);
	dsa_model_destroy(m);
	free(cr);
}

int
main(void)
{
	test_caps();
	test_write_rules();
	test_enable_device_errors();
	test_enable_wq_errors();
	test_int_handles();
	test_halt_and_swerr();
	test_dwq_overflow_and_drain();
	test_shared_wq();
	test_swerr_overflow_sticky();
	test_wq_mask_blocks();
	test_priv_without_pasid();
	test_engine_cpus();
	return tm_report("model device");
}
