/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The "device handle": all the data path and the configuration code know of
 * a DSA device, whichever way it was taken (model, PCI, kernel WQ).
 */
#ifndef DSA_DEV_H
#define DSA_DEV_H

#include <stdbool.h>
#include <stdint.h>

#include <dev_driver.h>
#include <rte_dmadev.h>
#include <rte_log.h>
#include <rte_spinlock.h>

#include "dsa_devargs.h"
#include "dsa_hw.h"

extern int dsa_logtype;
#define DSA_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, dsa_logtype, "dma_dsa: " fmt "\n", ##__VA_ARGS__)

struct dsa_device;
struct dsa_mp_dev;

/*
 * The PASID that WQCFG gets in SVA mode on devices the driver configures
 * (model): the process's address space, which ENQCMD also names.
 */
#define DSA_SVA_PASID 1

/* Register access of a device that exposes BAR0 (model, PCI) */
struct dsa_reg_ops {
	uint32_t (*read32)(struct dsa_device *dev, uint32_t off);
	uint64_t (*read64)(struct dsa_device *dev, uint32_t off);
	void (*write32)(struct dsa_device *dev, uint32_t off, uint32_t val);
	void (*write64)(struct dsa_device *dev, uint32_t off, uint64_t val);
};

/* What a backend provides besides registers */
struct dsa_backend_ops {
	/* true if the device can no longer complete work (halted, gone) */
	bool (*halted)(struct dsa_device *dev);
	/* after stop: make the WQ usable again (kernel WQs: nothing to do) */
	int (*wq_disable)(struct dsa_device *dev, unsigned int wq);
	int (*wq_enable)(struct dsa_device *dev, unsigned int wq);
	/* device-level recovery after a halt, nothing if not halted; may be NULL */
	int (*recover)(struct dsa_device *dev);
	/* function-level reset, for a halt that needs one (dsa_hw_recover); may be NULL */
	int (*flr)(struct dsa_device *dev);
	/* free the backend's resources once no dmadev uses the device */
	void (*release)(struct dsa_device *dev);
	/* the WQ's state as the device or the kernel reports it, by name (telemetry) */
	const char *(*wq_state)(struct dsa_device *dev, unsigned int wq);
};

/* How descriptors reach a WQ */
enum dsa_submit_kind {
	DSA_SUBMIT_MOVDIR64B, /* dedicated WQ portal, posted */
	DSA_SUBMIT_ENQCMD,    /* shared WQ portal, may be refused */
	DSA_SUBMIT_WRITE,     /* write(2) of the descriptor to the kernel cdev */
	DSA_SUBMIT_CALL,      /* backend function (software model portal) */
};

/*
 * Backend portal function: OFFSET is the BAR2 offset of the 64-B slot.
 * Returns 0 if accepted, -EAGAIN if a shared WQ refused it, or -errno.
 */
typedef int (*dsa_portal_fn)(void *ctx, uint64_t offset, const void *desc);

struct dsa_portal {
	enum dsa_submit_kind kind;
	uint8_t *page;       /* mapped portal page (MOVDIR64B, ENQCMD) */
	int fd;              /* kernel cdev (WRITE) */
	dsa_portal_fn fn;    /* CALL */
	void *fn_ctx;
	uint64_t page_off;   /* CALL: BAR2 offset of the portal page */
};

/* Capabilities read from the registers (or from sysfs for kernel WQs) */
struct dsa_caps {
	uint32_t version;
	uint64_t gencap, wqcap, grpcap, engcap;
	uint64_t opcap[DSA_OPCAP_QWORDS];
	uint32_t grpcfg_off, wqcfg_off, wqcfg_stride;
	unsigned int max_wqs, max_groups, max_engines, total_wq_size;
	unsigned int max_xfer_shift, max_batch_shift;
};

static inline bool
dsa_caps_has_op(const struct dsa_caps *caps, unsigned int op)
{
	return (caps->opcap[DSA_OPCAP_QW_OF(op)] & DSA_OPCAP_BIT_OF(op)) != 0;
}

/* Descriptor flags that keep an op's destination writes in the CPU cache, if it can */
static inline uint32_t
dsa_caps_dest_cache_flags(const struct dsa_caps *caps)
{
	return (caps->gencap & DSA_GENCAP_CACHE_CTRL_MEM) ? IDXD_OP_FLAG_CC : 0;
}

/* The configuration the driver gives one WQ */
struct dsa_wq {
	uint16_t size;
	uint16_t threshold;
	bool shared;
	bool configured;   /* owned by this driver instance */
	uint8_t priority;
	uint8_t group;
	uint8_t users;     /* dmadevs created on it */
	uint8_t max_batch_shift;
	uint8_t max_xfer_shift;
	struct dsa_portal portal; /* template; each dmadev copies it */
	char kname[16];    /* kernel WQ: "wq0.1" */
};

