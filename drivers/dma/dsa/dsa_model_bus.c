/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Backend: the software DSA model as a vdev (--vdev dma_dsa_model0,...).
 * The driver configures it through its registers exactly as PCI hardware
 * (dsa_hw_config.c) and submits through its portal functions. With
 * addr=iova its DMA goes through libioasid's emulated IOMMU, whose address
 * space holds all DPDK memory (IOVA = VA) and nothing else.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bus_vdev_driver.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "dsa_dev.h"
#include "dsa_ioasid.h"
#include "dsa_model.h"
#include "dsa_model_bus.h"
#include "dsa_mp.h"
#include "dsa_probed.h"

struct model_wq_ctx {
	struct dsa_model *model;
	bool shared;
};

struct model_backend {
	struct dsa_model *model;
	struct model_wq_ctx wq[DSA_DEVARGS_MAX_WQS];
	struct dsa_ioasid io; /* addr=iova: the model's IOMMU */
	struct dsa_device dev;
};

static inline struct dsa_model *
model_of(struct dsa_device *dev)
{
	return ((struct model_backend *)dev->priv)->model;
}

static uint32_t
model_read32(struct dsa_device *dev, uint32_t off)
{
	return dsa_model_mmio_read32(model_of(dev), off);
}

static uint64_t
model_read64(struct dsa_device *dev, uint32_t off)
{
	return dsa_model_mmio_read64(model_of(dev), off);
}

static void
model_write32(struct dsa_device *dev, uint32_t off, uint32_t v)
{
	dsa_model_mmio_write32(model_of(dev), off, v);
}

static void
model_write64(struct dsa_device *dev, uint32_t off, uint64_t v)
{
	dsa_model_mmio_write64(model_of(dev), off, v);
}

static const struct dsa_reg_ops model_regs = {
	.read32 = model_read32,
	.read64 = model_read64,
	.write32 = model_write32,
	.write64 = model_write64,
};

/* The portal instruction a CPU would use: MOVDIR64B or ENQCMD (with our PASID) */
static int
model_portal(void *ctx, uint64_t offset, const void *desc)
{
	const struct model_wq_ctx *wq = ctx;

	if (!wq->shared) {
		dsa_model_movdir64b(wq->model, offset, desc);
		return 0;
	}
	return dsa_model_enqcmd(wq->model, offset, desc, DSA_SVA_PASID) ? -EAGAIN : 0;
}

static void
model_release(struct dsa_device *dev)
{
	struct model_backend *mb = dev->priv;

	dsa_mp_dev_fini(dev);
	dsa_hw_shutdown(dev);
	dsa_model_destroy(mb->model);
	dsa_ioasid_close(&mb->io, dev->name);
	rte_free(mb);
}

static int
model_flr(struct dsa_device *dev)
{
	struct model_backend *mb = dev->priv;

	dsa_model_flr(mb->model);
	return 0;
}

static const struct dsa_backend_ops model_ops = {
	.halted = dsa_hw_halted,
	.wq_enable = dsa_hw_wq_enable,
	.wq_disable = dsa_hw_wq_disable,
	.recover = dsa_hw_recover,
	.flr = model_flr,
	.release = model_release,
	.wq_state = dsa_hw_wq_state_name,
};

/* Devargs fault_every/fault_on/fault_offset: injected page faults, for error-path tests */
static int
arm_faults(struct model_backend *mb, const struct dsa_devargs *args)
{
	if (args->fault_every == 0)
		return 0;
	DSA_LOG(NOTICE, "%s: fault injection: one data descriptor in %u page-faults at byte %u"
		" of its %s", mb->dev.name, args->fault_every, args->fault_offset,
		args->fault_on_src ? "source" : "destination");
	return dsa_model_inject_fault_every(mb->model, args->fault_every, args->fault_offset,
		args->fault_on_src ? DSA_MODEL_DMA_READ : DSA_MODEL_DMA_WRITE);
}

/*
 * Where the engine threads run unless engine_cpus says: as DPDK places its
 * control threads, on the online CPUs that no EAL lcore uses, else on the
 * main lcore's CPUs (the main lcore mostly waits while workers run). So they
 * never take the CPU of a worker lcore by default.
 */
