/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdlib.h>

#include "ioasid.h"
#include "ioasid_ref.h"

const struct ref_map ref_usable[2] = {
	{ .iova = 0, .len = 0xfee00000ull },
	{ .iova = 0xfef00000ull, .len = (1ull << 48) - 0xfef00000ull },
};

/* Last byte of [iova, iova + len), len >= 1 and no wrap. */
static uint64_t
last_of(uint64_t iova, uint64_t len)
{
	return iova + (len - 1);
}

static bool
intersects(const struct ref_map *m, uint64_t iova, uint64_t last)
{
	return m->iova <= last && iova <= last_of(m->iova, m->len);
}

static bool
usable(uint64_t iova, uint64_t last)
{
	size_t i;

	for (i = 0; i < 2; i++)
		if (ref_usable[i].iova <= iova && last <= last_of(ref_usable[i].iova,
				ref_usable[i].len))
			return true;
	return false;
}

static bool
overlaps_any(const struct ref_ioas *r, uint64_t iova, uint64_t last)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (intersects(&r->maps[i], iova, last))
			return true;
	return false;
}

/*
 * ioasid.h: unknown flags, no permission and len 0 are -EINVAL, a fixed range
 * past 2^64 -EOVERFLOW, a bad process range or a misaligned address, IOVA or
 * length -EINVAL; then, for a fixed IOVA, an overlap is -EEXIST and a range
 * outside the usable ones -EINVAL (the library checks overlap first).
 */
int
ref_map_check(const struct ref_ioas *r, uintptr_t va, uint64_t len, uint64_t iova,
	unsigned int flags)
{
	bool fixed = flags & IOASID_MAP_FIXED_IOVA;

	if (flags & ~(IOASID_MAP_READ | IOASID_MAP_WRITE | IOASID_MAP_FIXED_IOVA))
		return -EINVAL;
	if (!(flags & (IOASID_MAP_READ | IOASID_MAP_WRITE)) || len == 0)
		return -EINVAL;
	if (fixed && len - 1 > UINT64_MAX - iova)
		return -EOVERFLOW;
	if (va == 0 || len - 1 > UINTPTR_MAX - va)
		return -EINVAL;
	if ((va | len | (fixed ? iova : 0)) & (REF_PAGE - 1))
		return -EINVAL;
	if (!fixed)
		return ref_fits_somewhere(r, len) ? 0 : -ENOSPC;
	if (overlaps_any(r, iova, last_of(iova, len)))
		return -EEXIST;
	if (!usable(iova, last_of(iova, len)))
		return -EINVAL;
	return 0;
}

bool
ref_place_ok(const struct ref_ioas *r, uint64_t iova, uint64_t len)
{
	return len != 0 && (iova & (REF_PAGE - 1)) == 0 && len - 1 <= UINT64_MAX - iova &&
		usable(iova, last_of(iova, len)) && !overlaps_any(r, iova, last_of(iova, len));
}

static int
by_iova(const void *a, const void *b)
{
	const struct ref_map *x = a, *y = b;

	return x->iova < y->iova ? -1 : x->iova > y->iova;
}

/* Whether a free gap of len bytes lies in [start, last] of one usable range. */
static bool
gap_fits(uint64_t start, uint64_t last, uint64_t len)
{
	start = (start + REF_PAGE - 1) & ~(REF_PAGE - 1);
	return start <= last && len - 1 <= last - start;
}

bool
ref_fits_somewhere(const struct ref_ioas *r, uint64_t len)
{
	static struct ref_map sorted[REF_MAX_MAPS];
	uint64_t start, last;
	size_t u, i;

	for (i = 0; i < r->n; i++)
		sorted[i] = r->maps[i];
	qsort(sorted, r->n, sizeof(sorted[0]), by_iova);
	for (u = 0; u < 2; u++) {
		start = ref_usable[u].iova;
		last = last_of(start, ref_usable[u].len);
		for (i = 0; i < r->n; i++) {
			if (last_of(sorted[i].iova, sorted[i].len) < start ||
			    sorted[i].iova > last)
				continue;
			if (sorted[i].iova > start && gap_fits(start, sorted[i].iova - 1, len))
				return true;
			start = last_of(sorted[i].iova, sorted[i].len) + 1;
			if (start == 0 || start > last)
				break;
		}
		if (start != 0 && start <= last && gap_fits(start, last, len))
			return true;
	}
	return false;
}

void
ref_add(struct ref_ioas *r, uintptr_t va, uint64_t len, uint64_t iova, unsigned int perm)
{
	r->maps[r->n++] = (struct ref_map){ .iova = iova, .len = len, .va = va, .perm = perm };
}

/*
 * ioasid.h (iommufd's rules): len 0 is -EINVAL, a range past 2^64
 * -EOVERFLOW; the range must cover every mapping it touches and hold at
 * least one (-ENOENT), except iova 0 with len UINT64_MAX, which removes all.
 */
int
ref_unmap(struct ref_ioas *r, uint64_t iova, uint64_t len, uint64_t *bytes)
{
	bool all = iova == 0 && len == UINT64_MAX;
	uint64_t last;
	size_t i, kept = 0, inside = 0;

	if (len == 0)
		return -EINVAL;
	if (!all && len - 1 > UINT64_MAX - iova)
		return -EOVERFLOW;
	last = all ? UINT64_MAX : last_of(iova, len);
	for (i = 0; i < r->n; i++) {
		const struct ref_map *m = &r->maps[i];

		if (!intersects(m, iova, last))
			continue;
		if (m->iova < iova || last_of(m->iova, m->len) > last)
			return -ENOENT;
		inside++;
	}
	if (inside == 0 && !all)
		return -ENOENT;
	*bytes = 0;
	for (i = 0; i < r->n; i++) {
		if (intersects(&r->maps[i], iova, last))
			*bytes += r->maps[i].len;
		else
			r->maps[kept++] = r->maps[i];
	}
	r->n = kept;
	return 0;
}

const struct ref_map *
ref_lookup(const struct ref_ioas *r, uint64_t iova)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (intersects(&r->maps[i], iova, iova))
			return &r->maps[i];
	return NULL;
}
