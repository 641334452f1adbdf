/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The whole libioasid API on the emulated backend: address spaces, fixed
 * and automatic IOVAs, iommufd's unmap rules, permissions, sharing, PASID
 * bookkeeping, regions backed by a device model, translation under concurrent
 * unmap, and the error paths.
 */

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ioasid_test.h"

TEST_DEFINE_COUNTERS;

#define PG 4096ull
#define MIB (1ull << 20)
#define RW (IOASID_MAP_READ | IOASID_MAP_WRITE)
#define FIXED IOASID_MAP_FIXED_IOVA

static void *
alloc_aligned(size_t align, size_t len)
{
	void *p = NULL;

	if (posix_memalign(&p, align, len) != 0)
		abort();
	memset(p, 0, len);
	return p;
}

static struct ioasid_ctx *
open_emulated(void)
{
	struct ioasid_ctx_opts opts = { .backend = IOASID_BACKEND_EMULATED };
	struct ioasid_ctx *ctx = NULL;

	CHECK_RC(ioasid_ctx_open(&opts, &ctx), 0);
	if (ctx == NULL)
		exit(test_report("ioasid emulated"));
	return ctx;
}

static void
test_backend_choice(void)
{
	char dir[] = "/tmp/ioasid-devXXXXXX", path[256];
	struct ioasid_ctx_opts opts = { 0 };
	enum ioasid_backend b;

	CHECK(strcmp(ioasid_backend_name(IOASID_BACKEND_IOMMUFD), "iommufd") == 0);
	CHECK(strcmp(ioasid_backend_name((enum ioasid_backend)42), "unknown") == 0);
	CHECK_RC(ioasid_backend_parse("type1", &b), 0);
	CHECK(b == IOASID_BACKEND_TYPE1);
	CHECK_RC(ioasid_backend_parse("vfio", &b), -EINVAL);
	CHECK(strstr(ioasid_last_error(), "vfio") != NULL);

	CHECK(mkdtemp(dir) != NULL);
	opts.dev_root = dir;
	unsetenv(IOASID_ENV_BACKEND);
	CHECK_RC(ioasid_backend_resolve(&opts, &b), -ENODEV);
	snprintf(path, sizeof(path), "%s/vfio", dir);
	CHECK(mkdir(path, 0700) == 0);
	snprintf(path, sizeof(path), "%s/vfio/vfio", dir);
	CHECK(mknod(path, S_IFREG | 0600, 0) == 0);
	CHECK_RC(ioasid_backend_resolve(&opts, &b), 0);
	CHECK(b == IOASID_BACKEND_TYPE1);
	/* /dev/iommu alone is not enough: the VFIO cdev directory is needed. */
	snprintf(path, sizeof(path), "%s/iommu", dir);
	CHECK(mknod(path, S_IFREG | 0600, 0) == 0);
	CHECK_RC(ioasid_backend_resolve(&opts, &b), 0);
	CHECK(b == IOASID_BACKEND_TYPE1);
	snprintf(path, sizeof(path), "%s/vfio/devices", dir);
	CHECK(mkdir(path, 0700) == 0);
	CHECK_RC(ioasid_backend_resolve(&opts, &b), 0);
	CHECK(b == IOASID_BACKEND_IOMMUFD);
	/* The environment overrides the automatic choice, the API overrides both. */
	setenv(IOASID_ENV_BACKEND, "type1", 1);
	CHECK_RC(ioasid_backend_resolve(&opts, &b), 0);
	CHECK(b == IOASID_BACKEND_TYPE1);
	opts.backend = IOASID_BACKEND_EMULATED;
	CHECK_RC(ioasid_backend_resolve(&opts, &b), 0);
	CHECK(b == IOASID_BACKEND_EMULATED);
	opts.backend = IOASID_BACKEND_AUTO;
	setenv(IOASID_ENV_BACKEND, "bogus", 1);
	CHECK_RC(ioasid_backend_resolve(&opts, &b), -EINVAL);
	CHECK(strstr(ioasid_last_error(), IOASID_ENV_BACKEND) != NULL);
	unsetenv(IOASID_ENV_BACKEND);
	opts.backend = (enum ioasid_backend)9;
	CHECK_RC(ioasid_backend_resolve(&opts, &b), -EINVAL);

	snprintf(path, sizeof(path), "rm -rf %s", dir);
	CHECK(system(path) == 0);
}

