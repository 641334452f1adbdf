/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device arguments of the DSA driver, for every way of taking a device.
 * One parser (dsa_devargs.c) turns "key=value,..." into struct dsa_devargs;
 * each backend states which keys it accepts.
 */
#ifndef DSA_DEVARGS_H
#define DSA_DEVARGS_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DSA_DEVARGS_MAX_WQS 64
#define DSA_DEVARGS_ERRLEN 256

/* Which backend parses: a key is accepted only by the backends listed for it */
enum dsa_backend_kind {
	DSA_BACKEND_MODEL = 1 << 0, /* software model, as a vdev */
	DSA_BACKEND_PCI = 1 << 1,   /* PCI device through libioasid */
	DSA_BACKEND_KWQ = 1 << 2,   /* kernel-configured user WQs */
};

/* How the device sees the addresses it is given */
enum dsa_addr_mode {
	DSA_ADDR_AUTO = 0, /* backend default */
	DSA_ADDR_SVA,      /* process virtual addresses */
	DSA_ADDR_IOVA,     /* DPDK IOVAs through an IOMMU address space */
};

/* Per-WQ settings; 0 in a field means "driver default" */
struct dsa_wq_args {
	uint16_t size;        /* entries; 0 = equal share of what is left */
	uint16_t threshold;   /* shared WQ only; 0 = size - 1 (at least 1) */
	uint8_t shared;       /* 1 = shared mode (ENQCMD), 0 = dedicated */
	uint8_t priority;     /* 1-15; 0 = default */
	int16_t group;        /* -1 = round robin over groups */
	uint8_t users;        /* dmadevs (lcores) on this WQ; >1 needs shared */
	uint32_t max_batch;   /* descriptors per batch, power of two; 0 = device max */
};

struct dsa_devargs {
	unsigned int backend;       /* enum dsa_backend_kind of the parser */
	unsigned int nb_wqs;        /* 0 = backend default */
	unsigned int nb_engines;    /* 0 = all */
	unsigned int nb_groups;     /* 0 = min(groups, engines, wqs) */
	int numa_node;              /* -1 = unknown / caller's socket */
	enum dsa_addr_mode addr_mode;
	struct dsa_wq_args wq[DSA_DEVARGS_MAX_WQS];
	/* model */
	char preset[16];            /* "spr" or "dsa2" */
	unsigned int threads;       /* model: engine threads; 0 = model default */
	/* model: every Nth data descriptor faults (dsa_model_inject_fault_every) */
	unsigned int fault_every;   /* 0 = no injected faults */
	unsigned int fault_offset;  /* bytes into the buffer where the fault hits */
	bool fault_on_src;          /* the source buffer faults, else the destination */
	bool fault_placed;          /* fault_on or fault_offset given */
	bool engine_cpus_set;       /* model: engine_cpus given */
	cpu_set_t engine_cpus;      /* model: CPUs of the engine threads */
	/* PCI */
	char iommu[16];             /* "auto", "iommufd", "type1", "emulated" */
	char pci[32];               /* PCI address of the function; "" = none given */
	/* PCI with iommu=emulated: IDs the model behind the emulated device shows */
	uint16_t emu_vendor_id, emu_device_id; /* 0 = a DSA (8086:0b25) */
	/* kernel WQs */
	char wq_prefix[64];         /* WQ name prefix filter; "" = any user WQ */
	char wq_name[32];           /* one WQ, e.g. "wq0.1"; "" = all matching */
	char submit[16];            /* "auto", "portal", "write" */
};

/*
 * Parse ARGS (may be NULL or empty) for BACKEND into OUT.
 * Returns 0, or -EINVAL with a message naming the key and value in ERR.
 */
int dsa_devargs_parse(const char *args, unsigned int backend,
		struct dsa_devargs *out, char *err, size_t errlen);

#endif /* DSA_DEVARGS_H */
