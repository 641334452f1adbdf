/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A dmadev that stands in front of another and never reports a failed copy: copies that
 * the device fails, or gives up before trying, are redone by the CPU and counted.
 *
 * Why: the vhost library of DPDK 22.11 reads its copies' outcome with rte_dma_completed()
 * only. That call stops at a failed copy, and only rte_dma_completed_status() moves past
 * it, which the library never calls: one failed copy would stall the virtqueue, and every
 * queue on that dmadev, for good. The library cannot be told that a copy was redone, so
 * the redo has to happen below it, in the dmadev it is given.
 */

#ifndef DMA_FALLBACK_H
#define DMA_FALLBACK_H

#include <stdint.h>

struct dma_fallback;

struct dma_fallback_stats {
	uint64_t failed;	/* copies the device completed with an error */
	uint64_t not_attempted;	/* copies the device reported not attempted */
};

/*
 * Create the dmadev "<name of dma_id>-fallback" in front of dmadev @dma_id. Configuring,
 * starting, stopping and closing it does the same to @dma_id (closing it closes @dma_id),
 * so nothing else may use @dma_id. It offers plain copies on one vchan. The CPU redoes a
 * copy at its addresses, which only works with IOVA as VA.
 * Returns the new dmadev's id and its handle in *@fb, or -ENOTSUP (IOVA is not VA),
 * -ENAMETOOLONG, -EEXIST (@dma_id has one already), -ENOMEM, or the error of
 * rte_dma_info_get(@dma_id).
 */
int dma_fallback_create(int16_t dma_id, struct dma_fallback **fb);

/* Copies redone so far; valid until the dmadev is closed. */
void dma_fallback_stats_get(const struct dma_fallback *fb, struct dma_fallback_stats *st);

#endif /* DMA_FALLBACK_H */
