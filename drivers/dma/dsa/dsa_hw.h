/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Intel DSA hardware definitions shared by the device model and the driver:
 * BAR0 registers, configuration tables, commands, portals and SWERR.
 *
 * Descriptor and completion-record layouts, opcodes, flags and status codes
 * come from the kernel uAPI <linux/idxd.h> (6.1); this header adds only what
 * 6.1 lacks, with names the kernel does not use so a newer uAPI cannot clash.
 *
 * Source of every value: the project fact sheet, dsa-hardware.md.
 * Values marked "unverified" there are marked the same way here.
 */
#ifndef DSA_HW_H
#define DSA_HW_H

#include <stdint.h>
#include <linux/idxd.h>

/*
 * Field helpers: MASK is the field in place, e.g. 0x1full << 16. Dividing and
 * multiplying by the mask's lowest set bit keeps them integer constant
 * expressions in every build (a __builtin_ctzll is not one under UBSan).
 */
#define DSA_FIELD_LSB(mask)       ((uint64_t)(mask) & -(uint64_t)(mask))
#define DSA_FIELD_GET(mask, v)    (((uint64_t)(v) & (mask)) / DSA_FIELD_LSB(mask))
#define DSA_FIELD_PREP(mask, x)   (((uint64_t)(x) * DSA_FIELD_LSB(mask)) & (mask))
#define DSA_BIT(n)                (1ull << (n))

/* PCI identity (fact sheet section 1) */
#define DSA_PCI_VENDOR_INTEL      0x8086
#define DSA_PCI_DEVICE_SPR        0x0B25 /* SPR/EMR; likely GNR/SRF too (unverified) */
#define DSA_PCI_DEVICE_GNRD       0x11FB
#define DSA_PCI_DEVICE_DMR        0x1212
#define DSA_PCI_CLASS             0x088000
#define DSA_BAR_MMIO              0 /* BAR0: register file */
#define DSA_BAR_PORTAL            2 /* BAR2: WQ portals */
#define DSA_BAR0_SIZE             0x10000 /* 64 KiB believed (unverified) */
#define DSA_MSIX_VECTOR_MISC      0 /* errors, commands, halt; WQ i uses i + 1 */

/* ---- BAR0 register offsets (fact sheet section 2) ---- */
#define DSA_REG_VERSION           0x00 /* 32, RO */
#define DSA_REG_GENCAP            0x10 /* 64, RO */
#define DSA_REG_WQCAP             0x20 /* 64, RO */
#define DSA_REG_GRPCAP            0x30 /* 64, RO */
#define DSA_REG_ENGCAP            0x38 /* 64, RO */
#define DSA_REG_OPCAP             0x40 /* 4 x 64, RO */
#define DSA_REG_OPCAP_QW(n)       (DSA_REG_OPCAP + 8 * (n))
#define DSA_OPCAP_QWORDS          4
#define DSA_REG_TABLE_OFFSET      0x60 /* 2 x 64, RO */
#define DSA_REG_GENCFG            0x80 /* 32, RW */
#define DSA_REG_GENCTRL           0x88 /* 32, RW */
#define DSA_REG_GENSTS            0x90 /* 32, RO */
#define DSA_REG_INTCAUSE          0x98 /* 32, RW1C */
#define DSA_REG_CMD               0xA0 /* 32, RW */
#define DSA_REG_CMDSTS            0xA8 /* 32, RO */
#define DSA_REG_CMDCAP            0xB0 /* 32, RO, valid if GENCAP.CMD_CAP */
#define DSA_REG_SWERR             0xC0 /* 4 x 64 */
#define DSA_REG_SWERR_QW(n)       (DSA_REG_SWERR + 8 * (n))
#define DSA_SWERR_QWORDS          4
#define DSA_REG_EVLCFG            0xE0 /* 2 x 64, DSA 2.0 */
#define DSA_REG_EVLSTATUS         0xF0 /* 64, DSA 2.0 */

/* VERSION: compare the whole value (the kernel's major/minor masks do not fit) */
#define DSA_VERSION_1_0           0x100
#define DSA_VERSION_2_0           0x200

