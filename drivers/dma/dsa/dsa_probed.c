/* SPDX-License-Identifier: BSD-3-Clause */
/* See dsa_probed.h: the devices the vdev backends have probed. */
#include <errno.h>
#include <string.h>

#include "dsa_probed.h"

static struct dsa_device *probed;

void
dsa_probed_add(struct dsa_device *dev)
{
	dev->next_probed = probed;
	probed = dev;
}

static struct dsa_device **
find(const char *name)
{
	struct dsa_device **pp;

	for (pp = &probed; *pp != NULL; pp = &(*pp)->next_probed)
		if (strcmp((*pp)->name, name) == 0)
			return pp;
	return NULL;
}

struct dsa_device *
dsa_probed_find(const char *name, const struct dsa_backend_ops *ops)
{
	struct dsa_device **pp = find(name);

	return pp != NULL && (*pp)->ops == ops ? *pp : NULL;
}

int
dsa_probed_remove(struct rte_vdev_device *vdev)
{
	struct dsa_device **pp = find(rte_vdev_device_name(vdev));
	struct dsa_device *dev;
	int ret;

	if (pp == NULL)
		return -ENODEV;
	dev = *pp;
	ret = dsa_dmadevs_destroy(dev);
	if (ret < 0)
		return ret;
	*pp = dev->next_probed;
	dev->ops->release(dev);
	return 0;
}
