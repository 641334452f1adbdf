/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The operations of rte_pmd_dsa.h: each checks its arguments against what
 * the device would refuse (so a mistake is a logged -EINVAL, not a failed
 * job), builds its descriptor from <linux/idxd.h>'s layout and hands it to
 * the dmadev's enqueue path (dsa_dmadev.c), which numbers, batches, fences
 * and completes it as a copy. When the job is reported, its completion
 * record becomes the caller's result here (dsa_op_result_write).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_common.h>

#include "dsa_ops.h"

/* The public constants are the device's values, passed through unchanged */
_Static_assert(RTE_PMD_DSA_STATUS_SUCCESS == DSA_COMP_SUCCESS, "status");
_Static_assert(RTE_PMD_DSA_STATUS_PAGE_FAULT == DSA_COMP_PAGE_FAULT_NOBOF, "status");
_Static_assert(RTE_PMD_DSA_STATUS_DELTA_NOT_INC == DSA_COMP_DR_OFFSET_NOINC, "status");
_Static_assert(RTE_PMD_DSA_STATUS_DELTA_RANGE == DSA_COMP_DR_OFFSET_ERANGE, "status");
_Static_assert(RTE_PMD_DSA_STATUS_DIF_ERROR == DSA_COMP_DIF_ERR, "status");
_Static_assert(RTE_PMD_DSA_DELTA_EQUAL == DSA_RESULT_DELTA_NONE &&
	       RTE_PMD_DSA_DELTA_RECORD == DSA_RESULT_DELTA_RECORD &&
	       RTE_PMD_DSA_DELTA_OVERFLOW == DSA_RESULT_DELTA_OVERFLOW, "delta result");
_Static_assert(RTE_PMD_DSA_DELTA_ENTRY_SIZE == DSA_DELTA_ENTRY_SIZE &&
	       RTE_PMD_DSA_DELTA_MIN_SIZE == DSA_DELTA_MIN_MAX_SIZE &&
	       RTE_PMD_DSA_DELTA_MAX_LEN == DSA_DELTA_MAX_XFER, "delta sizes");
_Static_assert(RTE_PMD_DSA_DIF_ERR_GUARD == DSA_DIF_STATUS_GUARD &&
	       RTE_PMD_DSA_DIF_ERR_APP_TAG == DSA_DIF_STATUS_APP_TAG &&
	       RTE_PMD_DSA_DIF_ERR_REF_TAG == DSA_DIF_STATUS_REF_TAG &&
	       RTE_PMD_DSA_DIF_ERR_ALL_F == DSA_DIF_STATUS_ALL_F, "DIF errors");
_Static_assert(RTE_PMD_DSA_DIF_SRC_ALL_F_ERROR == DSA_DIF_SRC_ALL_F_ERROR &&
	       RTE_PMD_DSA_DIF_SRC_ALL_F_DETECT == DSA_DIF_SRC_ALL_F_DETECT &&
	       RTE_PMD_DSA_DIF_SRC_APP_F_DETECT == DSA_DIF_SRC_APP_F_DETECT &&
	       RTE_PMD_DSA_DIF_SRC_APP_REF_F_DETECT == DSA_DIF_SRC_APP_REF_F_DETECT &&
	       RTE_PMD_DSA_DIF_SRC_APP_INC == DSA_DIF_SRC_APP_INC &&
	       RTE_PMD_DSA_DIF_SRC_GUARD_NO_CHECK == DSA_DIF_SRC_GUARD_NO_CHECK &&
	       RTE_PMD_DSA_DIF_SRC_REF_NO_CHECK == DSA_DIF_SRC_REF_NO_CHECK &&
	       RTE_PMD_DSA_DIF_SRC_REF_FIXED == DSA_DIF_SRC_REF_FIXED, "DIF source flags");
