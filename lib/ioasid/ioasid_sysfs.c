/* SPDX-License-Identifier: BSD-3-Clause */
/* PCI addresses and the sysfs entries that lead to a device's VFIO nodes. */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ioasid_private.h"

int
ioasid_pci_addr_normalize(const char *in, char out[IOASID_PCI_ADDR_LEN])
{
	unsigned int dom = 0, bus, dev, fn;
	char tail;

	if (in == NULL)
		return ioasid_err(-EINVAL, "no PCI address");
	/* sscanf alone would accept signs, blanks and "0x" prefixes. */
	if (in[strspn(in, "0123456789abcdefABCDEF:.")] != '\0')
		return ioasid_err(-EINVAL, "'%s' is not a PCI address (dddd:bb:dd.f)", in);
	if (sscanf(in, "%x:%x:%x.%x%c", &dom, &bus, &dev, &fn, &tail) != 4) {
		dom = 0;
		if (sscanf(in, "%x:%x.%x%c", &bus, &dev, &fn, &tail) != 3)
			return ioasid_err(-EINVAL,
				"'%s' is not a PCI address (dddd:bb:dd.f)", in);
	}
	if (dom > 0xffff || bus > 0xff || dev > 0x1f || fn > 7)
		return ioasid_err(-EINVAL, "PCI address '%s' out of range", in);
	snprintf(out, IOASID_PCI_ADDR_LEN, "%04x:%02x:%02x.%x", dom, bus, dev, fn);
	return 0;
}

/* Name of the driver bound to a PCI device, for error messages. */
static void
pci_driver_name(const struct ioasid_ctx *ctx, const char *pci_addr,
		char *name, size_t size)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n = -1;

	snprintf(name, size, "none");
	if (ioasid_path(path, sizeof(path), ctx->sysfs_root,
			"bus/pci/devices/%s/driver", pci_addr) == 0)
		n = readlink(path, target, sizeof(target) - 1);
	if (n > 0) {
		target[n] = '\0';
		const char *base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;

		snprintf(name, size, "%.*s", (int)size - 1, base);
	}
}

/* Path of the sysfs attribute @attr of an existing PCI device */
static int
pci_attr_path(const struct ioasid_ctx *ctx, const char *pci_addr, const char *attr,
		char *path, size_t size)
{
	int rc;

	rc = ioasid_path(path, size, ctx->sysfs_root, "bus/pci/devices/%s", pci_addr);
	if (rc < 0)
		return rc;
	if (access(path, F_OK) != 0)
		return ioasid_err(-ENODEV, "no PCI device %s (%s)", pci_addr, path);
	return ioasid_path(path, size, ctx->sysfs_root, "bus/pci/devices/%s/%s", pci_addr,
		attr);
}

int
ioasid_sysfs_vfio_cdev(const struct ioasid_ctx *ctx, const char *pci_addr,
		char *path, size_t size)
{
	char dir[PATH_MAX], drv[64];
	struct dirent *de;
	unsigned int n;
	DIR *d;
	int rc;

	rc = pci_attr_path(ctx, pci_addr, "vfio-dev", dir, sizeof(dir));
	if (rc < 0)
		return rc;
	d = opendir(dir);
	if (d == NULL) {
		pci_driver_name(ctx, pci_addr, drv, sizeof(drv));
		return ioasid_err(-ENODEV, "%s has no VFIO device cdev (%s missing; "
			"driver: %s; the cdev needs vfio-pci and Linux 6.6+)",
			pci_addr, dir, drv);
	}
	rc = -ENODEV;
	while ((de = readdir(d)) != NULL) {
		char tail;

		if (sscanf(de->d_name, "vfio%u%c", &n, &tail) == 1) {
			rc = ioasid_path(path, size, ctx->dev_root,
				"vfio/devices/vfio%u", n);
			break;
		}
	}
	closedir(d);
	if (rc == -ENODEV)
		return ioasid_err(rc, "%s: no vfioN entry in %s", pci_addr, dir);
	return rc;
}

int
ioasid_sysfs_iommu_group(const struct ioasid_ctx *ctx, const char *pci_addr,
		int *group)
{
	char path[PATH_MAX], target[PATH_MAX], tail;
	const char *base;
	ssize_t n;
	int rc;

	rc = pci_attr_path(ctx, pci_addr, "iommu_group", path, sizeof(path));
	if (rc < 0)
		return rc;
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return ioasid_err(-ENODEV, "%s is in no IOMMU group (%s: %s); "
			"is an IOMMU enabled?", pci_addr, path, strerror(errno));
	target[n] = '\0';
	base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	if (sscanf(base, "%d%c", group, &tail) != 1 || *group < 0)
		return ioasid_err(-EINVAL, "%s: bad IOMMU group link '%s'",
			pci_addr, target);
	return 0;
}
