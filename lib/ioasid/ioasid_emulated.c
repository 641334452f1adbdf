/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated IOMMU backend: the core's mapping table is the page table, and
 * ioasid_device_dma_translate is the IOMMU's translation. Nothing to tell a
 * kernel, so it leaves out every optional operation. An emulated device's
 * regions are callbacks of its device model.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ioasid_private.h"

/* Usable IOVAs as an x86 IOMMU reports them: everything up to 48 bits
 * except the interrupt (MSI) window, which DMA cannot use. */
#define EMU_IOVA_LAST ((1ull << 48) - 1)
#define EMU_MSI_FIRST 0xfee00000ull
#define EMU_MSI_LAST 0xfeefffffull

static int
emu_ioas_ranges(struct ioasid_ioas *ioas, struct ioasid_iova_range **r, size_t *nr,
		uint64_t *alignment)
{
	(void)ioas;
	*r = malloc(2 * sizeof(**r));
	if (*r == NULL)
		return ioasid_err(-ENOMEM, "out of memory");
	(*r)[0] = (struct ioasid_iova_range){ 0, EMU_MSI_FIRST - 1 };
	(*r)[1] = (struct ioasid_iova_range){ EMU_MSI_LAST + 1, EMU_IOVA_LAST };
	*nr = 2;
	*alignment = IOASID_PAGE_SIZE;
	return 0;
}

static int
emu_pasid_check(struct ioasid_device *dev, uint32_t pasid)
{
	if (dev->pasid_bits == 0)
		return ioasid_err(-EOPNOTSUPP, "%s does not support PASID", dev->name);
	if (pasid >> dev->pasid_bits)
		return ioasid_err(-EINVAL, "%s: PASID %u exceeds its %u-bit PASID width",
			dev->name, pasid, dev->pasid_bits);
	return 0;
}

static int
emu_hw_info(struct ioasid_device *dev, struct ioasid_hw_info *info)
{
	info->type = IOASID_HW_INFO_EMULATED;
	info->max_pasid_log2 = (uint8_t)dev->pasid_bits;
	return 0;
}

const struct ioasid_backend_ops ioasid_emulated_ops = {
	.backend = IOASID_BACKEND_EMULATED,
	.kernel_allocates_iova = false,
	.ioas_ranges = emu_ioas_ranges,
	.device_pasid_check = emu_pasid_check,
	.device_hw_info = emu_hw_info,
};

/* 0 if @dev is an emulated device, else a failure naming the call @what */
static int
emulated_only(const struct ioasid_device *dev, const char *what)
{
	if (dev == NULL)
		return ioasid_err(-EINVAL, "%s: NULL device", what);
	if (dev->ctx->ops->backend != IOASID_BACKEND_EMULATED)
		return ioasid_err(-EOPNOTSUPP, "%s: %s is not an emulated device", what,
			dev->name);
	return 0;
}

int
ioasid_device_emulated_set_region(struct ioasid_device *dev, unsigned int index,
		const struct ioasid_emulated_region *region)
{
	int rc = emulated_only(dev, "emulated_set_region");

	if (rc < 0)
		return rc;
	if (index >= IOASID_EMULATED_MAX_REGIONS)
		return ioasid_err(-EINVAL, "%s: region index %u beyond the %u an emulated "
			"device has", dev->name, index, IOASID_EMULATED_MAX_REGIONS);
	if (region != NULL && region->size == 0)
		return ioasid_err(-EINVAL, "%s: region %u of size 0", dev->name, index);
	if (region == NULL)
		memset(&dev->regions[index], 0, sizeof(dev->regions[index]));
	else
		dev->regions[index] = *region;
	return 0;
}

/* The region, or NULL and a failure naming it if the model does not back it */
static const struct ioasid_emulated_region *
emu_region(struct ioasid_device *dev, unsigned int index, int *rc)
{
	if (index >= IOASID_EMULATED_MAX_REGIONS || dev->regions[index].size == 0) {
		*rc = ioasid_err(-EOPNOTSUPP, "%s: emulated device has no region %u",
			dev->name, index);
		return NULL;
	}
	return &dev->regions[index];
}

int
ioasid_emu_region_info(struct ioasid_device *dev, unsigned int index,
		struct ioasid_region_info *info)
{
	const struct ioasid_emulated_region *r;
	int rc = 0;

	r = emu_region(dev, index, &rc);
	if (r == NULL)
		return rc;
	info->flags = (r->read ? IOASID_REGION_READ : 0) |
		(r->write ? IOASID_REGION_WRITE : 0);
	info->size = r->size;
	info->offset = 0;
	return 0;
}

int
ioasid_emu_region_rw(struct ioasid_device *dev, unsigned int index, uint64_t offset,
		void *buf, size_t len, bool write)
{
	const struct ioasid_emulated_region *r;
	int rc = 0;

	r = emu_region(dev, index, &rc);
	if (r == NULL)
		return rc;
	if (len == 0 || offset > r->size || len > r->size - offset)
		return ioasid_err(-EINVAL, "%s: 0x%llx+0x%zx is outside region %u "
			"(0x%llx bytes)", dev->name, (unsigned long long)offset, len, index,
			(unsigned long long)r->size);
	if (write ? r->write == NULL : r->read == NULL)
		return ioasid_err(-EACCES, "%s: region %u does not allow that access",
			dev->name, index);
	rc = write ? r->write(r->opaque, offset, buf, len) : r->read(r->opaque, offset, buf, len);
	if (rc < 0)
		return ioasid_err(rc, "%s: the device model refused a %zu-byte %s of region "
			"%u at 0x%llx: %s", dev->name, len, write ? "write" : "read", index,
			(unsigned long long)offset, strerror(-rc));
	return 0;
}

int
ioasid_device_emulated_set_reset(struct ioasid_device *dev, int (*reset)(void *opaque),
		void *opaque)
{
	int rc = emulated_only(dev, "emulated_set_reset");

	if (rc < 0)
		return rc;
	dev->reset = reset;
	dev->reset_opaque = opaque;
	return 0;
}

int
ioasid_emu_reset(struct ioasid_device *dev)
{
	int rc;

	if (dev->reset == NULL)
		return ioasid_err(-EOPNOTSUPP, "reset: emulated device %s has no reset",
			dev->name);
	rc = dev->reset(dev->reset_opaque);
	if (rc < 0)
		return ioasid_err(rc, "%s: the device model's reset failed: %s", dev->name,
			strerror(-rc));
	return 0;
}
