/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_PMD_DSA_H
#define RTE_PMD_DSA_H

/**
 * @file
 * Intel DSA operations beyond copy and fill, on a dsa dmadev's vchan.
 *
 * Every function here enqueues one job on the vchan, exactly as
 * rte_dma_copy() does: it takes the next job id of the same id space
 * (copies, fills and these operations are numbered together), honours
 * RTE_DMA_OP_FLAG_FENCE and RTE_DMA_OP_FLAG_SUBMIT, is sent by
 * rte_dma_submit(), and is reported in order by rte_dma_completed() and
 * rte_dma_completed_status(). They may be mixed freely with copies in one
 * burst and one batch. Like the rest of the dmadev data path they are not
 * thread safe on one vchan.
 *
 * Results. What a status cannot carry (a CRC, the offset of the first
 * difference, the size of a delta record, DIF error detail, the tags to
 * chain DIF operations with) comes back through a caller-supplied
 * struct rte_pmd_dsa_result, one per job, passed at enqueue. The driver
 * writes it from that job's own completion record when the job is reported
 * by rte_dma_completed() or rte_dma_completed_status(), before the call
 * returns; from the enqueue until then the driver owns it and the caller
 * must neither read nor free it. A job that rte_dma_completed() stops at
 * (an error) is reported, and its result written, by the next
 * rte_dma_completed_status(). This path was chosen over a per-job result
 * query because it needs no lookup by job id, no extra ring and no copy
 * held in the driver, and results cannot be overwritten by later jobs
 * before the application reads them; the application keeps results next to
 * its own per-job state. The result pointer is optional where the status
 * says all (dualcast, cache flush, apply delta, the DIF operations), and
 * required where the result is the point of the operation (compare,
 * compare pattern, the CRC operations, create delta).
 *
 * Statuses. A job completes with RTE_DMA_STATUS_SUCCESSFUL when the device
 * did the operation, whatever the data: a compare that finds a difference,
 * a create delta whose record overflowed, are successful jobs whose result
 * says so. A DIF check that fails is not: DIF errors complete with
 * RTE_DMA_STATUS_ERROR_UNKNOWN (dmadev has no code for it) and the result's
 * dsa_status is RTE_PMD_DSA_STATUS_DIF_ERROR with the detail in dif_error.
 * Besides, a job may complete with every status an rte_dma_copy() job may:
 * RTE_DMA_STATUS_PAGE_FAULT, _INVALID_ADDR, _INVALID_LENGTH,
 * _INVALID_OPCODE, _BUS_ERROR, _NOT_ATTEMPTED (an earlier job of a fenced
 * batch failed, or the device halted before running it),
 * _DESCRIPTOR_READ_ERROR and _ERROR_UNKNOWN; the result's dsa_status holds
 * the device's own code (0 if the device wrote no record for the job).
 *
 * A job not yet reported when its vchan is set up again or closed gets no
 * result: the caller may then reuse the structure.
 *
 * Addresses are IOVAs as for rte_dma_copy() (process addresses when the
 * device works with SVA). Lengths are bytes, at most the WQ's maximum
 * transfer size.
 *
 * Return values common to every enqueue function:
 *  - >= 0: the job id (uint16_t, as rte_dma_copy()).
 *  - -ENODEV: dev_id is not a dmadev of the dsa driver.
 *  - -EINVAL: bad vchan, unconfigured vchan, or an argument the device would
 *    refuse (length, alignment, sizes, DIF format); nothing is enqueued and
 *    the reason is logged (logtype pmd.dma.dsa).
 *  - -ENOTSUP: the device does not advertise the operation (OPCAP).
 *  - -ENOSPC: the ring is full; complete jobs and try again.
 *
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 */

#include <stdint.h>

#include <rte_compat.h>
#include <rte_dmadev.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Device status codes of struct rte_pmd_dsa_result::dsa_status (some) */
#define RTE_PMD_DSA_STATUS_NONE            0x00 /**< no record: not run, or lost */
#define RTE_PMD_DSA_STATUS_SUCCESS         0x01 /**< done */
#define RTE_PMD_DSA_STATUS_PAGE_FAULT      0x03 /**< stopped on a page fault */
#define RTE_PMD_DSA_STATUS_DELTA_NOT_INC   0x07 /**< apply delta: offsets not increasing */
#define RTE_PMD_DSA_STATUS_DELTA_RANGE     0x08 /**< apply delta: offset beyond the length */
#define RTE_PMD_DSA_STATUS_DIF_ERROR       0x09 /**< a DIF tuple failed its check */