static void
default_engine_cpus(cpu_set_t *set)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int lcore;
	rte_cpuset_t used;
	int cpu;

	CPU_ZERO(set);
	for (cpu = 0; cpu < n && cpu < CPU_SETSIZE; cpu++)
		CPU_SET(cpu, set);
	RTE_LCORE_FOREACH(lcore) {
		used = rte_lcore_cpuset(lcore);
		for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
			if (CPU_ISSET(cpu, &used))
				CPU_CLR(cpu, set);
	}
	if (CPU_COUNT(set) == 0)
		*set = rte_lcore_cpuset(rte_get_main_lcore());
}

/* engine_cpus names only CPUs this machine has and this process may run on */
static int
check_engine_cpus(const char *name, const cpu_set_t *set)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);
	cpu_set_t allowed;
	int cpu;

	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (CPU_ISSET(cpu, set) && cpu >= n) {
			DSA_LOG(ERR, "%s: devarg engine_cpus: CPU %d does not exist "
				"(this machine has CPUs 0-%ld)", name, cpu, n - 1);
			return -EINVAL;
		}
	}
	if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0) {
		CPU_AND(&allowed, &allowed, set);
		if (CPU_COUNT(&allowed) == 0) {
			DSA_LOG(ERR, "%s: devarg engine_cpus: none of its CPUs is in this "
				"process's affinity mask", name);
			return -EINVAL;
		}
	}
	return 0;
}

/* threads: at most one per engine of the preset (each engine has one thread) */
static int
check_threads(const char *name, const struct dsa_devargs *args, enum dsa_model_preset preset)
{
	struct dsa_model_caps caps;
	unsigned int engines;

	if (args->threads == 0 || dsa_model_caps_preset(preset, &caps) < 0)
		return 0;
	engines = (unsigned int)DSA_ENGCAP_NUM_ENGINES(caps.engcap);
	if (args->threads > engines) {
		DSA_LOG(ERR, "%s: devarg threads=%u: above the %u engines of preset %s "
			"(at most one engine thread per engine)", name, args->threads,
			engines, args->preset);
		return -EINVAL;
	}
	return 0;
}

int
dsa_model_params_from_devargs(const char *name, const struct dsa_devargs *args,
			      struct dsa_model_params *p, cpu_set_t *cpus)
{
	dsa_model_params_init(p);
	p->preset = strcmp(args->preset, "dsa2") == 0 ? DSA_MODEL_PRESET_DSA2 :
		    DSA_MODEL_PRESET_SPR;
	p->engine_threads = args->threads;
	if (args->engine_cpus_set) {
		if (check_engine_cpus(name, &args->engine_cpus) < 0)
			return -EINVAL;
		*cpus = args->engine_cpus;
	} else {
		default_engine_cpus(cpus);
	}
	p->engine_cpus = cpus;
	return check_threads(name, args, p->preset);
}

static int
model_create(struct model_backend *mb, const struct dsa_devargs *args)
{
	struct dsa_model_params params;
	cpu_set_t cpus;

	if (dsa_model_params_from_devargs(mb->dev.name, args, &params, &cpus) < 0)
		return -EINVAL;
	if (mb->dev.addr_mode == DSA_ADDR_IOVA) {
		params.translate = ioasid_device_dma_translate;
		params.translate_opaque = mb->io.dev;
	}
	mb->model = dsa_model_create(&params);
	if (mb->model == NULL) {
		DSA_LOG(ERR, "%s: cannot create the model: %s", mb->dev.name, strerror(errno));
		return -errno;
	}
	/* what firmware and the PCI core would set for an SVA-capable device */
	dsa_model_set_pasid_enable(mb->model, true);
	return arm_faults(mb, args);
}

static void
setup_portals(struct model_backend *mb)
{
	unsigned int i;

	for (i = 0; i < mb->dev.nb_wqs; i++) {
		struct dsa_portal *p = &mb->dev.wq[i].portal;

		mb->wq[i].model = mb->model;
		mb->wq[i].shared = mb->dev.wq[i].shared;
		p->kind = DSA_SUBMIT_CALL;
		p->fn = model_portal;
		p->fn_ctx = &mb->wq[i];
		p->page_off = DSA_PORTAL_OFFSET(i, 0, 0);
		p->fd = -1;
	}
}

