/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Backend: a DSA PCI function taken through libioasid (iommufd + VFIO cdev,
 * or VFIO type1), as a vdev:
 *   --vdev dma_dsa_pci0,pci=0000:6a:01.0[,iommu=auto|iommufd|type1][,wqs=...]
 * It is not a PCI-bus driver: EAL's PCI bus would take the function into its
 * own VFIO container. The backend opens the function itself, attaches it to
 * an address space holding all DPDK memory at IOVA = VA, enables memory
 * space and bus mastering, maps BAR0 (registers) and BAR2 (portals), and
 * configures it with the code the model backend uses (dsa_hw_config.c).
 * Descriptors go by MOVDIR64B to the WQ's unlimited MSI-X portal page.
 * iommu=emulated puts the software model behind libioasid's emulated IOMMU
 * instead (dsa_pci_emu.c): the same path, for tests without hardware.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <linux/pci_regs.h>

#include <bus_vdev_driver.h>
#include <rte_cpuflags.h>
#include <rte_io.h>
#include <rte_malloc.h>

#include "dsa_dev.h"
#include "dsa_ioasid.h"
#include "dsa_pci.h"
#include "dsa_mp.h"
#include "dsa_probed.h"

#define PCI_BAR0 (IOASID_PCI_BAR0_REGION + DSA_BAR_MMIO)
#define PCI_BAR2 (IOASID_PCI_BAR0_REGION + DSA_BAR_PORTAL)

struct pci_backend {
	struct dsa_ioasid io;
	struct dsa_pci_emu *emu;   /* iommu=emulated: the model behind the device */
	uint16_t command;          /* PCI_COMMAND as found, restored at release */
	bool command_set;          /* memory space and bus master were enabled */
	bool configuring;          /* the driver started writing the configuration */
	uint8_t *bar0, *bar2;      /* mmap'd BARs; NULL: accessed by region read/write */
	size_t bar0_len, bar2_len;
	struct dsa_device dev;
};

static inline struct pci_backend *
pci_of(struct dsa_device *dev)
{
	return dev->priv;
}

/* ---- registers: the mmap'd BAR0 ---- */

static uint32_t
mmio_read32(struct dsa_device *dev, uint32_t off)
{
	return rte_read32(pci_of(dev)->bar0 + off);
}

static uint64_t
mmio_read64(struct dsa_device *dev, uint32_t off)
{
	return rte_read64(pci_of(dev)->bar0 + off);
}

static void
mmio_write32(struct dsa_device *dev, uint32_t off, uint32_t v)
{
	rte_write32(v, pci_of(dev)->bar0 + off);
}

static void
mmio_write64(struct dsa_device *dev, uint32_t off, uint64_t v)
{
	rte_write64(v, pci_of(dev)->bar0 + off);
}

static const struct dsa_reg_ops mmio_regs = {
	.read32 = mmio_read32,
	.read64 = mmio_read64,
	.write32 = mmio_write32,
	.write64 = mmio_write64,
};

/*
 * ---- registers: BAR0 by region read/write (VFIO pread/pwrite, or the
 * model behind an emulated device). A failed read gives all ones, as a
 * read from a function that has gone away.
 */

static uint64_t
region_read(struct dsa_device *dev, uint32_t off, size_t len)
{
	uint64_t v = 0;
	int ret = ioasid_device_region_read(pci_of(dev)->io.dev, PCI_BAR0, off, &v, len);

	if (ret < 0) {
		dsa_ioasid_fail(dev->name, "reading a register", ret);
		return UINT64_MAX;
	}
	return v;
}

static void
region_write(struct dsa_device *dev, uint32_t off, uint64_t v, size_t len)
{
	int ret = ioasid_device_region_write(pci_of(dev)->io.dev, PCI_BAR0, off, &v, len);

	if (ret < 0)
		dsa_ioasid_fail(dev->name, "writing a register", ret);
}

static uint32_t
region_read32(struct dsa_device *dev, uint32_t off)
{
	return (uint32_t)region_read(dev, off, sizeof(uint32_t));
}

static uint64_t
region_read64(struct dsa_device *dev, uint32_t off)
{
	return region_read(dev, off, sizeof(uint64_t));
}

static void
region_write32(struct dsa_device *dev, uint32_t off, uint32_t v)
{
	region_write(dev, off, v, sizeof(uint32_t));
}

static void
region_write64(struct dsa_device *dev, uint32_t off, uint64_t v)
{
	region_write(dev, off, v, sizeof(uint64_t));
}

