/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Backend: user WQs that the kernel idxd driver owns and accel-config set up
 * (/dev/dsa/wqX.Y), as a vdev: --vdev dma_dsa_kwq0[,wq=wq0.1][,wq_prefix=app_].
 * WQs are found through libaccel-config. Descriptors go through the mmap'd
 * portal (MOVDIR64B/ENQCMD) when the kernel allows it, else through write(2):
 * kernels fixed for CVE-2024-21823 (INTEL-SA-01084) need CAP_SYS_RAWIO for
 * the mmap. Addresses are process virtual addresses (SVA, PASID per process).
 */
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <accel-config/libaccel_config.h>
#include <bus_vdev_driver.h>
#include <rte_malloc.h>

#include "dsa_dev.h"
#include "dsa_mp.h"
#include "dsa_probed.h"

/* CPUID.(EAX=7,ECX=0):ECX feature bits of the two portal instructions */
#define CPUID_ECX_MOVDIR64B (1u << 28)
#define CPUID_ECX_ENQCMD (1u << 29)

struct kwq_backend {
	struct accfg_ctx *actx;
	struct accfg_device *adev;
	struct accfg_wq *awq[DSA_DEVARGS_MAX_WQS];
	int fd[DSA_DEVARGS_MAX_WQS];
	void *page[DSA_DEVARGS_MAX_WQS];
	char sysfs_dir[128];
	struct dsa_device dev;
};

static bool
cpu_has(uint32_t ecx_bit)
{
	unsigned int a, b, c, d;

	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (c & ecx_bit) != 0;
}

static bool
kwq_halted(struct dsa_device *dev)
{
	struct kwq_backend *kb = dev->priv;

	return accfg_device_get_state(kb->adev) != ACCFG_DEVICE_ENABLED;
}

/* The kernel owns enabling and disabling; nothing to do from user space */
static int
kwq_wq_nop(struct dsa_device *dev __rte_unused, unsigned int wq __rte_unused)
{
	return 0;
}

/* The WQ's state from sysfs, by the name the kernel gives it */
static const char *
kwq_wq_state(struct dsa_device *dev, unsigned int wq)
{
	struct kwq_backend *kb = dev->priv;

	switch (accfg_wq_get_state(kb->awq[wq])) {
	case ACCFG_WQ_DISABLED: return "disabled";
	case ACCFG_WQ_ENABLED: return "enabled";
	case ACCFG_WQ_QUIESCING: return "quiescing";
	case ACCFG_WQ_LOCKED: return "locked";
	case ACCFG_WQ_UNKNOWN: break;
	}
	return "unknown";
}

static void
kwq_release(struct dsa_device *dev)
{
	struct kwq_backend *kb = dev->priv;
	unsigned int i;

	for (i = 0; i < DSA_DEVARGS_MAX_WQS; i++) {
		if (kb->page[i] != NULL)
			munmap(kb->page[i], DSA_PORTAL_PAGE_SIZE);
		if (kb->fd[i] >= 0)
			close(kb->fd[i]);
	}
	accfg_unref(kb->actx);
	rte_free(kb);
}

static const struct dsa_backend_ops kwq_ops = {
	.halted = kwq_halted,
	.wq_enable = kwq_wq_nop,
	.wq_disable = kwq_wq_nop,
	.recover = NULL, /* only the kernel can reset the device */
	.release = kwq_release,
	.wq_state = kwq_wq_state,
};

/*
 * OPCAP from sysfs: 32-bit hex words, most significant first, comma
 * separated (e.g. "00000000,...,00000001,003f027d").
 */
static int
read_opcap(struct kwq_backend *kb)
{
	char path[160], buf[256], *word, *save = NULL;
	uint32_t words[2 * DSA_OPCAP_QWORDS];
	unsigned int n = 0, i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/op_cap", kb->sysfs_dir);
	f = fopen(path, "r");
	if (f == NULL || fgets(buf, sizeof(buf), f) == NULL) {
		DSA_LOG(ERR, "%s: cannot read %s", kb->dev.name, path);
		if (f != NULL)
			fclose(f);
		return -EIO;
	}
	fclose(f);
	for (word = strtok_r(buf, ",\n", &save); word != NULL && n < RTE_DIM(words);
			word = strtok_r(NULL, ",\n", &save))
		words[n++] = (uint32_t)strtoul(word, NULL, 16);
	memset(kb->dev.caps.opcap, 0, sizeof(kb->dev.caps.opcap));
	for (i = 0; i < n; i++)
		kb->dev.caps.opcap[i / 2] |= (uint64_t)words[n - 1 - i] << (32 * (i % 2));
	return 0;
}