_Static_assert(RTE_PMD_DSA_DIF_DST_APP_PASS == DSA_DIF_DST_APP_PASS &&
	       RTE_PMD_DSA_DIF_DST_APP_INC == DSA_DIF_DST_APP_INC &&
	       RTE_PMD_DSA_DIF_DST_GUARD_PASS == DSA_DIF_DST_GUARD_PASS &&
	       RTE_PMD_DSA_DIF_DST_REF_PASS == DSA_DIF_DST_REF_PASS &&
	       RTE_PMD_DSA_DIF_DST_REF_FIXED == DSA_DIF_DST_REF_FIXED, "DIF destination flags");
_Static_assert(RTE_PMD_DSA_DIF_CRC_INVERT_SEED == DSA_DIF_INVERT_SEED &&
	       RTE_PMD_DSA_DIF_CRC_INVERT_RESULT == DSA_DIF_INVERT_RESULT, "DIF CRC flags");
_Static_assert(RTE_PMD_DSA_DIF_TUPLE_SIZE == DSA_DIF_TUPLE_SIZE, "DIF tuple");

/* Destination pass-through bits, which only update has a source tuple for */
/* Every source DIF flag: byte 40 has no reserved bit */
#define DIF_SRC_FLAGS ((uint8_t)(DSA_DIF_SRC_ALL_F_ERROR | DSA_DIF_SRC_ALL_F_DETECT | \
	DSA_DIF_SRC_APP_F_DETECT | DSA_DIF_SRC_APP_REF_F_DETECT | DSA_DIF_SRC_APP_INC | \
	DSA_DIF_SRC_GUARD_NO_CHECK | DSA_DIF_SRC_REF_NO_CHECK | DSA_DIF_SRC_REF_FIXED))

/* The CRC options of the DIF flags byte */
#define DIF_CRC_FLAGS ((unsigned int)(DSA_DIF_INVERT_SEED | DSA_DIF_INVERT_RESULT))

/* What each operation is to the device */
static const struct {
	uint8_t opcode;
	bool dest;          /* writes a destination: CC as a copy has it */
	bool needs_result;  /* the result is the point of it */
	const char *name;
} op_info[] = {
	[RTE_PMD_DSA_OP_COMPARE] = { DSA_OPCODE_COMPARE, false, true, "compare" },
	[RTE_PMD_DSA_OP_COMPARE_PATTERN] = { DSA_OPCODE_COMPVAL, false, true, "compare pattern" },
	[RTE_PMD_DSA_OP_CRC32C] = { DSA_OPCODE_CRCGEN, false, true, "CRC-32C" },
	[RTE_PMD_DSA_OP_COPY_CRC32C] = { DSA_OPCODE_COPY_CRC, true, true, "copy with CRC-32C" },
	[RTE_PMD_DSA_OP_DUALCAST] = { DSA_OPCODE_DUALCAST, true, false, "dualcast" },
	/* no CC: for a flush it would mean "keep the lines", whose support varies */
	[RTE_PMD_DSA_OP_CACHE_FLUSH] = { DSA_OPCODE_CFLUSH, false, false, "cache flush" },
	[RTE_PMD_DSA_OP_DELTA_CREATE] = { DSA_OPCODE_CR_DELTA, true, true, "create delta" },
	[RTE_PMD_DSA_OP_DELTA_APPLY] = { DSA_OPCODE_AP_DELTA, true, false, "apply delta" },
	[RTE_PMD_DSA_OP_DIF_CHECK] = { DSA_OPCODE_DIF_CHECK, false, false, "DIF check" },
	[RTE_PMD_DSA_OP_DIF_INSERT] = { DSA_OPCODE_DIF_INS, true, false, "DIF insert" },
	[RTE_PMD_DSA_OP_DIF_STRIP] = { DSA_OPCODE_DIF_STRP, true, false, "DIF strip" },
	[RTE_PMD_DSA_OP_DIF_UPDATE] = { DSA_OPCODE_DIF_UPDT, true, false, "DIF update" },
};

int
rte_pmd_dsa_op_supported(int16_t dev_id, enum rte_pmd_dsa_op op)
{
	struct dsa_vchan_view v;
	int ret = dsa_vchan_lookup(dev_id, &v);

	if (ret < 0)
		return ret;
	if ((unsigned int)op >= RTE_DIM(op_info))
		return -EINVAL;
	return dsa_caps_has_op(&v.dev->caps, op_info[op].opcode);
}

