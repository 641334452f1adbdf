/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Register-level software model of an Intel DSA device.
 *
 * The model exposes what the hardware exposes and nothing more:
 *  - BAR0 MMIO read/write callbacks (32- and 64-bit),
 *  - BAR2 portal writes (MOVDIR64B, ENQCMD, ENQCMDS),
 *  - DMA through an IOMMU translate callback (never a raw pointer),
 *  - completion interrupts as eventfds,
 *  - the PCI-level state the device sees (bus master, PASID enables).
 * A driver configures and uses it exactly as it would a real device, through
 * dsa_hw.h and <linux/idxd.h>. Fault injection and counters are for tests and
 * benchmarks; none of them lets a driver bypass the register interface.
 *
 * All functions are thread-safe. Functions returning int return 0 or a
 * negative errno; constructors return NULL and set errno.
 */
#ifndef DSA_MODEL_H
#define DSA_MODEL_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct dsa_model;

/* ---- Capabilities ---- */

enum dsa_model_preset {
	/* Sapphire/Emerald Rapids DSA 1.0: the values observed on real parts */
	DSA_MODEL_PRESET_SPR,
	/* A DSA 2.0 part: VERSION 0x200, per-WQ op_config, 64-B WQCFG stride,
	 * CMDCAP with interrupt-handle commands, translation fetch */
	DSA_MODEL_PRESET_DSA2,
};

/* The read-only capability registers; any of them may differ from a preset. */
struct dsa_model_caps {
	uint32_t version;         /* VERSION */
	uint64_t gencap;          /* GENCAP */
	uint64_t wqcap;           /* WQCAP: total size, WQ count, WQCFG stride... */
	uint64_t grpcap;          /* GRPCAP */
	uint64_t engcap;          /* ENGCAP */
	uint64_t opcap[4];        /* OPCAP: bit n = opcode n */
	uint32_t cmdcap;          /* CMDCAP, meaningful only with GENCAP.CMD_CAP */
	uint64_t table_offset[2]; /* TABLE_OFFSET, in 0x100-byte units */
	unsigned int num_msix;    /* MSI-X vectors (0: number of WQs + 1) */
};

/* Fill @caps with the values of @preset. Returns 0 or -EINVAL. */
int dsa_model_caps_preset(enum dsa_model_preset preset, struct dsa_model_caps *caps);

/* ---- DMA: the IOMMU seen by the device ---- */

#define DSA_MODEL_DMA_READ  1u
#define DSA_MODEL_DMA_WRITE 2u
#define DSA_MODEL_NO_PASID  UINT32_MAX

/*
 * Translate @iova in address space @pasid (DSA_MODEL_NO_PASID: untagged
 * requests) for @access (DSA_MODEL_DMA_READ and/or _WRITE).
 * Returns 0 with *host = host address of @iova and *contig = number of bytes
 * from @iova (1..@len) mapped contiguously with that permission;
 * -EFAULT if @iova is unmapped; -EACCES if it lacks the permission.
 * Called concurrently from the engine threads.
 */
typedef int (*dsa_model_translate_fn)(void *opaque, uint64_t iova, uint64_t len,
				      unsigned int access, uint32_t pasid, void **host,
				      uint64_t *contig);

/* Identity translator: IOVA = process virtual address (SVA); opaque unused.
 * Page 0, never mapped in a process, faults. */
int dsa_model_translate_identity(void *opaque, uint64_t iova, uint64_t len,
				 unsigned int access, uint32_t pasid, void **host,
				 uint64_t *contig);

/*
 * A small explicit IOMMU: mappings iova -> (host, len, access) per PASID
 * (DSA_MODEL_NO_PASID for untagged DMA). Use dsa_model_iommu_translate as the
 * callback with the dsa_model_iommu as opaque.
 */
struct dsa_model_iommu;
struct dsa_model_iommu *dsa_model_iommu_create(void);
void dsa_model_iommu_destroy(struct dsa_model_iommu *mmu);
/* -EINVAL on len 0, wrap-around or no access; -EEXIST on overlap; -ENOMEM. */
int dsa_model_iommu_map(struct dsa_model_iommu *mmu, uint32_t pasid, uint64_t iova,
			void *host, uint64_t len, unsigned int access);
/* Removes the mapping that starts at @iova with length @len; -ENOENT if none. */
int dsa_model_iommu_unmap(struct dsa_model_iommu *mmu, uint32_t pasid, uint64_t iova,
			  uint64_t len);
int dsa_model_iommu_translate(void *opaque, uint64_t iova, uint64_t len,
			      unsigned int access, uint32_t pasid, void **host,
			      uint64_t *contig);

/* ---- Creation ---- */

/*
 * Behaviour the fact sheet leaves unverified. dsa_model_params_init() sets
 * the defaults given here; doc/model.md explains each choice.
 */
