/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DSA driver's own operations (rte_pmd_dsa.h), found in the loaded
 * plugin. The benchmark runs on any dmadev and does not link the driver:
 * EAL loads it (-d librte_dma_dsa.so) privately, so its functions are
 * looked up in the objects the process has loaded.
 */
#ifndef BENCH_DSA_H
#define BENCH_DSA_H

#include <rte_pmd_dsa.h>

struct bench_dsa_api {
	__typeof__(&rte_pmd_dsa_op_supported) op_supported;
	__typeof__(&rte_pmd_dsa_crc32c) crc32c;
	__typeof__(&rte_pmd_dsa_copy_crc32c) copy_crc32c;
	__typeof__(&rte_pmd_dsa_compare) compare;
	__typeof__(&rte_pmd_dsa_dualcast) dualcast;
	__typeof__(&rte_pmd_dsa_dif_insert) dif_insert;
};

/*
 * The functions of the loaded DSA driver, or NULL when no loaded object has
 * them all. Call after rte_eal_init, from the main lcore.
 */
const struct bench_dsa_api *bench_dsa_api(void);

#endif /* BENCH_DSA_H */