/* An operation being enqueued: its dmadev and its descriptor */
struct op_ctx {
	struct dsa_vchan_view v;
	struct dsa_hw_desc d;
	const char *name;
};

/*
 * The common checks of OP on LENGTH bytes (a dsa dmadev, a set-up vchan,
 * the op in OPCAP, a length the WQ takes, a result if the op needs one),
 * then its descriptor with addresses ADDR1 (@16) and ADDR2 (@24).
 */
static int
op_begin(struct op_ctx *c, int16_t dev_id, uint16_t vchan, enum rte_pmd_dsa_op op,
	 uint64_t addr1, uint64_t addr2, uint32_t length, const struct rte_pmd_dsa_result *result)
{
	struct dsa_vchan_view *v = &c->v;
	int ret = dsa_vchan_lookup(dev_id, v);

	c->name = op_info[op].name;
	if (ret < 0) {
		DSA_LOG(ERR, "%s: dmadev %d is not a dsa dmadev", c->name, dev_id);
		return ret;
	}
	if (vchan != 0 || !v->ready) {
		DSA_LOG(ERR, "%s: %s: vchan %u is not set up", v->name, c->name, vchan);
		return -EINVAL;
	}
	if (!dsa_caps_has_op(&v->dev->caps, op_info[op].opcode)) {
		DSA_LOG(ERR, "%s: %s: the device does not support it", v->name, c->name);
		return -ENOTSUP;
	}
	if (length == 0 || length > v->max_xfer) {
		DSA_LOG(ERR, "%s: %s: length %u outside 1..%u", v->name, c->name, length,
			v->max_xfer);
		return -EINVAL;
	}
	if (op_info[op].needs_result && result == NULL) {
		DSA_LOG(ERR, "%s: %s: needs a result", v->name, c->name);
		return -EINVAL;
	}
	memset(&c->d, 0, sizeof(c->d));
	c->d.opcode = op_info[op].opcode;
	c->d.flags = op_info[op].dest ? dsa_caps_dest_cache_flags(&v->dev->caps) : 0;
	c->d.src_addr = addr1;
	c->d.dst_addr = addr2;
	c->d.xfer_size = length;
	return 0;
}

/* Enqueue the descriptor of C, or pass on the error RET of its checks */
static int
op_end(struct op_ctx *c, int ret, struct rte_pmd_dsa_result *result, uint64_t flags)
{
	return ret < 0 ? ret : dsa_vchan_enqueue_op(c->v.vc, &c->d, result, flags);
}

int
rte_pmd_dsa_compare(int16_t dev_id, uint16_t vchan, rte_iova_t src1, rte_iova_t src2,
		    uint32_t length, struct rte_pmd_dsa_result *result, uint64_t flags)
{
	struct op_ctx c;
	int ret = op_begin(&c, dev_id, vchan, RTE_PMD_DSA_OP_COMPARE, src1, src2, length, result);

	return op_end(&c, ret, result, flags);
}

int
rte_pmd_dsa_compare_pattern(int16_t dev_id, uint16_t vchan, rte_iova_t src, uint64_t pattern,
			    uint32_t length, struct rte_pmd_dsa_result *result, uint64_t flags)
{
	struct op_ctx c;
	int ret = op_begin(&c, dev_id, vchan, RTE_PMD_DSA_OP_COMPARE_PATTERN, src, pattern,
			   length, result);

	return op_end(&c, ret, result, flags);
}

/* CRC of SRC (copied to DST with COPY_CRC32C) chained from SEED */
static int
enqueue_crc(int16_t dev_id, uint16_t vchan, enum rte_pmd_dsa_op op, rte_iova_t src,
	    rte_iova_t dst, uint32_t length, uint32_t seed, struct rte_pmd_dsa_result *result,
	    uint64_t flags)
{
	struct op_ctx c;
	int ret = op_begin(&c, dev_id, vchan, op, src, dst, length, result);

	c.d.crc_seed = seed;
	return op_end(&c, ret, result, flags);
}

