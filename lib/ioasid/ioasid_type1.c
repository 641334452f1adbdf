/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Legacy VFIO type1 backend. An IOAS is a VFIO container with the TYPE1v2
 * IOMMU; a device is its IOMMU group, placed in the container on attach.
 * VFIO gives a container its IOMMU only once a group is in it, so mappings
 * made before the first attach live in the core's table and are replayed
 * then (and again if the last group leaves and another comes).
 * Type1 knows no PASIDs and cannot move a group between containers while a
 * device file is open: PASID attach and replace are -EOPNOTSUPP.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "ioasid_private.h"

struct ioasid_type1_group {
	struct ioasid_type1_group *next;
	int number;
	int fd;
	unsigned int users;    /* open devices of the group */
	unsigned int attached; /* attached devices of the group */
	struct ioasid_ioas *ioas;
};

static int
open_container(struct ioasid_ctx *ctx, int *fdp)
{
	char path[PATH_MAX];
	int fd, rc;

	rc = ioasid_path(path, sizeof(path), ctx->dev_root, "vfio/vfio");
	if (rc < 0)
		return rc;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return ioasid_err(-errno, "cannot open %s: %s", path, strerror(errno));
	rc = ioctl(fd, VFIO_GET_API_VERSION);
	if (rc != VFIO_API_VERSION) {
		close(fd);
		return ioasid_err(-EOPNOTSUPP, "%s: VFIO API version %d, expected %d",
			path, rc, VFIO_API_VERSION);
	}
	if (ioctl(fd, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) <= 0) {
		close(fd);
		return ioasid_err(-EOPNOTSUPP, "%s: no VFIO TYPE1v2 IOMMU "
			"(vfio_iommu_type1 not loaded?)", path);
	}
	*fdp = fd;
	return 0;
}

/* The context only checks that type1 is usable; containers are per IOAS. */
static int
type1_ctx_open(struct ioasid_ctx *ctx)
{
	int fd, rc;

	rc = open_container(ctx, &fd);
	if (rc == 0)
		close(fd);
	return rc;
}

static int
type1_ioas_alloc(struct ioasid_ioas *ioas)
{
	return open_container(ioas->ctx, &ioas->fd);
}

static void
type1_ioas_free(struct ioasid_ioas *ioas)
{
	close(ioas->fd);
}

static int
dma_map(struct ioasid_ioas *ioas, const struct ioasid_mapping *m)
{
	struct vfio_iommu_type1_dma_map cmd = {
		.argsz = sizeof(cmd),
		.flags = ((m->perm & IOASID_MAP_READ) ? VFIO_DMA_MAP_FLAG_READ : 0) |
			((m->perm & IOASID_MAP_WRITE) ? VFIO_DMA_MAP_FLAG_WRITE : 0),
		.vaddr = (uintptr_t)m->va,
		.iova = m->iova,
		.size = m->len,
	};
	int rc;

	rc = ioasid_ioctl(ioas->fd, VFIO_IOMMU_MAP_DMA, &cmd);
	if (rc < 0)
		return ioasid_err(rc, "VFIO_IOMMU_MAP_DMA at IOVA 0x%llx: %s",
			(unsigned long long)m->iova, strerror(-rc));
	return 0;
}

static int
type1_ioas_map(struct ioasid_ioas *ioas, struct ioasid_mapping *m, bool fixed)
{
	(void)fixed; /* the core always chose the IOVA */
	return ioas->iommu_set ? dma_map(ioas, m) : 0;
}

static int
type1_ioas_unmap(struct ioasid_ioas *ioas, const struct ioasid_mapping *m)
{
	struct vfio_iommu_type1_dma_unmap cmd = {
		.argsz = sizeof(cmd),
		.iova = m->iova,
		.size = m->len,
	};
	int rc;

	if (!ioas->iommu_set)
		return 0;
	rc = ioasid_ioctl(ioas->fd, VFIO_IOMMU_UNMAP_DMA, &cmd);
	if (rc < 0)
		return ioasid_err(rc, "VFIO_IOMMU_UNMAP_DMA at IOVA 0x%llx: %s",
			(unsigned long long)m->iova, strerror(-rc));
	return 0;
}

