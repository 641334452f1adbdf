/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DIF check, insert, strip and update (fact sheet section 4). Data comes in
 * blocks of 512, 520, 4096 or 4104 bytes; on the protected side each block
 * is followed by an 8-B tuple: guard (CRC16 T10-DIF of the block), app tag,
 * ref tag, big-endian. The operations run block by block: a source block
 * (with its tuple) is read, checked, then written out, so that an error or
 * a page fault stops at a block boundary with everything before it done.
 * The record's tags are those of the block the operation stopped at (the
 * one after the last on success): the seeds to resume or chain with.
 */
#include <string.h>

#include "model_priv.h"

/* Tag seeds as the descriptor holds them and as the record returns them */
struct dif_tags {
	uint32_t ref;
	uint16_t mask;
	uint16_t app;
};

/* One side (source or destination) of an operation */
struct dif_side {
	bool tuple;             /* blocks on this side carry a tuple */
	uint8_t flags;          /* source or destination DIF flags */
	struct dif_tags t;      /* the tags of the current block */
};

struct dif_op {
	uint32_t block;         /* data bytes per block */
	uint8_t dif_flags;      /* byte 42 */
	struct dif_side src, dst;
	bool has_dst;           /* check writes nothing */
};

static uint16_t
get_be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static uint32_t
get_be32(const uint8_t *p)
{
	return ((uint32_t)get_be16(p) << 16) | get_be16(p + 2);
}

static void
put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put_be32(uint8_t *p, uint32_t v)
{
	put_be16(p, (uint16_t)(v >> 16));
	put_be16(p + 2, (uint16_t)v);
}

static uint16_t
guard_of(const struct dif_op *o, const uint8_t *data)
{
	uint16_t crc = model_crc16_t10dif((o->dif_flags & DSA_DIF_INVERT_SEED) ? 0xffff : 0,
					  data, o->block);

	return (o->dif_flags & DSA_DIF_INVERT_RESULT) ? (uint16_t)~crc : crc;
}

/* The source tuple of one block against the expected tags: the dif_status
 * bits of its errors, 0 if it passes or the F-detect flags skip it. */
static uint8_t
check_block(const struct dsa_model *m, const struct dif_op *o, const uint8_t *data)
{
	const uint8_t *tp = data + o->block;
	uint16_t guard = get_be16(tp + DSA_DIF_GUARD_OFF);
	uint16_t app = get_be16(tp + DSA_DIF_APP_TAG_OFF);
	uint32_t ref = get_be32(tp + DSA_DIF_REF_TAG_OFF);
	uint8_t sf = o->src.flags, bits = 0;
	bool app_f = app == 0xffff, ref_f = ref == 0xffffffffu;

	if ((sf & DSA_DIF_SRC_ALL_F_DETECT) && app_f && ref_f && guard == 0xffff) {
		if (sf & DSA_DIF_SRC_ALL_F_ERROR)
			return m->q.dif_status_all_f;
		if (m->q.dif_all_f_skips)
			return 0;
	}
	if (((sf & DSA_DIF_SRC_APP_F_DETECT) && app_f) ||
	    ((sf & DSA_DIF_SRC_APP_REF_F_DETECT) && app_f && ref_f))
		return 0;
	if (!(sf & DSA_DIF_SRC_GUARD_NO_CHECK) && guard != guard_of(o, data))
		bits |= m->q.dif_status_guard;
	/* mask bits set: those app-tag bits are not compared (all set: none) */
	if ((uint16_t)((app ^ o->src.t.app) & ~o->src.t.mask))
		bits |= m->q.dif_status_app;
	if (!(sf & DSA_DIF_SRC_REF_NO_CHECK) && ref != o->src.t.ref)
		bits |= m->q.dif_status_ref;
	return bits;
}

/* The destination tuple of one block, written after its data in @buf
 * (over the source tuple, for update). */
static void
make_tuple(const struct dif_op *o, uint8_t *buf)
{
	uint8_t *tp = buf + o->block, df = o->dst.flags;
	/* insert has no source tuple; the flags were refused or are ignored */
	bool src = o->src.tuple;

	if (!(src && (df & DSA_DIF_DST_GUARD_PASS)))
		put_be16(tp + DSA_DIF_GUARD_OFF, guard_of(o, buf));
	if (!(src && (df & DSA_DIF_DST_APP_PASS)))
		put_be16(tp + DSA_DIF_APP_TAG_OFF, (uint16_t)(o->dst.t.app & ~o->dst.t.mask));
	if (!(src && (df & DSA_DIF_DST_REF_PASS)))
		put_be32(tp + DSA_DIF_REF_TAG_OFF, o->dst.t.ref);
}

static void
next_tags(struct dif_side *s, uint8_t app_inc, uint8_t ref_fixed)
{
	if (s->flags & app_inc)
		s->t.app++;
	if (!(s->flags & ref_fixed))
		s->t.ref++;
}

static void
put_tags(struct model_result *r, unsigned int at, const struct dif_tags *t)
{
	memcpy(r->op + at, &t->ref, 4);
	memcpy(r->op + at + 4, &t->mask, 2);
	memcpy(r->op + at + 6, &t->app, 2);
}

static uint32_t
step(const struct dif_op *o, const struct dif_side *s)
{
	return o->block + (s->tuple ? DSA_DIF_TUPLE_SIZE : 0);
}

/*
 * Operand checks, in status order: reserved bits of the flag bytes (0x12),
 * the size, a whole number of source blocks (0x13), overlap (0x16).
 */
