/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel backends without a kernel: PCI address parsing, discovery of a
 * device's VFIO cdev and IOMMU group in a fake sysfs tree, and the errors
 * the iommufd and type1 backends give when /dev nodes are not what they
 * should be.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ioasid_private.h"
#include "ioasid_test.h"

TEST_DEFINE_COUNTERS;

static char root[] = "/tmp/ioasid-sysfsXXXXXX";

static void
make(const char *fmt, const char *arg, bool dir)
{
	char path[512], rel[256];

	snprintf(rel, sizeof(rel), fmt, arg);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (dir)
		CHECK(mkdir(path, 0755) == 0);
	else
		CHECK(mknod(path, S_IFREG | 0644, 0) == 0);
}

static void
link_to(const char *target, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, name);
	CHECK(symlink(target, path) == 0);
}

static void
build_tree(void)
{
	static const char *const dirs[] = {
		"sys", "sys/bus", "sys/bus/pci", "sys/bus/pci/devices",
		"sys/bus/pci/devices/0000:00:03.0",
		"sys/bus/pci/devices/0000:00:03.0/vfio-dev",
		"sys/bus/pci/devices/0000:00:03.0/vfio-dev/vfio2",
		"sys/bus/pci/devices/0000:00:04.0",
		"dev", "dev/vfio", "dev/vfio/devices",
	};
	size_t i;

	CHECK(mkdtemp(root) != NULL);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		make("%s", dirs[i], true);
	link_to("../../../kernel/iommu_groups/7",
		"sys/bus/pci/devices/0000:00:03.0/iommu_group");
	link_to("../../../bus/pci/drivers/vfio-pci",
		"sys/bus/pci/devices/0000:00:03.0/driver");
	link_to("../../../bus/pci/drivers/e1000e",
		"sys/bus/pci/devices/0000:00:04.0/driver");
	/* Plain files where the kernel has character devices: opening works,
	 * every ioctl fails with ENOTTY. */
	make("%s", "dev/iommu", false);
	make("%s", "dev/vfio/vfio", false);
	make("%s", "dev/vfio/7", false);
	make("%s", "dev/vfio/devices/vfio2", false);
}

static void
test_pci_addr(void)
{
	char out[IOASID_PCI_ADDR_LEN];

	CHECK_RC(ioasid_pci_addr_normalize("0000:00:03.0", out), 0);
	CHECK(strcmp(out, "0000:00:03.0") == 0);
	CHECK_RC(ioasid_pci_addr_normalize("3:1f.7", out), 0);
	CHECK(strcmp(out, "0000:03:1f.7") == 0);
	CHECK_RC(ioasid_pci_addr_normalize("12:ab:0c.1", out), 0);
	CHECK(strcmp(out, "0012:ab:0c.1") == 0);
	CHECK_RC(ioasid_pci_addr_normalize("00:20.0", out), -EINVAL);
	CHECK_RC(ioasid_pci_addr_normalize("00:03.8", out), -EINVAL);
	CHECK_RC(ioasid_pci_addr_normalize("00:03.0x", out), -EINVAL);
	CHECK_RC(ioasid_pci_addr_normalize("vfio0", out), -EINVAL);
	CHECK_RC(ioasid_pci_addr_normalize(NULL, out), -EINVAL);
}

static struct ioasid_ctx_opts
opts_for(enum ioasid_backend b, char *sys, char *dev, size_t size)
{
	snprintf(sys, size, "%s/sys", root);
	snprintf(dev, size, "%s/dev", root);
	return (struct ioasid_ctx_opts){ .backend = b, .sysfs_root = sys, .dev_root = dev };
}

