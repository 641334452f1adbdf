/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include <rte_dmadev.h>
#include <rte_memcpy.h>

#include "bench_job.h"
#include "bench_ops.h"

static inline const uint8_t *
src_of(const struct bench_job *j, uint32_t buf)
{
	return j->src + (size_t)buf * j->buf_size;
}

static inline uint8_t *
dst_of(const struct bench_job *j, uint32_t buf)
{
	return j->dst + (size_t)buf * j->dst_stride;
}

static inline rte_iova_t
src_iova(const struct bench_job *j, uint32_t buf)
{
	return j->src_iova + (uint64_t)buf * j->buf_size;
}

static inline rte_iova_t
dst_iova(const struct bench_job *j, uint32_t buf)
{
	return j->dst_iova + (uint64_t)buf * j->dst_stride;
}

/* The CPU did the operation: its result reads as the device's would */
static inline struct rte_pmd_dsa_result *
cpu_result(struct bench_job *j, uint32_t buf)
{
	struct rte_pmd_dsa_result *r = &j->results[buf];

	r->dsa_status = RTE_PMD_DSA_STATUS_SUCCESS;
	return r;
}

static void
clear_dst(struct bench_job *j, uint32_t buf)
{
	memset(dst_of(j, buf), 0, j->dst_stride);
}

static void
clear_result(struct bench_job *j, uint32_t buf)
{
	memset(&j->results[buf], 0, sizeof(j->results[buf]));
}

static bool
dst_is_src(struct bench_job *j, uint32_t buf)
{
	return memcmp(dst_of(j, buf), src_of(j, buf), j->buf_size) == 0;
}

static bool
crc_is_right(struct bench_job *j, uint32_t buf)
{
	const struct rte_pmd_dsa_result *r = &j->results[buf];

	return r->dsa_status == RTE_PMD_DSA_STATUS_SUCCESS &&
		r->crc == bench_crc32c_table(src_of(j, buf), j->buf_size, 0);
}

/* copy */

static int
dma_copy(struct bench_job *j, uint32_t buf, uint64_t flags)
{
	return rte_dma_copy(j->dev_id, 0, src_iova(j, buf), dst_iova(j, buf), j->buf_size, flags);
}

static void
cpu_copy(struct bench_job *j, uint32_t buf)
{
	rte_memcpy(dst_of(j, buf), src_of(j, buf), j->buf_size);
}

/* CRC-32C */

static int
dma_crc32c(struct bench_job *j, uint32_t buf, uint64_t flags)
{
	return j->dsa->crc32c(j->dev_id, 0, src_iova(j, buf), j->buf_size, 0, &j->results[buf],
		flags);
}

static void
cpu_crc32c(struct bench_job *j, uint32_t buf)
{
	cpu_result(j, buf)->crc = bench_crc32c(src_of(j, buf), j->buf_size, 0);
}

/* copy with CRC-32C */

static int
dma_copy_crc32c(struct bench_job *j, uint32_t buf, uint64_t flags)
{
	return j->dsa->copy_crc32c(j->dev_id, 0, src_iova(j, buf), dst_iova(j, buf),
		j->buf_size, 0, &j->results[buf], flags);
}

static void
cpu_copy_crc32c(struct bench_job *j, uint32_t buf)
{
	cpu_copy(j, buf);
	cpu_crc32c(j, buf);
}

static void
reset_copy_crc32c(struct bench_job *j, uint32_t buf)
{
	clear_dst(j, buf);
	clear_result(j, buf);
}

static bool
check_copy_crc32c(struct bench_job *j, uint32_t buf)
{
	return dst_is_src(j, buf) && crc_is_right(j, buf);
}

/* compare: the destination is the second source */

static int
dma_compare(struct bench_job *j, uint32_t buf, uint64_t flags)
{
	return j->dsa->compare(j->dev_id, 0, src_iova(j, buf), dst_iova(j, buf), j->buf_size,
		&j->results[buf], flags);
}

static void
cpu_compare(struct bench_job *j, uint32_t buf)
{
	struct rte_pmd_dsa_result *r = cpu_result(j, buf);
	size_t first = bench_compare(src_of(j, buf), dst_of(j, buf), j->buf_size);

	r->differ = first < j->buf_size;
	r->bytes_completed = r->differ ? (uint32_t)first : 0;
}

