/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz harness of libioasid's mapping calls on the emulated backend: random
 * sequences of map (fixed and automatic IOVA), unmap (partial, covering,
 * overlapping, everything), translation and range queries on two IOASes,
 * and attach, detach and replace of an emulated device's requests without
 * PASID, with PASID 1 and with PASID 2 (at first: the first IOAS, the
 * second, nothing). Every return code, IOVA, unmapped byte count and
 * translation must agree with the reference interval model of ioasid_ref.c,
 * and after each change every reference mapping (and nothing beside it)
 * must translate through an attachment of its IOAS.
 *
 * Input: a list of operations. Byte 0 of each: bits 0-2 the kind, bit 3 the
 * IOAS, bits 4-5 READ/WRITE (attachment kinds: the PASID slot), bits 6-7
 * kind-specific. Compact kinds take 4 bytes (IOVA page u16, length in pages
 * or bytes, process address or offset), raw kinds 24 (IOVA, length, process
 * address as u64).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "ioasid.h"
#include "ioasid_ref.h"

#define NB_IOAS 2
#define NB_SLOTS 3
#define UNATTACHED (-1)
#define OP_MAP_FIXED 0
#define OP_MAP_AUTO 1
#define OP_UNMAP 2
#define OP_UNMAP_ALL 3
#define OP_TRANSLATE 4
#define OP_RANGES 5       /* bits 6-7: ranges, attach, detach, replace */
#define OP_MAP_RAW 6
#define OP_RAW 7         /* bit 7: unmap, else translate */
#define OP_BIT6 0x40u    /* map: an unknown flag; translate: unattached PASID */
#define OP_BIT7 0x80u    /* compact: IOVA near the MSI window; raw map: fixed */
#define UNKNOWN_FLAG 0x8u
#define MSI_BASE (0xfee00000ull - 0x8000ull * REF_PAGE)

struct fuzz_env {
	struct ioasid_ctx *ctx;
	struct ioasid_ioas *ioas[NB_IOAS];
	struct ioasid_device *dev;
	struct ref_ioas ref[NB_IOAS];
	int att[NB_SLOTS]; /* per PASID slot: the IOAS attached, or UNATTACHED */
};

static const uint32_t slot_pasid[NB_SLOTS] = { IOASID_NO_PASID, 1, 2 };

struct cursor {
	const uint8_t *p;
	size_t left;
};

static bool
take(struct cursor *c, void *out, size_t n)
{
	if (c->left < n)
		return false;
	memcpy(out, c->p, n);
	c->p += n;
	c->left -= n;
	return true;
}

struct op_args {
	uint64_t iova, len, va;
	uint8_t len8, extra8;
};

/* Compact fields: IOVA page, then a length byte and an extra byte. */
static bool
take_compact(struct cursor *c, uint8_t op, struct op_args *a)
{
	uint8_t b[4];

	if (!take(c, b, sizeof(b)))
		return false;
	a->iova = ((uint64_t)b[0] | (uint64_t)b[1] << 8) * REF_PAGE;
	if (op & OP_BIT7)
		a->iova += MSI_BASE;
	a->len8 = b[2];
	a->extra8 = b[3];
	a->len = (uint64_t)b[2] * REF_PAGE;
	a->va = ((uint64_t)b[3] + 1) << 20;
	return true;
}

static bool
take_raw(struct cursor *c, struct op_args *a)
{
	return take(c, &a->iova, 8) && take(c, &a->len, 8) && take(c, &a->va, 8);
}

static void
expect_rc(int got, int want, const char *what, const struct op_args *a)
{
	FUZZ_ASSERT(got == want, "%s iova 0x%llx len 0x%llx va 0x%llx: %d, reference %d (%s)",
		    what, (unsigned long long)a->iova, (unsigned long long)a->len,
		    (unsigned long long)a->va, got, want, ioasid_last_error());
	FUZZ_ASSERT(got == 0 || ioasid_last_error()[0] != '\0', "%s: no message", what);
}

/* Translate through the device as its DMA with the PASID of slot would. */
static void
check_translate(struct fuzz_env *e, unsigned int slot, uint64_t iova, uint64_t len,
		unsigned int access)
{
	int k = e->att[slot];
	const struct ref_map *m = k == UNATTACHED ? NULL : ref_lookup(&e->ref[k], iova);
	uint32_t pasid = slot_pasid[slot];
	unsigned int perm = ((access & IOASID_DMA_READ) ? IOASID_MAP_READ : 0) |
		((access & IOASID_DMA_WRITE) ? IOASID_MAP_WRITE : 0);
	uint64_t contig = 0, rest;
	void *host = NULL;
	int rc, want;

	rc = ioasid_device_dma_translate(e->dev, iova, len, access, pasid, &host, &contig);
	if (len == 0 || access == 0)
		want = -EINVAL;
	else if (m == NULL)
		want = -EFAULT;
	else if ((m->perm & perm) != perm)
		want = -EACCES;
	else
		want = 0;
	FUZZ_ASSERT(rc == want, "translate iova 0x%llx len 0x%llx access %u pasid %u: %d, "
		    "reference %d", (unsigned long long)iova, (unsigned long long)len, access,
		    pasid, rc, want);
	if (rc != 0)
		return;
	rest = m->len - (iova - m->iova);
	FUZZ_ASSERT(host == (void *)(m->va + (iova - m->iova)), "translate 0x%llx: host %p",
		    (unsigned long long)iova, host);
	FUZZ_ASSERT(contig == (len < rest ? len : rest), "translate 0x%llx+0x%llx: contig "
		    "0x%llx", (unsigned long long)iova, (unsigned long long)len,
		    (unsigned long long)contig);
}