int
rte_pmd_dsa_crc32c(int16_t dev_id, uint16_t vchan, rte_iova_t src, uint32_t length,
		   uint32_t seed, struct rte_pmd_dsa_result *result, uint64_t flags)
{
	return enqueue_crc(dev_id, vchan, RTE_PMD_DSA_OP_CRC32C, src, 0, length, seed, result,
			   flags);
}

int
rte_pmd_dsa_copy_crc32c(int16_t dev_id, uint16_t vchan, rte_iova_t src, rte_iova_t dst,
			uint32_t length, uint32_t seed, struct rte_pmd_dsa_result *result,
			uint64_t flags)
{
	return enqueue_crc(dev_id, vchan, RTE_PMD_DSA_OP_COPY_CRC32C, src, dst, length, seed,
			   result, flags);
}

int
rte_pmd_dsa_dualcast(int16_t dev_id, uint16_t vchan, rte_iova_t src, rte_iova_t dst1,
		     rte_iova_t dst2, uint32_t length, struct rte_pmd_dsa_result *result,
		     uint64_t flags)
{
	struct op_ctx c;
	int ret = op_begin(&c, dev_id, vchan, RTE_PMD_DSA_OP_DUALCAST, src, dst1, length, result);

	if (ret == 0 && ((dst1 ^ dst2) & DSA_DUALCAST_ADDR_MASK) != 0) {
		DSA_LOG(ERR, "%s: dualcast: destinations 0x%" PRIx64 " and 0x%" PRIx64
			" differ in bits 11:0", c.v.name, dst1, dst2);
		ret = -EINVAL;
	}
	c.d.dest2 = dst2;
	return op_end(&c, ret, result, flags);
}

int
rte_pmd_dsa_cache_flush(int16_t dev_id, uint16_t vchan, rte_iova_t dst, uint32_t length,
			struct rte_pmd_dsa_result *result, uint64_t flags)
{
	struct op_ctx c;
	int ret = op_begin(&c, dev_id, vchan, RTE_PMD_DSA_OP_CACHE_FLUSH, 0, dst, length, result);

	return op_end(&c, ret, result, flags);
}

/* The length of a delta op: a multiple of 8 up to the delta maximum */
static int
check_delta_length(const struct op_ctx *c, uint32_t length)
{
	if (length % DSA_DELTA_ALIGN != 0 || length > DSA_DELTA_MAX_XFER) {
		DSA_LOG(ERR, "%s: %s: length %u is not a multiple of %u up to %u", c->v.name,
			c->name, length, DSA_DELTA_ALIGN, DSA_DELTA_MAX_XFER);
		return -EINVAL;
	}
	return 0;
}

/*
 * An address of a delta op, WHAT: 8-B aligned. The record's too: DML's
 * validation refuses a record that is not, the model may take it (see
 * delta_record_align8 in doc/model.md), and an aligned record fits both.
 */
static int
check_delta_addr(const struct op_ctx *c, const char *what, rte_iova_t addr)
{
	if (addr % DSA_DELTA_ALIGN != 0) {
		DSA_LOG(ERR, "%s: %s: %s 0x%" PRIx64 " is not %u-B aligned", c->v.name, c->name,
			what, addr, DSA_DELTA_ALIGN);
		return -EINVAL;
	}
	return 0;
}