/* GENCAP */
#define DSA_GENCAP_BLOCK_ON_FAULT      DSA_BIT(0)
#define DSA_GENCAP_OVERLAP_COPY        DSA_BIT(1)
#define DSA_GENCAP_CACHE_CTRL_MEM      DSA_BIT(2)
#define DSA_GENCAP_CACHE_CTRL_FLUSH    DSA_BIT(3)
#define DSA_GENCAP_CMD_CAP             DSA_BIT(4)
#define DSA_GENCAP_INTER_DOMAIN        DSA_BIT(6)  /* 2.0 (unverified) */
#define DSA_GENCAP_TRANSL_FETCH        DSA_BIT(7)  /* 2.0 (unverified) */
#define DSA_GENCAP_DEST_READBACK       DSA_BIT(8)
#define DSA_GENCAP_DRAIN_READBACK      DSA_BIT(9)
#define DSA_GENCAP_FILL_16B            DSA_BIT(10) /* 2.0 (unverified) */
#define DSA_GENCAP_CRC64               DSA_BIT(11) /* 2.0 (unverified) */
#define DSA_GENCAP_CR_FAULT_INFO       DSA_BIT(12) /* 2.0 (unverified) */
#define DSA_GENCAP_EVL_MASK            (0x3ull << 13)
#define DSA_GENCAP_BATCH_CONT          DSA_BIT(15)
#define DSA_GENCAP_MAX_XFER_SHIFT_MASK  (0x1full << 16)
#define DSA_GENCAP_MAX_BATCH_SHIFT_MASK (0xfull << 21)
#define DSA_GENCAP_MAX_IMS_MULT_MASK    (0x3full << 25)
#define DSA_GENCAP_CONFIG_SUPPORT      DSA_BIT(31)
#define DSA_GENCAP_EVL(v)              DSA_FIELD_GET(DSA_GENCAP_EVL_MASK, v)
#define DSA_GENCAP_MAX_XFER_SHIFT(v)   DSA_FIELD_GET(DSA_GENCAP_MAX_XFER_SHIFT_MASK, v)
#define DSA_GENCAP_MAX_BATCH_SHIFT(v)  DSA_FIELD_GET(DSA_GENCAP_MAX_BATCH_SHIFT_MASK, v)
#define DSA_GENCAP_MAX_IMS_MULT(v)     DSA_FIELD_GET(DSA_GENCAP_MAX_IMS_MULT_MASK, v)
#define DSA_IMS_ENTRIES_PER_MULT       256

/* WQCAP */
#define DSA_WQCAP_TOTAL_SIZE_MASK      0xffffull
#define DSA_WQCAP_NUM_WQS_MASK         (0xffull << 16)
#define DSA_WQCAP_WQCFG_SIZE_MASK      (0xfull << 24)
#define DSA_WQCAP_SHARED               DSA_BIT(48)
#define DSA_WQCAP_DEDICATED            DSA_BIT(49)
#define DSA_WQCAP_ATS_DISABLE          DSA_BIT(50)
#define DSA_WQCAP_PRIORITY             DSA_BIT(51)
#define DSA_WQCAP_OCCUPANCY            DSA_BIT(52)
#define DSA_WQCAP_OCCUPANCY_INT        DSA_BIT(53)
#define DSA_WQCAP_OP_CONFIG            DSA_BIT(54) /* 2.0 */
#define DSA_WQCAP_PRS_DISABLE          DSA_BIT(55) /* 2.0 */
#define DSA_WQCAP_TOTAL_SIZE(v)        DSA_FIELD_GET(DSA_WQCAP_TOTAL_SIZE_MASK, v)
#define DSA_WQCAP_NUM_WQS(v)           DSA_FIELD_GET(DSA_WQCAP_NUM_WQS_MASK, v)
#define DSA_WQCAP_WQCFG_SIZE(v)        DSA_FIELD_GET(DSA_WQCAP_WQCFG_SIZE_MASK, v)
/* WQCFG stride in bytes: 32 << WQCAP[27:24] */
#define DSA_WQCFG_STRIDE(wqcap)        (32u << DSA_WQCAP_WQCFG_SIZE(wqcap))