/** Create delta outcome, struct rte_pmd_dsa_result::delta */
#define RTE_PMD_DSA_DELTA_EQUAL            0 /**< no difference, empty record */
#define RTE_PMD_DSA_DELTA_RECORD           1 /**< record of delta_size bytes written */
#define RTE_PMD_DSA_DELTA_OVERFLOW         2 /**< differences do not fit max_delta_size */

/** Bytes of one delta record entry: 2-B offset in 8-B words, then 8 B of data */
#define RTE_PMD_DSA_DELTA_ENTRY_SIZE       10
/** Smallest max_delta_size of a create delta */
#define RTE_PMD_DSA_DELTA_MIN_SIZE         80
/** Largest length of a create or apply delta */
#define RTE_PMD_DSA_DELTA_MAX_LEN          0x80000

/**
 * DIF errors, bits of struct rte_pmd_dsa_result::dif_error. The bit values
 * are not verified on hardware (doc/model.md lists them as configurable).
 */
#define RTE_PMD_DSA_DIF_ERR_GUARD          0x01 /**< guard (CRC) mismatch */
#define RTE_PMD_DSA_DIF_ERR_APP_TAG        0x02 /**< application tag mismatch */
#define RTE_PMD_DSA_DIF_ERR_REF_TAG        0x04 /**< reference tag mismatch */
#define RTE_PMD_DSA_DIF_ERR_ALL_F          0x08 /**< all-F tuple, with ..._SRC_ALL_F_ERROR */

/** Source DIF flags (check, strip, update): struct rte_pmd_dsa_dif::src_flags */
#define RTE_PMD_DSA_DIF_SRC_ALL_F_ERROR    0x01 /**< an all-F tuple is an error */
#define RTE_PMD_DSA_DIF_SRC_ALL_F_DETECT   0x02 /**< skip blocks with an all-F tuple */
#define RTE_PMD_DSA_DIF_SRC_APP_F_DETECT   0x04 /**< skip blocks with app tag 0xFFFF */
#define RTE_PMD_DSA_DIF_SRC_APP_REF_F_DETECT 0x08 /**< skip blocks with app, ref all ones */
#define RTE_PMD_DSA_DIF_SRC_APP_INC        0x10 /**< app tag = seed + block number */
#define RTE_PMD_DSA_DIF_SRC_GUARD_NO_CHECK 0x20 /**< do not check the guard */
#define RTE_PMD_DSA_DIF_SRC_REF_NO_CHECK   0x40 /**< do not check the ref tag */
#define RTE_PMD_DSA_DIF_SRC_REF_FIXED      0x80 /**< ref tag = seed for every block */

/** Destination DIF flags (insert, update): struct rte_pmd_dsa_dif::dst_flags */
#define RTE_PMD_DSA_DIF_DST_APP_PASS       0x08 /**< update: copy the source app tag */
#define RTE_PMD_DSA_DIF_DST_APP_INC        0x10 /**< app tag = seed + block number */
#define RTE_PMD_DSA_DIF_DST_GUARD_PASS     0x20 /**< update: copy the source guard */
#define RTE_PMD_DSA_DIF_DST_REF_PASS       0x40 /**< update: copy the source ref tag */
#define RTE_PMD_DSA_DIF_DST_REF_FIXED      0x80 /**< ref tag = seed for every block */

/** CRC options of the guard: struct rte_pmd_dsa_dif::crc_flags */
#define RTE_PMD_DSA_DIF_CRC_INVERT_SEED    0x04 /**< CRC-16 seed 0xFFFF instead of 0 */
#define RTE_PMD_DSA_DIF_CRC_INVERT_RESULT  0x08 /**< guard = inverted CRC-16 */

/** Bytes of the protection tuple after each block: guard, app tag, ref tag */
#define RTE_PMD_DSA_DIF_TUPLE_SIZE         8

/**
 * The tags of one side of a DIF operation. As a seed: those of the first
 * block. In a result: those of the block that failed or faulted, or after
 * success those the next block would have (the seeds to chain with).
 */
struct rte_pmd_dsa_dif_tags {
	uint32_t ref_tag;      /**< reference tag */
	uint16_t app_tag_mask; /**< app tag bits set here are neither checked nor generated */
	uint16_t app_tag;      /**< application tag */
};

