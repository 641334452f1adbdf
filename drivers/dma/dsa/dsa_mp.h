/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Multi-process: DPDK secondary processes using the dmadevs the primary
 * probed (see doc/driver.md, "Multi-process"). The primary shares, per
 * device, one memzone with a mailbox and the user of every dmadev; a
 * secondary's portal writes descriptors into the mailbox and a forwarder
 * thread of the primary hands them to the device.
 */
#ifndef DSA_MP_H
#define DSA_MP_H

#include <stdbool.h>

#include <bus_vdev_driver.h>

#include "dsa_dev.h"

struct dsa_mp_vchan;

/* dsa_mp_claim: the previous user died, the caller must reset the ring */
#define DSA_MP_RECLAIMED 1

/* Primary, at probe: share DEV (after dsa_hw_configure) with secondaries */
int dsa_mp_dev_init(struct dsa_device *dev);
/* Primary: stop sharing DEV (before its memory is freed) */
void dsa_mp_dev_fini(struct dsa_device *dev);
/* Primary: the shared state of the INDEX-th dmadev of DEV, on WQ WQ */
struct dsa_mp_vchan *dsa_mp_vchan_bind(struct dsa_device *dev, unsigned int index,
				       unsigned int wq, const char *name);

bool dsa_mp_secondary(void);
/* The backend ops as this process may call them */
const struct dsa_backend_ops *dsa_mp_ops(const struct dsa_device *dev);

/*
 * Make this process the user of the dmadev NAME, and set PORTAL to how this
 * process submits. Returns 0, DSA_MP_RECLAIMED, or -EBUSY (another live
 * process uses it) or another -errno.
 */
int dsa_mp_claim(struct dsa_mp_vchan *mv, const char *name, struct dsa_portal *portal);
void dsa_mp_release(struct dsa_mp_vchan *mv);
bool dsa_mp_is_user(const struct dsa_mp_vchan *mv);

/* Secondary: the probe and the removal of a vdev the primary shares */
int dsa_mp_attach(struct rte_vdev_device *vdev);
int dsa_mp_detach(struct rte_vdev_device *vdev);
/* Secondary: probe of a backend that does not support it */
int dsa_mp_refuse_secondary(const char *name, const char *backend);

#endif /* DSA_MP_H */