/* GRPCAP */
#define DSA_GRPCAP_NUM_GROUPS_MASK     0xffull
#define DSA_GRPCAP_TOTAL_RDBUF_MASK    (0xffull << 8)
#define DSA_GRPCAP_RDBUF_CTRL          DSA_BIT(16)
#define DSA_GRPCAP_RDBUF_LIMIT         DSA_BIT(17)
#define DSA_GRPCAP_PROGRESS_LIMIT      DSA_BIT(18) /* 2.0 */
#define DSA_GRPCAP_NUM_GROUPS(v)       DSA_FIELD_GET(DSA_GRPCAP_NUM_GROUPS_MASK, v)
#define DSA_GRPCAP_TOTAL_RDBUF(v)      DSA_FIELD_GET(DSA_GRPCAP_TOTAL_RDBUF_MASK, v)

/* ENGCAP ([23:8] from a third-party header, unverified) */
#define DSA_ENGCAP_NUM_ENGINES_MASK    0xffull
#define DSA_ENGCAP_MAX_DESC_INPROG_MASK  (0xffull << 8)
#define DSA_ENGCAP_MAX_BATCH_INPROG_MASK (0xffull << 16)
#define DSA_ENGCAP_NUM_ENGINES(v)      DSA_FIELD_GET(DSA_ENGCAP_NUM_ENGINES_MASK, v)

/* OPCAP: bit n of the 256-bit field is opcode n */
#define DSA_OPCAP_QW_OF(op)            ((unsigned int)(op) / 64)
#define DSA_OPCAP_BIT_OF(op)           DSA_BIT((unsigned int)(op) % 64)

/* TABLE_OFFSET: qw0 and qw1 fields, each a count of 0x100-byte units */
#define DSA_TABLE_OFFSET_UNIT          0x100
#define DSA_TABLE_GRPCFG_MASK          0xffffull          /* qw0 */
#define DSA_TABLE_WQCFG_MASK           (0xffffull << 16)  /* qw0 */
#define DSA_TABLE_MSIX_PERM_MASK       (0xffffull << 32)  /* qw0 */
#define DSA_TABLE_IMS_MASK             (0xffffull << 48)  /* qw0 */
#define DSA_TABLE_PERFMON_MASK         0xffffull          /* qw1 */
#define DSA_TABLE_IDPT_MASK            (0xffffull << 16)  /* qw1, 2.0 (unverified) */
#define DSA_TABLE_OFFSET_BYTES(mask, qw) \
	(DSA_FIELD_GET(mask, qw) * DSA_TABLE_OFFSET_UNIT)

/* GENCFG */
#define DSA_GENCFG_RDBUF_LIMIT_MASK    0xffull
#define DSA_GENCFG_USER_INT_EN         DSA_BIT(12)
#define DSA_GENCFG_EVL_EN              DSA_BIT(13) /* 2.0 */

/* GENCTRL */
#define DSA_GENCTRL_SWERR_INT_EN       DSA_BIT(0)
#define DSA_GENCTRL_HALT_INT_EN        DSA_BIT(1)
#define DSA_GENCTRL_EVL_INT_EN         DSA_BIT(2) /* 2.0 */

/* GENSTS */
#define DSA_GENSTS_STATE_MASK          0x3ull
#define DSA_GENSTS_RESET_TYPE_MASK     (0x3ull << 2)
#define DSA_GENSTS_STATE(v)            DSA_FIELD_GET(DSA_GENSTS_STATE_MASK, v)
#define DSA_GENSTS_RESET_TYPE(v)       DSA_FIELD_GET(DSA_GENSTS_RESET_TYPE_MASK, v)
#define DSA_DEV_STATE_DISABLED         0
#define DSA_DEV_STATE_ENABLED          1
#define DSA_DEV_STATE_DRAIN            2
#define DSA_DEV_STATE_HALTED           3
#define DSA_RESET_SOFTWARE             0 /* RESET_DEVICE command */
#define DSA_RESET_FLR                  1
#define DSA_RESET_WARM                 2
#define DSA_RESET_COLD                 3

/* INTCAUSE (RW1C) */
#define DSA_INTCAUSE_SWERR             DSA_BIT(0)
#define DSA_INTCAUSE_CMD               DSA_BIT(1)
#define DSA_INTCAUSE_OCCUPANCY         DSA_BIT(2)
#define DSA_INTCAUSE_PERFMON           DSA_BIT(3)
#define DSA_INTCAUSE_HALT              DSA_BIT(4)
#define DSA_INTCAUSE_EVL               DSA_BIT(5) /* 2.0 */
#define DSA_INTCAUSE_INT_HANDLE_REVOKED DSA_BIT(31)