/**
 * A DIF format and its tags. On the protected side every block of
 * block_size bytes is followed by an 8-B tuple (T10 DIF): guard = CRC-16
 * T10-DIF (polynomial 0x8BB7) of the block, application tag, reference tag,
 * all big-endian.
 */
struct rte_pmd_dsa_dif {
	uint16_t block_size;   /**< data bytes per block: 512, 520, 4096 or 4104 */
	uint8_t crc_flags;     /**< RTE_PMD_DSA_DIF_CRC_* */
	uint8_t src_flags;     /**< RTE_PMD_DSA_DIF_SRC_*: check, strip, update */
	uint8_t dst_flags;     /**< RTE_PMD_DSA_DIF_DST_*: insert, update */
	struct rte_pmd_dsa_dif_tags src; /**< expected tags: check, strip, update */
	struct rte_pmd_dsa_dif_tags dst; /**< generated tags: insert, update */
};

/**
 * The result of one job, written by the driver when the job is reported.
 * Fields an operation does not produce are 0.
 */
struct rte_pmd_dsa_result {
	/**
	 * Compare, compare pattern: offset of the first difference (pattern:
	 * rounded down to 8 B). Others: source bytes done before an error or
	 * fault (delta apply: record bytes; DIF: bytes of the whole blocks
	 * before the failing one).
	 */
	uint32_t bytes_completed;
	/** CRC-32C operations: the CRC of the data, chained from the seed */
	uint32_t crc;
	/** Create delta: bytes of delta record written */
	uint32_t delta_size;
	/** Compare, compare pattern: 0 equal, 1 a difference at bytes_completed */
	uint8_t differ;
	/** Create delta: RTE_PMD_DSA_DELTA_* */
	uint8_t delta;
	/** DIF operations with dsa_status RTE_PMD_DSA_STATUS_DIF_ERROR: RTE_PMD_DSA_DIF_ERR_* */
	uint8_t dif_error;
	/** The device's completion status code (bits 5:0), RTE_PMD_DSA_STATUS_*; 0: no record */
	uint8_t dsa_status;
	/** Page faults: the faulting address */
	uint64_t fault_addr;
	/** DIF check, strip, update: source tags, see struct rte_pmd_dsa_dif_tags */
	struct rte_pmd_dsa_dif_tags dif_src;
	/** DIF insert, update: destination tags */
	struct rte_pmd_dsa_dif_tags dif_dst;
};

/** The operations, for rte_pmd_dsa_op_supported() */
enum rte_pmd_dsa_op {
	RTE_PMD_DSA_OP_COMPARE,
	RTE_PMD_DSA_OP_COMPARE_PATTERN,
	RTE_PMD_DSA_OP_CRC32C,
	RTE_PMD_DSA_OP_COPY_CRC32C,
	RTE_PMD_DSA_OP_DUALCAST,
	RTE_PMD_DSA_OP_CACHE_FLUSH,
	RTE_PMD_DSA_OP_DELTA_CREATE,
	RTE_PMD_DSA_OP_DELTA_APPLY,
	RTE_PMD_DSA_OP_DIF_CHECK,
	RTE_PMD_DSA_OP_DIF_INSERT,
	RTE_PMD_DSA_OP_DIF_STRIP,
	RTE_PMD_DSA_OP_DIF_UPDATE,
};

/**
 * Whether the device of a dsa dmadev advertises an operation.
 *
 * @param dev_id  dmadev id.
 * @param op      the operation.
 * @return 1 if it does, 0 if not (its enqueue returns -ENOTSUP), -ENODEV if
 *   dev_id is not a dsa dmadev, -EINVAL for an unknown op.
 */
__rte_experimental
int rte_pmd_dsa_op_supported(int16_t dev_id, enum rte_pmd_dsa_op op);

/**
 * Compare two buffers.
 *
 * The job succeeds whether they are equal or not; result->differ says
 * which, result->bytes_completed is the offset of the first differing byte.
 *
 * @param dev_id  dmadev id.
 * @param vchan   vchan (0).
 * @param src1    first buffer.
 * @param src2    second buffer.
 * @param length  bytes to compare, 1 to the maximum transfer size.
 * @param result  where the outcome goes; required.
 * @param flags   RTE_DMA_OP_FLAG_FENCE, RTE_DMA_OP_FLAG_SUBMIT.
 * @return job id, or -ENODEV, -EINVAL, -ENOTSUP, -ENOSPC (see the file comment).
 */