/* Probe the ends of every mapping and the bytes just outside them, through
 * the first attachment of the IOAS (none: nothing to probe with). */
static void
check_mappings(struct fuzz_env *e, unsigned int k)
{
	const struct ref_ioas *r = &e->ref[k];
	unsigned int rw = IOASID_DMA_READ | IOASID_DMA_WRITE, s;
	size_t i;

	for (s = 0; s < NB_SLOTS && e->att[s] != (int)k; s++)
		;
	for (i = 0; s < NB_SLOTS && i < r->n; i++) {
		const struct ref_map *m = &r->maps[i];
		uint64_t last = m->iova + (m->len - 1);

		check_translate(e, s, m->iova, m->len, IOASID_DMA_READ);
		check_translate(e, s, last, 1, rw);
		if (m->iova != 0)
			check_translate(e, s, m->iova - 1, 1, IOASID_DMA_READ);
		if (last != UINT64_MAX)
			check_translate(e, s, last + 1, 1, IOASID_DMA_WRITE);
	}
}

static void
do_map(struct fuzz_env *e, unsigned int k, const struct op_args *a, unsigned int flags)
{
	uint64_t iova = a->iova;
	int want = ref_map_check(&e->ref[k], (uintptr_t)a->va, a->len, a->iova, flags);
	int rc;

	if (want == 0 && e->ref[k].n == REF_MAX_MAPS)
		return;
	rc = ioasid_ioas_map(e->ioas[k], (void *)(uintptr_t)a->va, a->len, &iova, flags);
	expect_rc(rc, want, "map", a);
	if (rc != 0)
		return;
	if (flags & IOASID_MAP_FIXED_IOVA)
		FUZZ_ASSERT(iova == a->iova, "fixed map moved to 0x%llx",
			    (unsigned long long)iova);
	else
		FUZZ_ASSERT(ref_place_ok(&e->ref[k], iova, a->len), "automatic IOVA 0x%llx+0x%llx "
			    "is taken, misaligned or unusable", (unsigned long long)iova,
			    (unsigned long long)a->len);
	ref_add(&e->ref[k], (uintptr_t)a->va, a->len, iova, flags & (IOASID_MAP_READ |
		IOASID_MAP_WRITE));
	check_mappings(e, k);
}

static void
do_unmap(struct fuzz_env *e, unsigned int k, const struct op_args *a)
{
	uint64_t bytes = 0, want_bytes = 0;
	int want = ref_unmap(&e->ref[k], a->iova, a->len, &want_bytes);
	int rc = ioasid_ioas_unmap(e->ioas[k], a->iova, a->len, &bytes);

	expect_rc(rc, want, "unmap", a);
	if (rc == 0)
		FUZZ_ASSERT(bytes == want_bytes, "unmapped 0x%llx bytes, reference 0x%llx",
			    (unsigned long long)bytes, (unsigned long long)want_bytes);
	check_mappings(e, k);
}

static void
do_ranges(struct fuzz_env *e, unsigned int k, size_t cap)
{
	struct ioasid_iova_range r[3];
	uint64_t align = 0;
	size_t nr = cap, i;
	int rc = ioasid_ioas_iova_ranges(e->ioas[k], cap ? r : NULL, &nr, &align);

	FUZZ_ASSERT(nr == 2 && align == REF_PAGE, "%zu ranges, alignment 0x%llx", nr,
		    (unsigned long long)align);
	FUZZ_ASSERT(rc == (cap < 2 ? -EMSGSIZE : 0), "ranges with room for %zu: %d", cap, rc);
	for (i = 0; rc == 0 && i < nr; i++)
		FUZZ_ASSERT(r[i].start == ref_usable[i].iova &&
			    r[i].last == ref_usable[i].iova + ref_usable[i].len - 1, "range %zu",
			    i);
}

/*
 * ioasid.h: attach is -EBUSY on an attached PASID, replace and detach are
 * -ENOTCONN on one that is not; replace moves the attachment.
 */