static void
prepare_compare(struct bench_job *j)
{
	uint32_t b, off;

	for (b = 0; b < j->nr_buf; b++) {
		memcpy(dst_of(j, b), src_of(j, b), j->buf_size);
		if (bench_compare_differs(b, j->buf_size, &off))
			dst_of(j, b)[off] ^= 0x5a;
	}
}

static bool
check_compare(struct bench_job *j, uint32_t buf)
{
	const struct rte_pmd_dsa_result *r = &j->results[buf];
	size_t first = bench_first_difference(src_of(j, buf), dst_of(j, buf), j->buf_size);
	bool differ = first < j->buf_size;

	return r->dsa_status == RTE_PMD_DSA_STATUS_SUCCESS && r->differ == differ &&
		(!differ || r->bytes_completed == first);
}

/* dualcast: the second destination is as far from dst2 as the first from dst */

static int
dma_dualcast(struct bench_job *j, uint32_t buf, uint64_t flags)
{
	return j->dsa->dualcast(j->dev_id, 0, src_iova(j, buf), dst_iova(j, buf),
		j->dst2_iova + (uint64_t)buf * j->dst_stride, j->buf_size, NULL, flags);
}

static void
cpu_dualcast(struct bench_job *j, uint32_t buf)
{
	cpu_copy(j, buf);
	rte_memcpy(j->dst2 + (size_t)buf * j->dst_stride, src_of(j, buf), j->buf_size);
}

static void
reset_dualcast(struct bench_job *j, uint32_t buf)
{
	clear_dst(j, buf);
	memset(j->dst2 + (size_t)buf * j->dst_stride, 0, j->dst_stride);
}

static bool
check_dualcast(struct bench_job *j, uint32_t buf)
{
	return dst_is_src(j, buf) &&
		memcmp(j->dst2 + (size_t)buf * j->dst_stride, src_of(j, buf), j->buf_size) == 0;
}

/* DIF insert: the reference tags count from the buffer number */

static int
dma_dif_insert(struct bench_job *j, uint32_t buf, uint64_t flags)
{
	j->dif.dst.ref_tag = buf;
	return j->dsa->dif_insert(j->dev_id, 0, src_iova(j, buf), dst_iova(j, buf), j->buf_size,
		&j->dif, NULL, flags);
}

static void
cpu_dif_insert(struct bench_job *j, uint32_t buf)
{
	bench_dif_insert(src_of(j, buf), dst_of(j, buf), j->buf_size, j->dif.block_size, buf);
}

static bool
check_dif_insert(struct bench_job *j, uint32_t buf)
{
	bench_dif_insert(src_of(j, buf), j->scratch, j->buf_size, j->dif.block_size, buf);
	return memcmp(dst_of(j, buf), j->scratch, j->dst_stride) == 0;
}

static const struct bench_kind kinds[] = {
	[BENCH_OP_COPY] = {
		.dma = dma_copy, .cpu = cpu_copy,
		.reset = clear_dst, .check = dst_is_src,
	},
	[BENCH_OP_CRC32C] = {
		.dma = dma_crc32c, .cpu = cpu_crc32c,
		.dsa = true, .dsa_op = RTE_PMD_DSA_OP_CRC32C, .has_result = true,
		.reset = clear_result, .check = crc_is_right,
	},
	[BENCH_OP_COPY_CRC32C] = {
		.dma = dma_copy_crc32c, .cpu = cpu_copy_crc32c,
		.dsa = true, .dsa_op = RTE_PMD_DSA_OP_COPY_CRC32C, .has_result = true,
		.reset = reset_copy_crc32c, .check = check_copy_crc32c,
	},
	[BENCH_OP_COMPARE] = {
		.dma = dma_compare, .cpu = cpu_compare,
		.dsa = true, .dsa_op = RTE_PMD_DSA_OP_COMPARE, .has_result = true,
		.prepare = prepare_compare, .reset = clear_result, .check = check_compare,
	},
	[BENCH_OP_DUALCAST] = {
		.dma = dma_dualcast, .cpu = cpu_dualcast,
		.dsa = true, .dsa_op = RTE_PMD_DSA_OP_DUALCAST,
		.reset = reset_dualcast, .check = check_dualcast,
	},
	[BENCH_OP_DIF_INSERT] = {
		.dma = dma_dif_insert, .cpu = cpu_dif_insert,
		.dsa = true, .dsa_op = RTE_PMD_DSA_OP_DIF_INSERT,
		.reset = clear_dst, .check = check_dif_insert,
	},
};

const struct bench_kind *
bench_kind_of(enum bench_op op)
{
	return &kinds[op];
}
