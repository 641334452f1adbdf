/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The operations, executed for real through the IOMMU. Each function checks
 * its own operands (size, alignment, overlap...) and fills the result; the
 * common checks (opcode, flags, reserved fields) are done before, in
 * model_desc.c, from the table at the end of this file.
 */
#include <string.h>

#include "model_priv.h"

static void
put32(struct model_result *r, uint32_t v)
{
	memcpy(r->op, &v, sizeof(v));
}

static void
op_noop(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	(void)c;
	(void)d;
	r->status = DSA_COMP_SUCCESS;
}

static int
move_chunk(void *arg, void *const host[], uint64_t n, uint64_t off, struct model_result *r)
{
	(void)arg;
	(void)off;
	(void)r;
	memmove(host[1], host[0], n);
	return 0;
}

/* Memmove: overlap allowed with GENCAP[1]; dst above src copies downwards
 * (result 1), so a resumed descending copy keeps its addresses. */
static void
op_memmove(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	struct model_span s[2] = {
		{ d->src_addr, DSA_MODEL_DMA_READ }, { d->dst_addr, DSA_MODEL_DMA_WRITE },
	};
	bool down, over;

	if (!model_size_ok(c, d->xfer_size, r))
		return;
	over = model_overlap(d->src_addr, d->dst_addr, d->xfer_size);
	down = over && d->dst_addr > d->src_addr;
	if (over && !(c->m->caps.gencap & DSA_GENCAP_OVERLAP_COPY)) {
		r->status = DSA_COMP_OVERLAP_BUFFERS;
		return;
	}
	/* the direction is reported with a page fault, for resuming */
	if (model_dma_walk(c, s, 2, d->xfer_size, down, move_chunk, NULL, r) == 0)
		r->status = DSA_COMP_SUCCESS;
	else
		r->result = down ? DSA_RESULT_MOVE_DESCENDING : DSA_RESULT_MOVE_ASCENDING;
}

static int
fill_chunk(void *arg, void *const host[], uint64_t n, uint64_t off, struct model_result *r)
{
	const uint8_t *pat = arg;
	uint8_t *dst = host[0];
	uint64_t i = 0;

	(void)r;
	/* pattern bytes repeat from the operation's start address */
	for (; i < n && ((off + i) & 7); i++)
		dst[i] = pat[(off + i) & 7];
	for (; i + 8 <= n; i += 8)
		memcpy(dst + i, pat, 8);
	for (; i < n; i++)
		dst[i] = pat[(off + i) & 7];
	return 0;
}

static void
op_memfill(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	struct model_span s = { d->dst_addr, DSA_MODEL_DMA_WRITE };
	uint8_t pat[8];

	if (!model_size_ok(c, d->xfer_size, r))
		return;
	memcpy(pat, &d->pattern, sizeof(pat));
	if (model_dma_walk(c, &s, 1, d->xfer_size, false, fill_chunk, pat, r) == 0)
		r->status = DSA_COMP_SUCCESS;
}

/* Success, or success with a false predicate when CR asks to check it. */
static void
predicate(const struct dsa_hw_desc *d, bool expected, struct model_result *r)
{
	r->status = ((d->flags & IDXD_OP_FLAG_CR) && !expected) ? DSA_COMP_SUCCESS_PRED :
								 DSA_COMP_SUCCESS;
}

static int
compare_chunk(void *arg, void *const host[], uint64_t n, uint64_t off, struct model_result *r)
{
	const uint8_t *a = host[0], *b = host[1];
	uint64_t i;

	(void)arg;
	if (memcmp(a, b, n) == 0)
		return 0;
	for (i = 0; a[i] == b[i]; i++)
		;
	r->result = DSA_RESULT_DIFFER;
	r->bytes = (uint32_t)(off + i);
	return 1;
}

static void
op_compare(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	struct model_span s[2] = {
		{ d->src_addr, DSA_MODEL_DMA_READ }, { d->src2_addr, DSA_MODEL_DMA_READ },
	};

	if (!model_size_ok(c, d->xfer_size, r))
		return;
	if (model_dma_walk(c, s, 2, d->xfer_size, false, compare_chunk, NULL, r) < 0)
		return;
	predicate(d, r->result == d->expected_res, r);
}

struct compval_arg {
	uint8_t pat[8];
	bool offset_8b;
};