static int
type1_ioas_ranges(struct ioasid_ioas *ioas, struct ioasid_iova_range **r,
		size_t *nr, uint64_t *alignment)
{
	size_t n = ioas->iommu_set ? ioas->nr_ranges : 1;

	*r = malloc(n * sizeof(**r));
	if (*r == NULL)
		return ioasid_err(-ENOMEM, "out of memory");
	if (ioas->iommu_set)
		memcpy(*r, ioas->ranges, n * sizeof(**r));
	else
		(*r)[0] = (struct ioasid_iova_range){ 0, UINT64_MAX };
	*nr = n;
	*alignment = ioas->iommu_set ? ioas->alignment : IOASID_PAGE_SIZE;
	return 0;
}

/* Reads the container's IOVA ranges and page sizes (VFIO_IOMMU_GET_INFO). */
static int
read_iommu_info(struct ioasid_ioas *ioas)
{
	struct vfio_iommu_type1_info *info;
	struct vfio_iommu_type1_info_cap_iova_range *cap;
	struct vfio_info_cap_header *hdr;
	uint32_t size = sizeof(*info), off, i;
	int rc;

	for (;;) {
		info = calloc(1, size);
		if (info == NULL)
			return ioasid_err(-ENOMEM, "out of memory");
		info->argsz = size;
		rc = ioasid_ioctl(ioas->fd, VFIO_IOMMU_GET_INFO, info);
		if (rc < 0 || info->argsz <= size)
			break;
		size = info->argsz;
		free(info);
	}
	if (rc < 0) {
		free(info);
		return ioasid_err(rc, "VFIO_IOMMU_GET_INFO: %s", strerror(-rc));
	}
	ioas->alignment = (info->flags & VFIO_IOMMU_INFO_PGSIZES) && info->iova_pgsizes ?
		info->iova_pgsizes & -info->iova_pgsizes : IOASID_PAGE_SIZE;
	free(ioas->ranges);
	ioas->ranges = NULL;
	ioas->nr_ranges = 0;
	off = (info->flags & VFIO_IOMMU_INFO_CAPS) ? info->cap_offset : 0;
	while (off != 0 && off + sizeof(*hdr) <= size) {
		hdr = (struct vfio_info_cap_header *)((uint8_t *)info + off);
		if (hdr->id == VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE) {
			cap = (struct vfio_iommu_type1_info_cap_iova_range *)hdr;
			ioas->ranges = calloc(cap->nr_iovas ? cap->nr_iovas : 1,
				sizeof(*ioas->ranges));
			if (ioas->ranges == NULL)
				break;
			for (i = 0; i < cap->nr_iovas; i++)
				ioas->ranges[i] = (struct ioasid_iova_range){
					cap->iova_ranges[i].start, cap->iova_ranges[i].end };
			ioas->nr_ranges = cap->nr_iovas;
		}
		off = hdr->next;
	}
	free(info);
	if (ioas->ranges == NULL) {
		/* Kernels before 5.4 report no ranges: assume the whole space. */
		ioas->ranges = malloc(sizeof(*ioas->ranges));
		if (ioas->ranges == NULL)
			return ioasid_err(-ENOMEM, "out of memory");
		ioas->ranges[0] = (struct ioasid_iova_range){ 0, UINT64_MAX };
		ioas->nr_ranges = 1;
	}
	return 0;
}

