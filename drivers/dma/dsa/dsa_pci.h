/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PCI backend (dsa_pci.c) and, for tests without hardware, the software
 * model standing behind an emulated libioasid device (dsa_pci_emu.c).
 */
#ifndef DSA_PCI_H
#define DSA_PCI_H

#include <ioasid.h>

#include "dsa_devargs.h"

struct dsa_model;
struct dsa_pci_emu;

/*
 * iommu=emulated: create an emulated device in CTX named NAME with a model
 * behind it (preset, threads and emu_pci_id from ARGS). Its config space,
 * BAR0 and BAR2 are libioasid regions served by the model, and the model's
 * DMA is translated by libioasid for that device. The caller owns *DEV
 * (close it after dsa_pci_emu_close).
 */
int dsa_pci_emu_open(struct ioasid_ctx *ctx, const char *name, const struct dsa_devargs *args,
		struct dsa_pci_emu **emu, struct ioasid_device **dev);
/* Stop and free the model; no region access may follow. NULL is a no-op. */
void dsa_pci_emu_close(struct dsa_pci_emu *emu);
struct dsa_model *dsa_pci_emu_model(struct dsa_pci_emu *emu);

/* For tests: what stands behind a probed dma_dsa_pci vdev, or NULL */
struct dsa_model *dsa_pci_bus_model(const char *vdev_name);
struct ioasid_device *dsa_pci_bus_ioasid_device(const char *vdev_name);

#endif /* DSA_PCI_H */
