/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Randomized differential test: random valid and invalid descriptors, alone
 * or in batches, executed by the model and by a plain C reference of each
 * operation on a shadow copy of memory. Memory, statuses, results, bytes
 * completed, CRCs and DIF tags must match. DIF sources are tuples built
 * here for the descriptor's flags and seeds, often with one flaw, in slots
 * above the area the other descriptors touch.
 */
#include <stdlib.h>
#include <string.h>

#include "tm.h"

#define ARENA     (512u * 1024)
#define MAX_SIZE  8192u
#define ROUNDS    600
#define MAX_BATCH 16u
/* One DIF source slot per batch member, at the top of the arena */
#define DIF_SLOT  (2u * (4104 + 8))
#define LIMIT     (ARENA - MAX_BATCH * DIF_SLOT)

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
	bool has_tags;      /* DIF: record bytes 16-31 */
	uint8_t tags[16];
};

static const unsigned int dif_blocks[4] = { 512, 520, 4096, 4104 };
#define DIF_PASS (DSA_DIF_DST_APP_PASS | DSA_DIF_DST_GUARD_PASS | DSA_DIF_DST_REF_PASS)

static bool
is_dif(unsigned int op)
{
	return op >= DSA_OPCODE_DIF_CHECK && op <= DSA_OPCODE_DIF_UPDT;
}

/* The tags of one side of a DIF op, as the descriptor gives them */
struct tags {
	uint32_t ref;
	uint16_t mask, app;
};