struct dsa_model_quirks {
	/* Batch descriptor count 1 is an error (0x14). Default true. */
	bool batch_count1_error;
	/* Status of a BATCH or DRAIN found inside a batch. Default 0x10. */
	uint8_t batch_nested_status;
	/* SWERR code when MOVDIR64B hits a full dedicated WQ (descriptor
	 * dropped). Default DSA_MODEL_SWERR_WQ_FULL. */
	uint8_t dwq_overflow_swerr;
	/* SWERR code when a portal write cannot be accepted for another
	 * reason (WQ disabled, wrong instruction for the WQ mode, device not
	 * enabled). Default DSA_MODEL_SWERR_PORTAL. */
	uint8_t portal_misuse_swerr;
	/* A dedicated-WQ entry is freed when its descriptor completes (true,
	 * default) or as soon as an engine takes it (false). */
	bool dwq_free_at_completion;
	/* Compare-pattern reports the first difference rounded down to 8 B
	 * (DML's model). Default true. */
	bool compval_offset_8b;
	/* Status of a CREATE DELTA whose record overflows max size (result 2).
	 * Default 0x01 (success). */
	uint8_t delta_overflow_status;
	/* BOF flag on a WQ without block-on-fault enabled is an invalid flag
	 * (0x11). Default true. */
	bool bof_needs_wq_bof;
	/* The delta record address (create: @40, apply: @16) must be 8-B
	 * aligned like the data (0x1C). Default false: DML checks only the
	 * data addresses, and resuming a create delta moves the record
	 * address by the record size, a multiple of 10. */
	bool delta_record_align8;
	/* DIF ops, result byte of a DIF error (0x09): the bit each error
	 * sets. Defaults: guard 0x01, app tag 0x02, ref tag 0x04, all-F
	 * detected 0x08 (DML's values). 0 is refused (EINVAL). */
	uint8_t dif_status_guard, dif_status_app, dif_status_ref, dif_status_all_f;
	/* Bytes completed at a DIF error include the failing block (true) or
	 * stop before it (false, default, DML's description). */
	bool dif_error_counts_block;
	/* An all-F tuple with all-F detect set and the error not enabled
	 * skips the block's checks (true, default), or is checked like any
	 * other tuple (false, DML's software path). */
	bool dif_all_f_skips;
	/* DIF insert with a pass-through destination flag (there is no source
	 * tuple to pass) is a non-zero reserved field, 0x12 (true, default),
	 * or the flag is ignored (false). */
	bool dif_insert_pass_rsvd;
};

/* SWERR codes chosen by the model where no source gives one (unverified). */
#define DSA_MODEL_SWERR_WQ_FULL 0x53
#define DSA_MODEL_SWERR_PORTAL  0x54

struct dsa_model_params {
	enum dsa_model_preset preset;
	const struct dsa_model_caps *caps; /* NULL: the preset's capabilities */
	/* Engine threads; 0: min(ENGCAP engines, CPUs they may run on). Each
	 * hardware engine e is executed by thread e % threads. More threads
	 * than engines: EINVAL. */
	unsigned int engine_threads;
	/* CPUs the engine threads may run on (affinity); NULL: the creating
	 * thread's. An empty set, a CPU the system does not have, or a set the
	 * process may not use at all: EINVAL. */
	const cpu_set_t *engine_cpus;
	dsa_model_translate_fn translate; /* NULL: dsa_model_translate_identity */
	void *translate_opaque;
	struct dsa_model_quirks quirks;
	/* Microseconds an idle engine thread polls before sleeping; 0: default
	 * (20 us). Threads never burn CPU while all their WQs stay empty. */
	unsigned int idle_spin_us;
	/* Full fences on both sides of the model's internal handshakes, as
	 * when membarrier(2) is missing (to test that path); slower portals. */
	bool full_fences;
};

/* Defaults: SPR preset, identity translator, quirk defaults above. */
void dsa_model_params_init(struct dsa_model_params *p);

/*
 * Create a device in the state after a cold reset: disabled, configuration
 * registers at their reset values, bus master enabled, PASID and privileged
 * mode disabled. NULL with errno (EINVAL for inconsistent caps, ENOMEM...).
 */
struct dsa_model *dsa_model_create(const struct dsa_model_params *p);
/* Stops the engines; in-flight descriptors complete first. NULL is a no-op. */
void dsa_model_destroy(struct dsa_model *m);

/* Capabilities in use (after preset and overrides). */
void dsa_model_get_caps(const struct dsa_model *m, struct dsa_model_caps *caps);
/* BAR size in bytes (0 for a BAR the device does not implement). */
uint64_t dsa_model_bar_size(const struct dsa_model *m, unsigned int bar);
unsigned int dsa_model_engine_threads(const struct dsa_model *m);

/* ---- BAR0 MMIO (offsets within BAR0; 4- or 8-byte aligned) ---- */

