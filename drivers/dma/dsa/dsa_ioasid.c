/* SPDX-License-Identifier: BSD-3-Clause */
/* See dsa_ioasid.h: a device's DMA through a libioasid address space. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_eal.h>

#include "dsa_dev.h"
#include "dsa_ioasid.h"

int
dsa_ioasid_fail(const char *name, const char *what, int rc)
{
	DSA_LOG(ERR, "%s: %s failed: %s (%s)", name, what, ioasid_last_error(), strerror(-rc));
	return rc;
}

int
dsa_ioasid_open(struct dsa_ioasid *io, const char *name, enum ioasid_backend backend)
{
	struct ioasid_ctx_opts opts = { .backend = backend };
	int ret;

	memset(io, 0, sizeof(*io));
	if (rte_eal_iova_mode() != RTE_IOVA_VA) {
		DSA_LOG(ERR, "%s: EAL runs with IOVA as physical addresses; a device taken "
			"through libioasid sees DPDK memory at IOVA = VA: run with --iova-mode=va",
			name);
		return -ENOTSUP;
	}
	ret = ioasid_ctx_open(&opts, &io->ctx);
	if (ret < 0)
		return dsa_ioasid_fail(name, "opening the IOMMU context", ret);
	ret = ioasid_ioas_alloc(io->ctx, &io->ioas);
	if (ret < 0)
		return dsa_ioasid_fail(name, "allocating an I/O address space", ret);
	DSA_LOG(INFO, "%s: IOMMU backend %s", name,
		ioasid_backend_name(ioasid_ctx_backend(io->ctx)));
	return 0;
}

int
dsa_ioasid_attach(struct dsa_ioasid *io, const char *name, struct ioasid_device *dev)
{
	int ret;

	io->dev = dev;
	ret = ioasid_device_attach(dev, io->ioas);
	if (ret < 0)
		return dsa_ioasid_fail(name, "attaching the device to its address space", ret);
	return 0;
}

int
dsa_ioasid_map_dpdk(struct dsa_ioasid *io, const char *name)
{
	int ret = ioasid_dpdk_attach(io->ioas, &io->glue);

	if (ret < 0)
		return dsa_ioasid_fail(name, "mapping DPDK memory", ret);
	DSA_LOG(INFO, "%s: %" PRIu64 " pages of DPDK memory mapped at IOVA = VA", name,
		ioasid_dpdk_mapped_pages(io->glue));
	return 0;
}

int
dsa_ioasid_open_emulated(struct dsa_ioasid *io, const char *name)
{
	struct ioasid_device *dev;
	int ret;

	ret = dsa_ioasid_open(io, name, IOASID_BACKEND_EMULATED);
	if (ret < 0)
		return ret;
	ret = ioasid_device_open_emulated(io->ctx, name, 0, &dev);
	if (ret < 0)
		return dsa_ioasid_fail(name, "creating the emulated device", ret);
	ret = dsa_ioasid_attach(io, name, dev);
	return ret < 0 ? ret : dsa_ioasid_map_dpdk(io, name);
}

void
dsa_ioasid_close(struct dsa_ioasid *io, const char *name)
{
	int ret;

	/* the glue unmaps everything before the device and its IOAS go */
	ioasid_dpdk_detach(io->glue);
	ioasid_device_close(io->dev);
	if (io->ioas != NULL) {
		ret = ioasid_ioas_free(io->ioas);
		if (ret < 0)
			dsa_ioasid_fail(name, "freeing the I/O address space", ret);
	}
	if (io->ctx != NULL) {
		ret = ioasid_ctx_close(io->ctx);
		if (ret < 0)
			dsa_ioasid_fail(name, "closing the IOMMU context", ret);
	}
	memset(io, 0, sizeof(*io));
}
