/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a VFIO device file offers, the same whether it came from the cdev
 * (iommufd) or from a group (type1): regions, config space, reset, eventfd
 * interrupts. An emulated device's regions go to its model's callbacks
 * (ioasid_emulated.c) instead.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "ioasid_private.h"

static int
need_fd(struct ioasid_device *dev, const char *what)
{
	if (dev == NULL)
		return ioasid_err(-EINVAL, "%s: NULL device", what);
	if (dev->fd >= 0)
		return 0;
	if (dev->pci_addr[0] == '\0')
		return ioasid_err(-EOPNOTSUPP, "%s: emulated device %s has no VFIO "
			"device file", what, dev->name);
	return ioasid_err(-ENOTCONN, "%s: %s has no VFIO device file until it is "
		"attached (type1)", what, dev->name);
}

/* A device of the emulated backend: its regions are model callbacks */
static bool
is_emulated(const struct ioasid_device *dev)
{
	return dev != NULL && dev->ctx->ops->backend == IOASID_BACKEND_EMULATED;
}

static int
region_info(struct ioasid_device *dev, unsigned int index,
		struct vfio_region_info *ri)
{
	int rc;

	*ri = (struct vfio_region_info){ .argsz = sizeof(*ri), .index = index };
	rc = ioasid_ioctl(dev->fd, VFIO_DEVICE_GET_REGION_INFO, ri);
	if (rc < 0)
		return ioasid_err(rc, "%s: region %u: VFIO_DEVICE_GET_REGION_INFO: %s",
			dev->name, index, strerror(-rc));
	return 0;
}

int
ioasid_device_region_info(struct ioasid_device *dev, unsigned int index,
		struct ioasid_region_info *info)
{
	struct vfio_region_info ri;
	int rc;

	if (info == NULL)
		return ioasid_err(-EINVAL, "region_info: NULL info");
	if (is_emulated(dev))
		return ioasid_emu_region_info(dev, index, info);
	rc = need_fd(dev, "region_info");
	if (rc == 0)
		rc = region_info(dev, index, &ri);
	if (rc < 0)
		return rc;
	info->flags = ((ri.flags & VFIO_REGION_INFO_FLAG_READ) ? IOASID_REGION_READ : 0) |
		((ri.flags & VFIO_REGION_INFO_FLAG_WRITE) ? IOASID_REGION_WRITE : 0) |
		((ri.flags & VFIO_REGION_INFO_FLAG_MMAP) ? IOASID_REGION_MMAP : 0);
	info->size = ri.size;
	info->offset = ri.offset;
	return 0;
}

/* Checks [offset, offset + len) lies in the region and returns its base. */
static int
region_span(struct ioasid_device *dev, unsigned int index, uint64_t offset,
		uint64_t len, uint32_t need, uint64_t *base)
{
	struct vfio_region_info ri;
	int rc;

	rc = region_info(dev, index, &ri);
	if (rc < 0)
		return rc;
	if (len == 0 || offset > ri.size || len > ri.size - offset)
		return ioasid_err(-EINVAL, "%s: 0x%llx+0x%llx is outside region %u "
			"(0x%llx bytes)", dev->name, (unsigned long long)offset,
			(unsigned long long)len, index, (unsigned long long)ri.size);
	if ((ri.flags & need) != need)
		return ioasid_err(-EACCES, "%s: region %u does not allow that access",
			dev->name, index);
	*base = ri.offset;
	return 0;
}

int
ioasid_device_region_mmap(struct ioasid_device *dev, unsigned int index,
		uint64_t offset, size_t len, int prot, void **addr)
{
	uint64_t base;
	void *p;
	int rc;

	if (addr == NULL)
		return ioasid_err(-EINVAL, "region_mmap: NULL addr");
	if (is_emulated(dev))
		return ioasid_err(-EOPNOTSUPP, "region_mmap: the regions of emulated "
			"device %s are not mappable", dev->name);
	rc = need_fd(dev, "region_mmap");
	if (rc == 0)
		rc = region_span(dev, index, offset, len, VFIO_REGION_INFO_FLAG_MMAP, &base);
	if (rc < 0)
		return rc;
	p = mmap(NULL, len, prot, MAP_SHARED, dev->fd, (off_t)(base + offset));
	if (p == MAP_FAILED)
		return ioasid_err(-errno, "%s: mmap of region %u: %s", dev->name, index,
			strerror(errno));
	*addr = p;
	return 0;
}