static const struct dsa_reg_ops region_regs = {
	.read32 = region_read32,
	.read64 = region_read64,
	.write32 = region_write32,
	.write64 = region_write64,
};

/* Emulated device: a 64-byte region write is the model's one MOVDIR64B store */
static int
emulated_portal(void *ctx, uint64_t offset, const void *desc)
{
	return ioasid_device_region_write(ctx, PCI_BAR2, offset, desc, DSA_DESC_SIZE);
}

/* ---- bring-up steps, in order ---- */

static int
open_device(struct pci_backend *pb, const struct dsa_devargs *args)
{
	struct ioasid_device *iodev;
	enum ioasid_backend backend;
	int ret;

	ret = ioasid_backend_parse(args->iommu, &backend);
	if (ret == 0)
		ret = dsa_ioasid_open(&pb->io, pb->dev.name, backend);
	if (ret < 0)
		return ret;
	if (backend == IOASID_BACKEND_EMULATED) {
		ret = dsa_pci_emu_open(pb->io.ctx, pb->dev.name, args, &pb->emu, &iodev);
	} else {
		ret = ioasid_device_open_pci(pb->io.ctx, args->pci, &iodev);
		if (ret < 0)
			dsa_ioasid_fail(pb->dev.name, "opening the PCI function", ret);
	}
	if (ret < 0)
		return ret;
	return dsa_ioasid_attach(&pb->io, pb->dev.name, iodev);
}

static int
config_read16(struct pci_backend *pb, uint32_t off, uint16_t *v)
{
	int ret = ioasid_device_config_read(pb->io.dev, off, v, sizeof(*v));

	return ret < 0 ? dsa_ioasid_fail(pb->dev.name, "reading config space", ret) : 0;
}

/* Refuse anything but a DSA before touching it */
static int
check_identity(struct pci_backend *pb)
{
	uint16_t vendor, device;
	int ret;

	ret = config_read16(pb, PCI_VENDOR_ID, &vendor);
	if (ret == 0)
		ret = config_read16(pb, PCI_DEVICE_ID, &device);
	if (ret < 0)
		return ret;
	if (vendor == DSA_PCI_VENDOR_INTEL && (device == DSA_PCI_DEVICE_SPR ||
			device == DSA_PCI_DEVICE_GNRD || device == DSA_PCI_DEVICE_DMR))
		return 0;
	DSA_LOG(ERR, "%s: %s (%04x:%04x) is not a DSA device (8086:%04x, 8086:%04x or "
		"8086:%04x)", pb->dev.name, ioasid_device_name(pb->io.dev), vendor, device,
		DSA_PCI_DEVICE_SPR, DSA_PCI_DEVICE_GNRD, DSA_PCI_DEVICE_DMR);
	return -ENODEV;
}

static int
set_command(struct pci_backend *pb, uint16_t cmd)
{
	int ret = ioasid_device_config_write(pb->io.dev, PCI_COMMAND, &cmd, sizeof(cmd));

	return ret < 0 ? dsa_ioasid_fail(pb->dev.name, "writing PCI_COMMAND", ret) : 0;
}