int
rte_pmd_dsa_delta_create(int16_t dev_id, uint16_t vchan, rte_iova_t src_orig,
			 rte_iova_t src_new, uint32_t length, rte_iova_t delta_record,
			 uint32_t max_delta_size, struct rte_pmd_dsa_result *result,
			 uint64_t flags)
{
	struct op_ctx c;
	int ret = op_begin(&c, dev_id, vchan, RTE_PMD_DSA_OP_DELTA_CREATE, src_orig, src_new,
			   length, result);

	if (ret == 0)
		ret = check_delta_length(&c, length);
	if (ret == 0)
		ret = check_delta_addr(&c, "original", src_orig);
	if (ret == 0)
		ret = check_delta_addr(&c, "new data", src_new);
	if (ret == 0)
		ret = check_delta_addr(&c, "delta record", delta_record);
	if (ret == 0 && (max_delta_size % DSA_DELTA_ENTRY_SIZE != 0 ||
			 max_delta_size < DSA_DELTA_MIN_MAX_SIZE)) {
		DSA_LOG(ERR, "%s: %s: max delta size %u is not a multiple of %u of at least %u",
			c.v.name, c.name, max_delta_size, DSA_DELTA_ENTRY_SIZE,
			DSA_DELTA_MIN_MAX_SIZE);
		ret = -EINVAL;
	}
	c.d.delta_addr = delta_record;
	c.d.max_delta_size = max_delta_size;
	return op_end(&c, ret, result, flags);
}

int
rte_pmd_dsa_delta_apply(int16_t dev_id, uint16_t vchan, rte_iova_t delta_record,
			uint32_t delta_size, rte_iova_t dst, uint32_t length,
			struct rte_pmd_dsa_result *result, uint64_t flags)
{
	struct op_ctx c;
	int ret = op_begin(&c, dev_id, vchan, RTE_PMD_DSA_OP_DELTA_APPLY, delta_record, dst,
			   length, result);

	if (ret == 0)
		ret = check_delta_length(&c, length);
	if (ret == 0)
		ret = check_delta_addr(&c, "destination", dst);
	if (ret == 0)
		ret = check_delta_addr(&c, "delta record", delta_record);
	/* no more entries than the data has 8-B words */
	if (ret == 0 && (delta_size == 0 || delta_size % DSA_DELTA_ENTRY_SIZE != 0 ||
			 delta_size / DSA_DELTA_ENTRY_SIZE > length / DSA_DELTA_ALIGN)) {
		DSA_LOG(ERR, "%s: %s: delta record size %u is not a multiple of %u from 1 to %u "
			"entries", c.v.name, c.name, delta_size, DSA_DELTA_ENTRY_SIZE,
			length / DSA_DELTA_ALIGN);
		ret = -EINVAL;
	}
	c.d.delta_rec_size = delta_size;
	return op_end(&c, ret, result, flags);
}

/* The DIF flags byte of a block size, or -1 if the device has no such format */
static int
dif_block_code(uint16_t block_size)
{
	static const uint8_t codes[] = {
		DSA_DIF_BLOCK_512, DSA_DIF_BLOCK_520, DSA_DIF_BLOCK_4096, DSA_DIF_BLOCK_4104,
	};
	unsigned int i;

	for (i = 0; i < RTE_DIM(codes); i++)
		if (DSA_DIF_BLOCK_BYTES(codes[i]) == block_size)
			return codes[i];
	return -1;
}

/*
 * The checks of a DIF op, and its DIF flags byte into *DIF_FLAGS: a block
 * format the device knows, flags the op takes (SRC_OK, DST_OK: the bits
 * allowed), a length of whole source blocks (PROTECTED: of block + 8).
 */
static int
check_dif(const struct op_ctx *c, uint32_t length, const struct rte_pmd_dsa_dif *dif,
	  uint8_t src_ok, uint8_t dst_ok, bool protected, uint8_t *dif_flags)
{
	int code = dif != NULL ? dif_block_code(dif->block_size) : -1;
	uint32_t src_block;

	if (dif == NULL) {
		DSA_LOG(ERR, "%s: %s: no DIF format", c->v.name, c->name);
		return -EINVAL;
	}
	if (code < 0) {
		DSA_LOG(ERR, "%s: %s: block size %u is none of 512, 520, 4096, 4104", c->v.name,
			c->name, dif->block_size);
		return -EINVAL;
	}
	if ((dif->src_flags & ~src_ok) != 0 || (dif->dst_flags & ~dst_ok) != 0 ||
			(dif->crc_flags & ~DIF_CRC_FLAGS) != 0) {
		DSA_LOG(ERR, "%s: %s: flags src 0x%x dst 0x%x crc 0x%x: it takes src 0x%x dst "
			"0x%x crc 0x%x", c->v.name, c->name, dif->src_flags, dif->dst_flags,
			dif->crc_flags, src_ok, dst_ok, DIF_CRC_FLAGS);
		return -EINVAL;
	}
	src_block = dif->block_size + (protected ? DSA_DIF_TUPLE_SIZE : 0);
	if (length % src_block != 0) {
		DSA_LOG(ERR, "%s: %s: length %u is not a whole number of %u-B blocks", c->v.name,
			c->name, length, src_block);
		return -EINVAL;
	}
	*dif_flags = (uint8_t)code | dif->crc_flags;
	return 0;
}

