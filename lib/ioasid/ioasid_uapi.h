/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef IOASID_UAPI_H
#define IOASID_UAPI_H

/*
 * Kernel uAPI that older installed headers lack, written from the published
 * ABI (include/uapi/linux/iommufd.h and vfio.h of Linux 6.2 .. 6.14).
 * Each block is guarded by a definition its system counterpart introduces,
 * so an installed header that has it always wins. The build probes which
 * structure fields the system headers have (IOASID_SYS_* in ioasid_config.h);
 * IOASID_HAVE_* below tells the code what it may use.
 *
 * Kernel versions: iommufd 6.2; IOMMU_GET_HW_INFO and the VFIO device cdev
 * 6.6; PASID width in GET_HW_INFO and PASID attach 6.13/6.14;
 * IOMMU_IOAS_MAP_FILE 6.14.
 */

#include <linux/ioctl.h>
#include <linux/types.h>
#include <linux/vfio.h>

#include "ioasid_config.h"

#if __has_include(<linux/iommufd.h>)
#include <linux/iommufd.h>
#endif

#ifndef IOMMU_IOAS_ALLOC
/* iommufd core (Linux 6.2): objects, IOAS, map/unmap, usable ranges. */
#define IOMMUFD_TYPE (';')
#define IOMMU_DESTROY _IO(IOMMUFD_TYPE, 0x80)
#define IOMMU_IOAS_ALLOC _IO(IOMMUFD_TYPE, 0x81)
#define IOMMU_IOAS_IOVA_RANGES _IO(IOMMUFD_TYPE, 0x84)
#define IOMMU_IOAS_MAP _IO(IOMMUFD_TYPE, 0x85)
#define IOMMU_IOAS_UNMAP _IO(IOMMUFD_TYPE, 0x86)

enum iommufd_ioas_map_flags {
	IOMMU_IOAS_MAP_FIXED_IOVA = 1 << 0,
	IOMMU_IOAS_MAP_WRITEABLE = 1 << 1,
	IOMMU_IOAS_MAP_READABLE = 1 << 2,
};

struct iommu_destroy {
	__u32 size;
	__u32 id;
};

struct iommu_ioas_alloc {
	__u32 size;
	__u32 flags;
	__u32 out_ioas_id;
};

struct iommu_iova_range {
	__aligned_u64 start;
	__aligned_u64 last;
};

struct iommu_ioas_iova_ranges {
	__u32 size;
	__u32 ioas_id;
	__u32 num_iovas;
	__u32 __reserved;
	__aligned_u64 allowed_iovas;
	__aligned_u64 out_iova_alignment;
};

struct iommu_ioas_map {
	__u32 size;
	__u32 flags;
	__u32 ioas_id;
	__u32 __reserved;
	__aligned_u64 user_va;
	__aligned_u64 length;
	__aligned_u64 iova;
};

struct iommu_ioas_unmap {
	__u32 size;
	__u32 ioas_id;
	__aligned_u64 iova;
	__aligned_u64 length;
};
#endif /* IOMMU_IOAS_ALLOC */

#ifndef IOMMU_GET_HW_INFO
/* IOMMU hardware information (Linux 6.6; PASID width and caps 6.13). */
#define IOMMU_GET_HW_INFO _IO(IOMMUFD_TYPE, 0x8a)
#define IOASID_SYS_HW_INFO_PASID 1

enum iommu_hw_info_type {
	IOMMU_HW_INFO_TYPE_NONE = 0,
	IOMMU_HW_INFO_TYPE_INTEL_VTD = 1,
	IOMMU_HW_INFO_TYPE_ARM_SMMUV3 = 2,
};

struct iommu_hw_info_vtd {
	__u32 flags;
	__u32 __reserved;
	__aligned_u64 cap_reg;
	__aligned_u64 ecap_reg;
};

struct iommu_hw_info {
	__u32 size;
	__u32 flags;
	__u32 dev_id;
	__u32 data_len;
	__aligned_u64 data_uptr;
	__u32 out_data_type;
	__u8 out_max_pasid_log2;
	__u8 __reserved[3];
	__aligned_u64 out_capabilities;
};
#endif /* IOMMU_GET_HW_INFO */

#ifndef IOMMU_IOAS_MAP_FILE
/* Map a memfd/hugetlbfs file (Linux 6.14). */
#define IOMMU_IOAS_MAP_FILE _IO(IOMMUFD_TYPE, 0x8f)

struct iommu_ioas_map_file {
	__u32 size;
	__u32 flags;
	__u32 ioas_id;
	__s32 fd;
	__aligned_u64 start;
	__aligned_u64 length;
	__aligned_u64 iova;
};
#endif /* IOMMU_IOAS_MAP_FILE */

#ifndef VFIO_DEVICE_BIND_IOMMUFD
/* VFIO device cdev bound to an iommufd (Linux 6.6; PASID fields 6.13). */
#define VFIO_DEVICE_BIND_IOMMUFD _IO(VFIO_TYPE, VFIO_BASE + 18)
#define VFIO_DEVICE_ATTACH_IOMMUFD_PT _IO(VFIO_TYPE, VFIO_BASE + 19)
#define VFIO_DEVICE_DETACH_IOMMUFD_PT _IO(VFIO_TYPE, VFIO_BASE + 20)
#define VFIO_DEVICE_ATTACH_PASID (1 << 0)
#define VFIO_DEVICE_DETACH_PASID (1 << 0)
#define IOASID_SYS_VFIO_PASID 1

struct vfio_device_bind_iommufd {
	__u32 argsz;
	__u32 flags;
	__s32 iommufd;
	__u32 out_devid;
};

struct vfio_device_attach_iommufd_pt {
	__u32 argsz;
	__u32 flags;
	__u32 pt_id;
	__u32 pasid;
};

struct vfio_device_detach_iommufd_pt {
	__u32 argsz;
	__u32 flags;
	__u32 pasid;
};
#endif /* VFIO_DEVICE_BIND_IOMMUFD */

/* What the code may use, whichever header provided it. */
#if defined(IOASID_SYS_HW_INFO_PASID)
#define IOASID_HAVE_HW_INFO_PASID 1
#endif
#if defined(IOASID_SYS_VFIO_PASID) || defined(VFIO_DEVICE_ATTACH_PASID)
#define IOASID_HAVE_VFIO_PASID 1
#endif

#endif /* IOASID_UAPI_H */
