/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Randomized differential test: random valid and invalid descriptors, alone
 * or in batches, executed by the model and by a plain C reference of each
 * operation on a shadow copy of memory. Memory, statuses, results, bytes
 * completed and CRCs must match.
 */
#include <stdlib.h>
#include <string.h>

#include "tm.h"

#define ARENA     (256u * 1024)
#define MAX_SIZE  8192u
#define ROUNDS    600
#define MAX_BATCH 16u

static uint8_t *arena, *shadow;
static uint64_t rng = 88172645463325252ull;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

struct expect {
	uint8_t status, result;
	uint32_t bytes, crc;
	bool has_crc;
};

static bool
ranges_overlap(uint64_t a, uint64_t b, uint64_t n)
{
	return a < b + n && b < a + n;
}

/* Reference execution on the shadow arena, in member order. */
static struct expect
reference(const struct dsa_hw_desc *d)
{
	struct expect e = { .status = DSA_COMP_SUCCESS };
	uint64_t so = d->src_addr - (uintptr_t)arena, dO = d->dst_addr - (uintptr_t)arena;
	/*
	 * Integer arithmetic: for ops without a source or destination the
	 * field holds a pattern, and pointer arithmetic on it would be UB.
	 */
	uint8_t *s = (uint8_t *)((uintptr_t)shadow + so);
	uint8_t *t = (uint8_t *)((uintptr_t)shadow + dO), pat[8];
	uint32_t n = d->xfer_size, i;

	if (d->opcode == 0x30)
		return (struct expect){ .status = DSA_COMP_BAD_OPCODE };
	if (d->flags & DSA_FLAG_RSVD6)
		return (struct expect){ .status = DSA_COMP_INVALID_FLAGS };
	if (d->rsvd1)
		return (struct expect){ .status = DSA_COMP_NOZERO_RESERVE };
	if (n == 0 && d->opcode != DSA_OPCODE_NOOP)
		return (struct expect){ .status = DSA_COMP_XFER_ERANGE };
	switch (d->opcode) {
	case DSA_OPCODE_MEMMOVE:
		memmove(t, s, n);
		break;
	case DSA_OPCODE_MEMFILL:
		memcpy(pat, &d->pattern, 8);
		for (i = 0; i < n; i++)
			t[i] = pat[i % 8];
		break;
	case DSA_OPCODE_COMPARE:
		for (i = 0; i < n && s[i] == t[i]; i++)
			;
		if (i < n) {
			e.result = 1;
			e.bytes = i;
		}
		break;
	case DSA_OPCODE_COMPVAL:
		memcpy(pat, &d->comp_pattern, 8);
		for (i = 0; i < n && s[i] == pat[i % 8]; i++)
			;
		if (i < n) {
			e.result = 1;
			e.bytes = i & ~7u;
		}
		break;
	case DSA_OPCODE_CRCGEN:
	case DSA_OPCODE_COPY_CRC:
		if (d->opcode == DSA_OPCODE_COPY_CRC) {
			if (ranges_overlap(d->src_addr, d->dst_addr, n))
				return (struct expect){ .status = DSA_COMP_OVERLAP_BUFFERS };
			memcpy(t, s, n);
		}
		e.crc = tm_ref_crc32c(d->crc_seed, s, n);
		e.has_crc = true;
		break;
	case DSA_OPCODE_DUALCAST:
		if ((d->dst_addr ^ d->dest2) & 0xfff)
			return (struct expect){ .status = DSA_COMP_DCAST_ERR };
		if (ranges_overlap(d->src_addr, d->dst_addr, n) ||
		    ranges_overlap(d->src_addr, d->dest2, n) ||
		    ranges_overlap(d->dst_addr, d->dest2, n))
			return (struct expect){ .status = DSA_COMP_OVERLAP_BUFFERS };
		memcpy(t, s, n);
		memcpy(shadow + (d->dest2 - (uintptr_t)arena), s, n);
		break;
	default:
		break;
	}
	return e;
}

static const unsigned int opcodes[] = {
	DSA_OPCODE_NOOP, DSA_OPCODE_MEMMOVE, DSA_OPCODE_MEMFILL, DSA_OPCODE_COMPARE,
	DSA_OPCODE_COMPVAL, DSA_OPCODE_CRCGEN, DSA_OPCODE_COPY_CRC, DSA_OPCODE_DUALCAST,
};

