/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef IOASID_PRIVATE_H
#define IOASID_PRIVATE_H

/* Objects shared by the core and the backends; not installed. */

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>

#include "ioasid.h"

#define IOASID_PAGE_SIZE 4096u
#define IOASID_PCI_ADDR_LEN 16 /* "dddd:bb:dd.f" + NUL, rounded up */

/* One IOVA mapping; va is where the memory is in this process. */
struct ioasid_mapping {
	uint64_t iova;
	uint64_t len;
	uint8_t *va;
	unsigned int perm;   /* IOASID_MAP_READ | IOASID_MAP_WRITE */
	bool owns_va;        /* va is a file mapping made by map_file */
	bool native_file;    /* mapped with IOMMU_IOAS_MAP_FILE */
};

struct ioasid_ioas {
	struct ioasid_ctx *ctx;
	struct ioasid_ioas *next;
	/* Guards maps for ioasid_device_dma_translate (readers) against
	 * map/unmap (writers, which also hold ctx->lock). */
	pthread_rwlock_t lock;
	struct ioasid_mapping *maps; /* sorted by iova, never overlapping */
	size_t nr_maps;
	size_t cap_maps;
	unsigned int nr_attached; /* device attachments (any PASID) */
	uint32_t id;              /* iommufd IOAS id */
	int fd;                   /* type1 container */
	bool iommu_set;           /* type1: container has its IOMMU */
	struct ioasid_iova_range *ranges; /* type1: usable ranges once known */
	size_t nr_ranges;
	uint64_t alignment;
};

struct ioasid_attachment {
	uint32_t pasid; /* IOASID_NO_PASID for requests without PASID */
	struct ioasid_ioas *ioas;
};

struct ioasid_type1_group;

struct ioasid_device {
	struct ioasid_ctx *ctx;
	struct ioasid_device *next;
	char name[64];
	char pci_addr[IOASID_PCI_ADDR_LEN]; /* "" for emulated devices */
	int fd;          /* VFIO device file, -1 when none */
	uint32_t dev_id; /* iommufd device id */
	unsigned int pasid_bits; /* emulated: PASID width, 0 = none */
	/* Guards att for translation (readers) against attach/detach. */
	pthread_rwlock_t lock;
	struct ioasid_attachment *att;
	size_t nr_att;
	size_t cap_att;
	atomic_uint_fast64_t faults;
	struct ioasid_type1_group *group; /* type1 */
	/* emulated: regions served by the device model (size 0 = none) */
	struct ioasid_emulated_region regions[IOASID_EMULATED_MAX_REGIONS];
	int (*reset)(void *opaque); /* emulated: function-level reset, or NULL */
	void *reset_opaque;
};

/* Operations marked optional may be NULL: nothing to do beyond the core. */
struct ioasid_backend_ops {
	enum ioasid_backend backend;
	int (*ctx_open)(struct ioasid_ctx *ctx);          /* optional */
	void (*ctx_close)(struct ioasid_ctx *ctx);        /* optional */
	int (*ioas_alloc)(struct ioasid_ioas *ioas);      /* optional */
	void (*ioas_free)(struct ioasid_ioas *ioas);      /* optional */
	/* The kernel picks IOVAs itself (map with m->iova as output). */
	bool kernel_allocates_iova;
	int (*ioas_map)(struct ioasid_ioas *ioas, struct ioasid_mapping *m,
			bool fixed);                      /* optional */
	/* Optional: map a file natively; -EOPNOTSUPP makes the core fall back. */
	int (*ioas_map_file)(struct ioasid_ioas *ioas, struct ioasid_mapping *m,
			int fd, uint64_t offset, bool fixed);
	int (*ioas_unmap)(struct ioasid_ioas *ioas,
			const struct ioasid_mapping *m);  /* optional */
	/* Usable ranges in a malloc'ed array the caller frees. */
	int (*ioas_ranges)(struct ioasid_ioas *ioas, struct ioasid_iova_range **r,
			size_t *nr, uint64_t *alignment);
	int (*device_open_pci)(struct ioasid_device *dev); /* optional */
	void (*device_close)(struct ioasid_device *dev);   /* optional */
	/* Checks a PASID attach is possible before any state changes. */
	int (*device_pasid_check)(struct ioasid_device *dev, uint32_t pasid);
	/* Optional. old is the current IOAS of a replacement, else NULL. */
	int (*device_attach)(struct ioasid_device *dev, uint32_t pasid,
			struct ioasid_ioas *ioas, struct ioasid_ioas *old);
	int (*device_detach)(struct ioasid_device *dev, uint32_t pasid,
			struct ioasid_ioas *ioas);        /* optional */
	int (*device_hw_info)(struct ioasid_device *dev, struct ioasid_hw_info *info);
};

struct ioasid_ctx {
	const struct ioasid_backend_ops *ops;
	pthread_mutex_t lock; /* serialises control operations */
	char sysfs_root[PATH_MAX];
	char dev_root[PATH_MAX];
	int fd; /* /dev/iommu */
	struct ioasid_ioas *ioases;
	struct ioasid_device *devices;
	struct ioasid_type1_group *groups;
};

extern const struct ioasid_backend_ops ioasid_iommufd_ops;
extern const struct ioasid_backend_ops ioasid_type1_ops;
extern const struct ioasid_backend_ops ioasid_emulated_ops;

/* Record a failure message and return err (a negative errno). */
int ioasid_err(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* First free IOVA for va/len in the usable ranges (ioasid_ioas.c). */
int ioasid_ioas_find_free_iova(struct ioasid_ioas *ioas, uintptr_t va,
		uint64_t len, uint64_t *iova);
/* Translate one access through an IOAS's table (caller holds no lock). */
int ioasid_ioas_translate(struct ioasid_ioas *ioas, uint64_t iova, uint64_t len,
		unsigned int access, void **host, uint64_t *contig);

/* Regions of an emulated device (ioasid_emulated.c). */
int ioasid_emu_region_info(struct ioasid_device *dev, unsigned int index,
		struct ioasid_region_info *info);
int ioasid_emu_region_rw(struct ioasid_device *dev, unsigned int index,
		uint64_t offset, void *buf, size_t len, bool write);
int ioasid_emu_reset(struct ioasid_device *dev);

/* sysfs and /dev helpers (ioasid_sysfs.c). */
int ioasid_pci_addr_normalize(const char *in, char out[IOASID_PCI_ADDR_LEN]);
int ioasid_sysfs_vfio_cdev(const struct ioasid_ctx *ctx, const char *pci_addr,
		char *path, size_t size);
int ioasid_sysfs_iommu_group(const struct ioasid_ctx *ctx, const char *pci_addr,
		int *group);
int ioasid_path(char *buf, size_t size, const char *root, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Makes room for one more element in an array that translations read under
 * lock: the new array is filled outside it and swapped in under it. */
int ioasid_array_grow(void **array, size_t *cap, size_t nr, size_t elem_size,
		pthread_rwlock_t *lock);

/* Retry an ioctl interrupted by a signal; returns 0 or -errno. */
int ioasid_ioctl(int fd, unsigned long req, void *arg);

#endif /* IOASID_PRIVATE_H */