struct dsa_device {
	char name[40];
	struct rte_device *rte_dev;          /* what EAL probed (the dmadevs' parent) */
	const struct dsa_reg_ops *regs;      /* NULL for kernel WQs */
	const struct dsa_backend_ops *ops;
	void *priv;                          /* backend state */
	struct dsa_caps caps;
	enum dsa_addr_mode addr_mode;        /* SVA or IOVA (never AUTO here) */
	int numa_node;
	unsigned int nb_wqs;                 /* WQs in use, index into wq[] */
	unsigned int nb_engines, nb_groups;
	struct dsa_wq wq[DSA_DEVARGS_MAX_WQS];
	unsigned int nb_dmadevs;             /* dmadevs still open */
	/* bumped by every device reset: work sent before it is lost */
	volatile uint32_t generation;
	rte_spinlock_t cmd_lock;             /* one command at a time */
	rte_spinlock_t recover_lock;         /* one recovery at a time (dsa_hw_recover) */
	/* what secondary processes share (dsa_mp.c); NULL: primary only */
	struct dsa_mp_dev *mp;
	struct dsa_device *next_probed;      /* dsa_probed.c's list */
};

/* dsa_hw_config.c: configuration for devices that expose registers */
int dsa_hw_read_caps(struct dsa_device *dev);
int dsa_hw_plan(struct dsa_device *dev, const struct dsa_devargs *args);
int dsa_hw_configure(struct dsa_device *dev);
int dsa_hw_shutdown(struct dsa_device *dev);
int dsa_hw_wq_enable(struct dsa_device *dev, unsigned int wq);
int dsa_hw_wq_disable(struct dsa_device *dev, unsigned int wq);
int dsa_hw_wq_drain(struct dsa_device *dev, unsigned int wq);
const char *dsa_hw_wq_state_name(struct dsa_device *dev, unsigned int wq);
bool dsa_hw_halted(struct dsa_device *dev);
int dsa_hw_recover(struct dsa_device *dev);
const char *dsa_cmd_err_name(unsigned int code);

/* dsa_dmadev.c: dmadevs on the WQs of a device */
int dsa_dmadevs_create(struct dsa_device *dev);
int dsa_dmadevs_destroy(struct dsa_device *dev);
/* in a secondary process: the primary's dmadevs of DEV, seen from RTE_DEV */
int dsa_dmadevs_attach(struct dsa_device *dev, struct rte_device *rte_dev);

/* Failed jobs are counted by rte_dma_status_code; ERROR_UNKNOWN (0x100) and
 * any code past PAGE_FAULT share the last slot */
#define DSA_STATUS_KINDS (RTE_DMA_STATUS_PAGE_FAULT + 2)

static inline unsigned int
dsa_status_kind(enum rte_dma_status_code code)
{
	return code <= RTE_DMA_STATUS_PAGE_FAULT ? (unsigned int)code : DSA_STATUS_KINDS - 1;
}

/* Job counters of a dmadev, cleared by rte_dma_stats_reset and vchan setup */
struct dsa_stats {
	uint64_t submitted, completed, errors;
	uint64_t failed[DSA_STATUS_KINDS]; /* errors by dsa_status_kind() */
};

/* Device events as one dmadev met them, kept for the dmadev's life */
struct dsa_events {
	uint64_t halts;             /* halts found (each counted once) */
	uint64_t recoveries;        /* resets by rte_dma_start that ended a halt */
	uint64_t recovery_failures; /* starts that found a halt and could not end it */
	uint64_t units_lost;        /* units without a record after a halt or reset */
};

/* A snapshot of one dmadev, for telemetry (dsa_telemetry.c) */
struct dsa_dmadev_snapshot {
	struct dsa_device *dev;
	unsigned int wq;
	const char *name;
	bool configured;           /* has a ring (vchan set up) */
	bool started;
	bool multi_user;
	bool batching;
	const char *submit;        /* how descriptors reach the WQ, by name */
	uint16_t ring_size, max_batch, wq_slots;
	uint16_t units_sent;       /* on the device, outcome not known yet */
	uint16_t units_held;       /* waiting for WQ room or a fence */
	struct dsa_stats stats;
	struct dsa_events events;
};

/*
 * Fill SNAP from dmadev DEV_ID; -ENODEV if that is not a DSA dmadev. Read from
 * another thread than the one using the dmadev: the counters may be a few
 * jobs old, never torn (aligned 64-bit words).
 */
int dsa_dmadev_snapshot(int16_t dev_id, struct dsa_dmadev_snapshot *snap);

#endif /* DSA_DEV_H */
