/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Devices: opening and closing, and attachments. Each attachment is
 * (PASID or IOASID_NO_PASID) -> IOAS, recorded per device with the PASID
 * given explicitly by the caller. The core keeps the table for every backend;
 * the backend makes the kernel (or the emulated IOMMU) agree with it.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ioasid_private.h"

static struct ioasid_device *
device_new(struct ioasid_ctx *ctx, const char *name)
{
	struct ioasid_device *dev = calloc(1, sizeof(*dev));

	if (dev == NULL)
		return NULL;
	dev->ctx = ctx;
	dev->fd = -1;
	snprintf(dev->name, sizeof(dev->name), "%s", name);
	pthread_rwlock_init(&dev->lock, NULL);
	atomic_init(&dev->faults, 0);
	return dev;
}

static void
device_free(struct ioasid_device *dev)
{
	pthread_rwlock_destroy(&dev->lock);
	free(dev->att);
	free(dev);
}

/* Adds dev to its context once the backend accepted it. */
static void
device_publish(struct ioasid_device *dev, struct ioasid_device **devp)
{
	struct ioasid_ctx *ctx = dev->ctx;

	dev->next = ctx->devices;
	ctx->devices = dev;
	*devp = dev;
}

int
ioasid_device_open_pci(struct ioasid_ctx *ctx, const char *pci_addr,
		struct ioasid_device **devp)
{
	char addr[IOASID_PCI_ADDR_LEN];
	struct ioasid_device *dev;
	int rc;

	if (ctx == NULL || devp == NULL)
		return ioasid_err(-EINVAL, "open_pci: NULL argument");
	if (ctx->ops->device_open_pci == NULL)
		return ioasid_err(-EOPNOTSUPP, "the %s backend has no PCI devices",
			ioasid_backend_name(ctx->ops->backend));
	rc = ioasid_pci_addr_normalize(pci_addr, addr);
	if (rc < 0)
		return rc;
	dev = device_new(ctx, addr);
	if (dev == NULL)
		return ioasid_err(-ENOMEM, "out of memory");
	memcpy(dev->pci_addr, addr, sizeof(addr));
	pthread_mutex_lock(&ctx->lock);
	rc = ctx->ops->device_open_pci(dev);
	if (rc == 0)
		device_publish(dev, devp);
	pthread_mutex_unlock(&ctx->lock);
	if (rc < 0)
		device_free(dev);
	return rc;
}

int
ioasid_device_open_emulated(struct ioasid_ctx *ctx, const char *name,
		unsigned int pasid_bits, struct ioasid_device **devp)
{
	struct ioasid_device *dev;

	if (ctx == NULL || name == NULL || devp == NULL)
		return ioasid_err(-EINVAL, "open_emulated: NULL argument");
	if (ctx->ops->backend != IOASID_BACKEND_EMULATED)
		return ioasid_err(-EOPNOTSUPP, "emulated devices need the emulated "
			"backend, not %s", ioasid_backend_name(ctx->ops->backend));
	if (pasid_bits > 20)
		return ioasid_err(-EINVAL, "PASID width %u exceeds PCIe's 20 bits",
			pasid_bits);
	dev = device_new(ctx, name);
	if (dev == NULL)
		return ioasid_err(-ENOMEM, "out of memory");
	dev->pasid_bits = pasid_bits;
	pthread_mutex_lock(&ctx->lock);
	device_publish(dev, devp);
	pthread_mutex_unlock(&ctx->lock);
	return 0;
}

static struct ioasid_attachment *
find_att(struct ioasid_device *dev, uint32_t pasid)
{
	size_t i;

	for (i = 0; i < dev->nr_att; i++)
		if (dev->att[i].pasid == pasid)
			return &dev->att[i];
	return NULL;
}

/* Drops the attachment for pasid from the table (backend already done). */
static void
forget_att(struct ioasid_device *dev, struct ioasid_attachment *a)
{
	a->ioas->nr_attached--;
	pthread_rwlock_wrlock(&dev->lock);
	*a = dev->att[--dev->nr_att];
	pthread_rwlock_unlock(&dev->lock);
}

static int
backend_detach(struct ioasid_device *dev, uint32_t pasid, struct ioasid_ioas *ioas)
{
	const struct ioasid_backend_ops *ops = dev->ctx->ops;

	return ops->device_detach ? ops->device_detach(dev, pasid, ioas) : 0;
}

