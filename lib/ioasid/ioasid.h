/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef IOASID_H
#define IOASID_H

/**
 * @file
 * libioasid: user-space I/O address spaces.
 *
 * An I/O address space (IOAS) is an object of its own: created once in a
 * context, filled with mappings IOVA -> (process memory, length, permission),
 * and shared by any number of devices. A device is attached to an IOAS with
 * an explicit intent: for its requests without PASID, or for one explicit
 * PASID. The same API runs over three backends:
 *
 *  - iommufd + VFIO device cdev (/dev/iommu, /dev/vfio/devices/vfioN),
 *  - legacy VFIO type1 (container, group, TYPE1v2 IOMMU),
 *  - an emulated IOMMU for software device models (translation table with
 *    permissions, used by the model's DMA through ioasid_device_dma_translate).
 *
 * Errors: every function that can fail returns 0 (or a non-negative count)
 * on success and a negative errno value on failure, and records a message
 * that ioasid_last_error() returns in the same thread. The library never
 * exits or aborts. Objects are not reference counted: the caller closes
 * devices before the IOASes they use and everything before the context.
 *
 * Threading: control functions (map, unmap, attach, ...) of one context are
 * serialised by the context; ioasid_device_dma_translate may run in any
 * number of threads concurrently with them.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ioasid_ctx;
struct ioasid_ioas;
struct ioasid_device;

/** Backends. */
enum ioasid_backend {
	IOASID_BACKEND_AUTO = 0, /**< iommufd if usable, else VFIO type1 */
	IOASID_BACKEND_IOMMUFD,  /**< /dev/iommu + VFIO device cdev */
	IOASID_BACKEND_TYPE1,    /**< VFIO container/group, TYPE1v2 */
	IOASID_BACKEND_EMULATED, /**< software IOMMU for device models */
};

/** Environment variable that overrides automatic backend choice:
 * "iommufd", "type1", "emulated" or "auto". */
#define IOASID_ENV_BACKEND "IOASID_BACKEND"
/** Environment variables that relocate sysfs and /dev (for tests). */
#define IOASID_ENV_SYSFS_ROOT "IOASID_SYSFS_ROOT"
#define IOASID_ENV_DEV_ROOT "IOASID_DEV_ROOT"

/** Options of ioasid_ctx_open(); a NULL pointer means all defaults. */
struct ioasid_ctx_opts {
	/** Backend; AUTO lets IOASID_BACKEND or the device nodes decide. */
	enum ioasid_backend backend;
	/** sysfs mount point; NULL: $IOASID_SYSFS_ROOT or "/sys". */
	const char *sysfs_root;
	/** /dev directory; NULL: $IOASID_DEV_ROOT or "/dev". */
	const char *dev_root;
};

/** The message of the last failure in the calling thread ("" if none). */
const char *ioasid_last_error(void);

/** Name of a backend ("auto", "iommufd", "type1", "emulated"). */
const char *ioasid_backend_name(enum ioasid_backend backend);
/** Parse a backend name; -EINVAL if unknown. */
int ioasid_backend_parse(const char *name, enum ioasid_backend *backend);

/**
 * Resolve the backend that ioasid_ctx_open() would use for @p opts,
 * without opening it: an explicit backend wins, then $IOASID_BACKEND, then
 * iommufd when <dev>/iommu and <dev>/vfio/devices exist, then type1 when
 * <dev>/vfio/vfio exists. -ENODEV when nothing is usable.
 */
int ioasid_backend_resolve(const struct ioasid_ctx_opts *opts,
		enum ioasid_backend *backend);

/** Open a context (one backend instance). */
int ioasid_ctx_open(const struct ioasid_ctx_opts *opts, struct ioasid_ctx **ctx);
/** Close a context; -EBUSY (and nothing closed) while it has IOASes or devices. */
int ioasid_ctx_close(struct ioasid_ctx *ctx);
/** Backend of an open context. */
enum ioasid_backend ioasid_ctx_backend(const struct ioasid_ctx *ctx);

/* ---------------------------------------------------------------- IOAS */

/** Mapping permissions and flags. */
#define IOASID_MAP_READ 0x1u        /**< devices may read */
#define IOASID_MAP_WRITE 0x2u       /**< devices may write */
#define IOASID_MAP_FIXED_IOVA 0x4u  /**< use *iova as given; else the backend chooses */

