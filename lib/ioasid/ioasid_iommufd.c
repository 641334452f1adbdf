/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * iommufd backend: the context is /dev/iommu, an IOAS is an iommufd IOAS
 * object, a device is its VFIO cdev bound to the iommufd, and attachments
 * are VFIO_DEVICE_ATTACH_IOMMUFD_PT (with a PASID when one is given).
 */

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ioasid_private.h"
#include "ioasid_uapi.h"

/* Bytes of a structure up to and including a member. */
#define SIZE_THROUGH(type, member) \
	((uint32_t)(offsetof(type, member) + sizeof(((type *)0)->member)))

static int
fd_err(int rc, const char *what, const char *obj)
{
	return ioasid_err(rc, "%s: %s: %s", obj, what, strerror(-rc));
}

static int
iommufd_ctx_open(struct ioasid_ctx *ctx)
{
	char path[PATH_MAX];
	int rc;

	rc = ioasid_path(path, sizeof(path), ctx->dev_root, "iommu");
	if (rc < 0)
		return rc;
	ctx->fd = open(path, O_RDWR | O_CLOEXEC);
	if (ctx->fd < 0)
		return ioasid_err(-errno, "cannot open %s: %s (iommufd needs Linux 6.2 "
			"with CONFIG_IOMMUFD)", path, strerror(errno));
	return 0;
}

static void
iommufd_ctx_close(struct ioasid_ctx *ctx)
{
	close(ctx->fd);
}

static int
iommufd_ioas_alloc(struct ioasid_ioas *ioas)
{
	struct iommu_ioas_alloc cmd = { .size = sizeof(cmd) };
	int rc;

	rc = ioasid_ioctl(ioas->ctx->fd, IOMMU_IOAS_ALLOC, &cmd);
	if (rc < 0)
		return fd_err(rc, "IOMMU_IOAS_ALLOC", "iommufd");
	ioas->id = cmd.out_ioas_id;
	return 0;
}

static void
iommufd_ioas_free(struct ioasid_ioas *ioas)
{
	struct iommu_destroy cmd = { .size = sizeof(cmd), .id = ioas->id };

	ioasid_ioctl(ioas->ctx->fd, IOMMU_DESTROY, &cmd);
}

static uint32_t
map_flags(const struct ioasid_mapping *m, bool fixed)
{
	return (fixed ? IOMMU_IOAS_MAP_FIXED_IOVA : 0) |
		((m->perm & IOASID_MAP_READ) ? IOMMU_IOAS_MAP_READABLE : 0) |
		((m->perm & IOASID_MAP_WRITE) ? IOMMU_IOAS_MAP_WRITEABLE : 0);
}

static int
iommufd_ioas_map(struct ioasid_ioas *ioas, struct ioasid_mapping *m, bool fixed)
{
	struct iommu_ioas_map cmd = {
		.size = sizeof(cmd),
		.flags = map_flags(m, fixed),
		.ioas_id = ioas->id,
		.user_va = (uintptr_t)m->va,
		.length = m->len,
		.iova = m->iova,
	};
	int rc;

	rc = ioasid_ioctl(ioas->ctx->fd, IOMMU_IOAS_MAP, &cmd);
	if (rc < 0)
		return fd_err(rc, "IOMMU_IOAS_MAP", "iommufd");
	m->iova = cmd.iova;
	return 0;
}

static int
iommufd_ioas_map_file(struct ioasid_ioas *ioas, struct ioasid_mapping *m, int fd,
		uint64_t offset, bool fixed)
{
	struct iommu_ioas_map_file cmd = {
		.size = sizeof(cmd),
		.flags = map_flags(m, fixed),
		.ioas_id = ioas->id,
		.fd = fd,
		.start = offset,
		.length = m->len,
		.iova = m->iova,
	};
	int rc;

	rc = ioasid_ioctl(ioas->ctx->fd, IOMMU_IOAS_MAP_FILE, &cmd);
	/* Kernels before 6.14 do not know the command: let the core fall back. */
	if (rc == -ENOTTY || rc == -EOPNOTSUPP)
		return -EOPNOTSUPP;
	if (rc < 0)
		return fd_err(rc, "IOMMU_IOAS_MAP_FILE", "iommufd");
	m->iova = cmd.iova;
	return 0;
}

static int
iommufd_ioas_unmap(struct ioasid_ioas *ioas, const struct ioasid_mapping *m)
{
	struct iommu_ioas_unmap cmd = {
		.size = sizeof(cmd),
		.ioas_id = ioas->id,
		.iova = m->iova,
		.length = m->len,
	};
	int rc;

	rc = ioasid_ioctl(ioas->ctx->fd, IOMMU_IOAS_UNMAP, &cmd);
	if (rc < 0)
		return fd_err(rc, "IOMMU_IOAS_UNMAP", "iommufd");
	return 0;
}