static int
compval_chunk(void *arg, void *const host[], uint64_t n, uint64_t off,
	      struct model_result *r)
{
	const struct compval_arg *a = arg;
	const uint8_t *src = host[0];
	uint64_t i;

	for (i = 0; i < n; i++) {
		if (src[i] != a->pat[(off + i) & 7]) {
			r->result = DSA_RESULT_DIFFER;
			r->bytes = (uint32_t)(off + i);
			if (a->offset_8b)
				r->bytes &= ~7u;
			return 1;
		}
	}
	return 0;
}

static void
op_compval(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	struct model_span s = { d->src_addr, DSA_MODEL_DMA_READ };
	struct compval_arg a = { .offset_8b = c->m->q.compval_offset_8b };

	if (!model_size_ok(c, d->xfer_size, r))
		return;
	memcpy(a.pat, &d->comp_pattern, sizeof(a.pat));
	if (model_dma_walk(c, &s, 1, d->xfer_size, false, compval_chunk, &a, r) < 0)
		return;
	predicate(d, r->result == d->expected_res, r);
}

static bool
delta_size_ok(struct model_ctx *c, uint64_t size, struct model_result *r)
{
	if (!model_size_ok(c, size, r))
		return false;
	if ((size % 8) || size > DSA_DELTA_MAX_XFER) {
		r->status = DSA_COMP_XFER_ERANGE;
		return false;
	}
	return true;
}

static bool
aligned8(uint64_t a, uint64_t b, uint64_t e, struct model_result *r)
{
	if ((a | b | e) % DSA_DELTA_ALIGN) {
		r->status = DSA_COMP_ADDR_ALIGN;
		return false;
	}
	return true;
}

/* The delta record's address, if it must be 8-B aligned as well (quirk);
 * else 0, which is aligned */
static uint64_t
delta_record_align(const struct model_ctx *c, uint64_t addr)
{
	return c->m->q.delta_record_align8 ? addr : 0;
}

#define DELTA_CHUNK 4096u

/* Create delta: entries of (u16 offset in 8-B words, 8 B of src2). */
static void
op_cr_delta(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	uint64_t a[DELTA_CHUNK / 8], b[DELTA_CHUNK / 8];
	uint32_t rec = 0, max = d->max_delta_size;
	uint64_t off, n, j;
	uint8_t entry[DSA_DELTA_ENTRY_SIZE];

	if (!delta_size_ok(c, d->xfer_size, r) ||
	    !aligned8(d->src_addr, d->src2_addr, delta_record_align(c, d->delta_addr), r))
		return;
	if ((max % DSA_DELTA_ENTRY_SIZE) || max < DSA_DELTA_MIN_MAX_SIZE) {
		r->status = DSA_COMP_DR_ERANGE;
		return;
	}
	for (off = 0; off < d->xfer_size; off += n) {
		n = d->xfer_size - off < DELTA_CHUNK ? d->xfer_size - off : DELTA_CHUNK;
		if (model_dma_read(c, d->src_addr + off, a, n, r, off) < 0 ||
		    model_dma_read(c, d->src2_addr + off, b, n, r, off) < 0)
			goto out;
		for (j = 0; j < n / 8; j++) {
			uint16_t word = (uint16_t)(off / 8 + j);

			if (a[j] == b[j])
				continue;
			if (rec + DSA_DELTA_ENTRY_SIZE > max) {
				r->result = DSA_RESULT_DELTA_OVERFLOW;
				r->status = c->m->q.delta_overflow_status;
				r->bytes = (uint32_t)(off + j * 8);
				put32(r, rec);
				return;
			}
			memcpy(entry, &word, 2);
			memcpy(entry + 2, &b[j], 8);
			if (model_dma_write(c, d->delta_addr + rec, entry, sizeof(entry), r,
					    off + j * 8) < 0)
				goto out;
			rec += DSA_DELTA_ENTRY_SIZE;
		}
	}
	r->result = rec ? DSA_RESULT_DELTA_RECORD : DSA_RESULT_DELTA_NONE;
	/* CR: the expected-result mask lists the acceptable results (unverified) */
	predicate(d, (d->expected_res_mask >> r->result) & 1, r);
out:
	put32(r, rec);
}

#define DELTA_ENTRIES 64u