static void
test_fixed_map_rules(struct ioasid_ctx *ctx)
{
	struct ioasid_ioas *ioas;
	uint8_t *buf = alloc_aligned(PG, 64 * PG);
	uint64_t iova;

	CHECK_RC(ioasid_ioas_alloc(ctx, &ioas), 0);
	CHECK(ioasid_ioas_id(ioas) == 0);
	iova = 0x100000;
	CHECK_RC(ioasid_ioas_map(ioas, buf, 8 * PG, &iova, RW | FIXED), 0);
	CHECK(iova == 0x100000);
	/* Overlaps: same start, inside, straddling either end, enclosing. */
	iova = 0x100000;
	CHECK_RC(ioasid_ioas_map(ioas, buf + 8 * PG, PG, &iova, RW | FIXED), -EEXIST);
	iova = 0x100000 + 3 * PG;
	CHECK_RC(ioasid_ioas_map(ioas, buf + 8 * PG, PG, &iova, RW | FIXED), -EEXIST);
	iova = 0x100000 - PG;
	CHECK_RC(ioasid_ioas_map(ioas, buf + 8 * PG, 2 * PG, &iova, RW | FIXED), -EEXIST);
	iova = 0x100000 + 7 * PG;
	CHECK_RC(ioasid_ioas_map(ioas, buf + 8 * PG, 2 * PG, &iova, RW | FIXED), -EEXIST);
	iova = 0x100000 - PG;
	CHECK_RC(ioasid_ioas_map(ioas, buf + 8 * PG, 16 * PG, &iova, RW | FIXED), -EEXIST);
	/* Adjacent on both sides is fine. */
	iova = 0x100000 - PG;
	CHECK_RC(ioasid_ioas_map(ioas, buf + 8 * PG, PG, &iova, RW | FIXED), 0);
	iova = 0x100000 + 8 * PG;
	CHECK_RC(ioasid_ioas_map(ioas, buf + 9 * PG, PG, &iova, RW | FIXED), 0);
	/* Outside the usable ranges: the MSI window and beyond 48 bits. */
	iova = 0xfee00000;
	CHECK_RC(ioasid_ioas_map(ioas, buf, PG, &iova, RW | FIXED), -EINVAL);
	CHECK(strstr(ioasid_last_error(), "usable") != NULL);
	iova = 0xfedff000;
	CHECK_RC(ioasid_ioas_map(ioas, buf, 2 * PG, &iova, RW | FIXED), -EINVAL);
	iova = 1ull << 48;
	CHECK_RC(ioasid_ioas_map(ioas, buf, PG, &iova, RW | FIXED), -EINVAL);
	/* Argument errors. */
	iova = 0x200000;
	CHECK_RC(ioasid_ioas_map(ioas, buf + 1, PG, &iova, RW | FIXED), -EINVAL);
	CHECK_RC(ioasid_ioas_map(ioas, buf, PG + 1, &iova, RW | FIXED), -EINVAL);
	iova = 0x200001;
	CHECK_RC(ioasid_ioas_map(ioas, buf, PG, &iova, RW | FIXED), -EINVAL);
	iova = 0x200000;
	CHECK_RC(ioasid_ioas_map(ioas, buf, 0, &iova, RW | FIXED), -EINVAL);
	CHECK_RC(ioasid_ioas_map(ioas, buf, PG, &iova, FIXED), -EINVAL);
	CHECK_RC(ioasid_ioas_map(ioas, buf, PG, &iova, RW | 0x80), -EINVAL);
	CHECK_RC(ioasid_ioas_map(ioas, NULL, PG, &iova, RW | FIXED), -EINVAL);
	CHECK_RC(ioasid_ioas_map(ioas, buf, PG, NULL, RW), -EINVAL);
	CHECK_RC(ioasid_ioas_map(NULL, buf, PG, &iova, RW), -EINVAL);
	iova = UINT64_MAX - PG + 1;
	CHECK_RC(ioasid_ioas_map(ioas, buf, 2 * PG, &iova, RW | FIXED), -EOVERFLOW);
	CHECK(strlen(ioasid_last_error()) > 0);

	CHECK_RC(ioasid_ioas_unmap(ioas, 0, UINT64_MAX, NULL), 0);
	CHECK_RC(ioasid_ioas_free(ioas), 0);
	free(buf);
}

static bool
ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

static void
test_auto_iova(struct ioasid_ctx *ctx)
{
	uint8_t *big = alloc_aligned(2 * MIB, 4 * MIB);
	uint8_t *small = alloc_aligned(PG, 16 * PG);
	struct ioasid_ioas *ioas;
	uint64_t iova[4], fixed;
	int i, j;

	CHECK_RC(ioasid_ioas_alloc(ctx, &ioas), 0);
	/* A fixed mapping at 0 must be skipped by the allocator. */
	fixed = 0;
	CHECK_RC(ioasid_ioas_map(ioas, small, 4 * PG, &fixed, RW | FIXED), 0);
	CHECK_RC(ioasid_ioas_map(ioas, big, 2 * MIB, &iova[0], RW), 0);
	CHECK((iova[0] & (2 * MIB - 1)) == 0); /* as aligned as the memory */
	CHECK_RC(ioasid_ioas_map(ioas, big + 2 * MIB, 2 * MIB, &iova[1], IOASID_MAP_READ), 0);
	CHECK_RC(ioasid_ioas_map(ioas, small + 4 * PG, PG, &iova[2], RW), 0);
	CHECK_RC(ioasid_ioas_map(ioas, small + 5 * PG, 3 * PG, &iova[3], RW), 0);
	for (i = 0; i < 4; i++) {
		uint64_t li = i < 2 ? 2 * MIB : (i == 2 ? PG : 3 * PG);

		CHECK(!ranges_overlap(iova[i], li, 0, 4 * PG));
		CHECK(!ranges_overlap(iova[i], li, 0xfee00000, MIB));
		for (j = 0; j < i; j++) {
			uint64_t lj = j < 2 ? 2 * MIB : (j == 2 ? PG : 3 * PG);

			CHECK(!ranges_overlap(iova[i], li, iova[j], lj));
		}
	}
	/* Nothing fits a mapping larger than the address space. */
	CHECK_RC(ioasid_ioas_map(ioas, small, 1ull << 49, &iova[0], RW), -ENOSPC);
	CHECK_RC(ioasid_ioas_unmap(ioas, 0, UINT64_MAX, NULL), 0);
	/* Space below the MSI window filled: the allocator goes above it. */
	fixed = 0;
	CHECK_RC(ioasid_ioas_map(ioas, small, 0xfee00000, &fixed, RW | FIXED), 0);
	CHECK_RC(ioasid_ioas_map(ioas, small, PG, &iova[0], RW), 0);
	CHECK(iova[0] >= 0xfef00000);
	CHECK_RC(ioasid_ioas_free(ioas), 0);
	free(big);
	free(small);
}