__rte_experimental
int rte_pmd_dsa_compare(int16_t dev_id, uint16_t vchan, rte_iova_t src1, rte_iova_t src2,
			uint32_t length, struct rte_pmd_dsa_result *result, uint64_t flags);

/**
 * Compare a buffer with an 8-B pattern repeated (a partial tail compares
 * with the pattern's first bytes, in memory order: little-endian).
 *
 * The job succeeds whether they match or not; result->differ says which,
 * result->bytes_completed is the offset of the first difference rounded
 * down to 8 B (not verified on hardware: doc/model.md).
 *
 * @param dev_id  dmadev id.
 * @param vchan   vchan (0).
 * @param src     buffer.
 * @param pattern the pattern.
 * @param length  bytes, 1 to the maximum transfer size.
 * @param result  where the outcome goes; required.
 * @param flags   RTE_DMA_OP_FLAG_FENCE, RTE_DMA_OP_FLAG_SUBMIT.
 * @return job id, or -ENODEV, -EINVAL, -ENOTSUP, -ENOSPC.
 */
__rte_experimental
int rte_pmd_dsa_compare_pattern(int16_t dev_id, uint16_t vchan, rte_iova_t src,
				uint64_t pattern, uint32_t length,
				struct rte_pmd_dsa_result *result, uint64_t flags);

/**
 * CRC-32C (Castagnoli, reflected, as the SSE4.2 crc32 instruction with the
 * usual inversions) of a buffer into result->crc.
 *
 * A seed of 0 gives the standard CRC-32C of the data; the CRC of a buffer
 * in pieces is had by passing each piece's result as the next one's seed.
 *
 * @param dev_id  dmadev id.
 * @param vchan   vchan (0).
 * @param src     buffer.
 * @param length  bytes, 1 to the maximum transfer size.
 * @param seed    CRC of the data before (0 for none).
 * @param result  where the CRC goes; required.
 * @param flags   RTE_DMA_OP_FLAG_FENCE, RTE_DMA_OP_FLAG_SUBMIT.
 * @return job id, or -ENODEV, -EINVAL, -ENOTSUP, -ENOSPC.
 */
__rte_experimental
int rte_pmd_dsa_crc32c(int16_t dev_id, uint16_t vchan, rte_iova_t src, uint32_t length,
		       uint32_t seed, struct rte_pmd_dsa_result *result, uint64_t flags);

/**
 * Copy a buffer and compute its CRC-32C (as rte_pmd_dsa_crc32c()) into
 * result->crc. The buffers must not overlap (the job fails with
 * RTE_DMA_STATUS_INVALID_ADDR).
 *
 * @param dev_id  dmadev id.
 * @param vchan   vchan (0).
 * @param src     source.
 * @param dst     destination.
 * @param length  bytes, 1 to the maximum transfer size.
 * @param seed    CRC of the data before (0 for none).
 * @param result  where the CRC goes; required.
 * @param flags   RTE_DMA_OP_FLAG_FENCE, RTE_DMA_OP_FLAG_SUBMIT.
 * @return job id, or -ENODEV, -EINVAL, -ENOTSUP, -ENOSPC.
 */
__rte_experimental
int rte_pmd_dsa_copy_crc32c(int16_t dev_id, uint16_t vchan, rte_iova_t src, rte_iova_t dst,
			    uint32_t length, uint32_t seed, struct rte_pmd_dsa_result *result,
			    uint64_t flags);

/**
 * Copy a buffer to two destinations. The destinations must have the same
 * address bits 11:0 (-EINVAL otherwise); no buffer may overlap another.
 *
 * @param dev_id  dmadev id.
 * @param vchan   vchan (0).
 * @param src     source.
 * @param dst1    first destination.
 * @param dst2    second destination, at the same offset in its 4-KiB page.
 * @param length  bytes, 1 to the maximum transfer size.
 * @param result  optional (NULL): bytes_completed and fault_addr on a fault.
 * @param flags   RTE_DMA_OP_FLAG_FENCE, RTE_DMA_OP_FLAG_SUBMIT.
 * @return job id, or -ENODEV, -EINVAL, -ENOTSUP, -ENOSPC.
 */
__rte_experimental
int rte_pmd_dsa_dualcast(int16_t dev_id, uint16_t vchan, rte_iova_t src, rte_iova_t dst1,
			 rte_iova_t dst2, uint32_t length, struct rte_pmd_dsa_result *result,
			 uint64_t flags);

