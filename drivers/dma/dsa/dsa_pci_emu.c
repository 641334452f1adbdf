/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test path of the PCI backend (iommu=emulated): the software model as a PCI
 * function behind libioasid's emulated IOMMU. Config space, BAR0 and BAR2
 * are regions of an emulated libioasid device whose callbacks reach the
 * model, and the model's DMA goes through ioasid_device_dma_translate, so an
 * address missing from the address space is a page fault. The config space
 * behaves as a function's after reset: memory space and bus master off until
 * the driver sets them; with memory space off, BAR reads return all ones and
 * writes are dropped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/pci_regs.h>

#include "dsa_dev.h"
#include "dsa_ioasid.h"
#include "dsa_model.h"
#include "dsa_model_bus.h"
#include "dsa_pci.h"

#define EMU_CFG_SIZE 256 /* conventional config space; no capabilities */
#define EMU_COMMAND_BITS (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)

struct dsa_pci_emu {
	struct dsa_model *model;
	uint8_t cfg[EMU_CFG_SIZE];  /* header as reset left it; COMMAND apart */
	uint16_t command;           /* written by the control thread, read by any */
};

static bool
memory_enabled(const struct dsa_pci_emu *e)
{
	return (__atomic_load_n(&e->command, __ATOMIC_ACQUIRE) & PCI_COMMAND_MEMORY) != 0;
}

static int
cfg_read(void *opaque, uint64_t off, void *buf, size_t len)
{
	const struct dsa_pci_emu *e = opaque;
	uint8_t cfg[EMU_CFG_SIZE];
	uint16_t cmd = __atomic_load_n(&e->command, __ATOMIC_ACQUIRE);

	memcpy(cfg, e->cfg, sizeof(cfg));
	memcpy(cfg + PCI_COMMAND, &cmd, sizeof(cmd));
	memcpy(buf, cfg + off, len);
	return 0;
}

/* Only COMMAND's memory-space and bus-master bits are writable here */
static int
cfg_write(void *opaque, uint64_t off, const void *buf, size_t len)
{
	struct dsa_pci_emu *e = opaque;
	uint16_t cmd = e->command;
	size_t i;

	for (i = 0; i < len; i++) {
		uint64_t at = off + i;

		if (at == PCI_COMMAND || at == PCI_COMMAND + 1)
			((uint8_t *)&cmd)[at - PCI_COMMAND] = ((const uint8_t *)buf)[i];
	}
	cmd &= EMU_COMMAND_BITS;
	__atomic_store_n(&e->command, cmd, __ATOMIC_RELEASE);
	dsa_model_set_bus_master(e->model, (cmd & PCI_COMMAND_MASTER) != 0);
	return 0;
}

static int
bar0_read(void *opaque, uint64_t off, void *buf, size_t len)
{
	struct dsa_pci_emu *e = opaque;
	uint64_t v64;
	uint32_t v32;

	if ((len != 4 && len != 8) || off % len != 0)
		return -EINVAL;
	if (!memory_enabled(e)) {
		memset(buf, 0xff, len); /* an unclaimed read */
		return 0;
	}
	if (len == 4) {
		v32 = dsa_model_mmio_read32(e->model, off);
		memcpy(buf, &v32, len);
	} else {
		v64 = dsa_model_mmio_read64(e->model, off);
		memcpy(buf, &v64, len);
	}
	return 0;
}

static int
bar0_write(void *opaque, uint64_t off, const void *buf, size_t len)
{
	struct dsa_pci_emu *e = opaque;
	uint64_t v64;
	uint32_t v32;

	if ((len != 4 && len != 8) || off % len != 0)
		return -EINVAL;
	if (!memory_enabled(e))
		return 0; /* dropped, as a posted write nobody claims */
	if (len == 4) {
		memcpy(&v32, buf, len);
		dsa_model_mmio_write32(e->model, off, v32);
	} else {
		memcpy(&v64, buf, len);
		dsa_model_mmio_write64(e->model, off, v64);
	}
	return 0;
}

static int
bar2_read(void *opaque, uint64_t off, void *buf, size_t len)
{
	struct dsa_pci_emu *e = opaque;
	uint64_t v = UINT64_MAX;

	if (len != sizeof(v) || off % len != 0)
		return -EINVAL;
	if (memory_enabled(e))
		v = dsa_model_portal_read64(e->model, off);
	memcpy(buf, &v, len);
	return 0;
}

/* A 64-byte write to a 64-byte slot is one MOVDIR64B store */
static int
bar2_write(void *opaque, uint64_t off, const void *buf, size_t len)
{
	struct dsa_pci_emu *e = opaque;

	if (len != DSA_DESC_SIZE || off % DSA_PORTAL_SLOT_SIZE != 0)
		return -EINVAL;
	if (memory_enabled(e))
		dsa_model_movdir64b(e->model, off, buf);
	return 0;
}

