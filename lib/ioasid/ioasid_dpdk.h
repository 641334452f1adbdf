/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef IOASID_DPDK_H
#define IOASID_DPDK_H

/**
 * @file
 * DPDK glue: keep an IOAS in step with DPDK's memory. Every memseg is
 * mapped at start (IOVA = VA), memory DPDK adds later is mapped from its
 * memory-event callback, and memory DPDK frees is unmapped before the free
 * completes, so a device can never reach freed memory. Segments are mapped
 * one page each, so any later free can be unmapped exactly.
 */

#include "ioasid.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ioasid_dpdk;

/**
 * Start following DPDK memory into @p ioas (read-write, IOVA = VA). Call
 * after rte_eal_init(). Fails, leaving nothing mapped, if a segment's VA is
 * outside the IOAS's usable IOVA ranges.
 */
int ioasid_dpdk_attach(struct ioasid_ioas *ioas, struct ioasid_dpdk **glue);

/** Stop following DPDK memory and unmap what the glue mapped. */
void ioasid_dpdk_detach(struct ioasid_dpdk *glue);

/**
 * Apply a memory event by hand: map (@p added) or unmap [@p addr,
 * @p addr + @p len) page by page. The glue calls it from DPDK's memory-event
 * callback; in legacy memory mode (--legacy-mem, --no-huge) DPDK has no
 * such callbacks, and an application that adds or removes external memory
 * there calls it itself.
 */
int ioasid_dpdk_mem_event(struct ioasid_dpdk *glue, bool added, const void *addr,
		size_t len);

/** Number of pages the glue has mapped now. */
uint64_t ioasid_dpdk_mapped_pages(const struct ioasid_dpdk *glue);

#ifdef __cplusplus
}
#endif

#endif /* IOASID_DPDK_H */
