/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Translators: identity (IOVA = process address, as with SVA) and a small
 * explicit IOMMU, a sorted table of mappings per PASID under a rwlock.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "model_priv.h"

int
dsa_model_translate_identity(void *opaque, uint64_t iova, uint64_t len, unsigned int access,
			     uint32_t pasid, void **host, uint64_t *contig)
{
	(void)opaque;
	(void)access;
	(void)pasid;
	/* page 0 is never mapped in a process (vm.mmap_min_addr is at least 4 KiB) */
	if (iova < 4096)
		return -EFAULT;
	*host = (void *)(uintptr_t)iova;
	*contig = len;
	return 0;
}

struct iommu_map {
	uint32_t pasid;
	uint64_t iova, len;
	uint8_t *host;
	unsigned int access;
};

struct dsa_model_iommu {
	pthread_rwlock_t lock;
	struct iommu_map *maps; /* sorted by (pasid, iova) */
	size_t n, cap;
};

struct dsa_model_iommu *
dsa_model_iommu_create(void)
{
	struct dsa_model_iommu *mmu = calloc(1, sizeof(*mmu));

	if (mmu)
		pthread_rwlock_init(&mmu->lock, NULL);
	return mmu;
}

void
dsa_model_iommu_destroy(struct dsa_model_iommu *mmu)
{
	if (mmu == NULL)
		return;
	pthread_rwlock_destroy(&mmu->lock);
	free(mmu->maps);
	free(mmu);
}

static bool
before(uint32_t pasid, uint64_t iova, const struct iommu_map *e)
{
	return pasid < e->pasid || (pasid == e->pasid && iova < e->iova);
}

/* Index of the first mapping not before (pasid, iova). */
static size_t
lower_bound(const struct dsa_model_iommu *mmu, uint32_t pasid, uint64_t iova)
{
	size_t lo = 0, hi = mmu->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (before(pasid, iova, &mmu->maps[mid]) ||
		    (pasid == mmu->maps[mid].pasid && iova == mmu->maps[mid].iova))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static bool
overlaps(const struct iommu_map *e, uint32_t pasid, uint64_t iova, uint64_t len)
{
	return e->pasid == pasid && e->iova < iova + len && iova < e->iova + e->len;
}

int
dsa_model_iommu_map(struct dsa_model_iommu *mmu, uint32_t pasid, uint64_t iova, void *host,
		    uint64_t len, unsigned int access)
{
	struct iommu_map *grown;
	size_t i;
	int rc = 0;

	if (mmu == NULL || len == 0 || host == NULL || iova + len < iova ||
	    access == 0 || (access & ~(DSA_MODEL_DMA_READ | DSA_MODEL_DMA_WRITE)))
		return -EINVAL;
	pthread_rwlock_wrlock(&mmu->lock);
	i = lower_bound(mmu, pasid, iova);
	if ((i < mmu->n && overlaps(&mmu->maps[i], pasid, iova, len)) ||
	    (i > 0 && overlaps(&mmu->maps[i - 1], pasid, iova, len))) {
		rc = -EEXIST;
		goto out;
	}
	if (mmu->n == mmu->cap) {
		size_t cap = mmu->cap ? 2 * mmu->cap : 16;

		grown = realloc(mmu->maps, cap * sizeof(*grown));
		if (grown == NULL) {
			rc = -ENOMEM;
			goto out;
		}
		mmu->maps = grown;
		mmu->cap = cap;
	}
	memmove(&mmu->maps[i + 1], &mmu->maps[i], (mmu->n - i) * sizeof(*mmu->maps));
	mmu->maps[i] = (struct iommu_map){ pasid, iova, len, host, access };
	mmu->n++;
out:
	pthread_rwlock_unlock(&mmu->lock);
	return rc;
}

int
dsa_model_iommu_unmap(struct dsa_model_iommu *mmu, uint32_t pasid, uint64_t iova, uint64_t len)
{
	size_t i;
	int rc = -ENOENT;

	if (mmu == NULL)
		return -EINVAL;
	pthread_rwlock_wrlock(&mmu->lock);
	i = lower_bound(mmu, pasid, iova);
	if (i < mmu->n && mmu->maps[i].pasid == pasid && mmu->maps[i].iova == iova &&
	    mmu->maps[i].len == len) {
		memmove(&mmu->maps[i], &mmu->maps[i + 1],
			(mmu->n - i - 1) * sizeof(*mmu->maps));
		mmu->n--;
		rc = 0;
	}
	pthread_rwlock_unlock(&mmu->lock);
	return rc;
}

int
dsa_model_iommu_translate(void *opaque, uint64_t iova, uint64_t len, unsigned int access,
			  uint32_t pasid, void **host, uint64_t *contig)
{
	struct dsa_model_iommu *mmu = opaque;
	const struct iommu_map *e = NULL;
	uint64_t got = 0;
	size_t i;
	int rc = -EFAULT;

	pthread_rwlock_rdlock(&mmu->lock);
	i = lower_bound(mmu, pasid, iova);
	if (i < mmu->n && mmu->maps[i].pasid == pasid && mmu->maps[i].iova == iova)
		e = &mmu->maps[i];
	else if (i > 0 && overlaps(&mmu->maps[i - 1], pasid, iova, 1))
		e = &mmu->maps[i - 1];
	/* walk adjacent mappings that continue both IOVA and host ranges */
	while (e != NULL) {
		uint64_t off = iova + got - e->iova;

		if ((e->access & access) != access) {
			rc = got ? 0 : -EACCES;
			break;
		}
		if (got == 0)
			*host = e->host + off;
		got += e->len - off;
		rc = 0;
		if (got >= len || ++e == mmu->maps + mmu->n || e->pasid != pasid ||
		    e->iova != iova + got || e->host != (uint8_t *)*host + got)
			break;
	}
	pthread_rwlock_unlock(&mmu->lock);
	if (rc == 0)
		*contig = got < len ? got : len;
	return rc;
}