static int
model_probe(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	struct dsa_devargs args;
	struct model_backend *mb;
	char err[DSA_DEVARGS_ERRLEN];
	int ret;

	/* the model runs in the primary, a secondary shares it */
	if (dsa_mp_secondary())
		return dsa_mp_attach(vdev);
	ret = dsa_devargs_parse(rte_vdev_device_args(vdev), DSA_BACKEND_MODEL, &args,
				err, sizeof(err));
	if (ret < 0) {
		DSA_LOG(ERR, "%s: %s", name, err);
		return ret;
	}
	mb = rte_zmalloc(NULL, sizeof(*mb), 0);
	if (mb == NULL)
		return -ENOMEM;
	snprintf(mb->dev.name, sizeof(mb->dev.name), "%s", name);
	mb->dev.priv = mb;
	mb->dev.regs = &model_regs;
	mb->dev.ops = &model_ops;
	mb->dev.addr_mode = args.addr_mode == DSA_ADDR_IOVA ? DSA_ADDR_IOVA : DSA_ADDR_SVA;
	mb->dev.numa_node = args.numa_node;
	mb->dev.rte_dev = &vdev->device;
	if (args.numa_node >= 0)
		vdev->device.numa_node = args.numa_node;
	rte_spinlock_init(&mb->dev.cmd_lock);
	rte_spinlock_init(&mb->dev.recover_lock);

	ret = mb->dev.addr_mode == DSA_ADDR_IOVA ? dsa_ioasid_open_emulated(&mb->io, name) : 0;
	if (ret == 0)
		ret = model_create(mb, &args);
	if (ret == 0)
		ret = dsa_hw_read_caps(&mb->dev);
	if (ret == 0)
		ret = dsa_hw_plan(&mb->dev, &args);
	if (ret == 0) {
		setup_portals(mb);
		ret = dsa_hw_configure(&mb->dev);
	}
	if (ret == 0)
		ret = dsa_mp_dev_init(&mb->dev);
	if (ret == 0)
		ret = dsa_dmadevs_create(&mb->dev);
	if (ret < 0) {
		if (mb->model != NULL) {
			model_release(&mb->dev);
		} else {
			dsa_ioasid_close(&mb->io, name);
			rte_free(mb);
		}
		return ret;
	}
	dsa_probed_add(&mb->dev);
	DSA_LOG(INFO, "%s: model device with %u WQs, %u engines, %u groups, %u engine threads",
		name, mb->dev.nb_wqs, mb->dev.nb_engines, mb->dev.nb_groups,
		dsa_model_engine_threads(mb->model));
	return 0;
}

struct dsa_model *
dsa_model_bus_model(const char *vdev_name)
{
	struct dsa_device *dev = dsa_probed_find(vdev_name, &model_ops);

	return dev != NULL ? model_of(dev) : NULL;
}

static int
model_remove(struct rte_vdev_device *vdev)
{
	return dsa_mp_secondary() ? dsa_mp_detach(vdev) : dsa_probed_remove(vdev);
}

static struct rte_vdev_driver dsa_model_vdev = {
	.probe = model_probe,
	.remove = model_remove,
	/* process addresses (SVA), or IOVA = VA through the emulated IOMMU */
	.drv_flags = RTE_VDEV_DRV_NEED_IOVA_AS_VA,
};

RTE_PMD_REGISTER_VDEV(dma_dsa_model, dsa_model_vdev);
RTE_PMD_REGISTER_PARAM_STRING(dma_dsa_model,
	"wqs=<1-64> engines=<n> groups=<n> preset=spr|dsa2 threads=<n> "
	"engine_cpus=<cpu[-cpu][:...]> "
	"wq_size=<n[:n...]> wq_mode=dedicated|shared[:...] wq_prio=<1-15[:...]> "
	"wq_threshold=<n[:...]> wq_group=<n[:...]> wq_users=<n[:...]> "
	"max_batch=<2^k[:...]> numa_node=<n> addr=auto|sva|iova "
	"fault_every=<n> fault_on=src|dst fault_offset=<bytes>");
