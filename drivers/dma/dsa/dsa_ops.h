/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the operations of rte_pmd_dsa.h (dsa_ops.c) and the dmadev data path
 * (dsa_dmadev.c) know of each other: dsa_ops.c checks the arguments and
 * builds the descriptor, dsa_dmadev.c enqueues it as any copy and, when the
 * job is reported, has dsa_ops.c turn its completion record into the result.
 */
#ifndef DSA_OPS_H
#define DSA_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "dsa_dev.h"
#include "rte_pmd_dsa.h"

struct dsa_vchan;

/* What the checks of an operation need of a dmadev */
struct dsa_vchan_view {
	struct dsa_vchan *vc;
	const struct dsa_device *dev;
	const char *name;
	uint32_t max_xfer;   /* bytes per descriptor */
	bool ready;          /* the vchan is set up */
};

/* dsa_dmadev.c: the dmadev DEV_ID if it is one of this driver's; else -ENODEV */
int dsa_vchan_lookup(int16_t dev_id, struct dsa_vchan_view *view);

/*
 * dsa_dmadev.c: enqueue descriptor D as one job (its flags, besides CRAV,
 * RCR and FENCE, and its fields from byte 16 on are taken as they are).
 * With RESULT, the job's record is always written and turned into *RESULT
 * when the job is reported. Returns the job id, or -ENOSPC.
 */
int dsa_vchan_enqueue_op(struct dsa_vchan *vc, const struct dsa_hw_desc *d,
			 struct rte_pmd_dsa_result *result, uint64_t flags);

/* dsa_ops.c: *RESULT of a job of OPCODE from its record CR (status 0: none written) */
void dsa_op_result_write(struct rte_pmd_dsa_result *result, uint8_t opcode,
			 const struct dsa_completion_record *cr);

#endif /* DSA_OPS_H */