/**
 * Flush a range from the CPU caches (written back if dirty, then
 * invalidated).
 *
 * @param dev_id  dmadev id.
 * @param vchan   vchan (0).
 * @param dst     start of the range.
 * @param length  bytes, 1 to the maximum transfer size.
 * @param result  optional (NULL): bytes_completed and fault_addr on a fault.
 * @param flags   RTE_DMA_OP_FLAG_FENCE, RTE_DMA_OP_FLAG_SUBMIT.
 * @return job id, or -ENODEV, -EINVAL, -ENOTSUP, -ENOSPC.
 */
__rte_experimental
int rte_pmd_dsa_cache_flush(int16_t dev_id, uint16_t vchan, rte_iova_t dst, uint32_t length,
			    struct rte_pmd_dsa_result *result, uint64_t flags);

/**
 * Create a delta record: the 8-B words of src_new that differ from
 * src_orig, as entries of RTE_PMD_DSA_DELTA_ENTRY_SIZE bytes (a 16-bit
 * little-endian offset counted in 8-B words, then the 8 new bytes), in
 * increasing offset order.
 *
 * The job succeeds in the three outcomes of result->delta: EQUAL (empty
 * record), RECORD (result->delta_size bytes written), OVERFLOW (the
 * differences need more than max_delta_size; the record holds those that
 * fit and cannot be applied as a whole).
 *
 * @param dev_id          dmadev id.
 * @param vchan           vchan (0).
 * @param src_orig        the original data, 8-B aligned.
 * @param src_new         the new data, 8-B aligned.
 * @param length          bytes, a multiple of 8 up to RTE_PMD_DSA_DELTA_MAX_LEN.
 * @param delta_record    where the record goes, 8-B aligned. To resume after a
 *                        page fault, start a new record (its offsets count from
 *                        the resumed data): the end of this one need not be aligned.
 * @param max_delta_size  room at delta_record: a multiple of 10, at least
 *                        RTE_PMD_DSA_DELTA_MIN_SIZE.
 * @param result          where the outcome goes; required.
 * @param flags           RTE_DMA_OP_FLAG_FENCE, RTE_DMA_OP_FLAG_SUBMIT.
 * @return job id, or -ENODEV, -EINVAL, -ENOTSUP, -ENOSPC.
 */
__rte_experimental
int rte_pmd_dsa_delta_create(int16_t dev_id, uint16_t vchan, rte_iova_t src_orig,
			     rte_iova_t src_new, uint32_t length, rte_iova_t delta_record,
			     uint32_t max_delta_size, struct rte_pmd_dsa_result *result,
			     uint64_t flags);

/**
 * Apply a delta record (of rte_pmd_dsa_delta_create()) to a buffer holding
 * the original data, which then holds the new data.
 *
 * A malformed record fails the job with RTE_DMA_STATUS_ERROR_UNKNOWN and
 * dsa_status RTE_PMD_DSA_STATUS_DELTA_NOT_INC or _DELTA_RANGE; the entries
 * before it (result->bytes_completed record bytes) were applied.
 *
 * @param dev_id        dmadev id.
 * @param vchan         vchan (0).
 * @param delta_record  the record, 8-B aligned; it must not overlap dst.
 * @param delta_size    its bytes: a non-zero multiple of 10, at most
 *                      length / 8 entries.
 * @param dst           the data, 8-B aligned.
 * @param length        bytes, a multiple of 8 up to RTE_PMD_DSA_DELTA_MAX_LEN.
 * @param result        optional (NULL).
 * @param flags         RTE_DMA_OP_FLAG_FENCE, RTE_DMA_OP_FLAG_SUBMIT.
 * @return job id, or -ENODEV, -EINVAL, -ENOTSUP, -ENOSPC.
 */
__rte_experimental
int rte_pmd_dsa_delta_apply(int16_t dev_id, uint16_t vchan, rte_iova_t delta_record,
			    uint32_t delta_size, rte_iova_t dst, uint32_t length,
			    struct rte_pmd_dsa_result *result, uint64_t flags);