/* CMD */
#define DSA_CMD_OPERAND_MASK           0xfffffull
#define DSA_CMD_CODE_MASK              (0x1full << 20)
#define DSA_CMD_REQ_INT                DSA_BIT(31)
#define DSA_CMD_OPERAND(v)             DSA_FIELD_GET(DSA_CMD_OPERAND_MASK, v)
#define DSA_CMD_CODE(v)                DSA_FIELD_GET(DSA_CMD_CODE_MASK, v)
#define DSA_CMD(code, operand) \
	((uint32_t)(DSA_FIELD_PREP(DSA_CMD_CODE_MASK, code) | \
		    DSA_FIELD_PREP(DSA_CMD_OPERAND_MASK, operand)))

/* CMDSTS */
#define DSA_CMDSTS_ERR_MASK            0xffull
#define DSA_CMDSTS_RESULT_MASK         (0xffffull << 8)
#define DSA_CMDSTS_ACTIVE              DSA_BIT(31)
#define DSA_CMDSTS_ERR(v)              DSA_FIELD_GET(DSA_CMDSTS_ERR_MASK, v)
#define DSA_CMDSTS_RESULT(v)           DSA_FIELD_GET(DSA_CMDSTS_RESULT_MASK, v)

/* Command codes */
#define DSA_CMD_ENABLE_DEVICE          1
#define DSA_CMD_DISABLE_DEVICE         2
#define DSA_CMD_DRAIN_ALL              3
#define DSA_CMD_ABORT_ALL              4
#define DSA_CMD_RESET_DEVICE           5
#define DSA_CMD_ENABLE_WQ              6  /* operand: WQ index */
#define DSA_CMD_DISABLE_WQ             7  /* operand: WQ bitmask, below */
#define DSA_CMD_DRAIN_WQ               8
#define DSA_CMD_ABORT_WQ               9
#define DSA_CMD_RESET_WQ               10
#define DSA_CMD_DRAIN_PASID            11 /* operand: PASID */
#define DSA_CMD_ABORT_PASID            12
#define DSA_CMD_REQUEST_INT_HANDLE     13 /* operand: index, bit 16 = IMS */
#define DSA_CMD_RELEASE_INT_HANDLE     14 /* operand: handle, bit 16 = IMS */
#define DSA_CMD_MAX                    14
/* Commands 1-12 are assumed when GENCAP.CMD_CAP is 0 (vDSA default) */
#define DSA_CMDCAP_DEFAULT             0x1FFEu

/*
 * WQ bitmask operand of commands 7-10: [15:0] = 1 << (wq % 16),
 * [19:16] = wq / 16. (1 << wq alone is right only for wq < 16.)
 */
#define DSA_CMD_WQ_MASK_BITS           0xffffull
#define DSA_CMD_WQ_MASK_BLOCK          (0xfull << 16)
#define DSA_CMD_WQ_MASK_OPERAND(wq) \
	((uint32_t)((1u << ((wq) % 16)) | (((unsigned int)(wq) / 16) << 16)))
#define DSA_CMD_INT_HANDLE_INDEX_MASK  0xffffull
#define DSA_CMD_INT_HANDLE_IMS         DSA_BIT(16)
#define DSA_CMD_PASID_MASK             0xfffffull

/* CMDSTS error codes */
#define DSA_CMD_ERR_SUCCESS            0x00
#define DSA_CMD_ERR_INVAL_CMD          0x01
#define DSA_CMD_ERR_INVAL_WQIDX        0x02
#define DSA_CMD_ERR_HW_ERR             0x03
#define DSA_CMD_ERR_DEV_ENABLED        0x10 /* enable device */
#define DSA_CMD_ERR_CONFIG             0x11
#define DSA_CMD_ERR_BUSMASTER_EN       0x12
#define DSA_CMD_ERR_PASID_INVAL        0x13
#define DSA_CMD_ERR_WQ_SIZE_ERANGE     0x14
#define DSA_CMD_ERR_GRP_CONFIG         0x15 /* 0x15-0x18: conditions unverified */
#define DSA_CMD_ERR_GRP_CONFIG2        0x16
#define DSA_CMD_ERR_GRP_CONFIG3        0x17
#define DSA_CMD_ERR_GRP_CONFIG4        0x18
#define DSA_CMD_ERR_DEV_NOT_EN         0x20 /* enable WQ */
#define DSA_CMD_ERR_WQ_ENABLED         0x21
#define DSA_CMD_ERR_WQ_SIZE            0x22
#define DSA_CMD_ERR_WQ_PRIOR           0x23
#define DSA_CMD_ERR_WQ_MODE            0x24
#define DSA_CMD_ERR_BOF_EN             0x25
#define DSA_CMD_ERR_PASID_EN           0x26
#define DSA_CMD_ERR_MAX_BATCH_SIZE     0x27
#define DSA_CMD_ERR_MAX_XFER_SIZE      0x28
#define DSA_CMD_ERR_DIS_DEV_EN         0x31 /* disable device: not enabled */
#define DSA_CMD_ERR_WQ_NOT_EN          0x32 /* disable/drain/abort/reset WQ */
#define DSA_CMD_ERR_INVAL_INT_IDX      0x41
#define DSA_CMD_ERR_NO_HANDLE          0x42
#define DSA_CMD_ERR_INVAL_RELEASE      0x43 /* Intel tree only (unverified) */