/** A usable IOVA range, both ends inclusive. */
struct ioasid_iova_range {
	uint64_t start;
	uint64_t last;
};

/** Create an empty address space. */
int ioasid_ioas_alloc(struct ioasid_ctx *ctx, struct ioasid_ioas **ioas);
/** Destroy an address space and its mappings; -EBUSY while attached. */
int ioasid_ioas_free(struct ioasid_ioas *ioas);
/** Backend object id (iommufd IOAS id; 0 for other backends). */
uint32_t ioasid_ioas_id(const struct ioasid_ioas *ioas);

/**
 * Map @p len bytes of process memory at @p va. @p va, @p len and the IOVA
 * must be multiples of the IOAS alignment (see ioasid_ioas_iova_ranges).
 * With IOASID_MAP_FIXED_IOVA, *@p iova is the IOVA to use (-EEXIST if it
 * overlaps a mapping, -EINVAL if outside the usable ranges); otherwise the
 * backend chooses one and stores it in *@p iova (-ENOSPC if none fits).
 * At least one of READ and WRITE is required.
 */
int ioasid_ioas_map(struct ioasid_ioas *ioas, void *va, uint64_t len,
		uint64_t *iova, unsigned int flags);

/**
 * Map @p len bytes of file @p fd from @p offset (a memfd, a hugetlbfs file,
 * ...). Uses IOMMU_IOAS_MAP_FILE where the kernel has it (Linux 6.14);
 * otherwise the library maps the file into the process itself and keeps
 * that mapping for as long as the IOVA mapping lives. Flags as ioasid_ioas_map.
 */
int ioasid_ioas_map_file(struct ioasid_ioas *ioas, int fd, uint64_t offset,
		uint64_t len, uint64_t *iova, unsigned int flags);

/**
 * Unmap with iommufd's rules: the range [iova, iova + len) must cover every
 * mapping it touches completely (-ENOENT otherwise, and nothing is unmapped),
 * and must contain at least one mapping (-ENOENT); iova 0 with len UINT64_MAX
 * unmaps everything (and succeeds on an empty IOAS). len 0 is -EINVAL and a
 * range past 2^64 is -EOVERFLOW. *@p unmapped (if not NULL) gets the bytes
 * unmapped. When it returns, no device can reach the unmapped memory.
 */
int ioasid_ioas_unmap(struct ioasid_ioas *ioas, uint64_t iova, uint64_t len,
		uint64_t *unmapped);

/**
 * Usable IOVA ranges. On input *@p nr is the capacity of @p ranges; on
 * output the number of ranges. -EMSGSIZE (with *nr set) if too small.
 * *@p alignment (if not NULL) gets the required IOVA alignment. Under type1
 * the ranges are only known once a device is attached; before that the
 * whole 64-bit space is reported.
 */
int ioasid_ioas_iova_ranges(struct ioasid_ioas *ioas,
		struct ioasid_iova_range *ranges, size_t *nr, uint64_t *alignment);

/* -------------------------------------------------------------- device */

/** PASID value standing for "requests without PASID". */
#define IOASID_NO_PASID UINT32_MAX

/**
 * Open the PCI device @p pci_addr ("0000:00:03.0" or "00:03.0") through the
 * context's backend and bind it to the context: iommufd opens its VFIO cdev
 * (found through sysfs vfio-dev/) and binds it to /dev/iommu; type1 opens
 * its IOMMU group (which must be viable). The device must be bound to
 * vfio-pci. Under type1 the device's regions, config space, reset and
 * interrupts are usable once it is attached (VFIO hands out the device
 * file only to a group that sits in a container).
 */
int ioasid_device_open_pci(struct ioasid_ctx *ctx, const char *pci_addr,
		struct ioasid_device **dev);

/**
 * Create a device on the emulated backend, with no PCI behind it, for a
 * software device model. @p pasid_bits is the width of the PASIDs it
 * supports (1..20), or 0 for a device without PASID support.
 */
int ioasid_device_open_emulated(struct ioasid_ctx *ctx, const char *name,
		unsigned int pasid_bits, struct ioasid_device **dev);