/*
 * DML refuses, as a "hardware bug workaround", a strip whose destination
 * lies below its source without overlapping it but less than the source's
 * length away: the device is not to be trusted with it. Overlap itself is
 * the device's to refuse (0x16).
 */
static int
check_strip_placement(const struct op_ctx *c, rte_iova_t src, rte_iova_t dst, uint32_t length,
		      uint16_t block_size)
{
	uint64_t dst_len = (uint64_t)length / (block_size + DSA_DIF_TUPLE_SIZE) * block_size;

	if (dst < src && src - dst >= dst_len && src - dst <= length) {
		DSA_LOG(ERR, "%s: %s: destination 0x%" PRIx64 " is below source 0x%" PRIx64
			" by %u bytes at most (DML avoids this placement as a hardware bug)",
			c->v.name, c->name, dst, src, length);
		return -EINVAL;
	}
	return 0;
}

/* A DIF op: SRC_OK, DST_OK, PROTECTED as for check_dif */
static int
enqueue_dif(int16_t dev_id, uint16_t vchan, enum rte_pmd_dsa_op op, rte_iova_t src,
	    rte_iova_t dst, uint32_t length, const struct rte_pmd_dsa_dif *dif, uint8_t src_ok,
	    uint8_t dst_ok, bool protected, struct rte_pmd_dsa_result *result, uint64_t flags)
{
	uint8_t dif_flags = 0;
	struct op_ctx c;
	int ret = op_begin(&c, dev_id, vchan, op, src, dst, length, result);

	if (ret == 0)
		ret = check_dif(&c, length, dif, src_ok, dst_ok, protected, &dif_flags);
	if (ret == 0 && op == RTE_PMD_DSA_OP_DIF_STRIP)
		ret = check_strip_placement(&c, src, dst, length, dif->block_size);
	if (ret < 0)
		return ret;
	/* bytes 40-42 and the seeds: the update layout names every field */
	c.d.src_upd_flags = dif->src_flags;
	c.d.upd_dest_flags = dif->dst_flags;
	c.d.dif_upd_flags = dif_flags;
	if (src_ok != 0) {
		c.d.src_ref_tag_seed = dif->src.ref_tag;
		c.d.src_app_tag_mask = dif->src.app_tag_mask;
		c.d.src_app_tag_seed = dif->src.app_tag;
	}
	if (dst_ok != 0) {
		c.d.dest_ref_tag_seed = dif->dst.ref_tag;
		c.d.dest_app_tag_mask = dif->dst.app_tag_mask;
		c.d.dest_app_tag_seed = dif->dst.app_tag;
	}
	return op_end(&c, ret, result, flags);
}

int
rte_pmd_dsa_dif_check(int16_t dev_id, uint16_t vchan, rte_iova_t src, uint32_t length,
		      const struct rte_pmd_dsa_dif *dif, struct rte_pmd_dsa_result *result,
		      uint64_t flags)
{
	return enqueue_dif(dev_id, vchan, RTE_PMD_DSA_OP_DIF_CHECK, src, 0, length, dif,
			   DIF_SRC_FLAGS, 0, true, result, flags);
}