/* SWERR, qw0 */
#define DSA_SWERR_VALID                DSA_BIT(0) /* RW1C */
#define DSA_SWERR_OVERFLOW             DSA_BIT(1) /* RW1C */
#define DSA_SWERR_DESC_VALID           DSA_BIT(2)
#define DSA_SWERR_WQ_IDX_VALID         DSA_BIT(3)
#define DSA_SWERR_BATCH                DSA_BIT(4)
#define DSA_SWERR_FAULT_WRITE          DSA_BIT(5)
#define DSA_SWERR_PRIV                 DSA_BIT(6)
#define DSA_SWERR_ERR_INFO_VALID       DSA_BIT(7) /* 2.0 */
#define DSA_SWERR_ERROR_MASK           (0xffull << 8)
#define DSA_SWERR_WQ_IDX_MASK          (0xffull << 16)
#define DSA_SWERR_OPCODE_MASK          (0xffull << 32)
#define DSA_SWERR_PASID_MASK           (0xfffffull << 40)
#define DSA_SWERR_RW1C_MASK            (DSA_SWERR_VALID | DSA_SWERR_OVERFLOW)
/* SWERR, qw1 */
#define DSA_SWERR_BATCH_IDX_MASK       0xffffull
#define DSA_SWERR_INVALID_FLAGS_MASK   (0xffffffffull << 32)
/* SWERR, qw2 is the fault address; qw3 is reserved */
/* Non-descriptor SWERR codes of Intel's tree (unverified for hardware) */
#define DSA_SWERR_PCI_CONFIG           0x51
#define DSA_SWERR_CMD_WHILE_ACTIVE     0x52

/* EVLCFG (2.0) */
#define DSA_EVLCFG_PASID_EN            DSA_BIT(0)  /* qw0 */
#define DSA_EVLCFG_PRIV                DSA_BIT(1)  /* qw0 */
#define DSA_EVLCFG_BASE_MASK           (~0xfffull) /* qw0 */
#define DSA_EVLCFG_SIZE_MASK           0xffffull   /* qw1 */
#define DSA_EVLCFG_PASID_MASK          (0xfffffull << 16) /* qw1 */
/* EVLSTATUS (2.0) */
#define DSA_EVLSTATUS_HEAD_MASK        0xffffull
#define DSA_EVLSTATUS_TAIL_MASK        (0xffffull << 32)
#define DSA_EVLSTATUS_INT_PENDING      DSA_BIT(62)

/* MSIX_PERM table: one 32-bit entry per vector, 8-B stride */
#define DSA_MSIX_PERM_STRIDE           8
#define DSA_MSIX_PERM_IGNORE           DSA_BIT(2)
#define DSA_MSIX_PERM_PASID_EN         DSA_BIT(3)
#define DSA_MSIX_PERM_PASID_MASK       (0xfffffull << 12)