static void
test_unmap_rules(struct ioasid_ctx *ctx)
{
	uint8_t *buf = alloc_aligned(PG, 16 * PG);
	struct ioasid_ioas *ioas;
	uint64_t iova, done;
	void *host;
	uint64_t contig;
	struct ioasid_device *dev;

	CHECK_RC(ioasid_ioas_alloc(ctx, &ioas), 0);
	CHECK_RC(ioasid_device_open_emulated(ctx, "unmap", 0, &dev), 0);
	CHECK_RC(ioasid_device_attach(dev, ioas), 0);
	iova = 0x10000;
	CHECK_RC(ioasid_ioas_map(ioas, buf, 4 * PG, &iova, RW | FIXED), 0);
	iova = 0x20000;
	CHECK_RC(ioasid_ioas_map(ioas, buf + 4 * PG, 4 * PG, &iova, RW | FIXED), 0);
	/* Splitting or truncating a mapping is refused, and nothing changes. */
	CHECK_RC(ioasid_ioas_unmap(ioas, 0x10000, PG, &done), -ENOENT);
	CHECK_RC(ioasid_ioas_unmap(ioas, 0x11000, 3 * PG, &done), -ENOENT);
	CHECK_RC(ioasid_ioas_unmap(ioas, 0x10000, 0x11000, &done), -ENOENT);
	CHECK(strstr(ioasid_last_error(), "split") != NULL);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x10000, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), 0);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x20000, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), 0);
	/* Nothing mapped in the range. */
	CHECK_RC(ioasid_ioas_unmap(ioas, 0x40000, PG, &done), -ENOENT);
	/* Argument errors. */
	CHECK_RC(ioasid_ioas_unmap(ioas, 0x10000, 0, &done), -EINVAL);
	CHECK_RC(ioasid_ioas_unmap(ioas, UINT64_MAX, 2, &done), -EOVERFLOW);
	CHECK_RC(ioasid_ioas_unmap(NULL, 0x10000, PG, &done), -EINVAL);
	/* A superset unmaps each mapping it covers completely. */
	CHECK_RC(ioasid_ioas_unmap(ioas, 0x8000, 0x10000, &done), 0);
	CHECK(done == 4 * PG);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x10000, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), -EFAULT);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x20000, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), 0);
	/* 0..UINT64_MAX is "everything", also on an empty IOAS. */
	CHECK_RC(ioasid_ioas_unmap(ioas, 0, UINT64_MAX, &done), 0);
	CHECK(done == 4 * PG);
	CHECK_RC(ioasid_ioas_unmap(ioas, 0, UINT64_MAX, &done), 0);
	CHECK(done == 0);
	CHECK_RC(ioasid_ioas_free(ioas), -EBUSY);
	ioasid_device_close(dev);
	CHECK_RC(ioasid_ioas_free(ioas), 0);
	free(buf);
}