/* Apply delta: bytes completed counts delta-record bytes. */
static void
op_ap_delta(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	uint8_t ent[DELTA_ENTRIES * DSA_DELTA_ENTRY_SIZE];
	uint32_t dsize = d->delta_rec_size, pos, n, k;
	int prev = -1;

	if (!delta_size_ok(c, d->xfer_size, r) ||
	    !aligned8(delta_record_align(c, d->src_addr), d->dst_addr, 0, r))
		return;
	if (dsize == 0 || (dsize % DSA_DELTA_ENTRY_SIZE) ||
	    dsize / DSA_DELTA_ENTRY_SIZE > d->xfer_size / 8) {
		r->status = DSA_COMP_DR_ERANGE;
		return;
	}
	if (d->src_addr < d->dst_addr + d->xfer_size && d->dst_addr < d->src_addr + dsize) {
		r->status = DSA_COMP_OVERLAP_BUFFERS;
		return;
	}
	for (pos = 0; pos < dsize; pos += n) {
		n = dsize - pos < sizeof(ent) ? dsize - pos : (uint32_t)sizeof(ent);
		if (model_dma_read(c, d->src_addr + pos, ent, n, r, pos) < 0)
			return;
		for (k = 0; k < n; k += DSA_DELTA_ENTRY_SIZE) {
			uint16_t word;

			memcpy(&word, ent + k, 2);
			r->bytes = pos + k;
			if ((int)word <= prev) {
				r->status = DSA_COMP_DR_OFFSET_NOINC;
				return;
			}
			if ((uint64_t)word * 8 >= d->xfer_size) {
				r->status = DSA_COMP_DR_OFFSET_ERANGE;
				return;
			}
			if (model_dma_write(c, d->dst_addr + (uint64_t)word * 8, ent + k + 2, 8,
					    r, pos + k) < 0)
				return;
			prev = word;
		}
	}
	r->bytes = 0;
	r->status = DSA_COMP_SUCCESS;
}

static int
dualcast_chunk(void *arg, void *const host[], uint64_t n, uint64_t off,
	       struct model_result *r)
{
	(void)arg;
	(void)off;
	(void)r;
	memcpy(host[1], host[0], n);
	memcpy(host[2], host[0], n);
	return 0;
}

static void
op_dualcast(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	struct model_span s[3] = {
		{ d->src_addr, DSA_MODEL_DMA_READ }, { d->dst_addr, DSA_MODEL_DMA_WRITE },
		{ d->dest2, DSA_MODEL_DMA_WRITE },
	};
	uint64_t size = d->xfer_size;

	if (!model_size_ok(c, size, r))
		return;
	if ((d->dst_addr ^ d->dest2) & 0xfff) {
		r->status = DSA_COMP_DCAST_ERR;
		return;
	}
	if (model_overlap(d->src_addr, d->dst_addr, size) ||
	    model_overlap(d->src_addr, d->dest2, size) ||
	    model_overlap(d->dst_addr, d->dest2, size)) {
		r->status = DSA_COMP_OVERLAP_BUFFERS;
		return;
	}
	if (model_dma_walk(c, s, 3, size, false, dualcast_chunk, NULL, r) == 0)
		r->status = DSA_COMP_SUCCESS;
}

/*
 * CRC-32C. The seed and the result are inverted unless flag bit 17 bypasses
 * it, so seed 0 gives the standard CRC-32C and the result of a partial
 * operation is the seed to resume with. Bit 18 processes the data
 * MSB-first, without reflection (exact hardware behaviour unverified).
 */
struct crc_arg {
	uint32_t reg;
	bool reflect;
	bool copy;
};

static int
crc_chunk(void *arg, void *const host[], uint64_t n, uint64_t off, struct model_result *r)
{
	struct crc_arg *a = arg;

	(void)off;
	(void)r;
	a->reg = model_crc32c(a->reg, host[0], n, a->reflect);
	if (a->copy)
		memcpy(host[1], host[0], n);
	return 0;
}