/* ---- GRPCFG (fact sheet section 3): 64-B stride per group ---- */
#define DSA_GRPCFG_STRIDE              64
#define DSA_GRPCFG_WQS                 0x00 /* 4 x 64: WQ bitmap */
#define DSA_GRPCFG_WQS_QWORDS          4
#define DSA_GRPCFG_ENGINES             0x20 /* 64: engine bitmap */
#define DSA_GRPCFG_FLAGS               0x28 /* 32 (64 on 2.0) */
#define DSA_GRPFLAGS_TC_A_MASK         0x7ull
#define DSA_GRPFLAGS_TC_B_MASK         (0x7ull << 3)
#define DSA_GRPFLAGS_USE_RDBUF_LIMIT   DSA_BIT(7)
#define DSA_GRPFLAGS_RDBUF_RSVD_MASK   (0xffull << 8)
#define DSA_GRPFLAGS_RDBUF_ALLOWED_MASK (0xffull << 20)
#define DSA_GRPFLAGS_DESC_PROG_LIMIT_MASK  (0x3ull << 32) /* 2.0 */
#define DSA_GRPFLAGS_BATCH_PROG_LIMIT_MASK (0x3ull << 36) /* 2.0 */

/* ---- WQCFG (fact sheet section 3): stride DSA_WQCFG_STRIDE(WQCAP) ---- */
#define DSA_WQCFG_STRIDE_V1            32
#define DSA_WQCFG_STRIDE_V2            64
#define DSA_WQCFG_DWORDS_V1            8
#define DSA_WQCFG_DWORDS_V2            16
#define DSA_WQCFG_SIZE                 0x00 /* dw0 */
#define DSA_WQCFG_THRESHOLD            0x04 /* dw1 */
#define DSA_WQCFG_MODE                 0x08 /* dw2 */
#define DSA_WQCFG_MAX                  0x0C /* dw3 */
#define DSA_WQCFG_OCC_INT              0x10 /* dw4 */
#define DSA_WQCFG_OCC_LIMIT            0x14 /* dw5 */
#define DSA_WQCFG_STATUS               0x18 /* dw6, RO */
#define DSA_WQCFG_OP_CONFIG            0x20 /* dw8-15, 2.0 */
/* dw0 */
#define DSA_WQCFG_SIZE_MASK            0xffffull
/* dw1 */
#define DSA_WQCFG_THRESHOLD_MASK       0xffffull
/* dw2 */
#define DSA_WQCFG_MODE_DEDICATED       DSA_BIT(0)
#define DSA_WQCFG_BOF_EN               DSA_BIT(1)
#define DSA_WQCFG_ATS_DISABLE          DSA_BIT(2)
#define DSA_WQCFG_PRS_DISABLE          DSA_BIT(3) /* 2.0 */
#define DSA_WQCFG_PRIORITY_MASK        (0xfull << 4)
#define DSA_WQCFG_PASID_MASK           (0xfffffull << 8)
#define DSA_WQCFG_PASID_EN             DSA_BIT(28)
#define DSA_WQCFG_PRIV                 DSA_BIT(29)
#define DSA_WQCFG_MODE_RSVD_MASK       (0x3ull << 30)
#define DSA_WQ_PRIORITY_MIN            1
#define DSA_WQ_PRIORITY_MAX            15
/* dw3 */
#define DSA_WQCFG_MAX_XFER_SHIFT_MASK  0x1full
#define DSA_WQCFG_MAX_BATCH_SHIFT_MASK (0xfull << 5)
/* dw4 */
#define DSA_WQCFG_OCC_INT_HANDLE_MASK  0xffffull
#define DSA_WQCFG_OCC_INT_IMS          DSA_BIT(16)
/* dw5 */
#define DSA_WQCFG_OCC_LIMIT_MASK       0xffffull
#define DSA_WQCFG_OCC_INT_EN           DSA_BIT(16)
/* dw6 (RO) */
#define DSA_WQCFG_OCCUPANCY_MASK       0xffffull
#define DSA_WQCFG_OCC_INT_PENDING      DSA_BIT(16)
#define DSA_WQCFG_MODE_SUPPORT         DSA_BIT(29) /* meaning unverified */
#define DSA_WQCFG_STATE_MASK           (0x3ull << 30)
#define DSA_WQCFG_STATE(v)             DSA_FIELD_GET(DSA_WQCFG_STATE_MASK, v)
#define DSA_WQ_STATE_DISABLED          0
#define DSA_WQ_STATE_ENABLED           1
#define DSA_WQ_STATE_BUSY              2 /* unverified */