uint32_t dsa_model_mmio_read32(struct dsa_model *m, uint64_t off);
uint64_t dsa_model_mmio_read64(struct dsa_model *m, uint64_t off);
void dsa_model_mmio_write32(struct dsa_model *m, uint64_t off, uint32_t v);
void dsa_model_mmio_write64(struct dsa_model *m, uint64_t off, uint64_t v);

/* ---- BAR2 portals: @bar2_off selects WQ, limited/unlimited, MSI-X/IMS ---- */

/* MOVDIR64B: posted, no feedback. A descriptor that the WQ cannot take is
 * dropped and recorded in SWERR. */
void dsa_model_movdir64b(struct dsa_model *m, uint64_t bar2_off, const void *desc64);
/* ENQCMD: PASID field replaced by @pasid (IA32_PASID), priv 0.
 * Returns 0 if accepted, 1 if refused (ZF=1: retry). */
int dsa_model_enqcmd(struct dsa_model *m, uint64_t bar2_off, const void *desc64,
		     uint32_t pasid);
/* ENQCMDS: PASID and priv taken from the descriptor. 0 accepted, 1 refused. */
int dsa_model_enqcmds(struct dsa_model *m, uint64_t bar2_off, const void *desc64);
/* Portal reads return all ones, as in Intel's vDSA. */
uint64_t dsa_model_portal_read64(struct dsa_model *m, uint64_t bar2_off);

/* ---- PCI-level state ---- */

/* Clearing bus master while the device is enabled halts it (SWERR 0x51). */
void dsa_model_set_bus_master(struct dsa_model *m, bool enable);
void dsa_model_set_pasid_enable(struct dsa_model *m, bool enable);
void dsa_model_set_priv_mode_enable(struct dsa_model *m, bool enable);
/* Function-level reset: leaves any halt state and resets every register. */
void dsa_model_flr(struct dsa_model *m);

/* ---- Interrupts ---- */

/* Signal @eventfd (write of 1) when MSI-X @vector fires; -1 detaches.
 * Vector 0 is the misc vector. -EINVAL for a vector beyond the table. */
int dsa_model_set_irq_eventfd(struct dsa_model *m, unsigned int vector, int eventfd);

/* ---- Fault injection (tests) ---- */

/* DMA that touches [iova, iova+len) in @pasid for @access faults, until
 * removed. Up to 8 ranges. -ENOSPC when full, -EINVAL on len 0. */
int dsa_model_inject_fault_range(struct dsa_model *m, uint32_t pasid, uint64_t iova,
				 uint64_t len, unsigned int access);
int dsa_model_remove_fault_range(struct dsa_model *m, uint32_t pasid, uint64_t iova);
/* The next data descriptor executed faults after @bytes of its transfer, on
 * its source (DSA_MODEL_DMA_READ) or destination (DSA_MODEL_DMA_WRITE). */
int dsa_model_inject_fault_after(struct dsa_model *m, uint64_t bytes, unsigned int access);
/* From now on, every @period-th data descriptor that reads a source
 * (DSA_MODEL_DMA_READ) or writes a destination (DSA_MODEL_DMA_WRITE) faults
 * after @bytes of its transfer, as with dsa_model_inject_fault_after. Every
 * data operation counts (batch members included) except delta create/apply;
 * one shorter than @bytes counts but completes. @period 0 stops it.
 * -EINVAL on a bad @access. */
int dsa_model_inject_fault_every(struct dsa_model *m, uint64_t period, uint64_t bytes,
				 unsigned int access);
/* The next @count descriptors (batch members included) complete with
 * @status without executing. @status must be an error status (>= 0x03). */
int dsa_model_inject_desc_error(struct dsa_model *m, uint8_t status, unsigned int count);
/* Engine thread @thread sleeps @usec before its next descriptor. */
int dsa_model_inject_engine_stall(struct dsa_model *m, unsigned int thread, uint64_t usec);
/* Halt the device: GENSTS halted with @reset_type (DSA_RESET_*), INTCAUSE
 * halt, misc interrupt if enabled. Queued descriptors are lost. */
int dsa_model_inject_halt(struct dsa_model *m, unsigned int reset_type);
/* Remove every pending injection. */
void dsa_model_clear_injections(struct dsa_model *m);

/* ---- Introspection (tests, benchmarks) ---- */

struct dsa_model_wq_stats {
	uint64_t submitted;   /* descriptors accepted by the portal */
	uint64_t executed;    /* descriptors executed, batch members included */
	uint64_t batches;     /* batch descriptors processed */
	uint64_t dropped;     /* MOVDIR64B descriptors dropped */
	uint64_t refused;     /* ENQCMD/ENQCMDS refusals */
};
int dsa_model_wq_stats(struct dsa_model *m, unsigned int wq, struct dsa_model_wq_stats *st);

#ifdef __cplusplus
}
#endif

#endif /* DSA_MODEL_H */