static void
test_permissions(struct ioasid_ctx *ctx)
{
	uint8_t *buf = alloc_aligned(PG, 8 * PG);
	struct ioasid_device *dev;
	struct ioasid_ioas *ioas;
	uint64_t iova, contig, faults;
	void *host;

	CHECK_RC(ioasid_ioas_alloc(ctx, &ioas), 0);
	CHECK_RC(ioasid_device_open_emulated(ctx, "perm", 0, &dev), 0);
	/* Not attached: every access faults. */
	CHECK_RC(ioasid_device_dma_translate(dev, 0x1000, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), -EFAULT);
	CHECK_RC(ioasid_device_attach(dev, ioas), 0);
	CHECK_RC(ioasid_device_attach(dev, ioas), -EBUSY);
	iova = 0x1000;
	CHECK_RC(ioasid_ioas_map(ioas, buf, 2 * PG, &iova, IOASID_MAP_READ | FIXED), 0);
	iova = 0x3000;
	CHECK_RC(ioasid_ioas_map(ioas, buf + 2 * PG, 2 * PG, &iova, IOASID_MAP_WRITE | FIXED), 0);
	iova = 0x5000;
	CHECK_RC(ioasid_ioas_map(ioas, buf + 4 * PG, 2 * PG, &iova, RW | FIXED), 0);

	faults = ioasid_device_fault_count(dev);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x1010, 16, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), 0);
	CHECK(host == buf + 0x10 && contig == 16);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x1010, 16, IOASID_DMA_WRITE,
		IOASID_NO_PASID, &host, &contig), -EACCES);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x3000, 16, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), -EACCES);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x3000, 16, IOASID_DMA_WRITE,
		IOASID_NO_PASID, &host, &contig), 0);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x5000, 16,
		IOASID_DMA_READ | IOASID_DMA_WRITE, IOASID_NO_PASID, &host, &contig), 0);
	CHECK(ioasid_device_fault_count(dev) == faults + 2);
	/* contig stops at the end of the mapping (adjacent ones are separate). */
	CHECK_RC(ioasid_device_dma_translate(dev, 0x2ff0, 64, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), 0);
	CHECK(contig == 16 && host == buf + PG + 0xff0);
	/* The last byte of a mapping, and one past it (unmapped hole at 0x7000). */
	CHECK_RC(ioasid_device_dma_translate(dev, 0x6fff, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), 0);
	CHECK(contig == 1);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x7000, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), -EFAULT);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x0, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), -EFAULT);
	/* Argument errors. */
	CHECK_RC(ioasid_device_dma_translate(dev, 0x1000, 0, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), -EINVAL);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x1000, 8, 0,
		IOASID_NO_PASID, &host, &contig), -EINVAL);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x1000, 8, 4,
		IOASID_NO_PASID, &host, &contig), -EINVAL);
	CHECK_RC(ioasid_device_dma_translate(NULL, 0x1000, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), -EINVAL);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x1000, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, NULL, &contig), -EINVAL);
	/* Detach blocks DMA. */
	CHECK_RC(ioasid_device_detach(dev), 0);
	CHECK_RC(ioasid_device_detach(dev), -ENOTCONN);
	CHECK_RC(ioasid_device_dma_translate(dev, 0x5000, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), -EFAULT);
	ioasid_device_close(dev);
	CHECK_RC(ioasid_ioas_free(ioas), 0);
	free(buf);
}

static void
test_sharing(struct ioasid_ctx *ctx)
{
	uint8_t *a_buf = alloc_aligned(PG, PG), *b_buf = alloc_aligned(PG, PG);
	struct ioasid_ioas *a, *b;
	struct ioasid_device *dev[6];
	uint64_t iova, contig;
	char name[16];
	void *host;
	int i;

	CHECK_RC(ioasid_ioas_alloc(ctx, &a), 0);
	CHECK_RC(ioasid_ioas_alloc(ctx, &b), 0);
	iova = 0x40000;
	CHECK_RC(ioasid_ioas_map(a, a_buf, PG, &iova, RW | FIXED), 0);
	CHECK_RC(ioasid_ioas_map(b, b_buf, PG, &iova, RW | FIXED), 0);
	for (i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "dev%d", i);
		CHECK_RC(ioasid_device_open_emulated(ctx, name, 0, &dev[i]), 0);
		CHECK(strcmp(ioasid_device_name(dev[i]), name) == 0);
		CHECK_RC(ioasid_device_attach(dev[i], i < 4 ? a : b), 0);
	}
	/* Same IOVA, different memory, by the set the device belongs to. */
	for (i = 0; i < 6; i++) {
		CHECK_RC(ioasid_device_dma_translate(dev[i], 0x40008, 8, IOASID_DMA_WRITE,
			IOASID_NO_PASID, &host, &contig), 0);
		CHECK(host == (i < 4 ? a_buf : b_buf) + 8);
		CHECK(ioasid_device_attached_ioas(dev[i], IOASID_NO_PASID) == (i < 4 ? a : b));
	}
	/* A mapping added later is seen by every device sharing the IOAS. */
	iova = 0x80000;
	CHECK_RC(ioasid_ioas_map(a, b_buf, PG, &iova, IOASID_MAP_READ | FIXED), 0);
	for (i = 0; i < 4; i++)
		CHECK_RC(ioasid_device_dma_translate(dev[i], 0x80000, 8, IOASID_DMA_READ,
			IOASID_NO_PASID, &host, &contig), 0);
	CHECK_RC(ioasid_device_dma_translate(dev[4], 0x80000, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), -EFAULT);
	/* Replace moves a device to the other set at once. */
	CHECK_RC(ioasid_device_replace(dev[0], b), 0);
	CHECK_RC(ioasid_device_dma_translate(dev[0], 0x40000, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), 0);
	CHECK(host == b_buf);
	CHECK_RC(ioasid_device_replace(dev[0], b), 0);
	CHECK_RC(ioasid_ioas_free(a), -EBUSY);
	CHECK_RC(ioasid_ctx_close(ctx), -EBUSY);
	for (i = 0; i < 6; i++)
		ioasid_device_close(dev[i]);
	CHECK_RC(ioasid_device_open_emulated(ctx, "late", 0, &dev[0]), 0);
	CHECK_RC(ioasid_device_replace(dev[0], a), -ENOTCONN);
	ioasid_device_close(dev[0]);
	CHECK_RC(ioasid_ioas_free(a), 0);
	CHECK_RC(ioasid_ioas_free(b), 0);
	free(a_buf);
	free(b_buf);
}