/* ---- BAR2 portals (fact sheet section 1) ---- */
#define DSA_PORTAL_PAGE_SIZE           0x1000 /* one portal = one 4 KiB page */
#define DSA_WQ_PORTAL_STRIDE           0x4000 /* 4 pages per WQ */
#define DSA_PORTAL_LIMITED             0x1000 /* page 1/3: limited */
#define DSA_PORTAL_IMS                 0x2000 /* page 2/3: IMS */
#define DSA_PORTAL_SLOT_SIZE           64
#define DSA_PORTAL_OFFSET(wq, limited, ims) \
	((uint64_t)(wq) * DSA_WQ_PORTAL_STRIDE + \
	 ((limited) ? DSA_PORTAL_LIMITED : 0) + ((ims) ? DSA_PORTAL_IMS : 0))
/* Submitters move 64 B per write, wrapping inside the 4 KiB page */
#define DSA_PORTAL_NEXT_SLOT(off) \
	(((off) & ~(uint64_t)(DSA_PORTAL_PAGE_SIZE - 1)) | \
	 (((off) + DSA_PORTAL_SLOT_SIZE) & (DSA_PORTAL_PAGE_SIZE - 1)))
#define DSA_BAR2_SIZE(num_wqs)         ((uint64_t)(num_wqs) * DSA_WQ_PORTAL_STRIDE)

/* ---- Descriptor and completion record (fact sheet sections 4-6) ---- */
#define DSA_DESC_SIZE                  64
#define DSA_COMPL_SIZE                 32
#define DSA_COMPL_ALIGN                32
#define DSA_BATCH_LIST_ALIGN           64
#define DSA_DELTA_ALIGN                8
#define DSA_DUALCAST_ADDR_MASK         0xfffu /* dst1 and dst2 agree in bits 11:0 */
#define DSA_BATCH_MIN_COUNT            2 /* count 1 -> 0x14 (unverified) */
#define DSA_DESC_PASID_MASK            0xfffffu /* dw0 */
#define DSA_DESC_PRIV                  (1u << 31)
#define DSA_DESC_RSVD_DW0_MASK         (0x7ffu << 20)
#define DSA_DESC_FLAGS_MASK            0xffffffu /* dw1 [23:0] */
#define DSA_DESC_OPCODE_SHIFT          24
#define DSA_FLAG_RSVD6                 0x0040 /* common flag bit 6 */
#define DSA_COMMON_FLAGS_MASK          0xffffu

/* Operation-specific flags (bits 16-23), not in the 6.1 uAPI */
#define DSA_FLAG_CRC_READ_SEED         (1u << 16) /* CRC, copy+CRC */
#define DSA_FLAG_CRC_BYPASS_INV        (1u << 17)
#define DSA_FLAG_CRC_BYPASS_DATA_REFL  (1u << 18)
#define DSA_FLAG_DRAIN_RDBK1           (1u << 16) /* drain */
#define DSA_FLAG_DRAIN_RDBK2           (1u << 17)
#define DSA_FLAG_DRAIN_NO_TCA_RDBK     (1u << 18)
#define DSA_FLAG_DRAIN_NO_TCB_RDBK     (1u << 19)
#define DSA_FLAG_DCAST_DEST2_STEER     (1u << 16) /* dualcast */

/* Opcodes newer than the 6.1 uAPI (2.0) */
#define DSA_OPC_TRANSL_FETCH           0x0A
#define DSA_OPC_DIX_GEN                0x17

/* Completion status codes newer than the 6.1 uAPI (2.0, event log) */
#define DSA_COMP_STATUS_DRAIN_EVL      0x26
#define DSA_COMP_STATUS_BATCH_EVL_ERR  0x27
#define DSA_COMP_STATUS_CODE_MASK      0x3f /* codes are <= 0x3F */
/* Completion-record result byte values */
#define DSA_RESULT_EQUAL               0
#define DSA_RESULT_DIFFER              1
#define DSA_RESULT_MOVE_ASCENDING      0
#define DSA_RESULT_MOVE_DESCENDING     1
#define DSA_RESULT_DELTA_NONE          0
#define DSA_RESULT_DELTA_RECORD        1
#define DSA_RESULT_DELTA_OVERFLOW      2

/* Delta record: entries of a 2-B offset (in 8-B words) and 8 B of data */
#define DSA_DELTA_ENTRY_SIZE           10
#define DSA_DELTA_MAX_XFER             0x80000
#define DSA_DELTA_MIN_MAX_SIZE         80

