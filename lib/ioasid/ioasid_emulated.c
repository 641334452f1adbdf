/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Emulated IOMMU backend: the core's mapping table is the page table, and
 * ioasid_device_dma_translate is the IOMMU's translation. Nothing to tell a
 * kernel, so it leaves out every optional operation.
 */

#include <errno.h>
#include <stdlib.h>

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