/** Detach from everything, unbind and close. */
void ioasid_device_close(struct ioasid_device *dev);
/** Name: the PCI address, or the emulated device's name. */
const char *ioasid_device_name(const struct ioasid_device *dev);
/** iommufd device id (0 for other backends). */
uint32_t ioasid_device_dev_id(const struct ioasid_device *dev);

/** Attach the device's requests without PASID to @p ioas; -EBUSY if already attached. */
int ioasid_device_attach(struct ioasid_device *dev, struct ioasid_ioas *ioas);
/** Attach PASID @p pasid to @p ioas; -EOPNOTSUPP if the device or backend lacks PASID. */
int ioasid_device_attach_pasid(struct ioasid_device *dev, uint32_t pasid,
		struct ioasid_ioas *ioas);
/** Move an existing attachment to @p ioas without a window of blocked DMA. */
int ioasid_device_replace(struct ioasid_device *dev, struct ioasid_ioas *ioas);
int ioasid_device_replace_pasid(struct ioasid_device *dev, uint32_t pasid,
		struct ioasid_ioas *ioas);
/** Detach; afterwards the device's DMA is blocked. -ENOTCONN if not attached. */
int ioasid_device_detach(struct ioasid_device *dev);
int ioasid_device_detach_pasid(struct ioasid_device *dev, uint32_t pasid);
/** IOAS attached for @p pasid (IOASID_NO_PASID: without PASID), or NULL. */
struct ioasid_ioas *ioasid_device_attached_ioas(struct ioasid_device *dev,
		uint32_t pasid);

/** IOMMU hardware information types. */
enum ioasid_hw_info_type {
	IOASID_HW_INFO_NONE = 0,      /**< the IOMMU driver reports nothing */
	IOASID_HW_INFO_INTEL_VTD = 1, /**< vtd.cap_reg/ecap_reg are valid */
	IOASID_HW_INFO_ARM_SMMUV3 = 2,
	IOASID_HW_INFO_EMULATED = 0x100,
};

/** Capability bits of struct ioasid_hw_info (same values as iommufd). */
#define IOASID_HW_CAP_DIRTY_TRACKING 0x1u
#define IOASID_HW_CAP_PCI_PASID_EXEC 0x2u
#define IOASID_HW_CAP_PCI_PASID_PRIV 0x4u

/** What the IOMMU in front of a device can do. */
struct ioasid_hw_info {
	enum ioasid_hw_info_type type;
	/** PASID width usable by the device (0: no PASID), if the kernel says. */
	uint8_t max_pasid_log2;
	uint64_t capabilities; /**< IOASID_HW_CAP_* */
	struct {
		uint64_t cap_reg;  /**< VT-d Capability Register */
		uint64_t ecap_reg; /**< VT-d Extended Capability Register */
	} vtd;
};

/** IOMMU hardware info (iommufd: IOMMU_GET_HW_INFO); -EOPNOTSUPP on type1. */
int ioasid_device_hw_info(struct ioasid_device *dev, struct ioasid_hw_info *info);

/* VFIO PCI region and interrupt indexes (values of the VFIO uAPI). */
#define IOASID_PCI_BAR0_REGION 0u
#define IOASID_PCI_ROM_REGION 6u
#define IOASID_PCI_CONFIG_REGION 7u
#define IOASID_PCI_INTX_IRQ 0u
#define IOASID_PCI_MSI_IRQ 1u
#define IOASID_PCI_MSIX_IRQ 2u

#define IOASID_REGION_READ 0x1u
#define IOASID_REGION_WRITE 0x2u
#define IOASID_REGION_MMAP 0x4u

struct ioasid_region_info {
	uint32_t flags;  /**< IOASID_REGION_* */
	uint64_t size;   /**< bytes; 0 if the region does not exist */
	uint64_t offset; /**< offset in the device file */
};

int ioasid_device_region_info(struct ioasid_device *dev, unsigned int index,
		struct ioasid_region_info *info);
/** mmap @p len bytes of region @p index from @p offset; prot as mmap(2). */
int ioasid_device_region_mmap(struct ioasid_device *dev, unsigned int index,
		uint64_t offset, size_t len, int prot, void **addr);
/** Read/write @p len bytes of a region at @p offset (pread/pwrite). */
int ioasid_device_region_read(struct ioasid_device *dev, unsigned int index,
		uint64_t offset, void *buf, size_t len);
int ioasid_device_region_write(struct ioasid_device *dev, unsigned int index,
		uint64_t offset, const void *buf, size_t len);