/*
 * DIF operations (fact sheet section 4). The uAPI names the descriptor and
 * record fields but gives none of these bits. The 8-B tuple after each
 * block is guard (CRC16 T10-DIF, polynomial 0x8BB7), application tag and
 * reference tag, all big-endian.
 */
/* Source DIF flags (byte 40: check, strip, update) */
#define DSA_DIF_SRC_ALL_F_ERROR        DSA_BIT(0) /* enable all-F-detect error */
#define DSA_DIF_SRC_ALL_F_DETECT       DSA_BIT(1)
#define DSA_DIF_SRC_APP_F_DETECT       DSA_BIT(2)
#define DSA_DIF_SRC_APP_REF_F_DETECT   DSA_BIT(3)
#define DSA_DIF_SRC_APP_INC            DSA_BIT(4) /* incrementing app tag */
#define DSA_DIF_SRC_GUARD_NO_CHECK     DSA_BIT(5)
#define DSA_DIF_SRC_REF_NO_CHECK       DSA_BIT(6)
#define DSA_DIF_SRC_REF_FIXED          DSA_BIT(7) /* fixed ref tag */
/* Destination DIF flags (byte 41: insert, update); bits 2:0 reserved */
#define DSA_DIF_DST_APP_PASS           DSA_BIT(3) /* app tag pass-through */
#define DSA_DIF_DST_APP_INC            DSA_BIT(4)
#define DSA_DIF_DST_GUARD_PASS         DSA_BIT(5)
#define DSA_DIF_DST_REF_PASS           DSA_BIT(6)
#define DSA_DIF_DST_REF_FIXED          DSA_BIT(7)
#define DSA_DIF_DST_RSVD_MASK          0x07u
/* DIF flags (byte 42); bits 7:4 reserved */
#define DSA_DIF_BLOCK_SIZE_MASK        0x03u
#define DSA_DIF_BLOCK_512              0
#define DSA_DIF_BLOCK_520              1
#define DSA_DIF_BLOCK_4096             2
#define DSA_DIF_BLOCK_4104             3
#define DSA_DIF_INVERT_SEED            DSA_BIT(2) /* CRC seed 0xFFFF, not 0 */
#define DSA_DIF_INVERT_RESULT          DSA_BIT(3) /* guard = ~CRC */
#define DSA_DIF_FLAGS_RSVD_MASK        0xf0u
#define DSA_DIF_BLOCK_BYTES(code) \
	((code) == DSA_DIF_BLOCK_512 ? 512u : (code) == DSA_DIF_BLOCK_520 ? 520u : \
	 (code) == DSA_DIF_BLOCK_4096 ? 4096u : 4104u)
/* The protection-information tuple that follows each block */
#define DSA_DIF_TUPLE_SIZE             8
#define DSA_DIF_GUARD_OFF              0 /* BE16 */
#define DSA_DIF_APP_TAG_OFF            2 /* BE16 */
#define DSA_DIF_REF_TAG_OFF            4 /* BE32 */
#define DSA_DIF_CRC16_POLY             0x8BB7u
/* Completion-record result byte of a DIF error (status 0x09): DML's values,
 * which it reads from the record unchanged (bit layout unverified) */
#define DSA_DIF_STATUS_GUARD           DSA_BIT(0)
#define DSA_DIF_STATUS_APP_TAG         DSA_BIT(1)
#define DSA_DIF_STATUS_REF_TAG         DSA_BIT(2)
#define DSA_DIF_STATUS_ALL_F           DSA_BIT(3)

/* ---- Observed Sapphire/Emerald Rapids values (fact sheet section 2) ---- */
#define DSA_SPR_VERSION                DSA_VERSION_1_0
#define DSA_SPR_GENCAP                 0x40915F0107ull
#define DSA_SPR_OPCAP0_SYSFS           0x00000001003f027dull /* batch bit hidden */
#define DSA_SPR_NUM_WQS                8
#define DSA_SPR_TOTAL_WQ_SIZE          128
#define DSA_SPR_NUM_GROUPS             4
#define DSA_SPR_TOTAL_RDBUF            96
#define DSA_SPR_NUM_ENGINES            4
/* DSA 2.0 "all ops" OPCAP (qw0) */
#define DSA_V2_OPCAP0_ALL              0x0000007b00bf07ffull

#endif /* DSA_HW_H */
