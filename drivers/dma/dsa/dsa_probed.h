/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The devices the vdev backends have probed, by vdev name, and the vdev
 * remove they share. Probe and remove run in EAL's main thread only.
 */
#ifndef DSA_PROBED_H
#define DSA_PROBED_H

#include <bus_vdev_driver.h>

#include "dsa_dev.h"

/* Record DEV, whose dmadevs exist, under DEV->name */
void dsa_probed_add(struct dsa_device *dev);

/* The probed device named NAME whose backend is OPS, or NULL */
struct dsa_device *dsa_probed_find(const char *name, const struct dsa_backend_ops *ops);

/* rte_vdev_driver.remove: destroy the device's dmadevs, forget it, release it */
int dsa_probed_remove(struct rte_vdev_device *vdev);

#endif /* DSA_PROBED_H */