static bool
wq_wanted(struct accfg_wq *wq, const struct dsa_devargs *args)
{
	const char *name = accfg_wq_get_type_name(wq);

	if (accfg_wq_get_type(wq) != ACCFG_WQT_USER ||
			accfg_wq_get_state(wq) != ACCFG_WQ_ENABLED)
		return false;
	if (args->wq_name[0] != '\0')
		return strcmp(accfg_wq_get_devname(wq), args->wq_name) == 0;
	return args->wq_prefix[0] == '\0' ||
		(name != NULL && strncmp(name, args->wq_prefix, strlen(args->wq_prefix)) == 0);
}

/* Open the WQ's char device and choose how to submit to it */
static int
open_wq(struct kwq_backend *kb, unsigned int i, struct accfg_wq *awq,
	const struct dsa_devargs *args)
{
	struct dsa_wq *wq = &kb->dev.wq[i];
	struct dsa_portal *p = &wq->portal;
	bool want_portal = strcmp(args->submit, "write") != 0;
	uint32_t insn = wq->shared ? CPUID_ECX_ENQCMD : CPUID_ECX_MOVDIR64B;
	char path[PATH_MAX];

	if (accfg_wq_get_user_dev_path(awq, path, sizeof(path)) < 0) {
		DSA_LOG(ERR, "%s: no device path for %s", kb->dev.name, wq->kname);
		return -ENODEV;
	}
	kb->fd[i] = open(path, O_RDWR | O_CLOEXEC);
	if (kb->fd[i] < 0) {
		DSA_LOG(ERR, "%s: cannot open %s: %s%s", kb->dev.name, path, strerror(errno),
			errno == EBUSY ? " (a dedicated WQ has one opener)" : "");
		return -errno;
	}
	p->fd = kb->fd[i];
	p->kind = DSA_SUBMIT_WRITE;
	if (!want_portal)
		return 0;
	if (!cpu_has(insn)) {
		DSA_LOG(INFO, "%s: CPU lacks %s, submitting to %s by write(2)", kb->dev.name,
			wq->shared ? "ENQCMD" : "MOVDIR64B", path);
	} else {
		kb->page[i] = mmap(NULL, DSA_PORTAL_PAGE_SIZE, PROT_WRITE, MAP_SHARED,
				   kb->fd[i], 0);
		if (kb->page[i] != MAP_FAILED) {
			p->page = kb->page[i];
			p->kind = wq->shared ? DSA_SUBMIT_ENQCMD : DSA_SUBMIT_MOVDIR64B;
			return 0;
		}
		kb->page[i] = NULL;
		DSA_LOG(INFO, "%s: portal mmap of %s refused (%s%s), submitting by write(2)",
			kb->dev.name, path, strerror(errno),
			errno == EPERM ?
			"; kernels fixed for CVE-2024-21823 need CAP_SYS_RAWIO" : "");
	}
	if (strcmp(args->submit, "portal") == 0) {
		DSA_LOG(ERR, "%s: devarg submit=portal: no usable portal for %s",
			kb->dev.name, path);
		return -EPERM;
	}
	return 0;
}

static int
take_wq(struct kwq_backend *kb, struct accfg_wq *awq, const struct dsa_devargs *args)
{
	unsigned int i = kb->dev.nb_wqs;
	struct dsa_wq *wq = &kb->dev.wq[i];
	uint64_t xfer = accfg_wq_get_max_transfer_size(awq);
	unsigned int batch = accfg_wq_get_max_batch_size(awq);

	if (i == DSA_DEVARGS_MAX_WQS)
		return 0;
	kb->awq[i] = awq;
	snprintf(wq->kname, sizeof(wq->kname), "%s", accfg_wq_get_devname(awq));
	wq->shared = accfg_wq_get_mode(awq) == ACCFG_WQ_SHARED;
	wq->size = (uint16_t)accfg_wq_get_size(awq);
	wq->priority = (uint8_t)accfg_wq_get_priority(awq);
	wq->group = (uint8_t)accfg_wq_get_group_id(awq);
	wq->users = args->wq[0].users ? args->wq[0].users : 1;
	if (wq->users > 1 && !wq->shared) {
		DSA_LOG(ERR, "%s: devarg wq_users=%u: %s is dedicated", kb->dev.name,
			wq->users, wq->kname);
		return -EINVAL;
	}
	if (args->wq[0].max_batch && args->wq[0].max_batch < batch)
		batch = args->wq[0].max_batch;
	/* sysfs gives powers of two (rounded up): keep the shifts */
	wq->max_batch_shift = batch > 1 ? (uint8_t)(31 - __builtin_clz(batch)) : 0;
	wq->max_xfer_shift = xfer > 1 ? (uint8_t)(63 - __builtin_clzll(xfer)) : 0;
	kb->dev.nb_wqs++;
	return open_wq(kb, i, awq, args);
}