static void
do_attachment(struct fuzz_env *e, unsigned int k, unsigned int slot, unsigned int what)
{
	struct ioasid_device *d = e->dev;
	uint32_t pasid = slot_pasid[slot];
	bool none = pasid == IOASID_NO_PASID, attached = e->att[slot] != UNATTACHED;
	const struct op_args a = { .iova = slot, .len = k };
	int rc, want;

	if (what == 1) {
		rc = none ? ioasid_device_attach(d, e->ioas[k]) :
			ioasid_device_attach_pasid(d, pasid, e->ioas[k]);
		want = attached ? -EBUSY : 0;
	} else if (what == 2) {
		rc = none ? ioasid_device_detach(d) : ioasid_device_detach_pasid(d, pasid);
		want = attached ? 0 : -ENOTCONN;
	} else {
		rc = none ? ioasid_device_replace(d, e->ioas[k]) :
			ioasid_device_replace_pasid(d, pasid, e->ioas[k]);
		want = attached ? 0 : -ENOTCONN;
	}
	expect_rc(rc, want, what == 1 ? "attach" : what == 2 ? "detach" : "replace", &a);
	if (rc == 0)
		e->att[slot] = what == 2 ? UNATTACHED : (int)k;
	FUZZ_ASSERT(ioasid_device_attached_ioas(d, pasid) ==
		    (e->att[slot] == UNATTACHED ? NULL : e->ioas[e->att[slot]]),
		    "slot %u: attached IOAS differs", slot);
	check_mappings(e, k);
}

static bool
run_op(struct fuzz_env *e, struct cursor *c)
{
	uint8_t op;
	unsigned int k, rw, flags;
	struct op_args a;

	if (!take(c, &op, 1))
		return false;
	k = (op >> 3) & 1;
	rw = (op >> 4) & 3;
	flags = rw | ((op & OP_BIT6) ? UNKNOWN_FLAG : 0);
	switch (op & 7) {
	case OP_MAP_FIXED:
	case OP_MAP_AUTO:
		if (!take_compact(c, op, &a))
			return false;
		do_map(e, k, &a, flags | ((op & 7) == OP_MAP_FIXED ? IOASID_MAP_FIXED_IOVA : 0));
		return true;
	case OP_UNMAP:
		if (!take_compact(c, op, &a))
			return false;
		do_unmap(e, k, &a);
		return true;
	case OP_UNMAP_ALL:
		a = (struct op_args){ .iova = 0, .len = UINT64_MAX };
		do_unmap(e, k, &a);
		return true;
	case OP_TRANSLATE:
		if (!take_compact(c, op, &a))
			return false;
		check_translate(e, (op & OP_BIT6) ? 2 : k, a.iova + a.extra8 * 16u, a.len8, rw);
		return true;
	case OP_RANGES:
		if (op >> 6)
			do_attachment(e, k, rw % NB_SLOTS, op >> 6);
		else
			do_ranges(e, k, rw);
		return true;
	case OP_MAP_RAW:
		if (!take_raw(c, &a))
			return false;
		do_map(e, k, &a, flags | ((op & OP_BIT7) ? IOASID_MAP_FIXED_IOVA : 0));
		return true;
	default:
		if (!take_raw(c, &a))
			return false;
		if (op & OP_BIT7)
			do_unmap(e, k, &a);
		else
			check_translate(e, k, a.iova, a.len, rw);
		return true;
	}
}

static void
env_open(struct fuzz_env *e)
{
	struct ioasid_ctx_opts opts = { .backend = IOASID_BACKEND_EMULATED };
	unsigned int k;

	FUZZ_ASSERT(ioasid_ctx_open(&opts, &e->ctx) == 0, "ctx: %s", ioasid_last_error());
	for (k = 0; k < NB_IOAS; k++) {
		FUZZ_ASSERT(ioasid_ioas_alloc(e->ctx, &e->ioas[k]) == 0, "ioas: %s",
			    ioasid_last_error());
		e->ref[k].n = 0;
	}
	FUZZ_ASSERT(ioasid_device_open_emulated(e->ctx, "fuzz", 4, &e->dev) == 0, "device: %s",
		    ioasid_last_error());
	FUZZ_ASSERT(ioasid_device_attach(e->dev, e->ioas[0]) == 0 &&
		    ioasid_device_attach_pasid(e->dev, slot_pasid[1], e->ioas[1]) == 0,
		    "attach: %s", ioasid_last_error());
	e->att[0] = 0;
	e->att[1] = 1;
	e->att[2] = UNATTACHED;
}

static bool
is_attached(const struct fuzz_env *e, unsigned int k)
{
	unsigned int s;

	for (s = 0; s < NB_SLOTS; s++)
		if (e->att[s] == (int)k)
			return true;
	return false;
}

/* Unmap what is left (compared with the reference) and close everything. */
static void
env_close(struct fuzz_env *e)
{
	const struct op_args all = { .iova = 0, .len = UINT64_MAX };
	unsigned int k;

	for (k = 0; k < NB_IOAS; k++) {
		do_unmap(e, k, &all);
		if (is_attached(e, k))
			FUZZ_ASSERT(ioasid_ioas_free(e->ioas[k]) == -EBUSY, "attached IOAS freed");
	}
	ioasid_device_close(e->dev);
	for (k = 0; k < NB_IOAS; k++)
		FUZZ_ASSERT(ioasid_ioas_free(e->ioas[k]) == 0, "free: %s", ioasid_last_error());
	FUZZ_ASSERT(ioasid_ctx_close(e->ctx) == 0, "ctx close: %s", ioasid_last_error());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_env env;
	struct cursor c = { data, size };

	env_open(&env);
	while (run_op(&env, &c))
		;
	env_close(&env);
	return 0;
}