/** PCI configuration space access (the config region). */
int ioasid_device_config_read(struct ioasid_device *dev, uint32_t offset,
		void *buf, size_t len);
int ioasid_device_config_write(struct ioasid_device *dev, uint32_t offset,
		const void *buf, size_t len);
/** Function-level reset (VFIO_DEVICE_RESET; an emulated device's reset callback). */
int ioasid_device_reset(struct ioasid_device *dev);
/** Number of vectors of interrupt index @p index (0: not supported). */
int ioasid_device_irq_count(struct ioasid_device *dev, unsigned int index,
		uint32_t *count);
/**
 * Route vectors [start, start + count) of interrupt @p index to eventfds
 * @p fds (-1 leaves a vector unrouted); count 0 disables the whole index.
 */
int ioasid_device_irq_set_eventfds(struct ioasid_device *dev, unsigned int index,
		uint32_t start, uint32_t count, const int *fds);

/* --------------------------------------------- emulated device regions */

/** Number of region indexes an emulated device can back (VFIO PCI: BAR0-5,
 * ROM, config, VGA). */
#define IOASID_EMULATED_MAX_REGIONS 9u

/**
 * A region of an emulated device, served by its software device model.
 * @p offset is within the region and [offset, offset + len) lies inside
 * @p size (the library checks). What an access of @p len bytes means is the
 * model's choice: a 4- or 8-byte register access, a 64-byte portal store
 * taken as one write, ... Callbacks return 0 or a negative errno, and may
 * run in any thread. A NULL callback makes that direction -EACCES.
 */
struct ioasid_emulated_region {
	uint64_t size;
	int (*read)(void *opaque, uint64_t offset, void *buf, size_t len);
	int (*write)(void *opaque, uint64_t offset, const void *buf, size_t len);
	void *opaque;
};

/**
 * Back region @p index of an emulated device with @p region (copied), so
 * that ioasid_device_region_info/_read/_write and _config_read/_write reach
 * the device model as they reach a VFIO device's regions. NULL removes the
 * region. Emulated regions are never mappable (ioasid_device_region_mmap is
 * -EOPNOTSUPP). Set regions before the device is in use: accesses do not
 * synchronise with this call. -EOPNOTSUPP for a device that is not emulated,
 * -EINVAL for an index beyond IOASID_EMULATED_MAX_REGIONS or size 0.
 */
int ioasid_device_emulated_set_region(struct ioasid_device *dev, unsigned int index,
		const struct ioasid_emulated_region *region);

/**
 * What ioasid_device_reset does to an emulated device: @p reset(@p opaque)
 * resets the device model as a function-level reset resets the function
 * (registers, config space), and returns 0 or a negative errno. NULL
 * removes it, and ioasid_device_reset is -EOPNOTSUPP again. Same rules as
 * ioasid_device_emulated_set_region.
 */
int ioasid_device_emulated_set_reset(struct ioasid_device *dev,
		int (*reset)(void *opaque), void *opaque);

/* ------------------------------------------------- emulated device DMA */

/** Access bits of ioasid_device_dma_translate. */
#define IOASID_DMA_READ 1u
#define IOASID_DMA_WRITE 2u

/**
 * Translate a DMA access of an emulated device, as its IOMMU would.
 * @p device is a struct ioasid_device * (void * so that it plugs into a
 * device model's translate callback). @p pasid selects the attachment
 * (IOASID_NO_PASID: requests without PASID). Returns 0 with *@p host the
 * host address of @p iova and *@p contig the number of bytes (1..@p len)
 * from @p iova mapped contiguously with the requested @p access; -EFAULT if
 * @p iova is unmapped or the device has no attachment for @p pasid; -EACCES
 * if mapped without the permission; -EINVAL for len 0, no access bit, or a
 * device that is not emulated. Thread-safe against map/unmap/detach: once
 * those return, no translation sees the old state.
 */
int ioasid_device_dma_translate(void *device, uint64_t iova, uint64_t len,
		unsigned int access, uint32_t pasid, void **host, uint64_t *contig);

/** Number of faults (failed translations) an emulated device has taken. */
uint64_t ioasid_device_fault_count(const struct ioasid_device *dev);

#ifdef __cplusplus
}
#endif

#endif /* IOASID_H */
