/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The reference of fuzz_ioasid: an IOAS as a plain list of intervals with
 * the rules of ioasid.h, written from its documentation, not from the
 * library. Every function returns what the library must return.
 */
#ifndef IOASID_REF_H
#define IOASID_REF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REF_MAX_MAPS 1024
#define REF_PAGE 4096ull

struct ref_map {
	uint64_t iova, len;
	uintptr_t va;
	unsigned int perm; /* IOASID_MAP_READ | IOASID_MAP_WRITE */
};

struct ref_ioas {
	struct ref_map maps[REF_MAX_MAPS];
	size_t n;
};

/* The emulated IOMMU's usable IOVAs: below 2^48, less the MSI window. */
extern const struct ref_map ref_usable[2];

/* What ioasid_ioas_map returns for these arguments (the IOVA is ignored
 * without IOASID_MAP_FIXED_IOVA, and then 0 means "the library picks"). */
int ref_map_check(const struct ref_ioas *r, uintptr_t va, uint64_t len, uint64_t iova,
	unsigned int flags);
/* Whether [iova, iova + len) is free, aligned and usable. */
bool ref_place_ok(const struct ref_ioas *r, uint64_t iova, uint64_t len);
/* Whether some page-aligned free usable IOVA range of len bytes exists. */
bool ref_fits_somewhere(const struct ref_ioas *r, uint64_t len);
void ref_add(struct ref_ioas *r, uintptr_t va, uint64_t len, uint64_t iova, unsigned int perm);
/* What ioasid_ioas_unmap returns; on success the mappings are removed and
 * *bytes is their total length. */
int ref_unmap(struct ref_ioas *r, uint64_t iova, uint64_t len, uint64_t *bytes);
/* The mapping holding iova, or NULL. */
const struct ref_map *ref_lookup(const struct ref_ioas *r, uint64_t iova);

#endif /* IOASID_REF_H */