static bool
dif_operands_ok(struct model_ctx *c, const struct dsa_hw_desc *d, const struct dif_op *o,
		uint8_t dst_rsvd, struct model_result *r)
{
	uint64_t blocks = d->xfer_size / step(o, &o->src);

	if ((o->dif_flags & DSA_DIF_FLAGS_RSVD_MASK) || (o->dst.flags & dst_rsvd)) {
		r->status = DSA_COMP_NOZERO_RESERVE;
		return false;
	}
	if (!model_size_ok(c, d->xfer_size, r))
		return false;
	if (d->xfer_size % step(o, &o->src)) {
		r->status = DSA_COMP_XFER_ERANGE;
		return false;
	}
	if (o->has_dst && d->src_addr < d->dst_addr + blocks * step(o, &o->dst) &&
	    d->dst_addr < d->src_addr + d->xfer_size) {
		r->status = DSA_COMP_OVERLAP_BUFFERS;
		return false;
	}
	return true;
}

/* Record tags: source tags at byte 16, destination tags at byte 24 */
static void
dif_record(const struct dif_op *o, struct model_result *r)
{
	if (o->src.tuple)
		put_tags(r, 0, &o->src.t);
	if (o->dst.tuple)
		put_tags(r, 8, &o->dst.t);
}

static void
dif_run(struct model_ctx *c, const struct dsa_hw_desc *d, struct dif_op *o,
	uint8_t dst_rsvd, struct model_result *r)
{
	struct model_span s[2] = {
		{ d->src_addr, DSA_MODEL_DMA_READ }, { d->dst_addr, DSA_MODEL_DMA_WRITE },
	};
	uint8_t buf[DSA_DIF_BLOCK_BYTES(DSA_DIF_BLOCK_4104) + DSA_DIF_TUPLE_SIZE], bits;
	uint32_t sstep, dstep;
	uint64_t i, blocks;

	o->block = DSA_DIF_BLOCK_BYTES(o->dif_flags & DSA_DIF_BLOCK_SIZE_MASK);
	sstep = step(o, &o->src);
	dstep = step(o, &o->dst);
	blocks = d->xfer_size / sstep;
	if (!dif_operands_ok(c, d, o, dst_rsvd, r))
		return;
	if (atomic_load_explicit(&c->m->fault_after_armed, memory_order_relaxed) ||
	    atomic_load_explicit(&c->m->fault_every, memory_order_relaxed))
		model_inject_claim(c, s, o->has_dst ? 2 : 1);
	for (i = 0; i < blocks; i++) {
		if (model_dma_read(c, d->src_addr + i * sstep, buf, sstep, r, i * sstep) < 0)
			goto out;
		bits = o->src.tuple ? check_block(c->m, o, buf) : 0;
		if (bits) {
			r->status = DSA_COMP_DIF_ERR;
			r->result = bits;
			r->bytes = (uint32_t)((i + c->m->q.dif_error_counts_block) * sstep);
			goto out;
		}
		if (o->dst.tuple)
			make_tuple(o, buf);
		if (o->has_dst &&
		    model_dma_write(c, d->dst_addr + i * dstep, buf, dstep, r, i * sstep) < 0)
			goto out;
		next_tags(&o->src, DSA_DIF_SRC_APP_INC, DSA_DIF_SRC_REF_FIXED);
		next_tags(&o->dst, DSA_DIF_DST_APP_INC, DSA_DIF_DST_REF_FIXED);
	}
	r->status = DSA_COMP_SUCCESS;
out:
	dif_record(o, r);
}

static void
src_side(struct dif_op *o, const struct dsa_hw_desc *d)
{
	o->src = (struct dif_side){ .tuple = true, .flags = d->src_dif_flags,
				    .t = { d->chk_ref_tag_seed, d->chk_app_tag_mask,
					   d->chk_app_tag_seed } };
}

static void
dst_side(struct dif_op *o, const struct dsa_hw_desc *d)
{
	o->dst = (struct dif_side){ .tuple = true, .flags = d->dest_dif_flag,
				    .t = { d->ins_ref_tag_seed, d->ins_app_tag_mask,
					   d->ins_app_tag_seed } };
	o->has_dst = true;
}

void
model_op_dif_check(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	struct dif_op o = { .dif_flags = d->dif_chk_flags };

	src_side(&o, d);
	dif_run(c, d, &o, 0, r);
}

void
model_op_dif_insert(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	struct dif_op o = { .dif_flags = d->dif_ins_flags };
	uint8_t pass = DSA_DIF_DST_APP_PASS | DSA_DIF_DST_GUARD_PASS | DSA_DIF_DST_REF_PASS;

	dst_side(&o, d);
	dif_run(c, d, &o, DSA_DIF_DST_RSVD_MASK | (c->m->q.dif_insert_pass_rsvd ? pass : 0), r);
}

void
model_op_dif_strip(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	struct dif_op o = { .dif_flags = d->dif_chk_flags, .has_dst = true };

	src_side(&o, d);
	dif_run(c, d, &o, 0, r);
}

void
model_op_dif_update(struct model_ctx *c, const struct dsa_hw_desc *d, struct model_result *r)
{
	struct dif_op o = { .dif_flags = d->dif_upd_flags };

	src_side(&o, d);
	dst_side(&o, d);
	dif_run(c, d, &o, DSA_DIF_DST_RSVD_MASK, r);
}