static void
init_config(struct dsa_pci_emu *e, const struct dsa_devargs *args)
{
	uint16_t vendor = args->emu_vendor_id ? args->emu_vendor_id : DSA_PCI_VENDOR_INTEL;
	uint16_t device = args->emu_vendor_id ? args->emu_device_id : DSA_PCI_DEVICE_SPR;
	uint32_t class_rev = (uint32_t)DSA_PCI_CLASS << 8;
	uint32_t bar = PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH;

	memcpy(e->cfg + PCI_VENDOR_ID, &vendor, sizeof(vendor));
	memcpy(e->cfg + PCI_DEVICE_ID, &device, sizeof(device));
	memcpy(e->cfg + PCI_CLASS_REVISION, &class_rev, sizeof(class_rev));
	e->cfg[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_NORMAL;
	memcpy(e->cfg + PCI_BASE_ADDRESS_0 + 4 * DSA_BAR_MMIO, &bar, sizeof(bar));
	memcpy(e->cfg + PCI_BASE_ADDRESS_0 + 4 * DSA_BAR_PORTAL, &bar, sizeof(bar));
}

/* Function-level reset: the model's, and COMMAND back to 0, as any reset leaves it */
static int
emu_reset(void *opaque)
{
	struct dsa_pci_emu *e = opaque;

	dsa_model_flr(e->model);
	__atomic_store_n(&e->command, 0, __ATOMIC_RELEASE);
	dsa_model_set_bus_master(e->model, false);
	return 0;
}

/* Config space, BARs and reset of the emulated device reach the model */
static int
set_regions(struct dsa_pci_emu *e, struct ioasid_device *dev, const char *name)
{
	const struct ioasid_emulated_region regions[] = {
		{ EMU_CFG_SIZE, cfg_read, cfg_write, e },
		{ dsa_model_bar_size(e->model, DSA_BAR_MMIO), bar0_read, bar0_write, e },
		{ dsa_model_bar_size(e->model, DSA_BAR_PORTAL), bar2_read, bar2_write, e },
	};
	const unsigned int index[] = {
		IOASID_PCI_CONFIG_REGION,
		IOASID_PCI_BAR0_REGION + DSA_BAR_MMIO,
		IOASID_PCI_BAR0_REGION + DSA_BAR_PORTAL,
	};
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(regions); i++) {
		ret = ioasid_device_emulated_set_region(dev, index[i], &regions[i]);
		if (ret < 0)
			return dsa_ioasid_fail(name, "backing a region with the model", ret);
	}
	ret = ioasid_device_emulated_set_reset(dev, emu_reset, e);
	return ret < 0 ? dsa_ioasid_fail(name, "giving the model's reset", ret) : 0;
}

int
dsa_pci_emu_open(struct ioasid_ctx *ctx, const char *name, const struct dsa_devargs *args,
		 struct dsa_pci_emu **emup, struct ioasid_device **devp)
{
	struct dsa_model_params params;
	struct ioasid_device *dev;
	struct dsa_pci_emu *e;
	cpu_set_t cpus;
	int ret;

	ret = ioasid_device_open_emulated(ctx, args->pci, 0, &dev);
	if (ret < 0)
		return dsa_ioasid_fail(name, "creating the emulated device", ret);
	e = calloc(1, sizeof(*e));
	if (e == NULL) {
		ioasid_device_close(dev);
		return -ENOMEM;
	}
	if (dsa_model_params_from_devargs(name, args, &params, &cpus) < 0) {
		free(e);
		ioasid_device_close(dev);
		return -EINVAL;
	}
	params.translate = ioasid_device_dma_translate;
	params.translate_opaque = dev;
	e->model = dsa_model_create(&params);
	if (e->model == NULL) {
		ret = -errno;
		DSA_LOG(ERR, "%s: cannot create the model: %s", name, strerror(errno));
		free(e);
		ioasid_device_close(dev);
		return ret;
	}
	/* bus mastering starts off, as COMMAND says */
	dsa_model_set_bus_master(e->model, false);
	init_config(e, args);
	ret = set_regions(e, dev, name);
	if (ret < 0) {
		dsa_pci_emu_close(e);
		ioasid_device_close(dev);
		return ret;
	}
	*emup = e;
	*devp = dev;
	return 0;
}

void
dsa_pci_emu_close(struct dsa_pci_emu *e)
{
	if (e == NULL)
		return;
	dsa_model_destroy(e->model);
	free(e);
}

struct dsa_model *
dsa_pci_emu_model(struct dsa_pci_emu *e)
{
	return e != NULL ? e->model : NULL;
}