static int
enable_access(struct pci_backend *pb)
{
	int ret = config_read16(pb, PCI_COMMAND, &pb->command);

	if (ret == 0)
		ret = set_command(pb, pb->command | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	pb->command_set = ret == 0;
	return ret;
}

/* mmap a whole BAR if VFIO allows it; *ADDR stays NULL otherwise */
static int
map_bar(struct pci_backend *pb, unsigned int index, uint32_t need, uint8_t **addr,
	size_t *len)
{
	struct ioasid_region_info ri;
	void *p;
	int ret;

	ret = ioasid_device_region_info(pb->io.dev, index, &ri);
	if (ret < 0)
		return dsa_ioasid_fail(pb->dev.name, "reading BAR information", ret);
	if (ri.size == 0 || (ri.flags & need) != need) {
		DSA_LOG(ERR, "%s: BAR%u is missing or not %s (size 0x%" PRIx64 ", flags 0x%x)",
			pb->dev.name, index, need & IOASID_REGION_READ ? "read-write" : "writable",
			ri.size, ri.flags);
		return -ENODEV;
	}
	if ((ri.flags & IOASID_REGION_MMAP) == 0)
		return 0;
	ret = ioasid_device_region_mmap(pb->io.dev, index, 0, ri.size,
					PROT_READ | PROT_WRITE, &p);
	if (ret < 0)
		return dsa_ioasid_fail(pb->dev.name, "mapping a BAR", ret);
	*addr = p;
	*len = ri.size;
	return 0;
}

static int
map_bars(struct pci_backend *pb)
{
	int ret;

	ret = map_bar(pb, PCI_BAR0, IOASID_REGION_READ | IOASID_REGION_WRITE,
		      &pb->bar0, &pb->bar0_len);
	if (ret == 0)
		ret = map_bar(pb, PCI_BAR2, IOASID_REGION_WRITE, &pb->bar2, &pb->bar2_len);
	if (ret < 0)
		return ret;
	if (pb->bar2 == NULL && pb->emu == NULL) {
		DSA_LOG(ERR, "%s: BAR2 cannot be mapped; a portal write must be one 64-byte "
			"store (MOVDIR64B)", pb->dev.name);
		return -ENOTSUP;
	}
	pb->dev.regs = pb->bar0 != NULL ? &mmio_regs : &region_regs;
	return 0;
}

static bool
cpu_has_movdir64b(void)
{
#if defined(RTE_ARCH_X86_64)
	return rte_cpu_get_flag_enabled(RTE_CPUFLAG_MOVDIR64B) > 0;
#else
	return false;
#endif
}

/* Each WQ submits to its unlimited MSI-X portal page, rotating 64-B slots */
static int
setup_portals(struct pci_backend *pb)
{
	uint64_t need = DSA_BAR2_SIZE(pb->dev.nb_wqs);
	unsigned int i;

	if (pb->bar2 != NULL && pb->bar2_len < need) {
		DSA_LOG(ERR, "%s: BAR2 has 0x%zx bytes, %u WQs need 0x%" PRIx64, pb->dev.name,
			pb->bar2_len, pb->dev.nb_wqs, need);
		return -ENODEV;
	}
	if (pb->bar2 != NULL && !cpu_has_movdir64b()) {
		DSA_LOG(ERR, "%s: the CPU lacks MOVDIR64B, the only way to write a DSA portal "
			"from user space", pb->dev.name);
		return -ENOTSUP;
	}
	for (i = 0; i < pb->dev.nb_wqs; i++) {
		struct dsa_portal *p = &pb->dev.wq[i].portal;

		p->fd = -1;
		p->page_off = DSA_PORTAL_OFFSET(i, 0, 0);
		if (pb->bar2 != NULL) {
			p->kind = DSA_SUBMIT_MOVDIR64B;
			p->page = pb->bar2 + p->page_off;
		} else {
			p->kind = DSA_SUBMIT_CALL;
			p->fn = emulated_portal;
			p->fn_ctx = pb->io.dev;
		}
	}
	return 0;
}

/* NUMA node of the function from sysfs (-1 if unknown or emulated) */
static int
sysfs_numa_node(const struct pci_backend *pb)
{
	char path[128];
	int node = -1;
	FILE *f;

	if (pb->emu != NULL)
		return -1;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/numa_node",
		 ioasid_device_name(pb->io.dev));
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	if (fscanf(f, "%d", &node) != 1)
		node = -1;
	fclose(f);
	return node;
}

/* ---- teardown, the reverse of bring-up; fine on a partial bring-up ---- */

static void
pci_release(struct dsa_device *dev)
{
	struct pci_backend *pb = dev->priv;

	if (pb->configuring)
		dsa_hw_shutdown(dev);
	/* no more DMA before the memory leaves the address space */
	if (pb->command_set)
		set_command(pb, pb->command);
	if (pb->bar2 != NULL)
		munmap(pb->bar2, pb->bar2_len);
	if (pb->bar0 != NULL)
		munmap(pb->bar0, pb->bar0_len);
	dsa_pci_emu_close(pb->emu);
	dsa_ioasid_close(&pb->io, dev->name);
	rte_free(pb);
}