/* The kernel device holding the wanted WQs: the one of wq=, else the first with any */
static int
find_wqs(struct kwq_backend *kb, const struct dsa_devargs *args)
{
	struct accfg_device *adev;
	struct accfg_wq *awq;
	int ret;

	accfg_device_foreach(kb->actx, adev) {
		if (accfg_device_get_type(adev) != ACCFG_DEVICE_DSA)
			continue;
		accfg_wq_foreach(adev, awq) {
			if (!wq_wanted(awq, args))
				continue;
			kb->adev = adev;
			ret = take_wq(kb, awq, args);
			if (ret < 0)
				return ret;
		}
		if (kb->adev != NULL)
			return 0;
	}
	DSA_LOG(ERR, "%s: no enabled user WQ%s%s%s%s found (set one up with accel-config)",
		kb->dev.name, args->wq_name[0] ? " " : "", args->wq_name,
		args->wq_prefix[0] ? " named " : "", args->wq_prefix);
	return -ENODEV;
}

static int
read_caps(struct kwq_backend *kb)
{
	struct dsa_caps *c = &kb->dev.caps;
	const char *devname = accfg_device_get_devname(kb->adev);

	snprintf(kb->sysfs_dir, sizeof(kb->sysfs_dir), "/sys/bus/dsa/devices/%s", devname);
	c->version = accfg_device_get_version(kb->adev);
	c->gencap = accfg_device_get_gen_cap(kb->adev);
	c->max_wqs = accfg_device_get_max_work_queues(kb->adev);
	c->max_engines = accfg_device_get_max_engines(kb->adev);
	c->max_groups = accfg_device_get_max_groups(kb->adev);
	c->total_wq_size = accfg_device_get_max_work_queues_size(kb->adev);
	kb->dev.numa_node = accfg_device_get_numa_node(kb->adev);
	return read_opcap(kb);
}

/* DSA 1.0 kernels reject BATCH in write(2) (INTEL-SA-01084): one descriptor per submit */
static void
limit_batching(struct kwq_backend *kb)
{
	unsigned int i;

	for (i = 0; i < kb->dev.nb_wqs; i++)
		if (kb->dev.wq[i].portal.kind == DSA_SUBMIT_WRITE &&
				kb->dev.caps.version < DSA_VERSION_2_0)
			kb->dev.wq[i].max_batch_shift = 0;
}

static int
kwq_probe(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	struct dsa_devargs args;
	struct kwq_backend *kb;
	char err[DSA_DEVARGS_ERRLEN];
	unsigned int i;
	int ret;

	if (dsa_mp_secondary())
		return dsa_mp_refuse_secondary(name, "kernel WQ");
	ret = dsa_devargs_parse(rte_vdev_device_args(vdev), DSA_BACKEND_KWQ, &args,
				err, sizeof(err));
	if (ret < 0) {
		DSA_LOG(ERR, "%s: %s", name, err);
		return ret;
	}
	kb = rte_zmalloc(NULL, sizeof(*kb), 0);
	if (kb == NULL)
		return -ENOMEM;
	for (i = 0; i < DSA_DEVARGS_MAX_WQS; i++)
		kb->fd[i] = -1;
	snprintf(kb->dev.name, sizeof(kb->dev.name), "%s", name);
	kb->dev.priv = kb;
	kb->dev.ops = &kwq_ops;
	kb->dev.addr_mode = DSA_ADDR_SVA;
	kb->dev.rte_dev = &vdev->device;
	rte_spinlock_init(&kb->dev.cmd_lock);
	ret = accfg_new(&kb->actx);
	if (ret < 0) {
		DSA_LOG(ERR, "%s: libaccel-config: %s", name, strerror(-ret));
		rte_free(kb);
		return ret;
	}
	ret = find_wqs(kb, &args);
	if (ret == 0)
		ret = read_caps(kb);
	if (ret == 0)
		limit_batching(kb);
	if (ret == 0 && args.numa_node >= 0)
		kb->dev.numa_node = args.numa_node;
	if (ret == 0) {
		vdev->device.numa_node = kb->dev.numa_node;
		ret = dsa_dmadevs_create(&kb->dev);
	}
	if (ret < 0) {
		kwq_release(&kb->dev);
		return ret;
	}
	dsa_probed_add(&kb->dev);
	return 0;
}

static struct rte_vdev_driver dsa_kwq_vdev = {
	.probe = kwq_probe,
	.remove = dsa_probed_remove,
	/* descriptors carry process addresses */
	.drv_flags = RTE_VDEV_DRV_NEED_IOVA_AS_VA,
};

RTE_PMD_REGISTER_VDEV(dma_dsa_kwq, dsa_kwq_vdev);
RTE_PMD_REGISTER_PARAM_STRING(dma_dsa_kwq,
	"wq=wqX.Y wq_prefix=<name prefix> submit=auto|portal|write "
	"wq_users=<n> max_batch=<2^k> numa_node=<n>");