static void
crc_common(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r,
	   bool copy)
{
	struct model_span s[2] = {
		{ d->src_addr, DSA_MODEL_DMA_READ }, { d->dst_addr, DSA_MODEL_DMA_WRITE },
	};
	bool invert = !(d->flags & DSA_FLAG_CRC_BYPASS_INV);
	struct crc_arg a = { .reflect = !(d->flags & DSA_FLAG_CRC_BYPASS_DATA_REFL),
			     .copy = copy };
	uint32_t seed = d->crc_seed;
	int rc;

	if (!model_size_ok(c, d->xfer_size, r))
		return;
	if (copy && model_overlap(d->src_addr, d->dst_addr, d->xfer_size)) {
		r->status = DSA_COMP_OVERLAP_BUFFERS;
		return;
	}
	if ((d->flags & DSA_FLAG_CRC_READ_SEED) &&
	    model_dma_read(c, d->seed_addr, &seed, sizeof(seed), r, 0) < 0)
		return;
	a.reg = invert ? ~seed : seed;
	rc = model_dma_walk(c, s, copy ? 2 : 1, d->xfer_size, false, crc_chunk, &a, r);
	put32(r, invert ? ~a.reg : a.reg);
	if (rc == 0)
		r->status = DSA_COMP_SUCCESS;
}

static void
op_crcgen(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	crc_common(c, d, r, false);
}

static void
op_copy_crc(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	crc_common(c, d, r, true);
}

static int
touch_chunk(void *arg, void *const host[], uint64_t n, uint64_t off, struct model_result *r)
{
	(void)arg;
	(void)host;
	(void)n;
	(void)off;
	(void)r;
	return 0;
}

/* Cache flush and translation fetch only translate: the model's memory is
 * coherent, so a flush has no visible effect beyond its page faults. */
static void
op_touch(struct model_ctx *c, uint64_t addr, uint64_t size, unsigned int access,
	 struct model_result *r)
{
	struct model_span s = { addr, access };

	if (!model_size_ok(c, size, r))
		return;
	if (model_dma_walk(c, &s, 1, size, false, touch_chunk, NULL, r) == 0)
		r->status = DSA_COMP_SUCCESS;
}

static void
op_cflush(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	op_touch(c, d->dst_addr, d->xfer_size, DSA_MODEL_DMA_WRITE, r);
}

static void
op_transl_fetch(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	op_touch(c, d->src_addr, d->xfer_size, DSA_MODEL_DMA_READ, r);
}

/* Bytes [a, b] of the descriptor, as a bitmap of its 64 bytes. */
#define BYTES(a, b) ((UINT64_MAX >> (63 - (b))) & (UINT64_MAX << (a)))
/* The bitmap expanded at compile time to 8 qword masks, so that checking a
 * descriptor is 8 ANDs. Bytes 38-39 are reserved for every DSA opcode. */
#define BYTE_MASK(bm, k) ((((bm) >> (k)) & 1) ? 0xffull << (8 * ((k) & 7)) : 0)
#define QW_MASK(bm, q) \
	(BYTE_MASK(bm, 8 * (q)) | BYTE_MASK(bm, 8 * (q) + 1) | \
	 BYTE_MASK(bm, 8 * (q) + 2) | BYTE_MASK(bm, 8 * (q) + 3) | \
	 BYTE_MASK(bm, 8 * (q) + 4) | BYTE_MASK(bm, 8 * (q) + 5) | \
	 BYTE_MASK(bm, 8 * (q) + 6) | BYTE_MASK(bm, 8 * (q) + 7))
#define RSVD(bm) { QW_MASK((bm) | BYTES(38, 39), 0), QW_MASK((bm) | BYTES(38, 39), 1), \
		   QW_MASK((bm) | BYTES(38, 39), 2), QW_MASK((bm) | BYTES(38, 39), 3), \
		   QW_MASK((bm) | BYTES(38, 39), 4), QW_MASK((bm) | BYTES(38, 39), 5), \
		   QW_MASK((bm) | BYTES(38, 39), 6), QW_MASK((bm) | BYTES(38, 39), 7) }

#define F  IDXD_OP_FLAG_FENCE
#define B  IDXD_OP_FLAG_BOF
#define C  IDXD_OP_FLAG_CC
#define A1 IDXD_OP_FLAG_ADDR1_TCS
#define A2 IDXD_OP_FLAG_ADDR2_TCS
#define A3 IDXD_OP_FLAG_ADDR3_TCS
#define S  IDXD_OP_FLAG_STORD
#define D  IDXD_OP_FLAG_DRDBK
#define T  IDXD_OP_FLAG_DSTS
#define R  IDXD_OP_FLAG_CR
#define CRC_FLAGS (DSA_FLAG_CRC_READ_SEED | DSA_FLAG_CRC_BYPASS_INV | \
		   DSA_FLAG_CRC_BYPASS_DATA_REFL)