static void
test_pasid(struct ioasid_ctx *ctx)
{
	uint8_t *a_buf = alloc_aligned(PG, PG), *b_buf = alloc_aligned(PG, PG);
	struct ioasid_device *plain, *dsa;
	struct ioasid_ioas *a, *b;
	struct ioasid_hw_info hw;
	uint64_t iova = 0x1000, contig;
	void *host;

	CHECK_RC(ioasid_ioas_alloc(ctx, &a), 0);
	CHECK_RC(ioasid_ioas_alloc(ctx, &b), 0);
	CHECK_RC(ioasid_ioas_map(a, a_buf, PG, &iova, RW | FIXED), 0);
	CHECK_RC(ioasid_ioas_map(b, b_buf, PG, &iova, RW | FIXED), 0);
	CHECK_RC(ioasid_device_open_emulated(ctx, "plain", 0, &plain), 0);
	CHECK_RC(ioasid_device_open_emulated(ctx, "dsa", 20, &dsa), 0);
	CHECK_RC(ioasid_device_open_emulated(ctx, "wide", 21, &plain), -EINVAL);

	CHECK_RC(ioasid_device_hw_info(dsa, &hw), 0);
	CHECK(hw.type == IOASID_HW_INFO_EMULATED && hw.max_pasid_log2 == 20);
	CHECK_RC(ioasid_device_hw_info(plain, &hw), 0);
	CHECK(hw.max_pasid_log2 == 0);

	CHECK_RC(ioasid_device_attach_pasid(plain, 1, a), -EOPNOTSUPP);
	CHECK(strstr(ioasid_last_error(), "PASID") != NULL);
	CHECK_RC(ioasid_device_attach_pasid(dsa, 1u << 20, a), -EINVAL);
	CHECK_RC(ioasid_device_attach_pasid(dsa, IOASID_NO_PASID, a), -EINVAL);
	CHECK_RC(ioasid_device_attach_pasid(dsa, 5, a), 0);
	CHECK_RC(ioasid_device_attach_pasid(dsa, 7, b), 0);
	CHECK_RC(ioasid_device_attach_pasid(dsa, 5, b), -EBUSY);
	/* Each PASID reaches its own IOAS; no PASID is not attached yet. */
	CHECK_RC(ioasid_device_dma_translate(dsa, 0x1000, 8, IOASID_DMA_READ, 5,
		&host, &contig), 0);
	CHECK(host == a_buf);
	CHECK_RC(ioasid_device_dma_translate(dsa, 0x1000, 8, IOASID_DMA_READ, 7,
		&host, &contig), 0);
	CHECK(host == b_buf);
	CHECK_RC(ioasid_device_dma_translate(dsa, 0x1000, 8, IOASID_DMA_READ, 6,
		&host, &contig), -EFAULT);
	CHECK_RC(ioasid_device_dma_translate(dsa, 0x1000, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), -EFAULT);
	CHECK(ioasid_device_attached_ioas(dsa, IOASID_NO_PASID) == NULL);
	CHECK(ioasid_device_attached_ioas(dsa, 5) == a);
	CHECK(ioasid_device_attached_ioas(dsa, 7) == b);
	CHECK_RC(ioasid_device_attach(dsa, b), 0);
	CHECK_RC(ioasid_device_dma_translate(dsa, 0x1000, 8, IOASID_DMA_READ,
		IOASID_NO_PASID, &host, &contig), 0);
	CHECK(host == b_buf);
	/* Replace and detach one PASID; the others are untouched. */
	CHECK_RC(ioasid_device_replace_pasid(dsa, 5, b), 0);
	CHECK(ioasid_device_attached_ioas(dsa, 5) == b);
	CHECK_RC(ioasid_device_replace_pasid(dsa, 9, b), -ENOTCONN);
	CHECK_RC(ioasid_device_detach_pasid(dsa, 7), 0);
	CHECK_RC(ioasid_device_detach_pasid(dsa, 7), -ENOTCONN);
	CHECK_RC(ioasid_device_detach_pasid(dsa, IOASID_NO_PASID), -EINVAL);
	CHECK(ioasid_device_attached_ioas(dsa, 7) == NULL);
	CHECK(ioasid_device_attached_ioas(dsa, 5) == b);
	CHECK_RC(ioasid_ioas_free(a), 0);
	CHECK_RC(ioasid_ioas_free(b), -EBUSY);
	/* Closing detaches everything. */
	ioasid_device_close(dsa);
	ioasid_device_close(plain);
	CHECK_RC(ioasid_ioas_free(b), 0);
	free(a_buf);
	free(b_buf);
}