static int
iommufd_ioas_ranges(struct ioasid_ioas *ioas, struct ioasid_iova_range **r,
		size_t *nr, uint64_t *alignment)
{
	struct iommu_ioas_iova_ranges cmd = { .size = sizeof(cmd), .ioas_id = ioas->id };
	struct iommu_iova_range *kr = NULL;
	size_t i;
	int rc;

	/* Ask for the count first; the set can change (an attach adds
	 * reserved regions), so retry until the buffer is big enough. */
	for (;;) {
		rc = ioasid_ioctl(ioas->ctx->fd, IOMMU_IOAS_IOVA_RANGES, &cmd);
		if (rc != -EMSGSIZE)
			break;
		free(kr);
		kr = calloc(cmd.num_iovas, sizeof(*kr));
		if (kr == NULL)
			return ioasid_err(-ENOMEM, "out of memory");
		cmd.allowed_iovas = (uintptr_t)kr;
	}
	if (rc < 0) {
		free(kr);
		return fd_err(rc, "IOMMU_IOAS_IOVA_RANGES", "iommufd");
	}
	*r = malloc((cmd.num_iovas ? cmd.num_iovas : 1) * sizeof(**r));
	if (*r == NULL) {
		free(kr);
		return ioasid_err(-ENOMEM, "out of memory");
	}
	for (i = 0; i < cmd.num_iovas; i++)
		(*r)[i] = (struct ioasid_iova_range){ kr[i].start, kr[i].last };
	free(kr);
	*nr = cmd.num_iovas;
	*alignment = cmd.out_iova_alignment;
	return 0;
}

static int
iommufd_device_open(struct ioasid_device *dev)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	char path[PATH_MAX];
	int rc;

	rc = ioasid_sysfs_vfio_cdev(dev->ctx, dev->pci_addr, path, sizeof(path));
	if (rc < 0)
		return rc;
	dev->fd = open(path, O_RDWR | O_CLOEXEC);
	if (dev->fd < 0)
		return ioasid_err(-errno, "%s: cannot open %s: %s", dev->name, path,
			strerror(errno));
	bind.iommufd = dev->ctx->fd;
	rc = ioasid_ioctl(dev->fd, VFIO_DEVICE_BIND_IOMMUFD, &bind);
	if (rc < 0) {
		close(dev->fd);
		dev->fd = -1;
		return ioasid_err(rc, "%s: VFIO_DEVICE_BIND_IOMMUFD on %s: %s",
			dev->name, path, strerror(-rc));
	}
	dev->dev_id = bind.out_devid;
	return 0;
}

static void
iommufd_device_close(struct ioasid_device *dev)
{
	/* Closing the cdev unbinds it from the iommufd. */
	close(dev->fd);
	dev->fd = -1;
}

static int
get_hw_info(struct ioasid_device *dev, struct iommu_hw_info *cmd,
		struct iommu_hw_info_vtd *vtd)
{
	int rc;

	memset(vtd, 0, sizeof(*vtd));
	*cmd = (struct iommu_hw_info){
		.size = sizeof(*cmd),
		.dev_id = dev->dev_id,
		.data_len = sizeof(*vtd),
		.data_uptr = (uintptr_t)vtd,
	};
	rc = ioasid_ioctl(dev->ctx->fd, IOMMU_GET_HW_INFO, cmd);
	if (rc < 0)
		return ioasid_err(rc, "%s: IOMMU_GET_HW_INFO: %s (needs Linux 6.6)",
			dev->name, strerror(-rc));
	return 0;
}

static int
iommufd_hw_info(struct ioasid_device *dev, struct ioasid_hw_info *info)
{
	struct iommu_hw_info_vtd vtd;
	struct iommu_hw_info cmd;
	int rc;

	rc = get_hw_info(dev, &cmd, &vtd);
	if (rc < 0)
		return rc;
	switch (cmd.out_data_type) {
	case IOMMU_HW_INFO_TYPE_INTEL_VTD:
		info->type = IOASID_HW_INFO_INTEL_VTD;
		info->vtd.cap_reg = vtd.cap_reg;
		info->vtd.ecap_reg = vtd.ecap_reg;
		break;
	case IOMMU_HW_INFO_TYPE_ARM_SMMUV3:
		info->type = IOASID_HW_INFO_ARM_SMMUV3;
		break;
	default:
		info->type = IOASID_HW_INFO_NONE;
		break;
	}
#ifdef IOASID_HAVE_HW_INFO_PASID
	info->max_pasid_log2 = cmd.out_max_pasid_log2;
	info->capabilities = cmd.out_capabilities;
#endif
	return 0;
}