/* Gives the container its IOMMU and replays the recorded mappings. */
static int
set_iommu(struct ioasid_ioas *ioas)
{
	size_t i, j;
	int rc;

	rc = ioasid_ioctl(ioas->fd, VFIO_SET_IOMMU, (void *)(uintptr_t)VFIO_TYPE1v2_IOMMU);
	if (rc < 0)
		return ioasid_err(rc, "VFIO_SET_IOMMU(TYPE1v2): %s", strerror(-rc));
	ioas->iommu_set = true;
	rc = read_iommu_info(ioas);
	for (i = 0; rc == 0 && i < ioas->nr_maps; i++) {
		const struct ioasid_mapping *m = &ioas->maps[i];
		bool inside = false;

		for (j = 0; j < ioas->nr_ranges; j++)
			inside |= ioas->ranges[j].start <= m->iova &&
				m->iova + m->len - 1 <= ioas->ranges[j].last;
		if (!inside)
			rc = ioasid_err(-ERANGE, "mapping at IOVA 0x%llx is outside the "
				"IOMMU's usable ranges", (unsigned long long)m->iova);
		else
			rc = dma_map(ioas, m);
	}
	return rc;
}

static struct ioasid_type1_group *
find_group(struct ioasid_ctx *ctx, int number)
{
	struct ioasid_type1_group *g;

	for (g = ctx->groups; g != NULL; g = g->next)
		if (g->number == number)
			return g;
	return NULL;
}

static int
open_group(struct ioasid_ctx *ctx, int number, struct ioasid_type1_group **gp)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	struct ioasid_type1_group *g;
	char path[PATH_MAX];
	int fd, rc;

	rc = ioasid_path(path, sizeof(path), ctx->dev_root, "vfio/%d", number);
	if (rc < 0)
		return rc;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return ioasid_err(-errno, "cannot open %s: %s (is the device bound to "
			"vfio-pci?)", path, strerror(errno));
	rc = ioasid_ioctl(fd, VFIO_GROUP_GET_STATUS, &st);
	if (rc == 0 && !(st.flags & VFIO_GROUP_FLAGS_VIABLE))
		rc = ioasid_err(-EBUSY, "IOMMU group %d is not viable: bind every "
			"device in it to vfio-pci", number);
	else if (rc < 0)
		rc = ioasid_err(rc, "%s: VFIO_GROUP_GET_STATUS: %s", path, strerror(-rc));
	g = rc == 0 ? calloc(1, sizeof(*g)) : NULL;
	if (rc == 0 && g == NULL)
		rc = ioasid_err(-ENOMEM, "out of memory");
	if (rc < 0) {
		close(fd);
		return rc;
	}
	g->number = number;
	g->fd = fd;
	g->next = ctx->groups;
	ctx->groups = g;
	*gp = g;
	return 0;
}

static int
type1_device_open(struct ioasid_device *dev)
{
	struct ioasid_type1_group *g;
	int number, rc;

	rc = ioasid_sysfs_iommu_group(dev->ctx, dev->pci_addr, &number);
	if (rc < 0)
		return rc;
	g = find_group(dev->ctx, number);
	if (g == NULL) {
		rc = open_group(dev->ctx, number, &g);
		if (rc < 0)
			return rc;
	}
	g->users++;
	dev->group = g;
	return 0;
}

static void
type1_device_close(struct ioasid_device *dev)
{
	struct ioasid_type1_group *g = dev->group, **pp;

	if (--g->users > 0)
		return;
	for (pp = &dev->ctx->groups; *pp != g; pp = &(*pp)->next)
		;
	*pp = g->next;
	close(g->fd);
	free(g);
}

static int
type1_pasid_check(struct ioasid_device *dev, uint32_t pasid)
{
	(void)pasid;
	return ioasid_err(-EOPNOTSUPP, "%s: VFIO type1 has no PASID attach; use "
		"the iommufd backend", dev->name);
}