static void
test_map_file(struct ioasid_ctx *ctx)
{
	struct ioasid_device *dev;
	struct ioasid_ioas *ioas;
	uint64_t iova, contig, done;
	char data[8] = { 0 };
	void *host;
	int fd;

	fd = memfd_create("ioasid-test", 0);
	CHECK(fd >= 0 && ftruncate(fd, 4 * PG) == 0);
	CHECK_RC(ioasid_ioas_alloc(ctx, &ioas), 0);
	CHECK_RC(ioasid_device_open_emulated(ctx, "file", 0, &dev), 0);
	CHECK_RC(ioasid_device_attach(dev, ioas), 0);
	CHECK_RC(ioasid_ioas_map_file(ioas, fd, PG, 2 * PG, &iova, RW), 0);
	/* A device write through the mapping lands in the file at offset PG. */
	CHECK_RC(ioasid_device_dma_translate(dev, iova + 4, 4, IOASID_DMA_WRITE,
		IOASID_NO_PASID, &host, &contig), 0);
	memcpy(host, "dsa!", 4);
	CHECK(pread(fd, data, 4, PG + 4) == 4 && memcmp(data, "dsa!", 4) == 0);
	CHECK_RC(ioasid_ioas_map_file(ioas, -1, 0, PG, &iova, RW), -EINVAL);
	CHECK_RC(ioasid_ioas_map_file(ioas, fd, 1, PG, &iova, RW), -EINVAL);
	CHECK_RC(ioasid_ioas_unmap(ioas, 0, UINT64_MAX, &done), 0);
	CHECK(done == 2 * PG);
	/* Read-only file mapping: the device may read but not write. */
	CHECK_RC(ioasid_ioas_map_file(ioas, fd, 0, PG, &iova, IOASID_MAP_READ), 0);
	CHECK_RC(ioasid_device_dma_translate(dev, iova, 4, IOASID_DMA_WRITE,
		IOASID_NO_PASID, &host, &contig), -EACCES);
	ioasid_device_close(dev);
	CHECK_RC(ioasid_ioas_free(ioas), 0);
	close(fd);
}

static void
test_ranges_and_device_errors(struct ioasid_ctx *ctx)
{
	struct ioasid_iova_range r[2];
	struct ioasid_region_info ri;
	struct ioasid_device *dev;
	struct ioasid_ioas *ioas;
	uint64_t align = 0;
	uint32_t count, word;
	size_t nr;
	void *p;

	CHECK_RC(ioasid_ioas_alloc(ctx, &ioas), 0);
	nr = 1;
	CHECK_RC(ioasid_ioas_iova_ranges(ioas, r, &nr, &align), -EMSGSIZE);
	CHECK(nr == 2);
	CHECK_RC(ioasid_ioas_iova_ranges(ioas, r, &nr, &align), 0);
	CHECK(nr == 2 && align == PG);
	CHECK(r[0].start == 0 && r[0].last == 0xfedfffff);
	CHECK(r[1].start == 0xfef00000 && r[1].last == (1ull << 48) - 1);
	CHECK_RC(ioasid_ioas_iova_ranges(ioas, NULL, &nr, NULL), -EINVAL);

	CHECK_RC(ioasid_device_open_pci(ctx, "0000:00:03.0", &dev), -EOPNOTSUPP);
	CHECK_RC(ioasid_device_open_emulated(ctx, "regions", 0, &dev), 0);
	CHECK(ioasid_device_dev_id(dev) == 0);
	CHECK_RC(ioasid_device_region_info(dev, 0, &ri), -EOPNOTSUPP);
	CHECK_RC(ioasid_device_region_mmap(dev, 0, 0, PG, PROT_READ, &p), -EOPNOTSUPP);
	CHECK_RC(ioasid_device_config_read(dev, 0, &word, 4), -EOPNOTSUPP);
	CHECK_RC(ioasid_device_config_write(dev, 0, &word, 4), -EOPNOTSUPP);
	CHECK_RC(ioasid_device_reset(dev), -EOPNOTSUPP);
	CHECK_RC(ioasid_device_irq_count(dev, IOASID_PCI_MSIX_IRQ, &count), -EOPNOTSUPP);
	CHECK_RC(ioasid_device_irq_set_eventfds(dev, IOASID_PCI_MSIX_IRQ, 0, 0, NULL),
		-EOPNOTSUPP);
	CHECK_RC(ioasid_device_hw_info(dev, NULL), -EINVAL);
	CHECK_RC(ioasid_device_attach(dev, NULL), -EINVAL);
	CHECK_RC(ioasid_device_open_emulated(ctx, NULL, 0, &dev), -EINVAL);
	ioasid_device_close(dev);
	ioasid_device_close(NULL);
	CHECK_RC(ioasid_ioas_alloc(ctx, NULL), -EINVAL);
	CHECK_RC(ioasid_ioas_free(ioas), 0);
	CHECK_RC(ioasid_ioas_free(NULL), 0);
	CHECK_RC(ioasid_ctx_open(NULL, NULL), -EINVAL);
}

/* A device model for the region hook: 256 bytes of registers, a portal
 * that takes only 64-byte stores, and a count of the calls it saw. */
struct fake_model {
	uint8_t regs[256];
	uint8_t portal[64];
	unsigned int calls;
	unsigned int resets;
	int fail; /* error the next call returns */
};

static int
fake_read(void *opaque, uint64_t offset, void *buf, size_t len)
{
	struct fake_model *m = opaque;

	m->calls++;
	if (m->fail)
		return m->fail;
	memcpy(buf, m->regs + offset, len);
	return 0;
}

static int
fake_write(void *opaque, uint64_t offset, const void *buf, size_t len)
{
	struct fake_model *m = opaque;

	m->calls++;
	if (m->fail)
		return m->fail;
	memcpy(m->regs + offset, buf, len);
	return 0;
}

static int
fake_portal(void *opaque, uint64_t offset, const void *buf, size_t len)
{
	struct fake_model *m = opaque;

	m->calls++;
	if (len != sizeof(m->portal) || offset % sizeof(m->portal) != 0)
		return -EINVAL;
	memcpy(m->portal, buf, len);
	return 0;
}

