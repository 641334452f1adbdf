/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Address spaces: the mapping table every backend keeps, the IOVA rules
 * (iommufd's, for every backend), IOVA allocation for backends whose kernel
 * interface has none, and the translation used by emulated devices.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ioasid_private.h"

#define MAP_FLAGS (IOASID_MAP_READ | IOASID_MAP_WRITE | IOASID_MAP_FIXED_IOVA)
#define MAX_AUTO_ALIGN (1ull << 30)

static uint64_t
map_last(const struct ioasid_mapping *m)
{
	return m->iova + m->len - 1;
}

int
ioasid_ioas_alloc(struct ioasid_ctx *ctx, struct ioasid_ioas **ioasp)
{
	struct ioasid_ioas *ioas;
	int rc;

	if (ctx == NULL || ioasp == NULL)
		return ioasid_err(-EINVAL, "ioasid_ioas_alloc: NULL argument");
	ioas = calloc(1, sizeof(*ioas));
	if (ioas == NULL)
		return ioasid_err(-ENOMEM, "out of memory");
	ioas->ctx = ctx;
	ioas->fd = -1;
	pthread_rwlock_init(&ioas->lock, NULL);
	pthread_mutex_lock(&ctx->lock);
	rc = ctx->ops->ioas_alloc ? ctx->ops->ioas_alloc(ioas) : 0;
	if (rc == 0) {
		ioas->next = ctx->ioases;
		ctx->ioases = ioas;
	}
	pthread_mutex_unlock(&ctx->lock);
	if (rc < 0) {
		pthread_rwlock_destroy(&ioas->lock);
		free(ioas);
		return rc;
	}
	*ioasp = ioas;
	return 0;
}

static void
release_mapping(struct ioasid_mapping *m)
{
	if (m->owns_va)
		munmap(m->va, m->len);
}

int
ioasid_ioas_free(struct ioasid_ioas *ioas)
{
	struct ioasid_ctx *ctx;
	struct ioasid_ioas **pp;
	size_t i;

	if (ioas == NULL)
		return 0;
	ctx = ioas->ctx;
	pthread_mutex_lock(&ctx->lock);
	if (ioas->nr_attached > 0) {
		pthread_mutex_unlock(&ctx->lock);
		return ioasid_err(-EBUSY, "address space still has %u attachments",
			ioas->nr_attached);
	}
	for (pp = &ctx->ioases; *pp != ioas; pp = &(*pp)->next)
		;
	*pp = ioas->next;
	/* Destroying the backend object drops its mappings with it. */
	if (ctx->ops->ioas_free != NULL)
		ctx->ops->ioas_free(ioas);
	pthread_mutex_unlock(&ctx->lock);
	for (i = 0; i < ioas->nr_maps; i++)
		release_mapping(&ioas->maps[i]);
	free(ioas->maps);
	free(ioas->ranges);
	pthread_rwlock_destroy(&ioas->lock);
	free(ioas);
	return 0;
}

uint32_t
ioasid_ioas_id(const struct ioasid_ioas *ioas)
{
	return ioas->id;
}

/* Index of the first mapping whose last byte is >= iova. */
static size_t
first_ending_at_or_after(const struct ioasid_ioas *ioas, uint64_t iova)
{
	size_t lo = 0, hi = ioas->nr_maps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (map_last(&ioas->maps[mid]) < iova)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool
overlaps_mapping(const struct ioasid_ioas *ioas, uint64_t iova, uint64_t last)
{
	size_t i = first_ending_at_or_after(ioas, iova);

	return i < ioas->nr_maps && ioas->maps[i].iova <= last;
}

static int
get_ranges(struct ioasid_ioas *ioas, struct ioasid_iova_range **r, size_t *nr,
		uint64_t *alignment)
{
	return ioas->ctx->ops->ioas_ranges(ioas, r, nr, alignment);
}

static bool
inside_ranges(const struct ioasid_iova_range *r, size_t nr, uint64_t iova,
		uint64_t last)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (r[i].start <= iova && last <= r[i].last)
			return true;
	return false;
}

/* Round up to a multiple of a power of two; false on overflow. */
static bool
align_up(uint64_t v, uint64_t align, uint64_t *out)
{
	if (v > UINT64_MAX - (align - 1))
		return false;
	*out = (v + align - 1) & ~(align - 1);
	return true;
}

/*
 * Like iommufd's own allocator, prefer an IOVA as aligned as the memory is
 * (up to 1 GiB and the mapping's size) so an IOMMU can use large pages.
 */
static uint64_t
auto_alignment(uintptr_t va, uint64_t len, uint64_t min_align)
{
	uint64_t a = min_align;

	while (a < MAX_AUTO_ALIGN && a < len && (va & (a * 2 - 1)) == 0)
		a *= 2;
	return a;
}

static bool
fit_in_range(const struct ioasid_ioas *ioas, const struct ioasid_iova_range *r,
		uint64_t len, uint64_t align, uint64_t *iova)
{
	uint64_t cand;
	size_t i;

	if (!align_up(r->start, align, &cand))
		return false;
	for (i = first_ending_at_or_after(ioas, cand); ; i++) {
		if (cand > r->last || len - 1 > r->last - cand)
			return false;
		if (i == ioas->nr_maps || ioas->maps[i].iova > cand + len - 1)
			break;
		if (map_last(&ioas->maps[i]) == UINT64_MAX ||
				!align_up(map_last(&ioas->maps[i]) + 1, align, &cand))
			return false;
	}
	*iova = cand;
	return true;
}

int
ioasid_ioas_find_free_iova(struct ioasid_ioas *ioas, uintptr_t va, uint64_t len,
		uint64_t *iova)
{
	struct ioasid_iova_range *r;
	uint64_t min_align, align;
	size_t nr, i;
	int rc;

	rc = get_ranges(ioas, &r, &nr, &min_align);
	if (rc < 0)
		return rc;
	rc = -ENOSPC;
	/* Fall back to smaller alignments before giving up. */
	for (align = auto_alignment(va, len, min_align); rc < 0 && align >= min_align;
			align /= 2)
		for (i = 0; i < nr && rc < 0; i++)
			if (fit_in_range(ioas, &r[i], len, align, iova))
				rc = 0;
	free(r);
	if (rc < 0)
		return ioasid_err(rc, "no free IOVA range of 0x%llx bytes",
			(unsigned long long)len);
	return 0;
}

static int
insert_mapping(struct ioasid_ioas *ioas, const struct ioasid_mapping *m)
{
	size_t pos;

	int rc = ioasid_array_grow((void **)&ioas->maps, &ioas->cap_maps,
		ioas->nr_maps, sizeof(*ioas->maps), &ioas->lock);

	if (rc < 0)
		return rc;
	pthread_rwlock_wrlock(&ioas->lock);
	pos = first_ending_at_or_after(ioas, m->iova);
	memmove(&ioas->maps[pos + 1], &ioas->maps[pos],
		(ioas->nr_maps - pos) * sizeof(*m));
	ioas->maps[pos] = *m;
	ioas->nr_maps++;
	pthread_rwlock_unlock(&ioas->lock);
	return 0;
}

static int
check_map_args(struct ioasid_ioas *ioas, uint64_t len, const uint64_t *iova,
		unsigned int flags)
{
	if (ioas == NULL || iova == NULL)
		return ioasid_err(-EINVAL, "map: NULL argument");
	if (flags & ~MAP_FLAGS)
		return ioasid_err(-EINVAL, "map: unknown flags 0x%x", flags & ~MAP_FLAGS);
	if (!(flags & (IOASID_MAP_READ | IOASID_MAP_WRITE)))
		return ioasid_err(-EINVAL, "map: neither READ nor WRITE permission");
	if (len == 0)
		return ioasid_err(-EINVAL, "map: zero length");
	if ((flags & IOASID_MAP_FIXED_IOVA) && len - 1 > UINT64_MAX - *iova)
		return ioasid_err(-EOVERFLOW, "map: IOVA range wraps past 2^64");
	return 0;
}

/* Checks needing the lock: alignment, usable ranges, overlap. */
static int
check_map_place(struct ioasid_ioas *ioas, uintptr_t va, uint64_t len,
		uint64_t iova, bool fixed)
{
	struct ioasid_iova_range *r;
	uint64_t align;
	size_t nr;
	bool inside;
	int rc;

	rc = get_ranges(ioas, &r, &nr, &align);
	if (rc < 0)
		return rc;
	inside = inside_ranges(r, nr, iova, iova + len - 1);
	free(r);
	if ((va | len | (fixed ? iova : 0)) & (align - 1))
		return ioasid_err(-EINVAL, "map: address, IOVA and length must be "
			"multiples of 0x%llx", (unsigned long long)align);
	if (!fixed)
		return 0;
	if (overlaps_mapping(ioas, iova, iova + len - 1))
		return ioasid_err(-EEXIST, "map: IOVA 0x%llx+0x%llx overlaps a mapping",
			(unsigned long long)iova, (unsigned long long)len);
	if (!inside)
		return ioasid_err(-EINVAL, "map: IOVA 0x%llx+0x%llx is outside the "
			"usable IOVA ranges", (unsigned long long)iova,
			(unsigned long long)len);
	return 0;
}

static int
backend_unmap(struct ioasid_ioas *ioas, const struct ioasid_mapping *m)
{
	const struct ioasid_backend_ops *ops = ioas->ctx->ops;

	return ops->ioas_unmap ? ops->ioas_unmap(ioas, m) : 0;
}

/* Places m (iova in/out) through the backend and records it. */
static int
map_locked(struct ioasid_ioas *ioas, struct ioasid_mapping *m, bool fixed,
		int file_fd, uint64_t file_offset)
{
	const struct ioasid_backend_ops *ops = ioas->ctx->ops;
	int rc;

	rc = check_map_place(ioas, (uintptr_t)m->va, m->len, m->iova, fixed);
	if (rc < 0)
		return rc;
	if (!fixed && !ops->kernel_allocates_iova) {
		rc = ioasid_ioas_find_free_iova(ioas, (uintptr_t)m->va, m->len, &m->iova);
		if (rc < 0)
			return rc;
		fixed = true;
	}
	if (file_fd >= 0)
		rc = ops->ioas_map_file(ioas, m, file_fd, file_offset, fixed);
	else if (ops->ioas_map != NULL)
		rc = ops->ioas_map(ioas, m, fixed);
	if (rc < 0)
		return rc;
	rc = insert_mapping(ioas, m);
	if (rc < 0)
		backend_unmap(ioas, m);
	return rc;
}

int
ioasid_ioas_map(struct ioasid_ioas *ioas, void *va, uint64_t len, uint64_t *iova,
		unsigned int flags)
{
	bool fixed = flags & IOASID_MAP_FIXED_IOVA;
	struct ioasid_mapping m;
	int rc;

	rc = check_map_args(ioas, len, iova, flags);
	if (rc < 0)
		return rc;
	if (va == NULL || (uintptr_t)va > UINTPTR_MAX - (len - 1))
		return ioasid_err(-EINVAL, "map: bad process address range");
	m = (struct ioasid_mapping){ .iova = fixed ? *iova : 0, .len = len,
		.va = va, .perm = flags & (IOASID_MAP_READ | IOASID_MAP_WRITE) };
	pthread_mutex_lock(&ioas->ctx->lock);
	rc = map_locked(ioas, &m, fixed, -1, 0);
	pthread_mutex_unlock(&ioas->ctx->lock);
	if (rc == 0)
		*iova = m.iova;
	return rc;
}

static int
prot_of(unsigned int perm)
{
	return ((perm & IOASID_MAP_READ) ? PROT_READ : 0) |
		((perm & IOASID_MAP_WRITE) ? PROT_WRITE : 0);
}

int
ioasid_ioas_map_file(struct ioasid_ioas *ioas, int fd, uint64_t offset,
		uint64_t len, uint64_t *iova, unsigned int flags)
{
	bool fixed = flags & IOASID_MAP_FIXED_IOVA;
	const struct ioasid_backend_ops *ops;
	struct ioasid_mapping m;
	void *va;
	int rc;

	rc = check_map_args(ioas, len, iova, flags);
	if (rc < 0)
		return rc;
	if (fd < 0 || (offset & (IOASID_PAGE_SIZE - 1)) || len > SIZE_MAX)
		return ioasid_err(-EINVAL, "map_file: bad file descriptor, offset or length");
	ops = ioas->ctx->ops;
	m = (struct ioasid_mapping){ .iova = fixed ? *iova : 0, .len = len,
		.perm = flags & (IOASID_MAP_READ | IOASID_MAP_WRITE) };
	pthread_mutex_lock(&ioas->ctx->lock);
	rc = -EOPNOTSUPP;
	if (ops->ioas_map_file != NULL) {
		m.native_file = true;
		rc = map_locked(ioas, &m, fixed, fd, offset);
	}
	pthread_mutex_unlock(&ioas->ctx->lock);
	if (rc != -EOPNOTSUPP)
		goto out;
	/* No native file mapping: map the file here and map that memory. */
	va = mmap(NULL, len, prot_of(m.perm), MAP_SHARED, fd, (off_t)offset);
	if (va == MAP_FAILED)
		return ioasid_err(-errno, "map_file: mmap of fd %d failed: %s", fd,
			strerror(errno));
	m.native_file = false;
	m.owns_va = true;
	m.va = va;
	pthread_mutex_lock(&ioas->ctx->lock);
	rc = map_locked(ioas, &m, fixed, -1, 0);
	pthread_mutex_unlock(&ioas->ctx->lock);
	if (rc < 0)
		munmap(va, len);
out:
	if (rc == 0)
		*iova = m.iova;
	return rc;
}

/* Finds the mappings [*first, *end) that an unmap request removes. */
static int
unmap_span(const struct ioasid_ioas *ioas, uint64_t iova, uint64_t last,
		size_t *first, size_t *end)
{
	size_t i = first_ending_at_or_after(ioas, iova);

	*first = i;
	for (; i < ioas->nr_maps && ioas->maps[i].iova <= last; i++)
		if (ioas->maps[i].iova < iova || map_last(&ioas->maps[i]) > last)
			return ioasid_err(-ENOENT, "unmap: range 0x%llx..0x%llx would "
				"split the mapping at IOVA 0x%llx",
				(unsigned long long)iova, (unsigned long long)last,
				(unsigned long long)ioas->maps[i].iova);
	*end = i;
	return 0;
}

/* Removes mappings [first, end) from the table; the writer lock makes sure
 * no translation still uses them when this returns. */
static void
remove_mappings(struct ioasid_ioas *ioas, size_t first, size_t end,
		struct ioasid_mapping *removed)
{
	pthread_rwlock_wrlock(&ioas->lock);
	memcpy(removed, &ioas->maps[first], (end - first) * sizeof(*removed));
	memmove(&ioas->maps[first], &ioas->maps[end],
		(ioas->nr_maps - end) * sizeof(*removed));
	ioas->nr_maps -= end - first;
	pthread_rwlock_unlock(&ioas->lock);
}

int
ioasid_ioas_unmap(struct ioasid_ioas *ioas, uint64_t iova, uint64_t len,
		uint64_t *unmapped)
{
	bool all = iova == 0 && len == UINT64_MAX;
	struct ioasid_mapping *removed;
	size_t first = 0, end = 0, i, done;
	uint64_t bytes = 0;
	int rc;

	if (ioas == NULL)
		return ioasid_err(-EINVAL, "unmap: NULL address space");
	if (len == 0)
		return ioasid_err(-EINVAL, "unmap: zero length");
	if (!all && len - 1 > UINT64_MAX - iova)
		return ioasid_err(-EOVERFLOW, "unmap: range wraps past 2^64");
	pthread_mutex_lock(&ioas->ctx->lock);
	rc = unmap_span(ioas, iova, all ? UINT64_MAX : iova + len - 1, &first, &end);
	if (rc == 0 && first == end && !all)
		rc = ioasid_err(-ENOENT, "unmap: nothing mapped in 0x%llx+0x%llx",
			(unsigned long long)iova, (unsigned long long)len);
	removed = NULL;
	if (rc == 0 && end > first) {
		removed = malloc((end - first) * sizeof(*removed));
		if (removed == NULL)
			rc = ioasid_err(-ENOMEM, "out of memory");
	}
	/* On a backend failure, what it did unmap still leaves the table. */
	for (done = first; rc == 0 && done < end; done++) {
		rc = backend_unmap(ioas, &ioas->maps[done]);
		if (rc < 0)
			break;
	}
	if (done > first)
		remove_mappings(ioas, first, done, removed);
	pthread_mutex_unlock(&ioas->ctx->lock);
	for (i = 0; i < done - first; i++) {
		bytes += removed[i].len;
		release_mapping(&removed[i]);
	}
	free(removed);
	if (unmapped != NULL)
		*unmapped = bytes;
	return rc;
}

int
ioasid_ioas_iova_ranges(struct ioasid_ioas *ioas, struct ioasid_iova_range *ranges,
		size_t *nr, uint64_t *alignment)
{
	struct ioasid_iova_range *r;
	uint64_t align;
	size_t n;
	int rc;

	if (ioas == NULL || nr == NULL || (ranges == NULL && *nr > 0))
		return ioasid_err(-EINVAL, "iova_ranges: NULL argument");
	pthread_mutex_lock(&ioas->ctx->lock);
	rc = get_ranges(ioas, &r, &n, &align);
	pthread_mutex_unlock(&ioas->ctx->lock);
	if (rc < 0)
		return rc;
	if (n > *nr)
		rc = ioasid_err(-EMSGSIZE, "iova_ranges: %zu ranges, room for %zu", n, *nr);
	else
		memcpy(ranges, r, n * sizeof(*r));
	free(r);
	*nr = n;
	if (alignment != NULL)
		*alignment = align;
	return rc;
}

int
ioasid_ioas_translate(struct ioasid_ioas *ioas, uint64_t iova, uint64_t len,
		unsigned int access, void **host, uint64_t *contig)
{
	const struct ioasid_mapping *m;
	unsigned int perm;
	uint64_t left;
	size_t i;
	int rc;

	pthread_rwlock_rdlock(&ioas->lock);
	i = first_ending_at_or_after(ioas, iova);
	m = i < ioas->nr_maps ? &ioas->maps[i] : NULL;
	if (m == NULL || m->iova > iova || m->va == NULL) {
		rc = -EFAULT;
	} else {
		perm = ((access & IOASID_DMA_READ) ? IOASID_MAP_READ : 0) |
			((access & IOASID_DMA_WRITE) ? IOASID_MAP_WRITE : 0);
		if ((m->perm & perm) != perm) {
			rc = -EACCES;
		} else {
			left = map_last(m) - iova + 1;
			*host = m->va + (iova - m->iova);
			*contig = len < left ? len : left;
			rc = 0;
		}
	}
	pthread_rwlock_unlock(&ioas->lock);
	return rc;
}