/* VFIO_DEVICE_RESET, then memory space and bus master on again */
static int
pci_flr(struct dsa_device *dev)
{
	struct pci_backend *pb = pci_of(dev);
	int ret = ioasid_device_reset(pb->io.dev);

	if (ret < 0)
		return dsa_ioasid_fail(dev->name, "resetting the function", ret);
	return set_command(pb, pb->command | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

static const struct dsa_backend_ops pci_ops = {
	.halted = dsa_hw_halted,
	.wq_enable = dsa_hw_wq_enable,
	.wq_disable = dsa_hw_wq_disable,
	.recover = dsa_hw_recover,
	.flr = pci_flr,
	.release = pci_release,
	.wq_state = dsa_hw_wq_state_name,
};

static int
bring_up(struct pci_backend *pb, const struct dsa_devargs *args)
{
	int ret;

	ret = open_device(pb, args);
	if (ret == 0)
		ret = check_identity(pb);
	if (ret == 0)
		ret = dsa_ioasid_map_dpdk(&pb->io, pb->dev.name);
	if (ret == 0)
		ret = enable_access(pb);
	if (ret == 0)
		ret = map_bars(pb);
	if (ret == 0)
		ret = dsa_hw_read_caps(&pb->dev);
	if (ret == 0)
		ret = dsa_hw_plan(&pb->dev, args);
	if (ret == 0)
		ret = setup_portals(pb);
	if (ret < 0)
		return ret;
	pb->configuring = true;
	return dsa_hw_configure(&pb->dev);
}

static int
pci_probe(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	struct dsa_devargs args;
	struct pci_backend *pb;
	char err[DSA_DEVARGS_ERRLEN];
	int ret;

	if (dsa_mp_secondary())
		return dsa_mp_refuse_secondary(name, "PCI");
	ret = dsa_devargs_parse(rte_vdev_device_args(vdev), DSA_BACKEND_PCI, &args,
				err, sizeof(err));
	if (ret == 0 && args.pci[0] == '\0') {
		snprintf(err, sizeof(err), "devarg pci=<address> is required, e.g. "
			 "pci=0000:6a:01.0");
		ret = -EINVAL;
	}
	if (ret < 0) {
		DSA_LOG(ERR, "%s: %s", name, err);
		return ret;
	}
	pb = rte_zmalloc(NULL, sizeof(*pb), 0);
	if (pb == NULL)
		return -ENOMEM;
	snprintf(pb->dev.name, sizeof(pb->dev.name), "%s", name);
	pb->dev.priv = pb;
	pb->dev.ops = &pci_ops;
	pb->dev.addr_mode = DSA_ADDR_IOVA;
	pb->dev.numa_node = -1;
	pb->dev.rte_dev = &vdev->device;
	rte_spinlock_init(&pb->dev.cmd_lock);
	rte_spinlock_init(&pb->dev.recover_lock);

	ret = bring_up(pb, &args);
	if (ret == 0) {
		pb->dev.numa_node = args.numa_node >= 0 ? args.numa_node : sysfs_numa_node(pb);
		if (pb->dev.numa_node >= 0)
			vdev->device.numa_node = pb->dev.numa_node;
		ret = dsa_dmadevs_create(&pb->dev);
	}
	if (ret < 0) {
		pci_release(&pb->dev);
		return ret;
	}
	dsa_probed_add(&pb->dev);
	DSA_LOG(INFO, "%s: %s with %u WQs, %u engines, %u groups, registers by %s", name,
		ioasid_device_name(pb->io.dev), pb->dev.nb_wqs, pb->dev.nb_engines,
		pb->dev.nb_groups, pb->bar0 != NULL ? "MMIO" : "region access");
	return 0;
}

static struct pci_backend *
find_probed(const char *name)
{
	struct dsa_device *dev = dsa_probed_find(name, &pci_ops);

	return dev != NULL ? dev->priv : NULL;
}

struct dsa_model *
dsa_pci_bus_model(const char *vdev_name)
{
	struct pci_backend *pb = find_probed(vdev_name);

	return pb != NULL ? dsa_pci_emu_model(pb->emu) : NULL;
}

struct ioasid_device *
dsa_pci_bus_ioasid_device(const char *vdev_name)
{
	struct pci_backend *pb = find_probed(vdev_name);

	return pb != NULL ? pb->io.dev : NULL;
}

static struct rte_vdev_driver dsa_pci_vdev = {
	.probe = pci_probe,
	.remove = dsa_probed_remove,
	/* DPDK memory is mapped at IOVA = VA */
	.drv_flags = RTE_VDEV_DRV_NEED_IOVA_AS_VA,
};

RTE_PMD_REGISTER_VDEV(dma_dsa_pci, dsa_pci_vdev);
RTE_PMD_REGISTER_PARAM_STRING(dma_dsa_pci,
	"pci=<domain:bus:dev.fn> iommu=auto|iommufd|type1|emulated "
	"wqs=<1-64> engines=<n> groups=<n> "
	"wq_size=<n[:n...]> wq_prio=<1-15[:...]> wq_group=<n[:...]> "
	"max_batch=<2^k[:...]> numa_node=<n> preset=spr|dsa2 threads=<n> "
	"emu_pci_id=<vendor:device>");