static int
detach_locked(struct ioasid_device *dev, uint32_t pasid)
{
	struct ioasid_attachment *a = find_att(dev, pasid);
	int rc;

	if (a == NULL) {
		if (pasid == IOASID_NO_PASID)
			return ioasid_err(-ENOTCONN, "%s is not attached", dev->name);
		return ioasid_err(-ENOTCONN, "%s: PASID %u is not attached",
			dev->name, pasid);
	}
	rc = backend_detach(dev, pasid, a->ioas);
	if (rc < 0)
		return rc;
	forget_att(dev, a);
	return 0;
}

void
ioasid_device_close(struct ioasid_device *dev)
{
	struct ioasid_device **pp;
	struct ioasid_ctx *ctx;

	if (dev == NULL)
		return;
	ctx = dev->ctx;
	pthread_mutex_lock(&ctx->lock);
	/* PASID attachments go first: the kernel may refuse to detach the
	 * requests without PASID while PASIDs still use the device. */
	while (dev->nr_att > 0) {
		size_t i, pick = 0;

		for (i = 0; i < dev->nr_att; i++)
			if (dev->att[i].pasid != IOASID_NO_PASID)
				pick = i;
		if (detach_locked(dev, dev->att[pick].pasid) < 0)
			forget_att(dev, &dev->att[pick]);
	}
	for (pp = &ctx->devices; *pp != dev; pp = &(*pp)->next)
		;
	*pp = dev->next;
	if (ctx->ops->device_close != NULL)
		ctx->ops->device_close(dev);
	pthread_mutex_unlock(&ctx->lock);
	device_free(dev);
}

const char *
ioasid_device_name(const struct ioasid_device *dev)
{
	return dev->name;
}

uint32_t
ioasid_device_dev_id(const struct ioasid_device *dev)
{
	return dev->dev_id;
}

static int
add_att(struct ioasid_device *dev, uint32_t pasid, struct ioasid_ioas *ioas)
{
	int rc = ioasid_array_grow((void **)&dev->att, &dev->cap_att, dev->nr_att,
		sizeof(*dev->att), &dev->lock);

	if (rc < 0)
		return rc;
	pthread_rwlock_wrlock(&dev->lock);
	dev->att[dev->nr_att++] = (struct ioasid_attachment){ pasid, ioas };
	pthread_rwlock_unlock(&dev->lock);
	ioas->nr_attached++;
	return 0;
}

static int
check_attach_args(struct ioasid_device *dev, uint32_t pasid, struct ioasid_ioas *ioas)
{
	if (dev == NULL || ioas == NULL)
		return ioasid_err(-EINVAL, "attach: NULL argument");
	if (ioas->ctx != dev->ctx)
		return ioasid_err(-EINVAL, "attach: %s and the address space belong "
			"to different contexts", dev->name);
	if (pasid != IOASID_NO_PASID)
		return dev->ctx->ops->device_pasid_check(dev, pasid);
	return 0;
}

static int
attach_locked(struct ioasid_device *dev, uint32_t pasid, struct ioasid_ioas *ioas,
		bool replace)
{
	struct ioasid_attachment *a = find_att(dev, pasid);
	int rc;

	if (a != NULL && !replace)
		return ioasid_err(-EBUSY, "%s: %s is already attached; use replace",
			dev->name, pasid == IOASID_NO_PASID ? "the device" : "the PASID");
	if (a == NULL && replace)
		return ioasid_err(-ENOTCONN, "%s: nothing attached to replace",
			dev->name);
	if (a != NULL && a->ioas == ioas)
		return 0;
	if (dev->ctx->ops->device_attach != NULL) {
		rc = dev->ctx->ops->device_attach(dev, pasid, ioas, a ? a->ioas : NULL);
		if (rc < 0)
			return rc;
	}
	if (a == NULL) {
		rc = add_att(dev, pasid, ioas);
		if (rc < 0)
			backend_detach(dev, pasid, ioas);
		return rc;
	}
	/* Replacement: translations switch atomically to the new IOAS. */
	pthread_rwlock_wrlock(&dev->lock);
	a->ioas->nr_attached--;
	a->ioas = ioas;
	ioas->nr_attached++;
	pthread_rwlock_unlock(&dev->lock);
	return 0;
}