static void
test_discovery(void)
{
	char sys[256], dev[256], path[512];
	struct ioasid_ctx_opts opts = opts_for(IOASID_BACKEND_EMULATED, sys, dev,
		sizeof(sys));
	struct ioasid_ctx *ctx;
	int group = -1;

	CHECK_RC(ioasid_ctx_open(&opts, &ctx), 0);
	CHECK_RC(ioasid_sysfs_vfio_cdev(ctx, "0000:00:03.0", path, sizeof(path)), 0);
	CHECK(strcmp(path + strlen(dev), "/vfio/devices/vfio2") == 0);
	CHECK_RC(ioasid_sysfs_iommu_group(ctx, "0000:00:03.0", &group), 0);
	CHECK(group == 7);
	/* Bound to another driver: no cdev, and the message says which driver. */
	CHECK_RC(ioasid_sysfs_vfio_cdev(ctx, "0000:00:04.0", path, sizeof(path)), -ENODEV);
	CHECK(strstr(ioasid_last_error(), "e1000e") != NULL);
	CHECK_RC(ioasid_sysfs_iommu_group(ctx, "0000:00:04.0", &group), -ENODEV);
	CHECK_RC(ioasid_sysfs_vfio_cdev(ctx, "0000:00:05.0", path, sizeof(path)), -ENODEV);
	CHECK(strstr(ioasid_last_error(), "no PCI device") != NULL);
	CHECK_RC(ioasid_ctx_close(ctx), 0);
}

static void
test_iommufd_without_kernel(void)
{
	char sys[256], dev[256];
	struct ioasid_ctx_opts opts = opts_for(IOASID_BACKEND_AUTO, sys, dev, sizeof(sys));
	struct ioasid_device *d;
	struct ioasid_ioas *ioas;
	struct ioasid_ctx *ctx;

	unsetenv(IOASID_ENV_BACKEND);
	/* The fake /dev has /dev/iommu and /dev/vfio/devices: iommufd wins. */
	CHECK_RC(ioasid_ctx_open(&opts, &ctx), 0);
	CHECK(ioasid_ctx_backend(ctx) == IOASID_BACKEND_IOMMUFD);
	CHECK_RC(ioasid_ioas_alloc(ctx, &ioas), -ENOTTY);
	CHECK(strstr(ioasid_last_error(), "IOMMU_IOAS_ALLOC") != NULL);
	CHECK_RC(ioasid_device_open_pci(ctx, "00:03.0", &d), -ENOTTY);
	CHECK(strstr(ioasid_last_error(), "VFIO_DEVICE_BIND_IOMMUFD") != NULL);
	CHECK(strstr(ioasid_last_error(), "vfio2") != NULL);
	CHECK_RC(ioasid_device_open_pci(ctx, "00:04.0", &d), -ENODEV);
	CHECK_RC(ioasid_device_open_pci(ctx, "not-pci", &d), -EINVAL);
	CHECK_RC(ioasid_device_open_emulated(ctx, "emu", 0, &d), -EOPNOTSUPP);
	CHECK_RC(ioasid_ctx_close(ctx), 0);
}

static void
test_type1_without_kernel(void)
{
	char sys[256], dev[256];
	struct ioasid_ctx_opts opts = opts_for(IOASID_BACKEND_TYPE1, sys, dev, sizeof(sys));
	struct ioasid_ctx *ctx;

	/* A /dev/vfio/vfio that answers no VFIO ioctl is refused cleanly. */
	CHECK_RC(ioasid_ctx_open(&opts, &ctx), -EOPNOTSUPP);
	CHECK(strstr(ioasid_last_error(), "VFIO API version") != NULL);
	snprintf(dev, sizeof(dev), "%s/nonexistent", root);
	CHECK_RC(ioasid_ctx_open(&opts, &ctx), -ENOENT);
	CHECK(strstr(ioasid_last_error(), "vfio/vfio") != NULL);
	opts.backend = IOASID_BACKEND_IOMMUFD;
	CHECK_RC(ioasid_ctx_open(&opts, &ctx), -ENOENT);
	CHECK(strstr(ioasid_last_error(), "iommu") != NULL);
}

int
main(void)
{
	char cmd[64];

	build_tree();
	test_pci_addr();
	test_discovery();
	test_iommufd_without_kernel();
	test_type1_without_kernel();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	CHECK(system(cmd) == 0);
	return test_report("ioasid sysfs");
}