static uint16_t
be16_at(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
be32_at(const uint8_t *p)
{
	return (uint32_t)be16_at(p) << 16 | be16_at(p + 2);
}

static uint16_t
dif_guard(uint8_t dif_flags, const uint8_t *p, unsigned int bs)
{
	uint16_t g = tm_ref_crc16((dif_flags & DSA_DIF_INVERT_SEED) ? 0xffff : 0, p, bs);

	return (dif_flags & DSA_DIF_INVERT_RESULT) ? (uint16_t)~g : g;
}

/* Error bits of the tuple after block @b, checked against @t */
static uint8_t
dif_errors(uint8_t sf, uint8_t df, const uint8_t *b, unsigned int bs, const struct tags *t)
{
	uint16_t guard = be16_at(b + bs), app = be16_at(b + bs + 2);
	uint32_t ref = be32_at(b + bs + 4);
	uint8_t e = 0;

	bool all_f = guard == 0xffff && app == 0xffff && ref == UINT32_MAX;

	if (all_f && (sf & DSA_DIF_SRC_ALL_F_DETECT))
		return (sf & DSA_DIF_SRC_ALL_F_ERROR) ? DSA_DIF_STATUS_ALL_F : 0;
	if (app == 0xffff && (sf & DSA_DIF_SRC_APP_F_DETECT))
		return 0;
	if (app == 0xffff && ref == UINT32_MAX && (sf & DSA_DIF_SRC_APP_REF_F_DETECT))
		return 0;
	if (!(sf & DSA_DIF_SRC_GUARD_NO_CHECK) && guard != dif_guard(df, b, bs))
		e |= DSA_DIF_STATUS_GUARD;
	if ((app & ~t->mask) != (t->app & ~t->mask))
		e |= DSA_DIF_STATUS_APP_TAG;
	if (!(sf & DSA_DIF_SRC_REF_NO_CHECK) && ref != t->ref)
		e |= DSA_DIF_STATUS_REF_TAG;
	return e;
}

static void
tags_out(uint8_t *at, const struct tags *t)
{
	memcpy(at, &t->ref, 4);
	memcpy(at + 4, &t->mask, 2);
	memcpy(at + 6, &t->app, 2);
}

/* DIF check, insert, strip, update on the shadow arena */
static struct expect
reference_dif(const struct dsa_hw_desc *d, const uint8_t *s, uint8_t *t)
{
	struct expect e = { .status = DSA_COMP_SUCCESS, .has_tags = true };
	unsigned int op = d->opcode, bs = dif_blocks[d->dif_chk_flags & 3], i, blocks;
	bool tin = op != DSA_OPCODE_DIF_INS, tout = op == DSA_OPCODE_DIF_INS ||
						   op == DSA_OPCODE_DIF_UPDT;
	uint8_t sf = tin ? d->src_dif_flags : 0, tf = tout ? d->dest_dif_flag : 0;
	uint8_t df = d->dif_chk_flags, rsvd_dst = 0x07, err, pass = tin ? tf : 0;
	struct tags st = { d->chk_ref_tag_seed, d->chk_app_tag_mask, d->chk_app_tag_seed };
	struct tags dt = { d->ins_ref_tag_seed, d->ins_app_tag_mask, d->ins_app_tag_seed };
	uint32_t ss = bs + (tin ? 8 : 0), ds = op == DSA_OPCODE_DIF_CHECK ? 0 :
					    bs + (tout ? 8 : 0);
	uint16_t guard, app;
	uint32_t ref;

	if (!tin)
		rsvd_dst |= DIF_PASS;
	if ((df & 0xf0) || (tf & rsvd_dst))
		return (struct expect){ .status = DSA_COMP_NOZERO_RESERVE, .has_tags = true };
	if (d->xfer_size == 0 || d->xfer_size % ss)
		return (struct expect){ .status = DSA_COMP_XFER_ERANGE, .has_tags = true };
	blocks = d->xfer_size / ss;
	if (ds && d->src_addr < d->dst_addr + (uint64_t)blocks * ds &&
	    d->dst_addr < d->src_addr + d->xfer_size)
		return (struct expect){ .status = DSA_COMP_OVERLAP_BUFFERS, .has_tags = true };
	for (i = 0; i < blocks; i++) {
		const uint8_t *b = s + i * ss;
		uint8_t *o = t + i * ds;

		err = tin ? dif_errors(sf, df, b, bs, &st) : 0;
		if (err) {
			e.status = DSA_COMP_DIF_ERR;
			e.result = err;
			e.bytes = i * ss;
			break;
		}
		if (ds)
			memmove(o, b, bs);
		if (tout) {
			guard = (pass & DSA_DIF_DST_GUARD_PASS) ? be16_at(b + bs) :
								  dif_guard(df, b, bs);
			app = (pass & DSA_DIF_DST_APP_PASS) ? be16_at(b + bs + 2) :
							      (uint16_t)(dt.app & ~dt.mask);
			ref = (pass & DSA_DIF_DST_REF_PASS) ? be32_at(b + bs + 4) : dt.ref;
			tm_dif_put_tuple(o + bs, guard, app, ref);
		}
		st.app = (uint16_t)(st.app + ((sf & DSA_DIF_SRC_APP_INC) ? 1 : 0));
		st.ref += (sf & DSA_DIF_SRC_REF_FIXED) ? 0 : 1;
		dt.app = (uint16_t)(dt.app + ((tf & DSA_DIF_DST_APP_INC) ? 1 : 0));
		dt.ref += (tf & DSA_DIF_DST_REF_FIXED) ? 0 : 1;
	}
	if (tin)
		tags_out(e.tags, &st);
	if (tout)
		tags_out(e.tags + 8, &dt);
	return e;
}

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
	if (is_dif(d->opcode))
		return reference_dif(d, s, t);
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
	DSA_OPCODE_DIF_CHECK, DSA_OPCODE_DIF_INS, DSA_OPCODE_DIF_STRP, DSA_OPCODE_DIF_UPDT,
};

static uint16_t
random_mask(void)
{
	switch (rnd() % 4) {
	case 0:
		return 0xffff;
	case 1:
		return (uint16_t)rnd();
	}
	return 0;
}

/* Tuples in @slot (arena and shadow alike) for @d's source flags and
 * seeds; then perhaps one flaw: a flipped byte, an all-F tuple, an app tag
 * of all ones. */