static int
attach_common(struct ioasid_device *dev, uint32_t pasid, struct ioasid_ioas *ioas,
		bool replace)
{
	int rc;

	rc = check_attach_args(dev, pasid, ioas);
	if (rc < 0)
		return rc;
	pthread_mutex_lock(&dev->ctx->lock);
	rc = attach_locked(dev, pasid, ioas, replace);
	pthread_mutex_unlock(&dev->ctx->lock);
	return rc;
}

static int
check_pasid_value(uint32_t pasid)
{
	if (pasid == IOASID_NO_PASID)
		return ioasid_err(-EINVAL, "IOASID_NO_PASID is not a PASID; use the "
			"call without _pasid for requests without PASID");
	return 0;
}

int
ioasid_device_attach(struct ioasid_device *dev, struct ioasid_ioas *ioas)
{
	return attach_common(dev, IOASID_NO_PASID, ioas, false);
}

int
ioasid_device_attach_pasid(struct ioasid_device *dev, uint32_t pasid,
		struct ioasid_ioas *ioas)
{
	int rc = check_pasid_value(pasid);

	return rc < 0 ? rc : attach_common(dev, pasid, ioas, false);
}

int
ioasid_device_replace(struct ioasid_device *dev, struct ioasid_ioas *ioas)
{
	return attach_common(dev, IOASID_NO_PASID, ioas, true);
}

int
ioasid_device_replace_pasid(struct ioasid_device *dev, uint32_t pasid,
		struct ioasid_ioas *ioas)
{
	int rc = check_pasid_value(pasid);

	return rc < 0 ? rc : attach_common(dev, pasid, ioas, true);
}

static int
detach_common(struct ioasid_device *dev, uint32_t pasid)
{
	int rc;

	if (dev == NULL)
		return ioasid_err(-EINVAL, "detach: NULL device");
	pthread_mutex_lock(&dev->ctx->lock);
	rc = detach_locked(dev, pasid);
	pthread_mutex_unlock(&dev->ctx->lock);
	return rc;
}

int
ioasid_device_detach(struct ioasid_device *dev)
{
	return detach_common(dev, IOASID_NO_PASID);
}

int
ioasid_device_detach_pasid(struct ioasid_device *dev, uint32_t pasid)
{
	int rc = check_pasid_value(pasid);

	return rc < 0 ? rc : detach_common(dev, pasid);
}

struct ioasid_ioas *
ioasid_device_attached_ioas(struct ioasid_device *dev, uint32_t pasid)
{
	struct ioasid_attachment *a;
	struct ioasid_ioas *ioas;

	if (dev == NULL)
		return NULL;
	pthread_rwlock_rdlock(&dev->lock);
	a = find_att(dev, pasid);
	ioas = a ? a->ioas : NULL;
	pthread_rwlock_unlock(&dev->lock);
	return ioas;
}

int
ioasid_device_hw_info(struct ioasid_device *dev, struct ioasid_hw_info *info)
{
	int rc;

	if (dev == NULL || info == NULL)
		return ioasid_err(-EINVAL, "hw_info: NULL argument");
	memset(info, 0, sizeof(*info));
	pthread_mutex_lock(&dev->ctx->lock);
	rc = dev->ctx->ops->device_hw_info(dev, info);
	pthread_mutex_unlock(&dev->ctx->lock);
	return rc;
}

int
ioasid_device_dma_translate(void *device, uint64_t iova, uint64_t len,
		unsigned int access, uint32_t pasid, void **host, uint64_t *contig)
{
	struct ioasid_device *dev = device;
	struct ioasid_attachment *a;
	int rc;

	if (dev == NULL || host == NULL || contig == NULL || len == 0 ||
			access == 0 || (access & ~(IOASID_DMA_READ | IOASID_DMA_WRITE)) ||
			dev->ctx->ops->backend != IOASID_BACKEND_EMULATED)
		return -EINVAL;
	/* The device lock is held across the IOAS lookup so that a detach or
	 * replace that returned is never overtaken by this translation. */
	pthread_rwlock_rdlock(&dev->lock);
	a = find_att(dev, pasid);
	if (a == NULL)
		rc = -EFAULT;
	else
		rc = ioasid_ioas_translate(a->ioas, iova, len, access, host, contig);
	pthread_rwlock_unlock(&dev->lock);
	if (rc < 0)
		atomic_fetch_add_explicit(&dev->faults, 1, memory_order_relaxed);
	return rc;
}

uint64_t
ioasid_device_fault_count(const struct ioasid_device *dev)
{
	return atomic_load_explicit(&((struct ioasid_device *)dev)->faults,
		memory_order_relaxed);
}