/**
 * Check the DIF tuples of protected data against dif->src.
 *
 * The first block whose tuple fails stops the job: status
 * RTE_DMA_STATUS_ERROR_UNKNOWN, result->dsa_status
 * RTE_PMD_DSA_STATUS_DIF_ERROR, result->dif_error the failed checks,
 * result->bytes_completed the bytes of the blocks before it,
 * result->dif_src the tags expected of the failing block.
 *
 * @param dev_id  dmadev id.
 * @param vchan   vchan (0).
 * @param src     protected data: blocks of dif->block_size + 8 bytes.
 * @param length  bytes of src, a whole number of such blocks.
 * @param dif     format, src_flags and src tags; dst_flags must be 0.
 * @param result  optional (NULL): the status alone says pass or fail.
 * @param flags   RTE_DMA_OP_FLAG_FENCE, RTE_DMA_OP_FLAG_SUBMIT.
 * @return job id, or -ENODEV, -EINVAL, -ENOTSUP, -ENOSPC.
 */
__rte_experimental
int rte_pmd_dsa_dif_check(int16_t dev_id, uint16_t vchan, rte_iova_t src, uint32_t length,
			  const struct rte_pmd_dsa_dif *dif, struct rte_pmd_dsa_result *result,
			  uint64_t flags);

/**
 * Copy data, inserting a DIF tuple generated from dif->dst after each block.
 *
 * @param dev_id  dmadev id.
 * @param vchan   vchan (0).
 * @param src     data: blocks of dif->block_size bytes.
 * @param dst     protected data, length / block_size * (block_size + 8) bytes.
 * @param length  bytes of src, a whole number of blocks.
 * @param dif     format, dst_flags (no pass-through bits) and dst tags;
 *                src_flags must be 0.
 * @param result  optional (NULL): dif_dst, the tags to chain with.
 * @param flags   RTE_DMA_OP_FLAG_FENCE, RTE_DMA_OP_FLAG_SUBMIT.
 * @return job id, or -ENODEV, -EINVAL, -ENOTSUP, -ENOSPC.
 */
__rte_experimental
int rte_pmd_dsa_dif_insert(int16_t dev_id, uint16_t vchan, rte_iova_t src, rte_iova_t dst,
			   uint32_t length, const struct rte_pmd_dsa_dif *dif,
			   struct rte_pmd_dsa_result *result, uint64_t flags);

/**
 * Check protected data as rte_pmd_dsa_dif_check() and copy it without its
 * tuples. On a DIF error the blocks before the failing one are written.
 *
 * @param dev_id  dmadev id.
 * @param vchan   vchan (0).
 * @param src     protected data: blocks of dif->block_size + 8 bytes.
 * @param dst     data, length / (block_size + 8) * block_size bytes. It must
 *                not overlap src, nor lie below src by at most length bytes
 *                (-EINVAL: DML avoids that placement as a hardware bug).
 * @param length  bytes of src, a whole number of protected blocks.
 * @param dif     format, src_flags and src tags; dst_flags must be 0.
 * @param result  optional (NULL).
 * @param flags   RTE_DMA_OP_FLAG_FENCE, RTE_DMA_OP_FLAG_SUBMIT.
 * @return job id, or -ENODEV, -EINVAL, -ENOTSUP, -ENOSPC.
 */
__rte_experimental
int rte_pmd_dsa_dif_strip(int16_t dev_id, uint16_t vchan, rte_iova_t src, rte_iova_t dst,
			  uint32_t length, const struct rte_pmd_dsa_dif *dif,
			  struct rte_pmd_dsa_result *result, uint64_t flags);

/**
 * Check protected data as rte_pmd_dsa_dif_check() and copy it with new
 * tuples generated from dif->dst (or passed through, RTE_PMD_DSA_DIF_DST_*_PASS).
 *
 * @param dev_id  dmadev id.
 * @param vchan   vchan (0).
 * @param src     protected data: blocks of dif->block_size + 8 bytes.
 * @param dst     protected data of the same length.
 * @param length  bytes of src, a whole number of protected blocks.
 * @param dif     format, flags and tags of both sides.
 * @param result  optional (NULL).
 * @param flags   RTE_DMA_OP_FLAG_FENCE, RTE_DMA_OP_FLAG_SUBMIT.
 * @return job id, or -ENODEV, -EINVAL, -ENOTSUP, -ENOSPC.
 */
__rte_experimental
int rte_pmd_dsa_dif_update(int16_t dev_id, uint16_t vchan, rte_iova_t src, rte_iova_t dst,
			   uint32_t length, const struct rte_pmd_dsa_dif *dif,
			   struct rte_pmd_dsa_result *result, uint64_t flags);

#ifdef __cplusplus
}
#endif

#endif /* RTE_PMD_DSA_H */