static struct dsa_hw_desc
random_desc(void)
{
	struct dsa_hw_desc d;
	uint32_t n = (uint32_t)(rnd() % MAX_SIZE) + 1;
	uint64_t so = rnd() % (ARENA - 3 * MAX_SIZE), dO = rnd() % (ARENA - 3 * MAX_SIZE);

	memset(&d, 0, sizeof(d));
	d.opcode = opcodes[rnd() % (sizeof(opcodes) / sizeof(opcodes[0]))];
	d.flags = IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR;
	if (d.opcode == DSA_OPCODE_NOOP)
		return d;
	if (rnd() % 4 == 0) /* close pairs: overlaps and equal data */
		dO = so + rnd() % 256;
	d.src_addr = (uintptr_t)(arena + so);
	d.dst_addr = (uintptr_t)(arena + dO);
	d.xfer_size = n;
	switch (d.opcode) {
	case DSA_OPCODE_MEMFILL:
		d.pattern = rnd();
		break;
	case DSA_OPCODE_COMPARE:
		if (rnd() % 2) /* equal data */
			d.dst_addr = d.src_addr;
		break;
	case DSA_OPCODE_COMPVAL:
		d.comp_pattern = 0x0101010101010101ull * (uint8_t)rnd();
		d.dst_addr = 0;
		break;
	case DSA_OPCODE_CRCGEN:
		d.dst_addr = 0;
		/* fall through */
	case DSA_OPCODE_COPY_CRC:
		d.crc_seed = (uint32_t)rnd();
		break;
	case DSA_OPCODE_DUALCAST:
		d.dest2 = d.dst_addr + MAX_SIZE + 4096 - (rnd() % 4 ? 0 : 8);
		break;
	}
	/* invalid variants */
	switch (rnd() % 16) {
	case 0:
		d.xfer_size = 0;
		break;
	case 1:
		d.flags |= DSA_FLAG_RSVD6;
		break;
	case 2:
		d.rsvd1 = 1;
		break;
	case 3:
		d.opcode = 0x30;
		break;
	}
	return d;
}

int
main(void)
{
	struct dsa_model *m = tm_create(DSA_MODEL_PRESET_SPR, 2);
	struct tm_wq_cfg c = { .size = 32, .priority = 1, .xfer_shift = 20, .batch_shift = 5 };
	struct dsa_hw_desc *list = tm_alloc(MAX_BATCH * 64), bd;
	struct dsa_completion_record *recs = tm_alloc((MAX_BATCH + 1) * 32);
	struct expect exp[MAX_BATCH];
	unsigned int r, i, n, total = 0;
	size_t k;

	arena = tm_alloc(ARENA);
	shadow = tm_alloc(ARENA);
	for (k = 0; k < ARENA; k++)
		arena[k] = shadow[k] = (uint8_t)(rnd() % 4);
	TM_EQ(tm_setup(m, &c), 0, "setup");
	for (r = 0; r < ROUNDS && tm_failures < 20; r++) {
		n = (unsigned int)(rnd() % MAX_BATCH) + 1;
		memset(recs, 0, (MAX_BATCH + 1) * 32);
		for (i = 0; i < n; i++) {
			list[i] = random_desc();
			list[i].completion_addr = (uintptr_t)&recs[i];
			exp[i] = reference(&list[i]);
		}
		if (n == 1) {
			tm_submit(m, 0, &list[0]);
			tm_wait(&recs[0]);
		} else {
			memset(&bd, 0, sizeof(bd));
			bd.opcode = DSA_OPCODE_BATCH;
			bd.flags = IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR;
			bd.desc_list_addr = (uintptr_t)list;
			bd.desc_count = n;
			bd.completion_addr = (uintptr_t)&recs[MAX_BATCH];
			tm_submit(m, 0, &bd);
			TM_CHECK(tm_wait(&recs[MAX_BATCH]) != 0, "batch of %u completes", n);
		}
		for (i = 0; i < n; i++, total++) {
			TM_CHECK(recs[i].status == exp[i].status,
				 "round %u member %u op 0x%x size %u: status 0x%x, reference 0x%x",
				 r, i, list[i].opcode, list[i].xfer_size, recs[i].status,
				 exp[i].status);
			TM_CHECK(recs[i].result == exp[i].result &&
				 recs[i].bytes_completed == exp[i].bytes,
				 "round %u member %u op 0x%x: result %u/%u bytes %u/%u", r, i,
				 list[i].opcode, recs[i].result, exp[i].result,
				 recs[i].bytes_completed, exp[i].bytes);
			if (exp[i].has_crc && exp[i].status == DSA_COMP_SUCCESS)
				TM_EQ((uint32_t)recs[i].crc_val, exp[i].crc, "CRC");
		}
		TM_CHECK(memcmp(arena, shadow, ARENA) == 0, "round %u: memory differs", r);
	}
	printf("%u descriptors compared\n", total);
	dsa_model_destroy(m);
	free(arena);
	free(shadow);
	free(list);
	free(recs);
	return tm_report("model differential");
}