static void
dif_source(const struct dsa_hw_desc *d, uint8_t *slot, unsigned int bs, unsigned int blocks)
{
	uint8_t sf = d->src_dif_flags, *b;
	uint16_t app = d->chk_app_tag_seed, mask = d->chk_app_tag_mask;
	uint32_t ref = d->chk_ref_tag_seed;
	unsigned int i, step = bs + 8, k;

	for (i = 0; i < blocks; i++) {
		b = slot + i * step;
		for (k = 0; k < bs; k++)
			b[k] = (uint8_t)rnd();
		/* bits under the mask may be anything */
		tm_dif_put_tuple(b + bs, dif_guard(d->dif_chk_flags, b, bs),
				 (uint16_t)((app & ~mask) | (rnd() & mask)), ref);
		app = (uint16_t)(app + ((sf & DSA_DIF_SRC_APP_INC) ? 1 : 0));
		ref += (sf & DSA_DIF_SRC_REF_FIXED) ? 0 : 1;
	}
	b = slot + (rnd() % blocks) * step;
	switch (rnd() % 5) {
	case 0:
		b[rnd() % step] ^= (uint8_t)(1u << (rnd() % 8));
		break;
	case 1:
		memset(b + bs, 0xff, 8);
		break;
	case 2:
		memset(b + bs + 2, 0xff, rnd() % 2 ? 2 : 6);
		break;
	}
	memcpy(shadow + (slot - arena), slot, (size_t)blocks * step);
}

/* Flags, seeds and size of a DIF op; most check, strip and update sources
 * are tuples from the member's slot. */
static void
random_dif(struct dsa_hw_desc *d, unsigned int member)
{
	unsigned int code = (unsigned int)(rnd() % 4), bs = dif_blocks[code];
	unsigned int blocks = 1 + (unsigned int)(rnd() % (bs < 4096 ? 8 : 2));
	bool tin = d->opcode != DSA_OPCODE_DIF_INS;

	d->dif_chk_flags = (uint8_t)(code | (rnd() % 4) << 2);
	if (rnd() % 32 == 0)
		d->dif_chk_flags |= (uint8_t)(0x10 << (rnd() % 4));
	d->xfer_size = blocks * (bs + (tin ? 8 : 0));
	if (rnd() % 16 == 0)
		d->xfer_size += 8;
	if (tin) {
		d->src_dif_flags = (uint8_t)rnd();
		d->chk_ref_tag_seed = (uint32_t)rnd();
		d->chk_app_tag_mask = random_mask();
		d->chk_app_tag_seed = (uint16_t)rnd();
	}
	if (d->opcode == DSA_OPCODE_DIF_INS || d->opcode == DSA_OPCODE_DIF_UPDT) {
		d->dest_dif_flag = (uint8_t)(rnd() & (rnd() % 32 ? 0xf8 : 0xff));
		/* mostly no pass-through on insert, which refuses it */
		if (!tin && rnd() % 8)
			d->dest_dif_flag &= (uint8_t)~DIF_PASS;
		d->ins_ref_tag_seed = (uint32_t)rnd();
		d->ins_app_tag_mask = random_mask();
		d->ins_app_tag_seed = (uint16_t)rnd();
	}
	if (d->opcode == DSA_OPCODE_DIF_CHECK)
		d->dst_addr = 0;
	if (tin && rnd() % 4) {
		uint8_t *slot = arena + LIMIT + member * DIF_SLOT;

		d->src_addr = (uintptr_t)slot;
		dif_source(d, slot, bs, blocks);
	}
}

static struct dsa_hw_desc
random_desc(unsigned int member)
{
	struct dsa_hw_desc d;
	uint32_t n = (uint32_t)(rnd() % MAX_SIZE) + 1;
	uint64_t so = rnd() % (LIMIT - 3 * MAX_SIZE), dO = rnd() % (LIMIT - 3 * MAX_SIZE);

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
	case DSA_OPCODE_DIF_CHECK:
	case DSA_OPCODE_DIF_INS:
	case DSA_OPCODE_DIF_STRP:
	case DSA_OPCODE_DIF_UPDT:
		random_dif(&d, member);
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
			list[i] = random_desc(i);
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
			if (exp[i].has_tags)
				TM_CHECK(memcmp(recs[i].op_specific, exp[i].tags, 16) == 0,
					 "round %u member %u op 0x%x: DIF tags", r, i,
					 list[i].opcode);
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