static int
region_rw(struct ioasid_device *dev, unsigned int index, uint64_t offset,
		void *buf, size_t len, bool write)
{
	uint32_t need = write ? VFIO_REGION_INFO_FLAG_WRITE : VFIO_REGION_INFO_FLAG_READ;
	uint64_t base;
	size_t done = 0;
	ssize_t n;
	int rc;

	if (buf == NULL)
		return ioasid_err(-EINVAL, "region access: NULL buffer");
	if (is_emulated(dev))
		return ioasid_emu_region_rw(dev, index, offset, buf, len, write);
	rc = need_fd(dev, write ? "region_write" : "region_read");
	if (rc == 0)
		rc = region_span(dev, index, offset, len, need, &base);
	if (rc < 0)
		return rc;
	while (done < len) {
		off_t pos = (off_t)(base + offset + done);

		if (write)
			n = pwrite(dev->fd, (const uint8_t *)buf + done, len - done, pos);
		else
			n = pread(dev->fd, (uint8_t *)buf + done, len - done, pos);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return ioasid_err(n < 0 ? -errno : -EIO, "%s: %s of region %u at "
				"0x%llx failed", dev->name, write ? "write" : "read", index,
				(unsigned long long)(offset + done));
		done += (size_t)n;
	}
	return 0;
}

int
ioasid_device_region_read(struct ioasid_device *dev, unsigned int index,
		uint64_t offset, void *buf, size_t len)
{
	return region_rw(dev, index, offset, buf, len, false);
}

int
ioasid_device_region_write(struct ioasid_device *dev, unsigned int index,
		uint64_t offset, const void *buf, size_t len)
{
	/* region_rw only reads from buf when writing. */
	return region_rw(dev, index, offset, (void *)(uintptr_t)buf, len, true);
}

int
ioasid_device_config_read(struct ioasid_device *dev, uint32_t offset, void *buf,
		size_t len)
{
	return region_rw(dev, IOASID_PCI_CONFIG_REGION, offset, buf, len, false);
}

int
ioasid_device_config_write(struct ioasid_device *dev, uint32_t offset,
		const void *buf, size_t len)
{
	return ioasid_device_region_write(dev, IOASID_PCI_CONFIG_REGION, offset, buf, len);
}

int
ioasid_device_reset(struct ioasid_device *dev)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	int rc;

	if (dev != NULL && is_emulated(dev))
		return ioasid_emu_reset(dev);
	rc = need_fd(dev, "reset");
	if (rc == 0)
		rc = ioasid_ioctl(dev->fd, VFIO_DEVICE_GET_INFO, &info);
	/* the kernel's own EINVAL would not say why */
	if (rc == 0 && !(info.flags & VFIO_DEVICE_FLAGS_RESET))
		return ioasid_err(-EOPNOTSUPP, "%s: VFIO_DEVICE_RESET: vfio-pci has no way to "
			"reset this function (no FLR, PM or bus reset it may use)", dev->name);
	if (rc == 0)
		rc = ioasid_ioctl(dev->fd, VFIO_DEVICE_RESET, NULL);
	if (rc < 0 && dev != NULL && dev->fd >= 0)
		return ioasid_err(rc, "%s: VFIO_DEVICE_RESET: %s", dev->name, strerror(-rc));
	return rc;
}

int
ioasid_device_irq_count(struct ioasid_device *dev, unsigned int index,
		uint32_t *count)
{
	struct vfio_irq_info ii = { .argsz = sizeof(ii), .index = index };
	int rc;

	if (count == NULL)
		return ioasid_err(-EINVAL, "irq_count: NULL count");
	rc = need_fd(dev, "irq_count");
	if (rc < 0)
		return rc;
	rc = ioasid_ioctl(dev->fd, VFIO_DEVICE_GET_IRQ_INFO, &ii);
	if (rc < 0)
		return ioasid_err(rc, "%s: interrupt index %u: VFIO_DEVICE_GET_IRQ_INFO: %s",
			dev->name, index, strerror(-rc));
	*count = ii.count;
	return 0;
}

int
ioasid_device_irq_set_eventfds(struct ioasid_device *dev, unsigned int index,
		uint32_t start, uint32_t count, const int *fds)
{
	struct vfio_irq_set *set;
	size_t size;
	int rc;

	if (count > 0 && fds == NULL)
		return ioasid_err(-EINVAL, "irq_set_eventfds: NULL eventfd array");
	if (count > 4096)
		return ioasid_err(-EINVAL, "irq_set_eventfds: %u vectors is too many", count);
	rc = need_fd(dev, "irq_set_eventfds");
	if (rc < 0)
		return rc;
	size = sizeof(*set) + (size_t)count * sizeof(int32_t);
	set = calloc(1, size);
	if (set == NULL)
		return ioasid_err(-ENOMEM, "out of memory");
	set->argsz = (uint32_t)size;
	set->index = index;
	set->start = start;
	set->count = count;
	set->flags = VFIO_IRQ_SET_ACTION_TRIGGER |
		(count ? VFIO_IRQ_SET_DATA_EVENTFD : VFIO_IRQ_SET_DATA_NONE);
	if (count > 0)
		memcpy(set->data, fds, (size_t)count * sizeof(int32_t));
	rc = ioasid_ioctl(dev->fd, VFIO_DEVICE_SET_IRQS, set);
	free(set);
	if (rc < 0)
		return ioasid_err(rc, "%s: interrupt index %u: VFIO_DEVICE_SET_IRQS: %s",
			dev->name, index, strerror(-rc));
	return 0;
}