static int
iommufd_pasid_check(struct ioasid_device *dev, uint32_t pasid)
{
#if defined(IOASID_HAVE_HW_INFO_PASID) && defined(IOASID_HAVE_VFIO_PASID)
	struct iommu_hw_info_vtd vtd;
	struct iommu_hw_info cmd;
	int rc;

	rc = get_hw_info(dev, &cmd, &vtd);
	if (rc < 0)
		return rc;
	if (cmd.out_max_pasid_log2 == 0)
		return ioasid_err(-EOPNOTSUPP, "%s does not support PASID (no PCI PASID "
			"capability enabled behind a PASID-capable IOMMU)", dev->name);
	if (pasid >> cmd.out_max_pasid_log2)
		return ioasid_err(-EINVAL, "%s: PASID %u exceeds its %u-bit PASID width",
			dev->name, pasid, cmd.out_max_pasid_log2);
	return 0;
#else
	(void)pasid;
	return ioasid_err(-EOPNOTSUPP, "%s: PASID attach needs kernel headers with "
		"VFIO PASID attach and IOMMU_GET_HW_INFO PASID width", dev->name);
#endif
}

static int
iommufd_attach(struct ioasid_device *dev, uint32_t pasid, struct ioasid_ioas *ioas,
		struct ioasid_ioas *old)
{
	struct vfio_device_attach_iommufd_pt cmd = {
		.argsz = SIZE_THROUGH(struct vfio_device_attach_iommufd_pt, pt_id),
		.pt_id = ioas->id,
	};
	int rc;

	/* A second attach on an attached device or PASID is iommufd's
	 * replacement: the device switches without a blocked window. */
	(void)old;
#ifdef IOASID_HAVE_VFIO_PASID
	if (pasid != IOASID_NO_PASID) {
		cmd.argsz = SIZE_THROUGH(struct vfio_device_attach_iommufd_pt, pasid);
		cmd.flags = VFIO_DEVICE_ATTACH_PASID;
		cmd.pasid = pasid;
	}
#endif
	rc = ioasid_ioctl(dev->fd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &cmd);
	if (rc == -EINVAL && pasid != IOASID_NO_PASID)
		return ioasid_err(rc, "%s: PASID %u attach refused (EINVAL); the "
			"kernel needs VFIO PASID attach (Linux 6.14)", dev->name, pasid);
	if (rc < 0)
		return ioasid_err(rc, "%s: VFIO_DEVICE_ATTACH_IOMMUFD_PT to IOAS %u: %s",
			dev->name, ioas->id, strerror(-rc));
	return 0;
}

static int
iommufd_detach(struct ioasid_device *dev, uint32_t pasid, struct ioasid_ioas *ioas)
{
	struct vfio_device_detach_iommufd_pt cmd = {
		.argsz = SIZE_THROUGH(struct vfio_device_detach_iommufd_pt, flags),
	};
	int rc;

	(void)ioas;
#ifdef IOASID_HAVE_VFIO_PASID
	if (pasid != IOASID_NO_PASID) {
		cmd.argsz = SIZE_THROUGH(struct vfio_device_detach_iommufd_pt, pasid);
		cmd.flags = VFIO_DEVICE_DETACH_PASID;
		cmd.pasid = pasid;
	}
#endif
	rc = ioasid_ioctl(dev->fd, VFIO_DEVICE_DETACH_IOMMUFD_PT, &cmd);
	if (rc < 0)
		return ioasid_err(rc, "%s: VFIO_DEVICE_DETACH_IOMMUFD_PT: %s", dev->name,
			strerror(-rc));
	return 0;
}

const struct ioasid_backend_ops ioasid_iommufd_ops = {
	.backend = IOASID_BACKEND_IOMMUFD,
	.ctx_open = iommufd_ctx_open,
	.ctx_close = iommufd_ctx_close,
	.ioas_alloc = iommufd_ioas_alloc,
	.ioas_free = iommufd_ioas_free,
	.kernel_allocates_iova = true,
	.ioas_map = iommufd_ioas_map,
	.ioas_map_file = iommufd_ioas_map_file,
	.ioas_unmap = iommufd_ioas_unmap,
	.ioas_ranges = iommufd_ioas_ranges,
	.device_open_pci = iommufd_device_open,
	.device_close = iommufd_device_close,
	.device_pasid_check = iommufd_pasid_check,
	.device_attach = iommufd_attach,
	.device_detach = iommufd_detach,
	.device_hw_info = iommufd_hw_info,
};
