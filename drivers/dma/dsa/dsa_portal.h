/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sending one 64-byte descriptor to a WQ: MOVDIR64B or ENQCMD on a mapped
 * portal page, write(2) to the kernel cdev, or a backend call (model).
 */
#ifndef DSA_PORTAL_H
#define DSA_PORTAL_H

#include <errno.h>
#include <unistd.h>

#include <rte_atomic.h>
#include <rte_branch_prediction.h>
#include <rte_common.h>

#include "dsa_dev.h"

/*
 * Both instructions are given as bytes so that an assembler that predates
 * them still builds the driver: opcode 0F 38 F8 with ModRM 0x02, i.e.
 * destination portal address in RAX, 64-byte source at [RDX].
 */
static __rte_always_inline void
dsa_movdir64b(void *portal, const void *desc)
{
#if defined(RTE_ARCH_X86_64)
	asm volatile(".byte 0x66, 0x0f, 0x38, 0xf8, 0x02"
		     : : "a" (portal), "d" (desc) : "memory");
#else
	RTE_SET_USED(portal);
	RTE_SET_USED(desc);
	rte_panic("MOVDIR64B portal on a non-x86 CPU");
#endif
}

/* Returns true if the shared WQ refused the descriptor (ZF=1) */
static __rte_always_inline bool
dsa_enqcmd(void *portal, const void *desc)
{
#if defined(RTE_ARCH_X86_64)
	uint8_t refused;

	asm volatile(".byte 0xf2, 0x0f, 0x38, 0xf8, 0x02\n\t"
		     "setz %0"
		     : "=r" (refused) : "a" (portal), "d" (desc) : "memory", "cc");
	return refused != 0;
#else
	RTE_SET_USED(portal);
	RTE_SET_USED(desc);
	rte_panic("ENQCMD portal on a non-x86 CPU");
#endif
}

/*
 * Send DESC through PORTAL at slot offset *SLOT (rotated by 64 B per write
 * across the 4 KiB page). Returns 0, -EAGAIN if a shared WQ refused, or
 * another negative errno.
 */
static __rte_always_inline int
dsa_portal_send(const struct dsa_portal *portal, uint32_t *slot, const void *desc)
{
	uint32_t off = *slot;
	ssize_t n;
	int ret = 0;

	/*
	 * The ring is written with non-temporal stores (dsa_dmadev.c), which
	 * only a store fence orders: descriptors, data and zeroed records must
	 * be visible before any kind of doorbell.
	 */
	rte_wmb();
	switch (portal->kind) {
	case DSA_SUBMIT_MOVDIR64B:
		dsa_movdir64b(portal->page + off, desc);
		break;
	case DSA_SUBMIT_ENQCMD:
		if (dsa_enqcmd(portal->page + off, desc))
			ret = -EAGAIN;
		break;
	case DSA_SUBMIT_CALL:
		ret = portal->fn(portal->fn_ctx, portal->page_off + off, desc);
		break;
	case DSA_SUBMIT_WRITE:
		n = write(portal->fd, desc, DSA_DESC_SIZE);
		if (n != DSA_DESC_SIZE)
			ret = n < 0 ? -errno : -EIO;
		return ret;
	}
	*slot = (off + DSA_PORTAL_SLOT_SIZE) & (DSA_PORTAL_PAGE_SIZE - 1);
	return ret;
}

#endif /* DSA_PORTAL_H */