static int
group_join(struct ioasid_type1_group *g, struct ioasid_ioas *ioas)
{
	int rc;

	rc = ioasid_ioctl(g->fd, VFIO_GROUP_SET_CONTAINER, &ioas->fd);
	if (rc < 0)
		return ioasid_err(rc, "IOMMU group %d: VFIO_GROUP_SET_CONTAINER: %s",
			g->number, strerror(-rc));
	if (!ioas->iommu_set) {
		rc = set_iommu(ioas);
		if (rc < 0) {
			ioasid_ioctl(g->fd, VFIO_GROUP_UNSET_CONTAINER, NULL);
			ioas->iommu_set = false;
			return rc;
		}
	}
	g->ioas = ioas;
	return 0;
}

/* Whether any other group still holds the container (and its IOMMU). */
static bool
container_in_use(struct ioasid_ctx *ctx, const struct ioasid_ioas *ioas)
{
	struct ioasid_type1_group *g;

	for (g = ctx->groups; g != NULL; g = g->next)
		if (g->ioas == ioas)
			return true;
	return false;
}

static void
group_leave(struct ioasid_ctx *ctx, struct ioasid_type1_group *g)
{
	struct ioasid_ioas *ioas = g->ioas;

	ioasid_ioctl(g->fd, VFIO_GROUP_UNSET_CONTAINER, NULL);
	g->ioas = NULL;
	/* The last group out takes the IOMMU, and its mappings, with it. */
	if (!container_in_use(ctx, ioas))
		ioas->iommu_set = false;
}

static int
type1_attach(struct ioasid_device *dev, uint32_t pasid, struct ioasid_ioas *ioas,
		struct ioasid_ioas *old)
{
	struct ioasid_type1_group *g = dev->group;
	int rc;

	(void)pasid; /* type1_pasid_check refused PASIDs already */
	if (old != NULL)
		return ioasid_err(-EOPNOTSUPP, "%s: VFIO type1 cannot replace an "
			"attachment; detach, then attach", dev->name);
	if (g->ioas != NULL && g->ioas != ioas)
		return ioasid_err(-EBUSY, "%s: its IOMMU group %d is attached to another "
			"address space; type1 attaches whole groups", dev->name, g->number);
	if (g->ioas == NULL) {
		rc = group_join(g, ioas);
		if (rc < 0)
			return rc;
	}
	dev->fd = ioctl(g->fd, VFIO_GROUP_GET_DEVICE_FD, dev->pci_addr);
	if (dev->fd < 0) {
		rc = ioasid_err(-errno, "%s: VFIO_GROUP_GET_DEVICE_FD: %s", dev->name,
			strerror(errno));
		if (g->attached == 0)
			group_leave(dev->ctx, g);
		return rc;
	}
	g->attached++;
	return 0;
}

static int
type1_detach(struct ioasid_device *dev, uint32_t pasid, struct ioasid_ioas *ioas)
{
	struct ioasid_type1_group *g = dev->group;

	(void)pasid;
	(void)ioas;
	/* The group can leave its container only with no device file open. */
	close(dev->fd);
	dev->fd = -1;
	if (--g->attached == 0)
		group_leave(dev->ctx, g);
	return 0;
}

static int
type1_hw_info(struct ioasid_device *dev, struct ioasid_hw_info *info)
{
	(void)info;
	return ioasid_err(-EOPNOTSUPP, "%s: VFIO type1 reports no IOMMU hardware "
		"information; use the iommufd backend", dev->name);
}

const struct ioasid_backend_ops ioasid_type1_ops = {
	.backend = IOASID_BACKEND_TYPE1,
	.ctx_open = type1_ctx_open,
	.ioas_alloc = type1_ioas_alloc,
	.ioas_free = type1_ioas_free,
	.kernel_allocates_iova = false,
	.ioas_map = type1_ioas_map,
	.ioas_unmap = type1_ioas_unmap,
	.ioas_ranges = type1_ioas_ranges,
	.device_open_pci = type1_device_open,
	.device_close = type1_device_close,
	.device_pasid_check = type1_pasid_check,
	.device_attach = type1_attach,
	.device_detach = type1_detach,
	.device_hw_info = type1_hw_info,
};