/* A function-level reset of the fake model: its registers back to zero */
static int
fake_reset(void *opaque)
{
	struct fake_model *m = opaque;

	m->resets++;
	if (m->fail)
		return m->fail;
	memset(m->regs, 0, sizeof(m->regs));
	return 0;
}

static void
test_emulated_regions(struct ioasid_ctx *ctx)
{
	struct fake_model m = { .calls = 0 };
	struct ioasid_emulated_region regs = {
		.size = sizeof(m.regs), .read = fake_read, .write = fake_write, .opaque = &m,
	};
	struct ioasid_emulated_region portal = {
		.size = 2 * PG, .write = fake_portal, .opaque = &m,
	};
	uint8_t desc[64], big[300] = { 0 };
	struct ioasid_region_info ri;
	struct ioasid_device *dev;
	uint32_t word = 0x12345678, back = 0;
	uint64_t qword = 0;
	void *p;

	CHECK_RC(ioasid_device_open_emulated(ctx, "modelled", 0, &dev), 0);
	CHECK_RC(ioasid_device_emulated_set_region(NULL, 0, &regs), -EINVAL);
	CHECK_RC(ioasid_device_emulated_set_region(dev, IOASID_EMULATED_MAX_REGIONS, &regs),
		-EINVAL);
	CHECK_RC(ioasid_device_emulated_set_region(dev, 0,
		&(struct ioasid_emulated_region){ .size = 0, .read = fake_read }), -EINVAL);
	CHECK_RC(ioasid_device_emulated_set_region(dev, 0, &regs), 0);
	CHECK_RC(ioasid_device_emulated_set_region(dev, 2, &portal), 0);
	CHECK_RC(ioasid_device_emulated_set_region(dev, IOASID_PCI_CONFIG_REGION, &regs), 0);

	/* info: what the callbacks allow, never mmap */
	CHECK_RC(ioasid_device_region_info(dev, 0, &ri), 0);
	CHECK(ri.size == sizeof(m.regs) && ri.flags == (IOASID_REGION_READ | IOASID_REGION_WRITE));
	CHECK_RC(ioasid_device_region_info(dev, 2, &ri), 0);
	CHECK(ri.size == 2 * PG && ri.flags == IOASID_REGION_WRITE);
	CHECK_RC(ioasid_device_region_info(dev, 1, &ri), -EOPNOTSUPP);
	CHECK(strstr(ioasid_last_error(), "no region 1") != NULL);
	CHECK_RC(ioasid_device_region_mmap(dev, 0, 0, PG, PROT_READ, &p), -EOPNOTSUPP);

	/* accesses reach the model at the right offset */
	CHECK_RC(ioasid_device_region_write(dev, 0, 0x40, &word, 4), 0);
	CHECK(memcmp(m.regs + 0x40, &word, 4) == 0);
	CHECK_RC(ioasid_device_region_read(dev, 0, 0x40, &back, 4), 0);
	CHECK(back == word);
	CHECK_RC(ioasid_device_region_read(dev, 0, 0x40, &qword, 8), 0);
	CHECK((uint32_t)qword == word);
	CHECK_RC(ioasid_device_config_write(dev, 4, &word, 2), 0);
	CHECK_RC(ioasid_device_config_read(dev, 4, &back, 4), 0);
	CHECK((back & 0xffff) == (word & 0xffff));
	memset(desc, 0xa5, sizeof(desc));
	CHECK_RC(ioasid_device_region_write(dev, 2, PG + 64, desc, sizeof(desc)), 0);
	CHECK(memcmp(m.portal, desc, sizeof(desc)) == 0);

	/* refusals: out of range (the model is not called), direction, model error */
	m.calls = 0;
	CHECK_RC(ioasid_device_region_read(dev, 0, 0xfd, &back, 4), -EINVAL);
	CHECK_RC(ioasid_device_region_write(dev, 0, 0, big, sizeof(big)), -EINVAL);
	CHECK_RC(ioasid_device_region_read(dev, 0, 0x10, &back, 0), -EINVAL);
	CHECK_RC(ioasid_device_region_write(dev, 0, UINT64_MAX - 1, &word, 4), -EINVAL);
	CHECK(m.calls == 0);
	CHECK_RC(ioasid_device_region_read(dev, 2, 0, desc, sizeof(desc)), -EACCES);
	CHECK_RC(ioasid_device_region_write(dev, 2, 8, desc, 8), -EINVAL);
	CHECK(strstr(ioasid_last_error(), "device model refused") != NULL);
	m.fail = -EIO;
	CHECK_RC(ioasid_device_region_read(dev, 0, 0, &back, 4), -EIO);
	m.fail = 0;
	CHECK(m.calls == 2);

	/* reset: the model's callback, once given; interrupts belong to VFIO only */
	CHECK_RC(ioasid_device_reset(dev), -EOPNOTSUPP);
	CHECK_RC(ioasid_device_emulated_set_reset(NULL, fake_reset, &m), -EINVAL);
	CHECK_RC(ioasid_device_emulated_set_reset(dev, fake_reset, &m), 0);
	CHECK_RC(ioasid_device_region_write(dev, 0, 0x40, &word, 4), 0);
	CHECK_RC(ioasid_device_reset(dev), 0);
	CHECK(m.resets == 1);
	CHECK_RC(ioasid_device_region_read(dev, 0, 0x40, &back, 4), 0);
	CHECK(back == 0);
	m.fail = -EIO;
	CHECK_RC(ioasid_device_reset(dev), -EIO);
	CHECK(strstr(ioasid_last_error(), "reset failed") != NULL);
	m.fail = 0;
	CHECK_RC(ioasid_device_emulated_set_reset(dev, NULL, NULL), 0);
	CHECK_RC(ioasid_device_reset(dev), -EOPNOTSUPP);
	CHECK(m.resets == 2);
	CHECK_RC(ioasid_device_emulated_set_region(dev, 0, NULL), 0);
	CHECK_RC(ioasid_device_region_read(dev, 0, 0x40, &back, 4), -EOPNOTSUPP);
	ioasid_device_close(dev);
}