int
rte_pmd_dsa_dif_insert(int16_t dev_id, uint16_t vchan, rte_iova_t src, rte_iova_t dst,
		       uint32_t length, const struct rte_pmd_dsa_dif *dif,
		       struct rte_pmd_dsa_result *result, uint64_t flags)
{
	/* no pass-through: there is no source tuple */
	return enqueue_dif(dev_id, vchan, RTE_PMD_DSA_OP_DIF_INSERT, src, dst, length, dif, 0,
			   DSA_DIF_DST_APP_INC | DSA_DIF_DST_REF_FIXED, false, result, flags);
}

int
rte_pmd_dsa_dif_strip(int16_t dev_id, uint16_t vchan, rte_iova_t src, rte_iova_t dst,
		      uint32_t length, const struct rte_pmd_dsa_dif *dif,
		      struct rte_pmd_dsa_result *result, uint64_t flags)
{
	return enqueue_dif(dev_id, vchan, RTE_PMD_DSA_OP_DIF_STRIP, src, dst, length, dif,
			   DIF_SRC_FLAGS, 0, true, result, flags);
}

int
rte_pmd_dsa_dif_update(int16_t dev_id, uint16_t vchan, rte_iova_t src, rte_iova_t dst,
		       uint32_t length, const struct rte_pmd_dsa_dif *dif,
		       struct rte_pmd_dsa_result *result, uint64_t flags)
{
	return enqueue_dif(dev_id, vchan, RTE_PMD_DSA_OP_DIF_UPDATE, src, dst, length, dif,
			   DIF_SRC_FLAGS, (uint8_t)~DSA_DIF_DST_RSVD_MASK, true, result, flags);
}

/* ---- results ---- */

static void
dif_tags(struct rte_pmd_dsa_dif_tags *t, uint32_t ref, uint16_t mask, uint16_t app)
{
	t->ref_tag = ref;
	t->app_tag_mask = mask;
	t->app_tag = app;
}

void
dsa_op_result_write(struct rte_pmd_dsa_result *r, uint8_t opcode,
		    const struct dsa_completion_record *cr)
{
	/* bytes 1-31 are written before the status */
	uint8_t status = __atomic_load_n(&cr->status, __ATOMIC_ACQUIRE);
	uint8_t code = status & DSA_COMP_STATUS_CODE_MASK;

	memset(r, 0, sizeof(*r));
	if (status == DSA_COMP_NONE)
		return;
	r->dsa_status = code;
	r->bytes_completed = cr->bytes_completed;
	if (code == DSA_COMP_PAGE_FAULT_NOBOF || code == DSA_COMP_PAGE_FAULT_IR)
		r->fault_addr = cr->fault_addr;
	switch (opcode) {
	case DSA_OPCODE_COMPARE:
	case DSA_OPCODE_COMPVAL:
		r->differ = cr->result;
		break;
	case DSA_OPCODE_CRCGEN:
	case DSA_OPCODE_COPY_CRC:
		r->crc = (uint32_t)cr->crc_val; /* the 6.1 uAPI's u64 holds a u32 */
		break;
	case DSA_OPCODE_CR_DELTA:
		r->delta = cr->result;
		r->delta_size = cr->delta_rec_size;
		break;
	case DSA_OPCODE_DIF_CHECK:
	case DSA_OPCODE_DIF_STRP:
	case DSA_OPCODE_DIF_UPDT:
		dif_tags(&r->dif_src, cr->dif_upd_src_ref_tag, cr->dif_upd_src_app_tag_mask,
			 cr->dif_upd_src_app_tag);
		if (opcode == DSA_OPCODE_DIF_UPDT)
			dif_tags(&r->dif_dst, cr->dif_upd_dest_ref_tag,
				 cr->dif_upd_dest_app_tag_mask, cr->dif_upd_dest_app_tag);
		if (code == DSA_COMP_DIF_ERR)
			r->dif_error = cr->dif_status;
		break;
	case DSA_OPCODE_DIF_INS:
		dif_tags(&r->dif_dst, cr->dif_ins_ref_tag, cr->dif_ins_app_tag_mask,
			 cr->dif_ins_app_tag);
		break;
	}
}