#define DRAIN_FLAGS (DSA_FLAG_DRAIN_RDBK1 | DSA_FLAG_DRAIN_RDBK2 | \
		     DSA_FLAG_DRAIN_NO_TCA_RDBK | DSA_FLAG_DRAIN_NO_TCB_RDBK)

/* Allowed flags per opcode: DML's per-operation sets (fact sheet section 4).
 * Bytes 36-37 (interrupt handle) are checked only with RCI. Conditional
 * fields (drain readback addresses, CRC seed address) are checked in
 * model_desc.c. */
static const struct model_op ops[] = {
	[DSA_OPCODE_NOOP] = { op_noop, F, RSVD(BYTES(16, 35) | BYTES(40, 63)) },
	[DSA_OPCODE_BATCH] = { model_op_batch, A1, RSVD(BYTES(24, 31) | BYTES(40, 63)) },
	[DSA_OPCODE_DRAIN] = { model_op_drain, A1 | A2 | DRAIN_FLAGS,
			       RSVD(BYTES(32, 35) | BYTES(40, 63)) },
	[DSA_OPCODE_MEMMOVE] = { op_memmove, F | B | C | A1 | A2 | S | D | T,
				 RSVD(BYTES(40, 63)) },
	[DSA_OPCODE_MEMFILL] = { op_memfill, F | B | C | A2 | S | D | T, RSVD(BYTES(40, 63)) },
	[DSA_OPCODE_COMPARE] = { op_compare, F | B | R | A1 | A2, RSVD(BYTES(41, 63)) },
	[DSA_OPCODE_COMPVAL] = { op_compval, F | B | R | A1, RSVD(BYTES(41, 63)) },
	[DSA_OPCODE_CR_DELTA] = { op_cr_delta, F | B | R | C | A1 | A2 | A3 | S | D | T,
				  RSVD(BYTES(52, 55) | BYTES(57, 63)) },
	[DSA_OPCODE_AP_DELTA] = { op_ap_delta, F | B | C | A1 | A2 | S | D | T,
				  RSVD(BYTES(44, 63)) },
	[DSA_OPCODE_DUALCAST] = { op_dualcast, F | B | C | A1 | A2 | A3 | S | D | T |
				  DSA_FLAG_DCAST_DEST2_STEER, RSVD(BYTES(48, 63)) },
	[DSA_OPC_TRANSL_FETCH] = { op_transl_fetch, F | B | A1,
				   RSVD(BYTES(24, 31) | BYTES(40, 63)) },
	[DSA_OPCODE_CRCGEN] = { op_crcgen, F | B | A1 | A3 | CRC_FLAGS,
				RSVD(BYTES(24, 31) | BYTES(44, 47) | BYTES(56, 63)) },
	[DSA_OPCODE_COPY_CRC] = { op_copy_crc, F | B | C | A1 | A2 | A3 | S | D | T | CRC_FLAGS,
				  RSVD(BYTES(44, 47) | BYTES(56, 63)) },
	[DSA_OPCODE_DIF_CHECK] = { model_op_dif_check, F | B | A1,
				   RSVD(BYTES(24, 31) | BYTES(41, 41) | BYTES(43, 47) |
					BYTES(56, 63)) },
	[DSA_OPCODE_DIF_INS] = { model_op_dif_insert, F | B | C | A1 | A2 | S | D | T,
				 RSVD(BYTES(40, 40) | BYTES(43, 55)) },
	[DSA_OPCODE_DIF_STRP] = { model_op_dif_strip, F | B | C | A1 | A2 | S | D | T,
				  RSVD(BYTES(41, 41) | BYTES(43, 47) | BYTES(56, 63)) },
	[DSA_OPCODE_DIF_UPDT] = { model_op_dif_update, F | B | C | A1 | A2 | S | D | T,
				  RSVD(BYTES(43, 47)) },
	[DSA_OPCODE_CFLUSH] = { op_cflush, F | B | C | A2 | S | D | T,
				RSVD(BYTES(16, 23) | BYTES(40, 63)) },
};

const struct model_op *
model_op_lookup(unsigned int opcode)
{
	if (opcode >= sizeof(ops) / sizeof(ops[0]) || ops[opcode].fn == NULL)
		return NULL;
	return &ops[opcode];
}