static void
test_cross_context(struct ioasid_ctx *ctx)
{
	struct ioasid_ctx *other = open_emulated();
	struct ioasid_device *dev;
	struct ioasid_ioas *ioas;

	CHECK_RC(ioasid_ioas_alloc(other, &ioas), 0);
	CHECK_RC(ioasid_device_open_emulated(ctx, "x", 0, &dev), 0);
	CHECK_RC(ioasid_device_attach(dev, ioas), -EINVAL);
	CHECK(strstr(ioasid_last_error(), "different contexts") != NULL);
	ioasid_device_close(dev);
	CHECK_RC(ioasid_ioas_free(ioas), 0);
	CHECK_RC(ioasid_ctx_close(other), 0);
}

/* --- translation against concurrent unmap ------------------------------ */

#define STRESS_IOVA 0x200000ull
#define STRESS_ROUNDS 2000

struct stress {
	struct ioasid_device *dev;
	/* Odd: the mapping is gone (set after unmap returned, cleared before
	 * the next map starts). */
	atomic_uint phase;
	atomic_bool stop;
	atomic_uint violations;
	atomic_ulong translations;
};

static void *
stress_reader(void *arg)
{
	struct stress *s = arg;
	uint64_t contig;
	void *host;

	while (!atomic_load(&s->stop)) {
		unsigned int before = atomic_load(&s->phase);
		int rc = ioasid_device_dma_translate(s->dev, STRESS_IOVA + 64, 64,
			IOASID_DMA_READ, IOASID_NO_PASID, &host, &contig);
		unsigned int after = atomic_load(&s->phase);

		if (rc == 0 && (before & 1) && before == after)
			atomic_fetch_add(&s->violations, 1);
		atomic_fetch_add(&s->translations, 1);
	}
	return NULL;
}

static void
test_concurrent_unmap(struct ioasid_ctx *ctx)
{
	uint8_t *buf = alloc_aligned(PG, 2 * PG);
	struct stress s = { 0 };
	struct ioasid_ioas *ioas;
	pthread_t th[2];
	uint64_t iova;
	int i;

	CHECK_RC(ioasid_ioas_alloc(ctx, &ioas), 0);
	CHECK_RC(ioasid_device_open_emulated(ctx, "stress", 0, &s.dev), 0);
	CHECK_RC(ioasid_device_attach(s.dev, ioas), 0);
	atomic_store(&s.phase, 1);
	for (i = 0; i < 2; i++)
		CHECK(pthread_create(&th[i], NULL, stress_reader, &s) == 0);
	/* Run until the readers have overlapped many rounds, however the
	 * scheduler treats them. */
	for (i = 0; i < STRESS_ROUNDS ||
			atomic_load(&s.translations) < 2 * STRESS_ROUNDS; i++) {
		atomic_fetch_add(&s.phase, 1); /* even: a mapping may exist */
		iova = STRESS_IOVA;
		CHECK_RC(ioasid_ioas_map(ioas, buf, 2 * PG, &iova, RW | FIXED), 0);
		CHECK_RC(ioasid_ioas_unmap(ioas, STRESS_IOVA, 2 * PG, NULL), 0);
		atomic_fetch_add(&s.phase, 1); /* odd: gone for good */
		sched_yield();
	}
	atomic_store(&s.stop, true);
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	CHECK(atomic_load(&s.violations) == 0);
	CHECK(atomic_load(&s.translations) > 0);
	ioasid_device_close(s.dev);
	CHECK_RC(ioasid_ioas_free(ioas), 0);
	free(buf);
}

int
main(void)
{
	struct ioasid_ctx *ctx;

	test_backend_choice();
	ctx = open_emulated();
	CHECK(ioasid_ctx_backend(ctx) == IOASID_BACKEND_EMULATED);
	test_fixed_map_rules(ctx);
	test_auto_iova(ctx);
	test_unmap_rules(ctx);
	test_permissions(ctx);
	test_sharing(ctx);
	test_pasid(ctx);
	test_map_file(ctx);
	test_ranges_and_device_errors(ctx);
	test_emulated_regions(ctx);
	test_cross_context(ctx);
	test_concurrent_unmap(ctx);
	CHECK_RC(ioasid_ctx_close(ctx), 0);
	return test_report("ioasid emulated");
}
